// SPDX-License-Identifier: MIT
#include "ui/jobs/run_controller.h"

#include <QElapsedTimer>
#include <QPointer>
#include <QThread>
#include <QtConcurrent/QtConcurrentRun>

#include <new>
#include <stdexcept>

namespace optconf {

struct RunController::State
{
    quint64 generation = 0;
    std::atomic<bool> cancel{false};
};

namespace {

QString outOfMemoryMessage()
{
    return RunController::tr("The run ran out of memory: it needs more than this machine has (or its limit "
                             "allows). The previous result is still shown.");
}

} // namespace

RunController::RunController(QObject* parent)
    : QObject(parent)
{
    registerUiMetaTypes();
    // Two threads: a superseded run finishes its current chunk while the new one starts. The
    // engine's matcher spreads each run over all cores itself.
    m_pool.setMaxThreadCount(2);
}

RunController::~RunController()
{
    if (m_active)
        m_active->cancel = true;
    m_pool.waitForDone();
}

quint64 RunController::start(std::shared_ptr<const Dataset> dataset, const EvaluationRequest& request)
{
    Q_ASSERT(dataset && !validate(*dataset, request));
    if (m_active)
        m_active->cancel = true; // superseded: its deliveries are dropped from now on
    auto state = std::make_shared<State>();
    state->generation = ++m_generation;
    m_active = state;
    ++m_busyWorkers;

    QPointer<RunController> self(this);
    const int interval = m_intervalMs;
    auto work = [self, state, dataset, request, interval] {
        lowerWorkerPriority();
        QElapsedTimer clock;
        clock.start();
        qint64 lastProgress = -interval;
        qint64 lastPartial = -interval;
        EvaluationStage lastStage = EvaluationStage::Match;
        auto post = [&self](auto fn) {
            QMetaObject::invokeMethod(self, std::move(fn), Qt::QueuedConnection);
        };

        auto onProgress = [&](const EvaluationProgress& p) {
            if (state->cancel.load())
                return false;
            const qint64 now = clock.elapsed();
            // Throttled: a new stage, the end, or the interval passed. The GUI gets ~25 updates
            // a second at most however small the chunks are.
            if (p.stage != lastStage || p.fraction >= 1.0 || now - lastProgress >= interval) {
                lastProgress = now;
                lastStage = p.stage;
                RunProgress rp;
                rp.generation = state->generation;
                rp.stage = p.stage;
                rp.fraction = p.fraction;
                rp.imagesDone = p.imagesDone;
                rp.imageCount = p.imageCount;
                rp.elapsedSeconds = static_cast<double>(now) / 1000.0;
                if (p.fraction > 0.02 && now > 200)
                    rp.remainingSeconds = rp.elapsedSeconds * (1.0 - p.fraction) / p.fraction;
                post([self, rp] { self->deliverProgress(rp); });
            }
            if (p.partialCurve && now - lastPartial >= interval) {
                lastPartial = now;
                // Only the grid rows and the optima: the exact curve can hold millions of rows.
                auto curve = std::make_shared<Curve>();
                curve->grid = p.partialCurve->grid;
                curve->best = p.partialCurve->best;
                curve->optimum = p.partialCurve->optimum;
                PartialCurve pc{state->generation, std::move(curve), p.imagesDone, p.imageCount};
                post([self, pc] { self->deliverPartial(pc); });
            }
            return true;
        };
        // About 40 partial curves over a run; the throttle above thins them further if needed.
        const std::size_t every = std::max<std::size_t>(1, dataset->samples.size() / 40);
        RunOutcome outcome;
        outcome.generation = state->generation;
        std::optional<EvaluationResult> result;
        // QtConcurrent would swallow an exception and leave the window "running" forever.
        try {
            result = evaluate(*dataset, request, onProgress, every);
        } catch (const std::bad_alloc&) {
            outcome.error = outOfMemoryMessage();
        } catch (const std::length_error&) { // a size beyond what memory can hold
            outcome.error = outOfMemoryMessage();
        } catch (const std::exception& e) {
            outcome.error = tr("The run failed: %1").arg(QString::fromUtf8(e.what()));
        }
        if (result && !state->cancel.load()) {
            auto shared = std::make_shared<const EvaluationResult>(std::move(*result));
            outcome.counter = std::make_shared<const ThresholdCounter>(shared->match, std::nullopt,
                                                                       shared->request.sweep.pluginParity);
            outcome.result = std::move(shared);
        }
        post([self, outcome] { self->deliverOutcome(outcome); });
    };
    (void)QtConcurrent::run(&m_pool, std::move(work));
    emit started(state->generation);
    return state->generation;
}

quint64 RunController::currentGeneration() const
{
    return m_active ? m_active->generation : 0;
}

void RunController::cancel()
{
    if (!m_active)
        return;
    const quint64 generation = m_active->generation;
    m_active->cancel = true;
    m_active.reset();
    emit cancelled(generation);
}

void RunController::deliverProgress(const RunProgress& p)
{
    Q_ASSERT(QThread::currentThread() == thread());
    if (m_active && p.generation == m_active->generation)
        emit progress(p);
}

void RunController::deliverPartial(const PartialCurve& c)
{
    Q_ASSERT(QThread::currentThread() == thread());
    if (m_active && c.generation == m_active->generation)
        emit partialCurve(c);
}

void RunController::deliverOutcome(const RunOutcome& outcome)
{
    Q_ASSERT(QThread::currentThread() == thread());
    const bool current = m_active && outcome.generation == m_active->generation;
    if (current) {
        m_active.reset();
        if (outcome.result)
            emit finished(outcome);
        else if (!outcome.error.isEmpty())
            emit failed(outcome.generation, outcome.error);
        else
            emit cancelled(outcome.generation);
    }
    workerLeft();
}

void RunController::workerLeft()
{
    if (--m_busyWorkers == 0)
        emit workerIdle();
}

} // namespace optconf
