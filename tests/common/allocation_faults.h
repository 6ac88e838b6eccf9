// SPDX-License-Identifier: MIT
#pragma once

// Out of memory on demand, in the threads a piece of code starts. Including this header replaces
// the global operator new and delete of the test executable (include it in ONE source file of an
// executable): while a FailAllocationsInNewThreads is alive, every operator new on a thread that
// first allocated after it was made throws std::bad_alloc, and every other thread allocates
// normally. So the code under test, called on the arming thread, fails exactly where its worker
// threads allocate: what a real shortage does to a worker (std::terminate when nothing catches it),
// without the test needing a memory limit or a hook in the code.
//
// Allocations through malloc (C libraries, the exception objects themselves) are not affected.

#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <new>

namespace allocation_faults {

inline std::atomic<std::uint64_t> clock{0};             ///< ticks at each thread's first allocation
inline std::atomic<std::uint64_t> failFrom{UINT64_MAX}; ///< threads born at or after this fail
inline std::atomic<std::uint64_t> failures{0};          ///< allocations refused so far
inline thread_local std::uint64_t bornAt = 0;           ///< 0: not allocated yet

inline std::uint64_t thisThreadsBirth()
{
    if (bornAt == 0)
        bornAt = ++clock;
    return bornAt;
}

/// Arms the failure for threads that allocate for the first time from now on (and disarms it
/// when it goes).
class FailAllocationsInNewThreads
{
public:
    FailAllocationsInNewThreads()
    {
        thisThreadsBirth(); // this thread is never failed
        failures = 0;
        failFrom = ++clock;
    }
    ~FailAllocationsInNewThreads() { failFrom = UINT64_MAX; }
    FailAllocationsInNewThreads(const FailAllocationsInNewThreads&) = delete;
    FailAllocationsInNewThreads& operator=(const FailAllocationsInNewThreads&) = delete;

    /// How many allocations were refused: a test checks the failure really happened.
    static std::uint64_t refused() { return failures.load(); }
};

} // namespace allocation_faults

void* operator new(std::size_t size)
{
    if (allocation_faults::thisThreadsBirth() >= allocation_faults::failFrom.load()) {
        ++allocation_faults::failures;
        throw std::bad_alloc();
    }
    if (void* p = std::malloc(size == 0 ? 1 : size))
        return p;
    throw std::bad_alloc();
}

void operator delete(void* p) noexcept
{
    std::free(p);
}

void operator delete(void* p, std::size_t) noexcept
{
    std::free(p);
}
