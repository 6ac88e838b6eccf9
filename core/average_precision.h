// SPDX-License-Identifier: MIT
#pragma once

#include "matching.h"

#include <optional>
#include <string>
#include <vector>

namespace optconf {

/// pycocotools-style AP with 101-point interpolated precision, per label and averaged over labels
/// that have ground truth (labels without are left out, as pycocotools' -1).
struct AveragePrecision
{
    std::optional<double> ap50;    ///< AP at IoU 0.5
    std::optional<double> ap50_95; ///< mean over IoU .50:.05:.95
    std::vector<std::optional<double>> perLabelAp50;
    std::vector<std::optional<double>> perLabelAp50_95;
};

AveragePrecision averagePrecision(const MatchResult& match, std::size_t labelCount);

} // namespace optconf
