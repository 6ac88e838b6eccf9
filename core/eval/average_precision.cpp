// SPDX-License-Identifier: MIT
#include "core/eval/average_precision.h"
#include "core/eval/parallel.h"
#include "core/eval/radix_sort.h"
#include "core/eval/sweep.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <cmath>
#include <limits>
#include <numeric>

namespace optconf {

namespace {

/// pycocotools' recThrs: numpy.linspace(0, 1, 101).
constexpr std::size_t kRecallThresholds = 101;

/// For each recall threshold r, the fewest true positives t with fl(t / groundTruth) >= r: the
/// recall of a position reaches r exactly when its TP count reaches that number (the rounded
/// quotient never decreases as t grows), so the passes compare integers instead of dividing.
std::vector<double> truePositivesToReach(const std::vector<double>& recallThresholds, double groundTruth)
{
    std::vector<double> need;
    need.reserve(recallThresholds.size());
    for (double r : recallThresholds) {
        double t = std::max(0.0, std::ceil(r * groundTruth));
        while (t > 0 && (t - 1) / groundTruth >= r)
            t -= 1;
        while (t / groundTruth < r)
            t += 1;
        need.push_back(t);
    }
    return need;
}

/// One label's detections in accumulate()'s order (descending score), as flat arrays.
struct SortedDetections
{
    std::vector<double> score;
    std::vector<std::uint16_t> matched, ignored;
    std::vector<std::pair<std::uint32_t, std::uint32_t>> ties; ///< runs of 2+ equal scores [begin, end)
};

/// What one position of the precision/recall sequence adds to the cumulative counts.
enum Kind : std::uint8_t
{
    kNeither = 0, ///< an ignored detection
    kTruePositive = 1,
    kFalsePositive = 2,
};

/// AP at IoU threshold `bit`: pycocotools' 101-point interpolated precision, the mean over the
/// recall thresholds. With `fiftyOne`, FiftyOne's _compute_pr_curves instead: among equal scores
/// the true positives come first (it merge-sorts its TP list followed by its FP list), ignored
/// detections take no place, and precision is TP / (TP + FP) without pycocotools' eps.
///
/// One backward pass replaces the rc/pr arrays. A recall threshold r takes the precision envelope
/// (the largest precision from that position on) at the first position whose recall reaches r
/// (searchsorted, side left). Recall and precision only rise at a true positive, so that position
/// is a true positive, and the envelope there is the largest precision of the true positives from
/// it on: walking backwards, only true positives matter, and an ignored position (which keeps its
/// place under pycocotools) changes nothing. So the pass visits the true positives alone, each
/// with the false positives up to it (counted in a branch-free forward pass): one division per
/// true positive rather than per position. Every tp, fp and pr is the same double as in the
/// forward computation, the maximum of the same candidates is the same value, and the thresholds
/// are summed in the same ascending order.
double interpolatedPrecision(const SortedDetections& d, std::uint16_t bit, const std::vector<double>& need,
                             bool fiftyOne, std::vector<std::uint8_t>& kinds,
                             std::vector<std::int64_t>& falseBeforeTrue)
{
    const std::size_t n = d.score.size();
    kinds.resize(n);
    std::int64_t tp = 0, fp = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const bool counts = !(d.ignored[i] & bit), matched = (d.matched[i] & bit) != 0;
        const bool isTp = counts && matched, isFp = counts && !matched;
        kinds[i] = static_cast<std::uint8_t>(isTp ? kTruePositive : isFp ? kFalsePositive : kNeither);
        tp += isTp;
        fp += isFp;
    }
    if (fiftyOne) {
        for (const auto& [begin, end] : d.ties) {
            const auto first = kinds.begin() + begin, last = kinds.begin() + end;
            const auto runTp = std::count(first, last, kTruePositive);
            const auto runFp = std::count(first, last, kFalsePositive);
            std::fill(first, first + runTp, kTruePositive);
            std::fill(first + runTp, first + runTp + runFp, kFalsePositive);
            std::fill(first + runTp + runFp, last, kNeither);
        }
    }
    if (tp + fp == 0 && (fiftyOne || n == 0))
        return 0;                                                               // no position at all
    const double eps = fiftyOne ? 0.0 : std::numeric_limits<double>::epsilon(); // np.spacing(1)

    // The false positives up to each true positive, in order: the j-th true positive's position
    // holds tp = j + 1 and fp = falseBeforeTrue[j].
    falseBeforeTrue.resize(static_cast<std::size_t>(tp) + 1);
    std::size_t trueSoFar = 0;
    std::int64_t falseSoFar = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const std::uint8_t k = kinds[i];
        falseSoFar += k >> 1;
        falseBeforeTrue[trueSoFar] = falseSoFar; // kept only where the position is a true positive
        trueSoFar += k & kTruePositive;
    }

    std::array<double, kRecallThresholds> atThreshold{};
    // Thresholds above the final recall are never reached: pycocotools leaves them at 0.
    auto next = static_cast<std::ptrdiff_t>(
                    std::upper_bound(need.begin(), need.end(), static_cast<double>(tp)) - need.begin()) -
                1;
    double envelope = 0; // largest precision at the true positives walked over
    for (auto j = static_cast<std::size_t>(tp); j-- > 0;) {
        const auto tpHere = static_cast<double>(j + 1);
        const double precision = tpHere / (static_cast<double>(falseBeforeTrue[j]) + tpHere + eps);
        envelope = envelope < precision ? precision : envelope;
        for (; next >= 0 && static_cast<double>(j) < need[static_cast<std::size_t>(next)]; --next)
            atThreshold[static_cast<std::size_t>(next)] = envelope;
    }
    // What is left needs no true positive (recall 0): it is reached at the first position.
    for (; next >= 0; --next)
        atThreshold[static_cast<std::size_t>(next)] = envelope;
    double sum = 0;
    for (std::size_t j = 0; j < need.size(); ++j)
        sum += atThreshold[j];
    return sum / static_cast<double>(need.size());
}

} // namespace

