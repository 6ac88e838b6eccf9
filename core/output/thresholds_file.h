// SPDX-License-Identifier: MIT
#pragma once

#include "evaluation.h"
#include "report_json.h"

#include <optional>
#include <string>
#include <vector>

namespace optconf {

/// A class gets its own exact optimum only with at least this many ground-truth objects (and an
/// optimum with at least one true positive); every other class uses the global threshold.
inline constexpr std::int64_t kMinGroundTruthForClassThreshold = 10;

struct DeployedThreshold
{
    std::string label;
    double threshold = 0;
    bool fromClass = false; ///< its own optimum (true) or the global one (false)
    std::int64_t groundTruth = 0;
    std::string reason; ///< why the global threshold was used, empty otherwise
};

struct DeployableThresholds
{
    double globalThreshold = 0;
    std::vector<DeployedThreshold> classes; ///< in the sweep's class order
};

/// Applies the rule above. Nullopt when the run has no global optimum (nothing to deploy).
std::optional<DeployableThresholds>
deployableThresholds(const EvaluationResult& result,
                     std::int64_t minGroundTruth = kMinGroundTruthForClassThreshold);

/// The JSON text of the thresholds file ("optconf-thresholds" format, version 1); `created` is an
/// ISO 8601 timestamp. Empty when deployableThresholds() is empty.
std::string thresholdsJson(const Dataset& dataset, const EvaluationResult& result,
                           const ReportContext& context, const std::string& created);

} // namespace optconf
