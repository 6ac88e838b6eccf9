// SPDX-License-Identifier: MIT
#include "average_precision.h"
#include "sweep.h"

#include <algorithm>
#include <limits>
#include <numeric>

namespace optconf {

namespace {

/// pycocotools' accumulate() for one category at one IoU threshold: 101-point interpolated
/// precision, returned as the mean over the recall thresholds.
double interpolatedPrecision(const std::vector<const ApDetection*>& sorted, std::uint16_t bit,
                             double groundTruth, const std::vector<double>& recallThresholds,
                             std::vector<double>& rc, std::vector<double>& pr)
{
    constexpr double eps = std::numeric_limits<double>::epsilon(); // np.spacing(1)
    rc.clear();
    pr.clear();
    double tp = 0, fp = 0;
    for (const ApDetection* d : sorted) {
        // Ignored detections add nothing but keep their place, as in pycocotools' cumsum.
        if (!(d->ignored & bit)) {
            if (d->matched & bit)
                tp += 1;
            else
                fp += 1;
        }
        rc.push_back(tp / groundTruth);
        pr.push_back(tp / (fp + tp + eps));
    }
    for (std::size_t i = pr.size(); i-- > 1;)
        pr[i - 1] = std::max(pr[i - 1], pr[i]);
    double sum = 0;
    for (double r : recallThresholds) {
        const auto idx = static_cast<std::size_t>(std::lower_bound(rc.begin(), rc.end(), r) - rc.begin());
        if (idx >= pr.size())
            break; // pycocotools leaves the remaining recall thresholds at 0
        sum += pr[idx];
    }
    return sum / static_cast<double>(recallThresholds.size());
}

} // namespace

AveragePrecision averagePrecision(const MatchResult& match, std::size_t labelCount)
{
    AveragePrecision result;
    result.perLabelAp50.assign(labelCount, std::nullopt);
    result.perLabelAp50_95.assign(labelCount, std::nullopt);
    const std::vector<double> recallThresholds = linspace(0.0, 1.0, 101);
    const std::size_t iouCount = cocoIouThresholds().size();

    std::vector<std::vector<const ApDetection*>> byLabel(labelCount);
    for (const ApDetection& d : match.apDetections)
        if (d.label < labelCount)
            byLabel[d.label].push_back(&d);

    std::vector<double> rc, pr;
    double sum50 = 0, sumAll = 0;
    std::size_t labelsWithGt = 0;
    for (std::size_t label = 0; label < labelCount; ++label) {
        const double groundTruth = label < match.apGroundTruthPerLabel.size()
                                       ? static_cast<double>(match.apGroundTruthPerLabel[label])
                                       : 0.0;
        if (groundTruth <= 0)
            continue;
        auto& dets = byLabel[label];
        // accumulate() concatenates images in id order and merge-sorts by descending score.
        std::sort(dets.begin(), dets.end(), [](const ApDetection* a, const ApDetection* b) {
            if (a->score != b->score)
                return a->score > b->score;
            if (a->image != b->image)
                return a->image < b->image;
            return a->rank < b->rank;
        });
        double labelAll = 0;
        for (std::size_t k = 0; k < iouCount; ++k) {
            const double ap = interpolatedPrecision(dets, static_cast<std::uint16_t>(1u << k), groundTruth,
                                                    recallThresholds, rc, pr);
            labelAll += ap;
            if (k == 0)
                result.perLabelAp50[label] = ap;
        }
        result.perLabelAp50_95[label] = labelAll / static_cast<double>(iouCount);
        sum50 += *result.perLabelAp50[label];
        sumAll += *result.perLabelAp50_95[label];
        ++labelsWithGt;
    }
    if (labelsWithGt > 0) {
        result.ap50 = sum50 / static_cast<double>(labelsWithGt);
        result.ap50_95 = sumAll / static_cast<double>(labelsWithGt);
    }
    return result;
}

} // namespace optconf
