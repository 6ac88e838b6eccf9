// SPDX-License-Identifier: MIT
#pragma once

#include "core/eval/threshold_analysis.h"

#include <QObject>
#include <QThreadPool>

#include <memory>

namespace optconf {

/// Computes a run's ThresholdAnalysis (confusion matrix, error types, score histogram, sizes, IoU
/// curves: more matching passes, each on all cores) on a worker thread. A newer start() makes older results
/// stale: they are dropped on arrival, so a slow analysis of a previous run never replaces the current one.
class AnalysisJob final : public QObject
{
    Q_OBJECT
public:
    explicit AnalysisJob(QObject* parent = nullptr);
    ~AnalysisJob() override;

    void start(std::shared_ptr<const Dataset> dataset, std::shared_ptr<const EvaluationResult> result);
    /// Drops any analysis in flight (a new run started, or the data was closed).
    void reset();
    bool isRunning() const { return m_running; }

signals:
    void ready(std::shared_ptr<const optconf::ThresholdAnalysis> analysis);
    void failed(const QString& message);

private:
    QThreadPool m_pool;
    quint64 m_generation = 0;
    bool m_running = false;
};

} // namespace optconf
