// SPDX-License-Identifier: MIT
#pragma once

#include "core/eval/threshold_counts.h"

#include <vector>

namespace optconf {

/// F1 against the confidence threshold at each of the ten AP IoU thresholds (0.50, 0.55, ...,
/// 0.95 of the run's protocol), each from its own greedy matching with the run's protocol, cap and
/// class rule: the counts of a run made at that IoU. The AP pass's matches at these thresholds
/// cannot serve: under the fiftyone protocol AP keeps 100 predictions per image and class and leaves
/// crowd matches out, where the counts keep every prediction and count crowd matches as TP.
/// F1 at IoU 0.5:0.95 is the mean of the ten F1 values at the same confidence threshold, as
/// AP@[.5:.95] is the mean of the ten APs.
class IouCurves
{
public:
    IouCurves() = default;
    IouCurves(const Dataset& dataset, const LabelField& groundTruth, const LabelField& predictions,
              const MatchOptions& options);

    /// The ten IoU thresholds (empty before a run).
    const std::vector<double>& ious() const { return m_ious; }
    Counts at(double threshold, std::size_t iou) const { return m_counts[iou].at(threshold); }
    double f1(double threshold, std::size_t iou) const { return f1At(at(threshold, iou)); }
    /// The mean of the ten F1 values at the threshold: F1 at IoU 0.5:0.95.
    double meanF1(double threshold) const;
    /// Positions of IoU 0.5 and 0.75 in ious().
    static constexpr std::size_t kIou50 = 0;
    static constexpr std::size_t kIou75 = 5;

private:
    std::vector<double> m_ious;
    std::vector<ThresholdCounts> m_counts;
};

} // namespace optconf
