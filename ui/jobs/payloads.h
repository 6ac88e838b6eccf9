// SPDX-License-Identifier: MIT
#pragma once

#include "core/eval/evaluation.h"

#include <QMetaType>
#include <QString>
#include <QStringList>

#include <memory>

namespace optconf {

/// What a finished run hands to the GUI. The counter that answers "what happens at threshold t"
/// instantly for the slider is the sweep's own (SweepOptions::keepTotalCounter).
struct RunOutcome
{
    quint64 generation = 0;
    std::shared_ptr<const EvaluationResult> result;
};

/// Throttled progress of a run, with the time spent and an estimate of the time left.
struct RunProgress
{
    quint64 generation = 0;
    EvaluationStage stage = EvaluationStage::Match;
    double fraction = 0; ///< of the whole run, in [0, 1]
    std::size_t imagesDone = 0;
    std::size_t imageCount = 0;
    double elapsedSeconds = 0;
    double remainingSeconds = -1; ///< negative while no estimate is possible
};

/// The total curve over the images matched so far (grid rows and optima only).
struct PartialCurve
{
    quint64 generation = 0;
    std::shared_ptr<const Curve> curve;
    std::size_t imagesDone = 0;
    std::size_t imageCount = 0;
};

/// A dataset the loader job produced, with what was opened to get it.
struct LoadedDataset
{
    quint64 generation = 0;
    std::shared_ptr<const Dataset> dataset;
    QStringList inputs;
    QString name;           ///< shown in the window title and reports
    bool synthetic = false; ///< the bundled example: labelled as such everywhere
    QStringList warnings;   ///< "file: place: cause" lines
};

/// Registers the payload types above for queued connections (idempotent).
void registerUiMetaTypes();

QString stageText(EvaluationStage stage);

/// Lowers the calling worker thread's scheduling priority (Linux: nice 10 for this thread and the
/// threads it starts, such as the matcher's). Background work then yields the CPU to the GUI
/// thread, which keeps the window responsive even when every core is busy.
void lowerWorkerPriority();

} // namespace optconf

Q_DECLARE_METATYPE(optconf::RunOutcome)
Q_DECLARE_METATYPE(optconf::RunProgress)
Q_DECLARE_METATYPE(optconf::PartialCurve)
Q_DECLARE_METATYPE(optconf::LoadedDataset)
Q_DECLARE_METATYPE(std::shared_ptr<const optconf::Dataset>)
Q_DECLARE_METATYPE(std::shared_ptr<const optconf::EvaluationResult>)
