// SPDX-License-Identifier: MIT
#include "ui/jobs/comparison_job.h"

#include "ui/jobs/payloads.h"

#include <QElapsedTimer>
#include <QPointer>
#include <QtConcurrent/QtConcurrentRun>

#include <new>
#include <stdexcept>

namespace optconf {

struct ComparisonJob::State
{
    std::atomic<bool> cancel{false};
};

ComparisonJob::ComparisonJob(QObject* parent)
    : QObject(parent)
{
    qRegisterMetaType<std::shared_ptr<const optconf::ComparisonResult>>();
    m_pool.setMaxThreadCount(2);
}

ComparisonJob::~ComparisonJob()
{
    if (m_active)
        m_active->cancel = true;
    m_pool.waitForDone();
}

void ComparisonJob::start(std::shared_ptr<const Dataset> dataset, const ComparisonRequest& request)
{
    Q_ASSERT(dataset && !validate(*dataset, request));
    if (m_active)
        m_active->cancel = true;
    auto state = std::make_shared<State>();
    m_active = state;
    QPointer<ComparisonJob> self(this);
    auto work = [self, state, dataset, request] {
        lowerWorkerPriority();
        QElapsedTimer clock;
        clock.start();
        qint64 last = -1000;
        auto post = [&self](auto fn) {
            QMetaObject::invokeMethod(self, std::move(fn), Qt::QueuedConnection);
        };
        auto current = [self, state] { return self && self->m_active == state; };
        auto onProgress = [&](const ComparisonProgress& p) {
            if (state->cancel.load())
                return false;
            // At most 25 updates a second.
            if (clock.elapsed() - last >= 40 || p.fraction >= 1.0) {
                last = clock.elapsed();
                const double fraction = p.fraction;
                const QString stage = QString::fromStdString(p.stage);
                post([self, current, fraction, stage] {
                    if (current())
                        emit self->progress(fraction, stage);
                });
            }
            return true;
        };
        std::optional<ComparisonResult> result;
        QString error;
        try {
            result = compare(*dataset, request, onProgress);
        } catch (const std::bad_alloc&) {
            error = tr("The comparison ran out of memory: compare fewer models or open less data.");
        } catch (const std::length_error&) {
            error = tr("The comparison ran out of memory: compare fewer models or open less data.");
        } catch (const std::exception& e) {
            error = tr("The comparison failed: %1").arg(QString::fromUtf8(e.what()));
        }
        std::shared_ptr<const ComparisonResult> shared;
        if (result && !state->cancel.load())
            shared = std::make_shared<const ComparisonResult>(std::move(*result));
        post([self, current, shared, error] {
            if (!current())
                return;
            self->m_active.reset();
            if (shared)
                emit self->finished(shared);
            else if (!error.isEmpty())
                emit self->failed(error);
            else
                emit self->cancelled();
        });
    };
    (void)QtConcurrent::run(&m_pool, std::move(work));
}

void ComparisonJob::cancel()
{
    if (!m_active)
        return;
    m_active->cancel = true;
    m_active.reset();
    emit cancelled();
}

} // namespace optconf
