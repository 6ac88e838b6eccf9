// SPDX-License-Identifier: MIT
#pragma once

#include <functional>

namespace optconf {

/// Runs `work` on every hardware thread, the calling thread included (which gets `true`, so that
/// it alone reports progress), and returns when all are done. The work shares out its items
/// itself (an atomic counter, a reader), so every thread keeps going until none are left.
void runOnAllCores(const std::function<void(bool callingThread)>& work);

} // namespace optconf
