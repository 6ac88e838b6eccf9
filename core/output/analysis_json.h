// SPDX-License-Identifier: MIT
#pragma once

#include "core/eval/threshold_analysis.h"

#include <nlohmann/json.hpp>

#include <string>

namespace optconf {

/// Adds `confusion` ({threshold, labels with "(none)" last, matrix: rows ground truth, columns
/// predictions}) and `errors` ({threshold, the five TIDE types, missed, f1_gain per type, classes})
/// at `threshold` to a JSON report, after its other keys.
void addAnalysisJson(nlohmann::ordered_json& report, const Dataset& dataset,
                     const ThresholdAnalysis& analysis, double threshold);

} // namespace optconf
