// SPDX-License-Identifier: MIT
#include "ui/jobs/payloads.h"

#include <QCoreApplication>

#ifdef Q_OS_LINUX
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

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

void lowerWorkerPriority()
{
#ifdef Q_OS_LINUX
    // Linux nice values are per thread; threads created afterwards inherit it. Raising it back
    // would need privileges, so pool threads stay low: they only ever do background work.
    constexpr int kBackgroundNice = 10;
    const auto tid = static_cast<id_t>(::syscall(SYS_gettid));
    if (::getpriority(PRIO_PROCESS, tid) < kBackgroundNice)
        ::setpriority(PRIO_PROCESS, tid, kBackgroundNice);
#endif
}

QString stageText(EvaluationStage stage)
{
    switch (stage) {
    case EvaluationStage::Match:
        return QCoreApplication::translate("optconf", "Matching predictions to ground truth");
    case EvaluationStage::Sweep:
        return QCoreApplication::translate("optconf", "Sweeping thresholds");
    case EvaluationStage::AveragePrecision:
        return QCoreApplication::translate("optconf", "Average precision");
    }
    return {};
}

} // namespace optconf
