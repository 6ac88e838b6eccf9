// SPDX-License-Identifier: MIT
#pragma once

#include <atomic>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace optconf {

/// Threads that carry an exception back to the thread that joins them. An exception escaping a
/// thread's function ends the whole process (std::terminate); in the engine's workers the likely
/// one is running out of memory (std::bad_alloc, or std::length_error from a huge reserve), which
/// the CLI and the GUI report as a failed step instead. Each piece of work runs inside a catch:
/// the first exception is kept (later ones are dropped: they usually share its cause), `onFailure`
/// runs once on the failing thread to stop or wake the others, and join() rethrows it.
///
/// Everything the calling thread does while the threads run belongs in runHere(): an exception
/// there too must reach onFailure before the destructor joins threads that may be waiting for it.
class WorkerThreads
{
public:
    explicit WorkerThreads(std::function<void()> onFailure = {});
    ~WorkerThreads(); ///< joins; an exception not rethrown by join() is dropped
    WorkerThreads(const WorkerThreads&) = delete;
    WorkerThreads& operator=(const WorkerThreads&) = delete;

    /// Runs `work` on a new thread. False when the system will not make one (no memory for its
    /// stack, too many threads): `work` has not run, and the caller runs it itself (runHere) or,
    /// when the work is shared out among threads, leaves it to the others.
    bool start(std::function<void()> work);
    /// Runs `work` on the calling thread, its exception kept like a thread's.
    void runHere(const std::function<void()>& work);
    /// True once some work has thrown: a long loop may stop early.
    bool failed() const { return m_failed.load(); }
    /// Waits for every thread, then rethrows the first exception any work threw.
    void join();

private:
    void fail(std::exception_ptr error) noexcept;

    std::function<void()> m_onFailure;
    std::mutex m_mutex;
    std::exception_ptr m_error; ///< guarded by m_mutex
    std::atomic<bool> m_failed{false};
    std::vector<std::jthread> m_threads; ///< last: joined before the rest goes
};

/// Runs `work` on every hardware thread, the calling thread included (which gets `true`, so that
/// it alone reports progress), and returns when all are done. The work shares out its items
/// itself (an atomic counter, a reader), so every thread keeps going until none are left, and the
/// calling thread alone is enough. The first exception any thread throws is rethrown here, after
/// `onFailure` (called once, on the failing thread) has had the chance to stop the others.
void runOnAllCores(const std::function<void(bool callingThread)>& work,
                   const std::function<void()>& onFailure = {});

/// runOnAllCores on `threads` threads, the calling one included (0: one per hardware thread): for
/// tests that a result does not depend on how many share the work.
void runOnThreads(unsigned threads, const std::function<void(bool callingThread)>& work,
                  const std::function<void()>& onFailure = {});

} // namespace optconf
