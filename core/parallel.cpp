// SPDX-License-Identifier: MIT
#include "parallel.h"

#include <algorithm>
#include <thread>
#include <vector>

namespace optconf {

void runOnAllCores(const std::function<void(bool callingThread)>& work)
{
    const unsigned threads = std::max(1u, std::thread::hardware_concurrency());
    std::vector<std::jthread> helpers;
    for (unsigned t = 1; t < threads; ++t)
        helpers.emplace_back(work, false);
    work(true);
}

} // namespace optconf
