// SPDX-License-Identifier: MIT
#pragma once

#include "core/eval/matching.h"
#include "core/eval/metrics.h"
#include "core/model/dataset.h"

#include <atomic>
#include <cstdint>
#include <optional>
#include <vector>

namespace optconf {

/// What a box is at one confidence threshold, as the counts see it.
enum class BoxStatus : std::uint8_t
{
    TruePositive,   ///< a kept prediction that matched, or an object a kept prediction recovered
    FalsePositive,  ///< a kept prediction without a match (or matched across classes)
    Missed,         ///< a ground-truth object no kept prediction recovers: a false negative
    Ignored,        ///< counts for nothing: uncounted crowd or difficult object, a prediction
                    ///< matched to one, over the per-image cap, or an object of an image the
                    ///< plugin-parity option drops at this threshold
    BelowThreshold, ///< a prediction below the threshold, or one without a confidence
};

enum class BoxRole : std::uint8_t
{
    GroundTruth,
    Prediction,
};

/// One box of one image, with its status at a threshold.
struct ImageBox
{
    Box box;
    double confidence = kNoConfidence;
    LabelId label = 0;
    BoxRole role = BoxRole::GroundTruth;
    BoxStatus status = BoxStatus::Ignored;
    bool crowd = false;
    std::uint32_t detection = 0; ///< index in its field's `detections`
};

/// Every box's status at any threshold, per image, from one matching pass at threshold 0 (greedy
/// matching is prefix-stable: semantics.md §4). Summed over the images, counts() equals the run's
/// TP, FP and FN at the same threshold, in total and per class. Holds pointers to the two fields:
/// the dataset must outlive it.
class ImageStatusIndex
{
public:
    ImageStatusIndex() = default;

    /// Matches every image (on all cores). Returns nullopt when `cancel` becomes true.
    static std::optional<ImageStatusIndex> build(const Dataset& dataset, const LabelField& groundTruth,
                                                 const LabelField& predictions, const MatchOptions& options,
                                                 bool pluginParity,
                                                 const std::atomic<bool>* cancel = nullptr);

    std::size_t imageCount() const { return m_imageMaxScore.size(); }

    /// Boxes of one image at `threshold`: ground truth first, then predictions, in file order.
    /// `label`: only that class's boxes.
    std::vector<ImageBox> boxes(SampleIndex image, double threshold,
                                std::optional<LabelId> label = std::nullopt) const;

    /// TP, FP and FN of one image at `threshold` (of one class when `label` is given).
    Counts counts(SampleIndex image, double threshold, std::optional<LabelId> label = std::nullopt) const;

    /// counts() of every image, in image order.
    std::vector<Counts> allCounts(double threshold, std::optional<LabelId> label = std::nullopt) const;

    /// The image has a ground-truth object or a prediction of this class.
    bool hasLabel(SampleIndex image, LabelId label) const;

    BoxStatus predictionStatus(std::uint32_t detection, SampleIndex image, double threshold) const;
    BoxStatus groundTruthStatus(std::uint32_t detection, SampleIndex image, double threshold) const;

private:
    /// How a prediction counts whenever it is kept.
    enum class Outcome : std::uint8_t
    {
        TruePositive,
        FalsePositive,
        Ignored,
        NotCounted, ///< no confidence, or over the per-image cap
    };

    const LabelField* m_gt = nullptr;
    const LabelField* m_pred = nullptr;
    bool m_pluginParity = false;
    std::vector<Outcome> m_outcome;      ///< per prediction
    std::vector<double> m_recoveredAt;   ///< per object; NaN for an object that does not count
    std::vector<double> m_imageMaxScore; ///< per image: its highest score, -inf without one
};

/// Images ordered by most errors (FP + FN) first, ties by image order; images without errors left
/// out; at most `limit`.
std::vector<SampleIndex> imagesWithMostErrors(const std::vector<Counts>& perImage, std::size_t limit);

} // namespace optconf
