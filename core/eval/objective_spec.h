// SPDX-License-Identifier: MIT
#pragma once

#include "core/eval/metrics.h"

#include <string>
#include <string_view>
#include <variant>

namespace optconf {

/// The cost objective from its two prices as a user writes them, "FP,FN" (as in "1,5": a missed
/// object costs five false positives), or why they cannot be used: not two numbers, a negative
/// or non-finite one, or both zero (every threshold would cost nothing).
std::variant<Objective, std::string> parseCosts(std::string_view text);

} // namespace optconf
