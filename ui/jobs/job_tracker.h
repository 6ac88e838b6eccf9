// SPDX-License-Identifier: MIT
#pragma once

#include <QMetaObject>
#include <QObject>
#include <QPointer>
#include <QThread>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentRun>

#include <atomic>
#include <functional>
#include <memory>
#include <new>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>

namespace optconf {

/// Why a job's work threw, for its owner to put into words.
struct JobFailure
{
    bool outOfMemory = false; ///< std::bad_alloc, or a size beyond what memory can hold
    std::string what;         ///< the exception's message
};

/// What one job's worker holds: its generation, and the flag that asks it to stop, raised when the
/// job is cancelled or superseded.
class JobTicket
{
public:
    explicit JobTicket(quint64 generation)
        : m_generation(generation)
    {}
    quint64 generation() const { return m_generation; }
    bool isCancelled() const { return m_cancel.load(); }
    void cancel() { m_cancel = true; }

private:
    const quint64 m_generation;
    std::atomic<bool> m_cancel{false};
};

/// Runs one GUI-thread object's background jobs, the newest one current (after hotspot's
/// JobTracker). start() makes the previous job stale; a worker hands its progress and its result
/// over through queued calls to the context object's thread, and only a job that is still current
/// when they arrive gets them through, so a superseded or cancelled job can never draw. An
/// exception thrown by the work becomes a JobFailure: QtConcurrent would otherwise swallow it and
/// leave the job pending forever.
class JobTracker
{
public:
    using Ticket = std::shared_ptr<const JobTicket>;

    /// `threads`: a superseded job may still be winding down while the new one runs.
    explicit JobTracker(QObject* context, int threads = 2)
        : m_context(context)
    {
        m_pool.setMaxThreadCount(threads);
    }
    ~JobTracker()
    {
        if (m_current)
            m_current->cancel();
        m_pool.waitForDone();
    }
    JobTracker(const JobTracker&) = delete;
    JobTracker& operator=(const JobTracker&) = delete;

    /// Runs `work(ticket)` on a worker (a Ticket: post() progress with it); it returns a value (moved, never
    /// shared with the worker). Then, on the context's thread and only if the job is still current:
    /// `done(value, generation)`, or `failed(JobFailure, generation)` when the work threw; the job is no
    /// longer running then. The tracker counts the worker out afterwards, current or not, and calls the idle
    /// handler when none is left.
    template<class Work, class Done, class Failed>
    Ticket start(Work work, Done onDone, Failed onFailed)
    {
        using Value = std::invoke_result_t<Work&, const Ticket&>;
        if (m_current)
            m_current->cancel();
        auto ticket = std::make_shared<JobTicket>(++m_generation);
        m_current = ticket;
        ++m_busyWorkers;
        auto job = [this, context = m_context, ticket, work = std::move(work), doneFn = std::move(onDone),
                    failedFn = std::move(onFailed)]() mutable {
            auto value = std::make_shared<Value>();
            auto failure = std::make_shared<JobFailure>();
            bool threw = true;
            try {
                *value = work(Ticket(ticket));
                threw = false;
            } catch (const std::bad_alloc&) {
                *failure = {true, "out of memory"};
            } catch (const std::length_error& e) {
                *failure = {true, e.what()};
            } catch (const std::exception& e) {
                failure->what = e.what();
            } catch (...) {
                failure->what = "unknown error";
            }
            // The QPointer is only copied here; the queued call dereferences it on its own thread.
            QMetaObject::invokeMethod(
                context,
                [this, context, ticket, value, failure, threw, done = std::move(doneFn),
                 failed = std::move(failedFn)]() mutable {
                    if (!context)
                        return;
                    if (isCurrent(*ticket)) {
                        m_current.reset();
                        if (threw)
                            failed(std::move(*failure), ticket->generation());
                        else
                            done(std::move(*value), ticket->generation());
                    }
                    workerLeft();
                },
                Qt::QueuedConnection);
        };
        (void)QtConcurrent::run(&m_pool, std::move(job));
        return ticket;
    }

    /// Calls `deliver()` on the context's thread if `ticket`'s job is still current by then: for
    /// progress from inside the work.
    template<class Fn>
    void post(const Ticket& ticket, Fn deliver)
    {
        const QPointer<QObject> context = m_context; // copied: safe on any thread
        QMetaObject::invokeMethod(
            context,
            [this, context, ticket, fn = std::move(deliver)]() mutable {
                if (context && isCurrent(*ticket))
                    fn();
            },
            Qt::QueuedConnection);
    }

    /// Makes the current job stale and asks it to stop; returns its generation, 0 when none ran.
    quint64 cancel()
    {
        if (!m_current)
            return 0;
        const quint64 generation = m_current->generation();
        m_current->cancel();
        m_current.reset();
        return generation;
    }

    bool isRunning() const { return m_current != nullptr; }
    quint64 currentGeneration() const { return m_current ? m_current->generation() : 0; }
    /// True while any worker (also a cancelled or superseded one) is still inside its work.
    bool isWorkerBusy() const { return m_busyWorkers.load() > 0; }
    /// Called on the context's thread when the last worker has left.
    void setIdleHandler(std::function<void()> handler) { m_idle = std::move(handler); }

private:
    bool isCurrent(const JobTicket& ticket) const
    {
        Q_ASSERT(QThread::currentThread() == m_context->thread());
        return m_current.get() == &ticket;
    }
    void workerLeft()
    {
        if (--m_busyWorkers == 0 && m_idle)
            m_idle();
    }

    const QPointer<QObject> m_context;
    QThreadPool m_pool;
    quint64 m_generation = 0;
    std::shared_ptr<JobTicket> m_current;
    std::atomic<int> m_busyWorkers{0};
    std::function<void()> m_idle;
};

} // namespace optconf
