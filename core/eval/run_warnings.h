// SPDX-License-Identifier: MIT
#pragma once

#include "core/eval/evaluation.h"

#include <string>
#include <vector>

namespace optconf {

/// Settings under which the run's "optimum" is no threshold to deploy, stated as sentences for
/// every front end (terminal, reports, the app) to show in place of a recommendation:
/// - no counted prediction scores inside [lower, upper] (every threshold there keeps the same
///   nothing, or the same everything);
/// - the optimum keeps no true positive.
/// Empty when the optimum is a genuine recommendation (or when there is no optimum at all, which
/// front ends already state).
std::vector<std::string> degenerateRunWarnings(const EvaluationResult& result);

} // namespace optconf
