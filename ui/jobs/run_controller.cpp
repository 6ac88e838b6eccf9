// SPDX-License-Identifier: MIT
#include "ui/jobs/run_controller.h"

#include <QElapsedTimer>

#include <algorithm>

namespace optconf {

RunController::RunController(QObject* parent)
    : QObject(parent)
{
    registerUiMetaTypes();
    m_jobs.setIdleHandler([this] { emit workerIdle(); });
}

RunController::~RunController() = default;

quint64 RunController::start(std::shared_ptr<const Dataset> dataset, const EvaluationRequest& request)
{
    Q_ASSERT(dataset && !validate(*dataset, request));
    const int interval = m_intervalMs;
    auto work = [this, dataset, request, interval](const JobTracker::Ticket& ticket) {
        lowerWorkerPriority();
        QElapsedTimer clock;
        clock.start();
        qint64 lastProgress = -interval;
        qint64 lastPartial = -interval;
        EvaluationStage lastStage = EvaluationStage::Match;

        auto onProgress = [&](const EvaluationProgress& p) {
            if (ticket->isCancelled())
                return false;
            const qint64 now = clock.elapsed();
            // Throttled: a new stage, the end, or the interval passed. However small the chunks,
            // the GUI gets no more updates than it can draw.
            if (p.stage != lastStage || p.fraction >= 1.0 || now - lastProgress >= interval) {
                lastProgress = now;
                lastStage = p.stage;
                RunProgress rp;
                rp.generation = ticket->generation();
                rp.stage = p.stage;
                rp.fraction = p.fraction;
                rp.imagesDone = p.imagesDone;
                rp.imageCount = p.imageCount;
                rp.elapsedSeconds = static_cast<double>(now) / 1000.0;
                if (p.fraction > 0.02 && now > 200)
                    rp.remainingSeconds = rp.elapsedSeconds * (1.0 - p.fraction) / p.fraction;
                m_jobs.post(ticket, [this, rp] { emit progress(rp); });
            }
            if (p.partialCurve && now - lastPartial >= interval) {
                lastPartial = now;
                // Only the grid rows and the optima: the exact curve can hold millions of rows.
                auto curve = std::make_shared<Curve>();
                curve->grid = p.partialCurve->grid;
                curve->best = p.partialCurve->best;
                curve->optimum = p.partialCurve->optimum;
                PartialCurve pc{ticket->generation(), std::move(curve), p.imagesDone, p.imageCount};
                m_jobs.post(ticket, [this, pc] { emit partialCurve(pc); });
            }
            return true;
        };
        // About 40 partial curves over a run; the throttle above thins them further if needed.
        const std::size_t every = std::max<std::size_t>(1, dataset->samples.size() / 40);
        std::shared_ptr<const EvaluationResult> shared;
        if (auto result = evaluate(*dataset, request, onProgress, every))
            shared = std::make_shared<const EvaluationResult>(std::move(*result));
        return shared;
    };
    auto onDone = [this](std::shared_ptr<const EvaluationResult> result, quint64 generation) {
        if (!result) {
            emit cancelled(generation);
            return;
        }
        RunOutcome outcome;
        outcome.generation = generation;
        outcome.result = std::move(result);
        emit finished(outcome);
    };
    auto onFailed = [this](const JobFailure& failure, quint64 generation) {
        emit failed(generation, failure.outOfMemory
                                    ? tr("The run ran out of memory: it needs more than this machine "
                                         "has (or its limit allows). The previous result is still shown.")
                                    : tr("The run failed: %1").arg(QString::fromStdString(failure.what)));
    };
    const quint64 generation =
        m_jobs.start(std::move(work), std::move(onDone), std::move(onFailed))->generation();
    emit started(generation);
    return generation;
}

void RunController::cancel()
{
    if (const quint64 generation = m_jobs.cancel())
        emit cancelled(generation);
}

} // namespace optconf