AveragePrecision averagePrecision(const MatchResult& match, std::size_t labelCount, Protocol protocol)
{
    AveragePrecision result;
    result.perLabelAp50.assign(labelCount, std::nullopt);
    result.perLabelAp50_95.assign(labelCount, std::nullopt);
    const std::vector<double> recallThresholds = linspace(0.0, 1.0, static_cast<int>(kRecallThresholds));
    const std::size_t iouCount = apIouThresholds(protocol).size();

    struct Keyed
    {
        double score;
        std::uint32_t image, rank;
        std::uint16_t matched, ignored;
    };
    // The index of every label's records, side by side in record order (a counting sort by label):
    // 4 bytes a record, where copies of the records would add a third to the run's peak memory.
    std::vector<std::size_t> labelStart(labelCount + 1, 0);
    for (const ApDetection& d : match.apDetections)
        if (d.label < labelCount)
            ++labelStart[d.label + 1];
    for (std::size_t l = 0; l < labelCount; ++l)
        labelStart[l + 1] += labelStart[l];
    std::vector<std::uint32_t> recordsByLabel(labelStart[labelCount]);
    {
        std::vector<std::size_t> cursor(labelStart.begin(), labelStart.end() - 1);
        for (std::size_t i = 0; i < match.apDetections.size(); ++i)
            if (const LabelId label = match.apDetections[i].label; label < labelCount)
                recordsByLabel[cursor[label]++] = static_cast<std::uint32_t>(i);
    }

    auto groundTruthOf = [&](std::size_t label) {
        return label < match.apGroundTruthPerLabel.size()
                   ? static_cast<double>(match.apGroundTruthPerLabel[label])
                   : 0.0;
    };
    // Labels are independent: they are computed on all cores, each exactly as on one, and summed
    // below in label order (the same additions in the same order).
    std::atomic<std::size_t> nextLabel{0};
    auto work = [&] {
        std::vector<Keyed> dets, scratch;
        SortedDetections sorted;
        std::vector<std::uint8_t> kinds;
        std::vector<std::int64_t> falseBeforeTrue;
        for (;;) {
            const std::size_t label = nextLabel.fetch_add(1);
            if (label >= labelCount)
                return;
            const double groundTruth = groundTruthOf(label);
            if (groundTruth <= 0)
                continue;
            // accumulate() concatenates images in id order and merge-sorts by descending score;
            // std::sort makes the same comparisons, so equal keys end up in the same order.
            // The keys and flags are copied so that neither the sort nor the passes below chase
            // the records (read in ascending order here).
            dets.clear();
            for (std::size_t k = labelStart[label]; k < labelStart[label + 1]; ++k) {
                const ApDetection& d = match.apDetections[recordsByLabel[k]];
                dets.push_back({d.score, d.image, d.rank, d.matched, d.ignored});
            }
            // Records arrive in fold order: when that is already (image, rank) order (images
            // matched in ascending id order, the usual case), a stable radix sort by descending
            // score gives exactly the order of the comparison sort, at a fraction of its cost.
            const bool inImageOrder =
                std::is_sorted(dets.begin(), dets.end(), [](const Keyed& x, const Keyed& y) {
                    return x.image != y.image ? x.image < y.image : x.rank < y.rank;
                });
            if (inImageOrder) {
                detail::radixSort(dets, scratch,
                                  [](const Keyed& k) { return ~detail::ascendingKey(k.score, true); });
            } else {
                std::sort(dets.begin(), dets.end(), [](const Keyed& x, const Keyed& y) {
                    if (x.score != y.score)
                        return x.score > y.score;
                    if (x.image != y.image)
                        return x.image < y.image;
                    return x.rank < y.rank;
                });
            }
            // Flat arrays for the ten passes below.
            sorted.score.resize(dets.size());
            sorted.matched.resize(dets.size());
            sorted.ignored.resize(dets.size());
            sorted.ties.clear();
            for (std::size_t i = 0; i < dets.size(); ++i) {
                sorted.score[i] = dets[i].score;
                sorted.matched[i] = dets[i].matched;
                sorted.ignored[i] = dets[i].ignored;
                if (i > 0 && dets[i].score == dets[i - 1].score) {
                    if (!sorted.ties.empty() && sorted.ties.back().second == i)
                        ++sorted.ties.back().second;
                    else
                        sorted.ties.emplace_back(static_cast<std::uint32_t>(i - 1),
                                                 static_cast<std::uint32_t>(i + 1));
                }
            }
            const std::vector<double> need = truePositivesToReach(recallThresholds, groundTruth);
            double labelAll = 0;
            for (std::size_t k = 0; k < iouCount; ++k) {
                const double ap =
                    interpolatedPrecision(sorted, static_cast<std::uint16_t>(1u << k), need,
                                          protocol == Protocol::FiftyOne, kinds, falseBeforeTrue);
                labelAll += ap;
                if (k == 0)
                    result.perLabelAp50[label] = ap;
            }
            result.perLabelAp50_95[label] = labelAll / static_cast<double>(iouCount);
        }
    };
    runOnAllCores([&](bool) { work(); });
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
