// SPDX-License-Identifier: MIT
#pragma once

#include "core/eval/evaluation.h"
#include "core/eval/joint_thresholds.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

namespace optconf {

/// A run's match records image by image: what resampling images (bootstrap, cross-validation)
/// needs. A weight per image then gives every count by weighted sums, without copying data.
struct ImageEvents
{
    enum class Kind : std::uint8_t
    {
        TruePositive,
        FalsePositive,
        Recovered, ///< a ground-truth object, at the score of the prediction that first finds it
        ImageMax,  ///< a ground-truth object, at its image's highest score (plugin parity only)
    };
    struct Event
    {
        double score;
        std::uint32_t image;
        LabelId label;
        Kind kind;
        std::uint32_t count; ///< records of this image, label, kind and score
    };
    struct GroundTruth
    {
        std::uint32_t image;
        LabelId label;
        std::uint32_t count;
    };
    std::size_t imageCount = 0;
    std::size_t labelCount = 0;
    bool pluginParity = false;
    std::vector<Event> byScore;          ///< descending score
    std::vector<Event> byClass;          ///< by label, then descending score
    std::vector<std::size_t> classStart; ///< labelCount + 1 offsets into byClass
    std::vector<GroundTruth> groundTruth;
};

/// Matches every image on its own (all cores) and keeps its records. `progress` gets the fraction
/// done and returns false to cancel (then nullopt).
std::optional<ImageEvents> imageEvents(const Dataset& dataset, const EvaluationRequest& request,
                                       const std::function<bool(double)>& progress = {});

/// Every label's rows under image weights (images with weight 0 are left out): `lower`, then each
/// distinct score above it that a kept prediction has. Labels in `labels` order. Without plugin
/// parity (the rows of per-class rules).
std::vector<ClassRows> weightedClassRows(const ImageEvents& events, const std::vector<std::uint32_t>& weights,
                                         const std::vector<LabelId>& labels, double lower);

} // namespace optconf
