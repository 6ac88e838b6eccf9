// SPDX-License-Identifier: MIT
#pragma once

#include "core/eval/image_events.h"
#include "core/eval/joint_thresholds.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace optconf {

struct CrossValidationOptions
{
    int folds = 5;
    std::uint64_t seed = 0;
    GuardRails rails;
};

struct RuleEstimate
{
    ThresholdRule rule = ThresholdRule::Global;
    Metrics inSample; ///< thresholds chosen and counted on every image
    Metrics heldOut;  ///< pooled counts of each fold at the thresholds chosen on the other folds
};

struct CrossValidationResult
{
    int folds = 0;
    std::uint64_t seed = 0;
    std::vector<RuleEstimate> rules; ///< global, then independent and joint when the run allows them
    std::string note;                ///< why per-class rules were left out, empty otherwise
};

/// The fold of each image: a seeded shuffle of the images dealt round-robin into `folds`.
std::vector<std::uint32_t> foldOf(std::size_t imageCount, int folds, std::uint64_t seed);

/// k-fold cross-validation over images. Nullopt when cancelled or when no fold has a global
/// optimum to deploy. Precondition: 2 <= folds <= images; no plugin parity.
std::optional<CrossValidationResult> crossValidate(const ImageEvents& events, const EvaluationResult& result,
                                                   const CrossValidationOptions& options,
                                                   const std::function<bool(double)>& progress = {});

} // namespace optconf
