// SPDX-License-Identifier: MIT
#include "core/eval/parallel.h"

#include <algorithm>
#include <new>
#include <system_error>
#include <utility>

namespace optconf {

WorkerThreads::WorkerThreads(std::function<void()> onFailure)
    : m_onFailure(std::move(onFailure))
{}

WorkerThreads::~WorkerThreads()
{
    m_threads.clear(); // joins
}

bool WorkerThreads::start(std::function<void()> work)
{
    try {
        m_threads.emplace_back([this, work = std::move(work)] { runHere(work); });
    } catch (const std::system_error&) {
        return false; // the thread was not made; the caller decides who does its work
    } catch (const std::bad_alloc&) {
        return false; // no memory for its state: the same
    }
    return true;
}

void WorkerThreads::runHere(const std::function<void()>& work)
{
    try {
        work();
    } catch (...) {
        fail(std::current_exception());
    }
}

void WorkerThreads::fail(std::exception_ptr error) noexcept
{
    {
        const std::lock_guard lock(m_mutex);
        if (m_error)
            return;
        m_error = std::move(error);
    }
    m_failed = true;
    if (m_onFailure) {
        try {
            m_onFailure();
        } catch (...) {
            // Stopping the others is best effort: join() still reports the first failure.
        }
    }
}

void WorkerThreads::join()
{
    m_threads.clear();
    const std::lock_guard lock(m_mutex);
    if (m_error)
        std::rethrow_exception(std::exchange(m_error, nullptr));
}

void runOnAllCores(const std::function<void(bool callingThread)>& work,
                   const std::function<void()>& onFailure)
{
    runOnThreads(0, work, onFailure);
}

void runOnThreads(unsigned threads, const std::function<void(bool callingThread)>& work,
                  const std::function<void()>& onFailure)
{
    if (threads == 0)
        threads = std::max(1u, std::thread::hardware_concurrency());
    WorkerThreads helpers(onFailure);
    for (unsigned t = 1; t < threads; ++t)
        helpers.start([&work] { work(false); }); // a helper refused leaves its share to the others
    helpers.runHere([&work] { work(true); });
    helpers.join();
}

} // namespace optconf
