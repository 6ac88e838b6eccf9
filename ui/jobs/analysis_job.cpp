// SPDX-License-Identifier: MIT
#include "ui/jobs/analysis_job.h"

#include <QPointer>
#include <QtConcurrent/QtConcurrentRun>

#include <exception>
#include <new>

namespace optconf {

AnalysisJob::AnalysisJob(QObject* parent)
    : QObject(parent)
{
    m_pool.setMaxThreadCount(1);
    // One thread for the window's lifetime, made now: starting a thread needs memory, and a run
    // that ends just as memory runs out must not have to make one (Qt ends the program when a
    // thread cannot start).
    m_pool.setExpiryTimeout(-1);
    m_pool.start([] {});
}

AnalysisJob::~AnalysisJob()
{
    ++m_generation;
    m_pool.waitForDone();
}

void AnalysisJob::start(std::shared_ptr<const Dataset> dataset,
                        std::shared_ptr<const EvaluationResult> result)
{
    const quint64 generation = ++m_generation;
    m_running = true;
    QPointer<AnalysisJob> self(this);
    auto work = [self, generation, dataset = std::move(dataset), result = std::move(result)] {
        auto deliver = [&self, generation](std::shared_ptr<const ThresholdAnalysis> analysis, QString error) {
            QMetaObject::invokeMethod(
                self.data(),
                [self, generation, analysis = std::move(analysis), error = std::move(error)] {
                    if (!self || generation != self->m_generation)
                        return;
                    self->m_running = false;
                    if (analysis)
                        emit self->ready(analysis);
                    else
                        emit self->failed(error);
                },
                Qt::QueuedConnection);
        };
        // QtConcurrent would swallow an exception, and one escaping a pool thread ends the program:
        // every failure (out of memory most likely, even while reporting it) stops here.
        try {
            deliver(std::make_shared<const ThresholdAnalysis>(analyseThresholds(*dataset, *result)), {});
        } catch (const std::bad_alloc&) {
            try {
                deliver(nullptr, tr("not enough memory"));
            } catch (...) { // nothing can be said without memory: the tab keeps its "Analysing" note
            }
        } catch (const std::exception& e) {
            try {
                deliver(nullptr, QString::fromUtf8(e.what()));
            } catch (...) {
            }
        }
    };
    (void)QtConcurrent::run(&m_pool, std::move(work));
}

void AnalysisJob::reset()
{
    ++m_generation;
    m_running = false;
}

} // namespace optconf
