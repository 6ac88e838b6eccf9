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

/// One position of the precision/recall sequence: what it adds to the cumulative counts.
enum class Step : std::uint8_t
{
    TruePositive,
    FalsePositive,
    Neither, ///< pycocotools' ignored detection: keeps its place, adds nothing
};

/// pycocotools' 101-point interpolated precision for one category at one IoU threshold, returned
/// as the mean over the recall thresholds, computed in one backward pass without the rc/pr arrays:
/// walking from the last position to the first, the running maximum of precision is the
/// "precision envelope" pycocotools builds, and a recall threshold r takes the envelope at the
/// first position whose recall reaches r (searchsorted, side left), i.e. where the recall of the
/// position before drops below r. Every tp, fp, rc and pr is the same double as in the forward
/// computation, and the thresholds are summed in the same ascending order.
class InterpolatedPrecision
{
public:
    InterpolatedPrecision(double truePositives, double falsePositives, double groundTruth, double eps,
                          const std::vector<double>& recallThresholds)
        : m_tp(truePositives)
        , m_fp(falsePositives)
        , m_groundTruth(groundTruth)
        , m_eps(eps)
        , m_thresholds(recallThresholds)
        , m_atThreshold(recallThresholds.size(), 0.0)
    {
        // Thresholds above the final recall are never reached: pycocotools leaves them at 0.
        const double finalRecall = m_tp / m_groundTruth;
        m_next = static_cast<std::ptrdiff_t>(
                     std::upper_bound(m_thresholds.begin(), m_thresholds.end(), finalRecall) -
                     m_thresholds.begin()) -
                 1;
    }

    /// The position before the previous one (the first call is the last position).
    void stepBack(Step step)
    {
        m_envelope = std::max(m_envelope, m_tp / (m_fp + m_tp + m_eps));
        if (step == Step::TruePositive)
            m_tp -= 1;
        else if (step == Step::FalsePositive)
            m_fp -= 1;
        const double recallBefore = m_tp / m_groundTruth;
        while (m_next >= 0 && m_thresholds[static_cast<std::size_t>(m_next)] > recallBefore)
            m_atThreshold[static_cast<std::size_t>(m_next--)] = m_envelope;
    }

    /// After the first position was stepped over.
    double mean()
    {
        for (; m_next >= 0; --m_next)
            m_atThreshold[static_cast<std::size_t>(m_next)] = m_envelope;
        double sum = 0;
        for (double q : m_atThreshold)
            sum += q;
        return sum / static_cast<double>(m_thresholds.size());
    }

private:
    double m_tp, m_fp;
    const double m_groundTruth, m_eps;
    const std::vector<double>& m_thresholds;
    std::vector<double> m_atThreshold;
    std::ptrdiff_t m_next = -1; ///< highest threshold not yet given a precision
    double m_envelope = 0;
};

/// One label's detections in accumulate()'s order (descending score), as flat arrays.
struct SortedDetections
{
    std::vector<double> score;
    std::vector<std::uint16_t> matched, ignored;
};

/// AP at IoU threshold `bit`. pycocotools' accumulate() by default; with `fiftyOne`, FiftyOne's
/// _compute_pr_curves instead: ignored detections take no place, among equal scores the true
/// positives come first (it merge-sorts its TP list followed by its FP list), and precision is
/// TP / (TP + FP) without pycocotools' eps.
double interpolatedPrecision(const SortedDetections& d, std::uint16_t bit, double groundTruth,
                             const std::vector<double>& recallThresholds, bool fiftyOne)
{
    const std::size_t n = d.score.size();
    double tp = 0, fp = 0;
    for (std::size_t i = 0; i < n; ++i)
        if (!(d.ignored[i] & bit))
            (d.matched[i] & bit) ? tp += 1 : fp += 1;
    const double eps = fiftyOne ? 0.0 : std::numeric_limits<double>::epsilon(); // np.spacing(1)
    if ((fiftyOne ? tp + fp : static_cast<double>(n)) == 0)
        return 0; // no position reaches any recall threshold
    InterpolatedPrecision ap(tp, fp, groundTruth, eps, recallThresholds);
    if (!fiftyOne) {
        for (std::size_t i = n; i-- > 0;)
            ap.stepBack((d.ignored[i] & bit)   ? Step::Neither
                        : (d.matched[i] & bit) ? Step::TruePositive
                                               : Step::FalsePositive);
        return ap.mean();
    }
    // Runs of equal scores, last run first; inside a run the false positives come last.
    for (std::size_t end = n; end > 0;) {
        std::size_t begin = end - 1, runTp = 0, runFp = 0;
        while (begin > 0 && d.score[begin - 1] == d.score[end - 1])
            --begin;
        for (std::size_t i = begin; i < end; ++i)
            if (!(d.ignored[i] & bit))
                ++((d.matched[i] & bit) ? runTp : runFp);
        for (; runFp > 0; --runFp)
            ap.stepBack(Step::FalsePositive);
        for (; runTp > 0; --runTp)
            ap.stepBack(Step::TruePositive);
        end = begin;
    }
    return ap.mean();
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
        std::uint16_t matched, ignored;
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
        SortedDetections sorted;
        for (;;) {
            const std::size_t label = nextLabel.fetch_add(1);
            if (label >= labelCount)
                return;
            const double groundTruth = groundTruthOf(label);
            if (groundTruth <= 0)
                continue;
            // accumulate() concatenates images in id order and merge-sorts by descending score.
            // The keys and flags are copied so that neither the comparisons nor the passes below
            // chase pointers; std::sort makes the same comparisons, so equal keys end up in the
            // same order.
            keyed.clear();
            for (const ApDetection* d : byLabel[label])
                keyed.push_back({d->score, d->image, d->rank, d->matched, d->ignored});
            std::sort(keyed.begin(), keyed.end(), [](const Keyed& x, const Keyed& y) {
                if (x.score != y.score)
                    return x.score > y.score;
                if (x.image != y.image)
                    return x.image < y.image;
                return x.rank < y.rank;
            });
            // Flat arrays for the ten passes below.
            sorted.score.resize(keyed.size());
            sorted.matched.resize(keyed.size());
            sorted.ignored.resize(keyed.size());
            for (std::size_t i = 0; i < keyed.size(); ++i) {
                sorted.score[i] = keyed[i].score;
                sorted.matched[i] = keyed[i].matched;
                sorted.ignored[i] = keyed[i].ignored;
            }
            double labelAll = 0;
            for (std::size_t k = 0; k < iouCount; ++k) {
                const double ap =
                    interpolatedPrecision(sorted, static_cast<std::uint16_t>(1u << k), groundTruth,
                                          recallThresholds, protocol == Protocol::FiftyOne);
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
