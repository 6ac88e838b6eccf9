// SPDX-License-Identifier: MIT
#pragma once

#include "core/eval/matching.h"

#include <optional>
#include <string>
#include <vector>

namespace optconf {

/// COCO-style AP with 101-point interpolated precision, per label and averaged over labels
/// that have ground truth (labels without are left out, as pycocotools' -1).
struct AveragePrecision
{
    std::optional<double> ap50;    ///< AP at IoU 0.5
    std::optional<double> ap50_95; ///< mean over IoU .50:.05:.95
    std::vector<std::optional<double>> perLabelAp50;
    std::vector<std::optional<double>> perLabelAp50_95;
};

/// `protocol`: pycocotools' accumulate() under coco; FiftyOne's _compute_pr_curves under fiftyone
/// (crowd matches left out, ties TP first, cross-class matches filed under the object's class).
AveragePrecision averagePrecision(const MatchResult& match, std::size_t labelCount,
                                  Protocol protocol = Protocol::Coco);

} // namespace optconf
