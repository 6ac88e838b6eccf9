// SPDX-License-Identifier: MIT
#pragma once

#include "core/eval/evaluation.h"

#include <limits>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace optconf {

/// A threshold that keeps nothing: the class is suppressed.
inline constexpr double kSuppressed = std::numeric_limits<double>::infinity();

/// Per-class thresholds as a deployed detector applies them: keep a prediction iff its confidence
/// >= the threshold of its label; a label not listed uses `defaultThreshold`.
struct ClassThresholdMap
{
    double defaultThreshold = 0;
    std::map<LabelId, double> byLabel;

    double at(LabelId label) const
    {
        const auto it = byLabel.find(label);
        return it == byLabel.end() ? defaultThreshold : it->second;
    }
    /// True when every label shares one threshold (then any run can count it exactly).
    bool uniform() const;
};

/// Why different per-class thresholds cannot be counted exactly from this run's one matching pass,
/// or nullopt when they can. Class-agnostic matching lets a box of one class take an object of
/// another, so dropping one class's boxes changes what the others match; plugin parity drops an
/// image by whether any class keeps a box in it. Both tie the classes together.
std::optional<std::string> perClassRefusal(const MatchOptions& match, bool pluginParity);

/// Each label's counter of one run, built in one pass over the match records (index = LabelId;
/// labels without any record have an empty counter).
std::vector<ThresholdCounter> classCounters(const MatchResult& match, std::size_t labelCount,
                                            bool pluginParity);

/// What deploying a thresholds map gives: the overall counts and metrics (Metrics::threshold is the
/// map's default threshold) and each label's counts, in label order.
struct DeployedFigures
{
    Metrics total;
    std::vector<std::pair<LabelId, Counts>> classes; ///< labels with ground truth or predictions
};

/// Exact, from the run's one matching pass (classes are independent under classwise matching).
/// Nullopt when perClassRefusal() names a reason and the map is not uniform.
std::optional<DeployedFigures> deployedFigures(const EvaluationResult& result,
                                               const ClassThresholdMap& thresholds);

} // namespace optconf
