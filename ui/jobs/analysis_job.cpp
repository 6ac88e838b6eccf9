// SPDX-License-Identifier: MIT
#include "ui/jobs/analysis_job.h"

#include <QPointer>
#include <QtConcurrent/QtConcurrentRun>

#include <exception>

namespace optconf {

AnalysisJob::AnalysisJob(QObject* parent)
    : QObject(parent)
{
    m_pool.setMaxThreadCount(1);
}

AnalysisJob::~AnalysisJob()
{
    ++m_generation;
    m_pool.waitForDone();
}

void AnalysisJob::start(std::shared_ptr<const Dataset> dataset, std::shared_ptr<const EvaluationResult> result)
{
    const quint64 generation = ++m_generation;
    m_running = true;
    QPointer<AnalysisJob> self(this);
    auto work = [self, generation, dataset = std::move(dataset), result = std::move(result)] {
        std::shared_ptr<const ThresholdAnalysis> analysis;
        QString error;
        // QtConcurrent would swallow an exception: report it instead.
        try {
            analysis = std::make_shared<const ThresholdAnalysis>(analyseThresholds(*dataset, *result));
        } catch (const std::exception& e) {
            error = QString::fromUtf8(e.what());
        }
        QMetaObject::invokeMethod(
            self.data(),
            [self, generation, analysis, error] {
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
    (void)QtConcurrent::run(&m_pool, std::move(work));
}

void AnalysisJob::reset()
{
    ++m_generation;
    m_running = false;
}

} // namespace optconf
