// SPDX-License-Identifier: MIT
#pragma once

#include "core/eval/threshold_analysis.h"

#include <nlohmann/json.hpp>

#include <string>

namespace optconf {

/// Adds `confusion` ({threshold, labels with "(none)" last, matrix: rows ground truth, columns
/// predictions}), `errors` ({threshold, the five TIDE types, missed, f1_gain per type, classes
/// with their own types, F1 and f1_gain}), `sizes` ({threshold, small/medium/large: tp, fp, fn,
/// precision, recall, f1, area}) and `f1_by_iou` ({threshold, 0.50 and 0.75: counts and F1,
/// 0.50:0.95: the mean F1, each: the ten}) at `threshold` to a JSON report, after its other keys.
void addAnalysisJson(nlohmann::ordered_json& report, const Dataset& dataset,
                     const ThresholdAnalysis& analysis, double threshold);

} // namespace optconf
