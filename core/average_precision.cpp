// SPDX-License-Identifier: MIT
#include "average_precision.h"
#include "sweep.h"

#include <algorithm>
#include <atomic>
#include <limits>
#include <numeric>
#include <thread>

namespace optconf {

namespace {

/// pycocotools' accumulate() for one category at one IoU threshold: 101-point interpolated
/// precision, returned as the mean over the recall thresholds. With `fiftyOne`, FiftyOne's
/// _compute_pr_curves instead: among equal scores the true positives come first (it merge-sorts
/// its TP list followed by its FP list), and precision is TP / (TP + FP) without pycocotools' eps.
double interpolatedPrecision(const std::vector<const ApDetection*>& sorted, std::uint16_t bit,
                             double groundTruth, const std::vector<double>& recallThresholds,
                             std::vector<double>& rc, std::vector<double>& pr, bool fiftyOne)
{
    const double eps = fiftyOne ? 0.0 : std::numeric_limits<double>::epsilon(); // np.spacing(1)
    rc.clear();
    pr.clear();
    double tp = 0, fp = 0;
    auto push = [&] {
        rc.push_back(tp / groundTruth);
        pr.push_back(tp / (fp + tp + eps));
    };
    for (std::size_t i = 0; i < sorted.size();) {
        if (!fiftyOne) {
            // Ignored detections add nothing but keep their place, as in pycocotools' cumsum.
            const ApDetection* d = sorted[i++];
            if (!(d->ignored & bit))
                (d->matched & bit) ? tp += 1 : fp += 1;
            push();
            continue;
        }
        std::size_t end = i, runTp = 0, runFp = 0;
        for (; end < sorted.size() && sorted[end]->score == sorted[i]->score; ++end)
            if (!(sorted[end]->ignored & bit))
                ++((sorted[end]->matched & bit) ? runTp : runFp);
        for (; runTp > 0; --runTp)
            tp += 1, push();
        for (; runFp > 0; --runFp)
            fp += 1, push();
        i = end;
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

AveragePrecision averagePrecision(const MatchResult& match, std::size_t labelCount, Protocol protocol)
{
    AveragePrecision result;
    result.perLabelAp50.assign(labelCount, std::nullopt);
    result.perLabelAp50_95.assign(labelCount, std::nullopt);
    const std::vector<double> recallThresholds = linspace(0.0, 1.0, 101);
    const std::size_t iouCount = cocoIouThresholds().size();

    std::vector<std::vector<const ApDetection*>> byLabel(labelCount);
    {
        std::vector<std::size_t> perLabel(labelCount);
        for (const ApDetection& d : match.apDetections)
            if (d.label < labelCount)
                ++perLabel[d.label];
        for (std::size_t l = 0; l < labelCount; ++l)
            byLabel[l].reserve(perLabel[l]);
    }
    for (const ApDetection& d : match.apDetections)
        if (d.label < labelCount)
            byLabel[d.label].push_back(&d);

    struct Keyed
    {
        double score;
        std::uint32_t image, rank;
        const ApDetection* detection;
    };
    auto groundTruthOf = [&](std::size_t label) {
        return label < match.apGroundTruthPerLabel.size()
                   ? static_cast<double>(match.apGroundTruthPerLabel[label])
                   : 0.0;
    };
    // Labels are independent: they are computed on all cores, each exactly as on one, and summed
    // below in label order (the same additions in the same order).
    std::atomic<std::size_t> nextLabel{0};
    auto work = [&] {
        std::vector<Keyed> keyed;
        std::vector<double> rc, pr;
        for (;;) {
            const std::size_t label = nextLabel.fetch_add(1);
            if (label >= labelCount)
                return;
            const double groundTruth = groundTruthOf(label);
            if (groundTruth <= 0)
                continue;
            auto& dets = byLabel[label];
            // accumulate() concatenates images in id order and merge-sorts by descending score.
            // The keys are copied next to each pointer so that the comparisons do not chase
            // pointers; std::sort makes the same comparisons, so equal keys end up in the same order.
            keyed.clear();
            for (const ApDetection* d : dets)
                keyed.push_back({d->score, d->image, d->rank, d});
            std::sort(keyed.begin(), keyed.end(), [](const Keyed& x, const Keyed& y) {
                if (x.score != y.score)
                    return x.score > y.score;
                if (x.image != y.image)
                    return x.image < y.image;
                return x.rank < y.rank;
            });
            for (std::size_t i = 0; i < keyed.size(); ++i)
                dets[i] = keyed[i].detection;
            double labelAll = 0;
            for (std::size_t k = 0; k < iouCount; ++k) {
                const double ap =
                    interpolatedPrecision(dets, static_cast<std::uint16_t>(1u << k), groundTruth,
                                          recallThresholds, rc, pr, protocol == Protocol::FiftyOne);
                labelAll += ap;
                if (k == 0)
                    result.perLabelAp50[label] = ap;
            }
            result.perLabelAp50_95[label] = labelAll / static_cast<double>(iouCount);
        }
    };
    {
        const unsigned threads =
            std::max(1u, std::min(std::thread::hardware_concurrency(),
                                  static_cast<unsigned>(std::max<std::size_t>(labelCount, 1))));
        std::vector<std::jthread> helpers;
        for (unsigned t = 1; t < threads; ++t)
            helpers.emplace_back(work);
        work();
    }
    double sum50 = 0, sumAll = 0;
    std::size_t labelsWithGt = 0;
    for (std::size_t label = 0; label < labelCount; ++label) {
        if (groundTruthOf(label) <= 0)
            continue;
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
