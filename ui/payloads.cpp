// SPDX-License-Identifier: MIT
#include "payloads.h"

#include <QCoreApplication>

namespace optconf {

void registerUiMetaTypes()
{
    qRegisterMetaType<RunOutcome>();
    qRegisterMetaType<RunProgress>();
    qRegisterMetaType<PartialCurve>();
    qRegisterMetaType<LoadedDataset>();
    qRegisterMetaType<std::shared_ptr<const Dataset>>();
    qRegisterMetaType<std::shared_ptr<const EvaluationResult>>();
}

QString stageText(EvaluationStage stage)
{
    switch (stage) {
    case EvaluationStage::Match:
        return QCoreApplication::translate("optconf", "Matching predictions to ground truth");
    case EvaluationStage::Sweep:
        return QCoreApplication::translate("optconf", "Sweeping thresholds");
    case EvaluationStage::PerClass:
        return QCoreApplication::translate("optconf", "Per-class curves");
    case EvaluationStage::AveragePrecision:
        return QCoreApplication::translate("optconf", "Average precision");
    }
    return {};
}

} // namespace optconf
