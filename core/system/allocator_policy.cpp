// SPDX-License-Identifier: MIT
#include "core/system/allocator_policy.h"

#include <cstdlib> // defines __GLIBC__ on glibc

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace optconf {

void keepFreedMemoryForReuse()
{
#if defined(__GLIBC__)
    // Blocks up to 64 MiB come from the heap (the largest single array of a COCO val2017-sized
    // run, the detections of a results file, is about 30 MiB), the heap is never trimmed, and
    // all threads share one arena: fewer page faults and no higher peak of memory.
    mallopt(M_MMAP_THRESHOLD, 64 << 20);
    mallopt(M_TRIM_THRESHOLD, 1 << 30);
    mallopt(M_ARENA_MAX, 1);
#endif
}

} // namespace optconf
