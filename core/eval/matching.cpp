// SPDX-License-Identifier: MIT
#include "core/eval/matching.h"
#include "core/eval/parallel.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <condition_variable>
#include <limits>
#include <mutex>
#include <numeric>
#include <span>
#include <thread>

namespace optconf {

namespace {

constexpr double kNegInf = -std::numeric_limits<double>::infinity();
// pycocotools' area range 'all'.
constexpr double kMinArea = 0.0;
constexpr double kMaxArea = 1e10;

bool areaOutOfRange(double area)
{
    return !(area >= kMinArea && area <= kMaxArea);
}

/// One object a prediction of a large bucket may match, with its IoU.
struct Candidate
{
    std::uint32_t object;
    double iou;
};

/// Reused buffers of one worker thread, so matching allocates per thread, not per box.
struct Scratch
{
    std::vector<std::uint32_t> predOrder, gtOrder;
    // Ground truth and predictions of the current bucket, structure of arrays for the IoU inner
    // loop, in the units IoU is computed in.
    std::vector<double> gx1, gy1, gx2, gy2, garea;
    std::vector<double> px1, py1, px2, py2, parea;
    std::vector<std::uint8_t> gcrowd, gignore, guncounted, gmatched;
    std::vector<std::uint8_t> pareaOut;  // per prediction: outside pycocotools' area range (coco)
    std::vector<LabelId> glabel, plabel; // labels of the bucket's GT and predictions
    std::vector<ApDetection> crossClass; // FiftyOne AP: cross-class matches, as FPs of the GT's class
    std::vector<double> ious;            // predictions x ground truth, row-major
    std::vector<double> rowMax;          // per prediction: its highest IoU in the bucket
    std::vector<int> matchOf;            // per prediction: matched GT position in the bucket, or -1
    std::vector<int> sweepMatchOf;       // matchOf at the sweep's IoU threshold
    std::vector<std::size_t> countedAt;  // per bucket GT: its index in MatchResult::groundTruth
    // Large buckets, matched one prediction at a time (matchByPrediction).
    std::vector<Candidate> candidates;   // the current prediction's objects within reach
    std::vector<std::uint8_t> matchedAt; // per threshold pass, per GT: matched
    std::vector<int> apMatchOf;          // per AP threshold, per prediction: matched GT, or -1
};

constexpr double kMaxIouLimit = 1.0 - 1e-10;

/// One prediction's box and the bucket's ground truth, as the IoU loops read them: plain values
/// and pointers, so that the loops keep them in registers.
struct IouOperands
{
    double px1, py1, px2, py2, parea;
    const double *gx1, *gy1, *gx2, *gy2, *garea;
    const std::uint8_t* gcrowd;

    IouOperands(const Scratch& s, std::size_t d)
        : px1(s.px1[d])
        , py1(s.py1[d])
        , px2(s.px2[d])
        , py2(s.py2[d])
        , parea(s.parea[d])
        , gx1(s.gx1.data())
        , gy1(s.gy1.data())
        , gx2(s.gx2.data())
        , gy2(s.gy2.data())
        , garea(s.garea.data())
        , gcrowd(s.gcrowd.data())
    {}

    /// The IoU with object g (semantics.md §3.2): the table and matchByPrediction compute it alike.
    double with(std::size_t g) const
    {
        const double iw = std::min(px2, gx2[g]) - std::max(px1, gx1[g]);
        const double ih = std::min(py2, gy2[g]) - std::max(py1, gy1[g]);
        double v = 0.0;
        if (iw > 0 && ih > 0) {
            const double inter = iw * ih;
            const double uni = gcrowd[g] ? parea : parea + garea[g] - inter;
            v = uni > 0 ? std::min(inter / uni, 1.0) : 0.0;
        }
        return v;
    }
};

/// The IoUs of prediction d with every object of the bucket, into `row`; returns the largest.
inline double iouRow(const Scratch& s, std::size_t d, std::size_t ng, double* row)
{
    const IouOperands iou(s, d);
    double rowMax = 0.0;
    for (std::size_t g = 0; g < ng; ++g) {
        const double v = iou.with(g);
        row[g] = v;
        rowMax = std::max(rowMax, v);
    }
    return rowMax;
}

/// The objects prediction d reaches with an IoU of at least `lowest`, in order, into `out` (room
/// for ng); returns how many, and the largest IoU in `rowMax`.
inline std::size_t iouCandidates(const Scratch& s, std::size_t d, std::size_t ng, double lowest,
                                 Candidate* out, double& rowMax)
{
    const IouOperands iou(s, d);
    std::size_t count = 0;
    double largest = 0.0;
    for (std::size_t g = 0; g < ng; ++g) {
        const double v = iou.with(g);
        out[count] = {static_cast<std::uint32_t>(g), v};
        count += v >= lowest ? 1 : 0;
        largest = std::max(largest, v);
    }
    rowMax = largest;
    return count;
}

/// Greedy COCO matching at one IoU threshold (semantics.md §3.3, pycocotools evaluateImg).
/// `sameLabelCrowds`: FiftyOne's class-agnostic rule that a crowd only takes predictions of its
/// own class (fiftyone/utils/eval/coco.py, _compute_matches).
void greedyMatch(Scratch& s, std::size_t np, std::size_t ng, double threshold, bool sameLabelCrowds)
{
    const double limit = std::min(threshold, kMaxIouLimit);
    s.gmatched.assign(ng, 0);
    s.matchOf.assign(np, -1);
    for (std::size_t d = 0; d < np; ++d) {
        // No IoU of the row reaches the threshold: the scan below would find no candidate.
        if (s.rowMax[d] < limit)
            continue;
        const double* row = s.ious.data() + d * ng;
        double best = limit;
        int m = -1;
        for (std::size_t g = 0; g < ng; ++g) {
            if (s.gmatched[g] && !s.gcrowd[g])
                continue;
            if (sameLabelCrowds && s.gcrowd[g] && s.glabel[g] != s.plabel[d])
                continue;
            if (m > -1 && !s.gignore[static_cast<std::size_t>(m)] && s.gignore[g])
                break;
            if (row[g] < best)
                continue;
            best = row[g];
            m = static_cast<int>(g);
        }
        if (m > -1) {
            s.gmatched[static_cast<std::size_t>(m)] = 1;
            s.matchOf[d] = m;
        }
    }
}

/// greedyMatch's choice for one prediction, over its candidates only: the objects it reaches with
/// an IoU of at least the lowest threshold matched at, in ground-truth order. The objects left out
/// are below this threshold too, so the full scan passes over them without a change, and it stops
/// at one only where it would stop at the next candidate (every object after a stop is ignored
/// ground truth, and the first one that is not skipped stops this scan too).
int pickMatch(const Scratch& s, std::span<const Candidate> candidates, double limit,
              const std::uint8_t* matched, LabelId predictionLabel, bool sameLabelCrowds)
{
    double best = limit;
    int m = -1;
    for (const Candidate& c : candidates) {
        const std::size_t g = c.object;
        if (matched[g] && !s.gcrowd[g])
            continue;
        if (sameLabelCrowds && s.gcrowd[g] && s.glabel[g] != predictionLabel)
            continue;
        if (m > -1 && !s.gignore[static_cast<std::size_t>(m)] && s.gignore[g])
            break;
        if (c.iou < best)
            continue;
        best = c.iou;
        m = static_cast<int>(g);
    }
    return m;
}

/// A large bucket's greedy matches without the table of every pair's IoU: at the sweep's threshold
/// (into matchOf) and, for the first `apCount` predictions, at every AP threshold (into apMatchOf,
/// one row of apCount per threshold). A prediction's match at a threshold depends only on the
/// matches before it at that threshold, so the predictions are taken in order, each one's IoUs
/// computed once and kept only while it is matched at every threshold: memory linear in the boxes,
/// the same matches as greedyMatch on the table. Returns the highest IoU of the bucket.
double matchByPrediction(Scratch& s, std::size_t np, std::size_t ng, double sweepThreshold,
                         const std::vector<double>& apThresholds, std::size_t apCount, bool sameLabelCrowds)
{
    const std::size_t apPasses = apCount > 0 ? apThresholds.size() : 0;
    const std::size_t passes = 1 + apPasses;
    std::vector<double> limits(passes);
    limits[0] = std::min(sweepThreshold, kMaxIouLimit);
    for (std::size_t k = 0; k < apPasses; ++k)
        limits[1 + k] = std::min(apThresholds[k], kMaxIouLimit);
    const double lowest = *std::min_element(limits.begin(), limits.end());
    s.matchedAt.assign(passes * ng, 0);
    s.matchOf.assign(np, -1);
    s.apMatchOf.assign(apPasses * apCount, -1);
    s.candidates.resize(ng);
    double maxIou = 0.0;
    for (std::size_t d = 0; d < np; ++d) {
        double rowMax = 0.0;
        const std::size_t count = iouCandidates(s, d, ng, lowest, s.candidates.data(), rowMax);
        maxIou = std::max(maxIou, rowMax);
        if (count == 0)
            continue;
        const std::span<const Candidate> candidates(s.candidates.data(), count);
        const std::size_t predictionPasses = d < apCount ? passes : 1;
        for (std::size_t j = 0; j < predictionPasses; ++j) {
            if (rowMax < limits[j])
                continue;
            std::uint8_t* matched = s.matchedAt.data() + j * ng;
            const int m = pickMatch(s, candidates, limits[j], matched, s.plabel[d], sameLabelCrowds);
            if (m < 0)
                continue;
            matched[static_cast<std::size_t>(m)] = 1;
            (j == 0 ? s.matchOf[d] : s.apMatchOf[(j - 1) * apCount + d]) = m;
        }
    }
    return maxIou;
}

} // namespace

double iou(const Box& p, const Box& g, bool crowd)
{
    const double iw = std::min(p.x + p.w, g.x + g.w) - std::max(p.x, g.x);
    const double ih = std::min(p.y + p.h, g.y + g.h) - std::max(p.y, g.y);
    if (!(iw > 0) || !(ih > 0))
        return 0.0;
    const double inter = iw * ih;
    const double uni = crowd ? p.area() : p.area() + g.area() - inter;
    if (!(uni > 0))
        return 0.0;
    return std::min(inter / uni, 1.0);
}

const std::vector<double>& cocoIouThresholds()
{
    static const std::vector<double> thresholds = [] {
        // numpy.linspace(.5, 0.95, 10): start + i * step, the last value set to stop.
        std::vector<double> t(10);
        const double step = (0.95 - 0.5) / 9.0;
        for (int i = 0; i < 10; ++i)
            t[static_cast<std::size_t>(i)] = static_cast<double>(i) * step + 0.5;
        t.back() = 0.95;
        return t;
    }();
    return thresholds;
}

const std::vector<double>& fiftyOneIouThresholds()
{
    static const std::vector<double> thresholds = [] {
        std::vector<double> t;
        for (int x = 50; x < 100; x += 5)
            t.push_back(static_cast<double>(x) / 100.0);
        return t;
    }();
    return thresholds;
}

const std::vector<double>& apIouThresholds(Protocol protocol)
{
    return protocol == Protocol::Coco ? cocoIouThresholds() : fiftyOneIouThresholds();
}

std::optional<int> apMaxDetections(const MatchOptions& options)
{
    if (options.protocol == Protocol::Coco)
        return options.maxDetections;
    return std::min(kFiftyOneApMaxPredictions, options.maxDetections.value_or(kFiftyOneApMaxPredictions));
}

void MatchResult::append(MatchResult&& o)
{
    predictions.insert(predictions.end(), o.predictions.begin(), o.predictions.end());
    groundTruth.insert(groundTruth.end(), o.groundTruth.begin(), o.groundTruth.end());
    apDetections.insert(apDetections.end(), o.apDetections.begin(), o.apDetections.end());
    if (apGroundTruthPerLabel.size() < o.apGroundTruthPerLabel.size())
        apGroundTruthPerLabel.resize(o.apGroundTruthPerLabel.size(), 0);
    for (std::size_t i = 0; i < o.apGroundTruthPerLabel.size(); ++i)
        apGroundTruthPerLabel[i] += o.apGroundTruthPerLabel[i];
    unscoredPredictions += o.unscoredPredictions;
    droppedPredictions += o.droppedPredictions;
    ignoredGroundTruth += o.ignoredGroundTruth;
    imagesDone += o.imagesDone;
}

Matcher::Matcher(const Dataset& dataset, const LabelField& groundTruth, const LabelField& predictions,
                 MatchOptions options)
    : m_dataset(dataset)
    , m_gt(groundTruth)
    , m_pred(predictions)
    , m_options(options)
{
    // pycocotools accumulates detections in ascending image-id order; use the numeric order of
    // ids when every id is a number, the file order otherwise.
    const std::size_t n = dataset.samples.size();
    std::vector<std::int64_t> numeric(n);
    bool allNumeric = true;
    for (std::size_t i = 0; i < n && allNumeric; ++i) {
        const std::string& id = dataset.samples[i].id;
        auto [ptr, ec] = std::from_chars(id.data(), id.data() + id.size(), numeric[i]);
        allNumeric = ec == std::errc() && ptr == id.data() + id.size();
    }
    std::vector<std::uint32_t> byId(n);
    std::iota(byId.begin(), byId.end(), 0u);
    if (allNumeric)
        std::stable_sort(byId.begin(), byId.end(), [&](auto a, auto b) { return numeric[a] < numeric[b]; });
    m_imageOrder.resize(n);
    for (std::size_t r = 0; r < n; ++r)
        m_imageOrder[byId[r]] = static_cast<std::uint32_t>(r);
}

MatchResult Matcher::matchImages(std::size_t first, std::size_t last, MatchTrace* trace) const
{
    MatchResult out;
    out.apGroundTruthPerLabel.assign(m_dataset.labels.size(), 0);
    // Sized once for the chunk (at most one record per detection; FiftyOne's cross-class AP
    // records may add a few): no regrowth, and few calls into the allocator that every worker
    // thread shares.
    const std::size_t predictionCount = m_pred.offsets[last] - m_pred.offsets[first];
    out.predictions.reserve(predictionCount);
    out.groundTruth.reserve(m_gt.offsets[last] - m_gt.offsets[first]);
    if (m_options.computeAp)
        out.apDetections.reserve(predictionCount);
    thread_local Scratch s;
    const bool coco = m_options.protocol == Protocol::Coco;
    const bool sameLabelCrowds = !coco && !m_options.classwise;
    const auto& apThresholds = apIouThresholds(m_options.protocol);
    const std::optional<int> apCap = apMaxDetections(m_options);

    for (std::size_t image = first; image < last; ++image) {
        const auto gts = m_gt.forSample(static_cast<SampleIndex>(image));
        const auto preds = m_pred.forSample(static_cast<SampleIndex>(image));

        double imageMax = kNegInf;
        s.predOrder.clear();
        for (std::uint32_t i = 0; i < preds.size(); ++i) {
            const Detection& p = preds[i];
            if (!p.hasConfidence()) {
                ++out.unscoredPredictions;
                continue;
            }
            imageMax = std::max(imageMax, p.confidence);
            // Under coco too, a category without countable ground truth takes part: pycocotools'
            // evaluateImg matches it (its predictions are FPs); only AP leaves it out.
            s.predOrder.push_back(i);
        }
        s.gtOrder.resize(gts.size());
        std::iota(s.gtOrder.begin(), s.gtOrder.end(), 0u);

        auto bucketOf = [&](const Detection& d) { return m_options.classwise ? d.label : 0u; };
        // "Ignored" ground truth sorts last and never counts as a miss. Crowds are ignored under
        // the coco protocol only (FiftyOne counts them), difficult objects under both.
        const bool countDifficult = m_options.countDifficult;
        auto ignoredGt = [&](const Detection& g) {
            return (g.difficult && !countDifficult) || g.crowd || (coco && areaOutOfRange(g.area));
        };
        // Not counted at all: matches to it are neither TP nor FP.
        auto uncountedGt = [&](const Detection& g) {
            return (g.difficult && !countDifficult) || (coco && (g.crowd || areaOutOfRange(g.area)));
        };
        // Bucket, then highest score first; the index makes the sort stable without allocating.
        std::sort(s.predOrder.begin(), s.predOrder.end(), [&](std::uint32_t a, std::uint32_t b) {
            const auto ba = bucketOf(preds[a]), bb = bucketOf(preds[b]);
            if (ba != bb)
                return ba < bb;
            if (preds[a].confidence != preds[b].confidence)
                return preds[a].confidence > preds[b].confidence;
            return a < b;
        });
        // Bucket, then counted objects before ignored ones (crowds last), file order otherwise.
        std::sort(s.gtOrder.begin(), s.gtOrder.end(), [&](std::uint32_t a, std::uint32_t b) {
            const auto ba = bucketOf(gts[a]), bb = bucketOf(gts[b]);
            if (ba != bb)
                return ba < bb;
            const bool ia = ignoredGt(gts[a]), ib = ignoredGt(gts[b]);
            if (ia != ib)
                return ib;
            return a < b;
        });

        std::size_t pi = 0, gi = 0;
        while (pi < s.predOrder.size() || gi < s.gtOrder.size()) {
            // The next bucket is the smallest one left on either side.
            LabelId bucket = std::numeric_limits<LabelId>::max();
            if (pi < s.predOrder.size())
                bucket = bucketOf(preds[s.predOrder[pi]]);
            if (gi < s.gtOrder.size())
                bucket = std::min(bucket, bucketOf(gts[s.gtOrder[gi]]));
            std::size_t pEnd = pi, gEnd = gi;
            while (pEnd < s.predOrder.size() && bucketOf(preds[s.predOrder[pEnd]]) == bucket)
                ++pEnd;
            while (gEnd < s.gtOrder.size() && bucketOf(gts[s.gtOrder[gEnd]]) == bucket)
                ++gEnd;

            std::size_t np = pEnd - pi;
            const std::size_t ng = gEnd - gi;
            if (m_options.maxDetections && np > static_cast<std::size_t>(*m_options.maxDetections)) {
                out.droppedPredictions +=
                    static_cast<std::int64_t>(np - static_cast<std::size_t>(*m_options.maxDetections));
                np = static_cast<std::size_t>(*m_options.maxDetections);
            }
            // AP takes the highest-scoring of them only (FiftyOne's max_preds). Greedy matching is
            // prefix-stable, so matching those alone gives what they match among all.
            std::size_t apCount = 0;
            if (m_options.computeAp)
                apCount = apCap ? std::min(np, static_cast<std::size_t>(*apCap)) : np;

            if (ng == 0) {
                // Most buckets (a class an image has predictions of but no object) match nothing:
                // every prediction is what an unmatched one is below, at every IoU threshold, without
                // the IoU table and the greedy passes. Exactly the records the general path makes.
                const auto everyThreshold = static_cast<std::uint16_t>((1u << apThresholds.size()) - 1u);
                for (std::size_t d = 0; d < np; ++d) {
                    const Detection& p = preds[s.predOrder[pi + d]];
                    if (trace)
                        trace->predictions.push_back(m_pred.offsets[image] + s.predOrder[pi + d]);
                    const bool areaOut = coco && areaOutOfRange(p.box.area());
                    out.predictions.push_back(
                        {p.confidence, p.label,
                         areaOut ? PredictionStatus::Ignored : PredictionStatus::FalsePositive});
                    if (d < apCount)
                        out.apDetections.push_back({p.confidence, m_imageOrder[image],
                                                    static_cast<std::uint32_t>(d), p.label, 0,
                                                    areaOut ? everyThreshold : std::uint16_t{0}});
                }
                pi = pEnd;
                continue;
            }
            if (np == 0) {
                // Objects no prediction of their bucket could match: misses at every threshold.
                for (std::size_t g = 0; g < ng; ++g) {
                    const Detection& d = gts[s.gtOrder[gi + g]];
                    if (uncountedGt(d)) {
                        ++out.ignoredGroundTruth;
                    } else {
                        out.groundTruth.push_back({kNegInf, imageMax, d.label});
                        if (trace)
                            trace->groundTruth.push_back(m_gt.offsets[image] + s.gtOrder[gi + g]);
                    }
                    if (m_options.computeAp && !ignoredGt(d) && d.label < out.apGroundTruthPerLabel.size())
                        ++out.apGroundTruthPerLabel[d.label];
                }
                pi = pEnd;
                gi = gEnd;
                continue;
            }

            // Boxes as FiftyOne holds them under its protocol: pixels divided by the image size
            // (its COCO importer's [x / width, y / height, w / width, h / height]), then corners
            // and areas from those, as its IoU does. A match at IoU exactly 0.5 can differ.
            const Sample& sample = m_dataset.samples[image];
            const bool relative =
                !coco && m_dataset.boxUnits == BoxUnits::Pixels && sample.width > 0 && sample.height > 0;
            const auto width = static_cast<double>(sample.width), height = static_cast<double>(sample.height);
            auto corners = [&](const Box& b, double& x1, double& y1, double& x2, double& y2, double& area) {
                Box r = b;
                if (relative)
                    r = {b.x / width, b.y / height, b.w / width, b.h / height};
                x1 = r.x, y1 = r.y, x2 = r.x + r.w, y2 = r.y + r.h, area = r.area();
            };
            s.gx1.resize(ng), s.gy1.resize(ng), s.gx2.resize(ng), s.gy2.resize(ng), s.garea.resize(ng);
            s.gcrowd.resize(ng), s.gignore.resize(ng), s.guncounted.resize(ng), s.glabel.resize(ng);
            for (std::size_t g = 0; g < ng; ++g) {
                const Detection& d = gts[s.gtOrder[gi + g]];
                corners(d.box, s.gx1[g], s.gy1[g], s.gx2[g], s.gy2[g], s.garea[g]);
                s.gcrowd[g] = d.crowd;
                s.gignore[g] = ignoredGt(d);
                s.guncounted[g] = uncountedGt(d);
                s.glabel[g] = d.label;
            }
            s.px1.resize(np), s.py1.resize(np), s.px2.resize(np), s.py2.resize(np), s.parea.resize(np);
            s.plabel.resize(np);
            for (std::size_t d = 0; d < np; ++d) {
                const Detection& p = preds[s.predOrder[pi + d]];
                corners(p.box, s.px1[d], s.py1[d], s.px2[d], s.py2[d], s.parea[d]);
                s.plabel[d] = p.label;
            }

            // The greedy matches at the sweep's threshold (s.matchOf); for a large bucket, at the AP
            // thresholds too (s.apMatchOf). Normal buckets keep the table of every pair's IoU, which
            // the AP passes below read again.
            const bool table = np * ng <= m_options.maxIouTablePairs;
            double maxIou = 0.0; // a threshold above every IoU of the bucket matches nothing
            if (table) {
                s.ious.resize(np * ng);
                s.rowMax.assign(np, 0.0);
                for (std::size_t d = 0; d < np; ++d) {
                    s.rowMax[d] = iouRow(s, d, ng, s.ious.data() + d * ng);
                    maxIou = std::max(maxIou, s.rowMax[d]);
                }
                greedyMatch(s, np, ng, m_options.iouThreshold, sameLabelCrowds);
            } else {
                maxIou = matchByPrediction(s, np, ng, m_options.iouThreshold, apThresholds, apCount,
                                           sameLabelCrowds);
            }

            s.countedAt.resize(ng);
            for (std::size_t g = 0; g < ng; ++g) {
                const Detection& d = gts[s.gtOrder[gi + g]];
                if (s.guncounted[g]) {
                    ++out.ignoredGroundTruth;
                    continue;
                }
                s.countedAt[g] = out.groundTruth.size();
                out.groundTruth.push_back({kNegInf, imageMax, d.label});
                if (trace)
                    trace->groundTruth.push_back(m_gt.offsets[image] + s.gtOrder[gi + g]);
            }
            for (std::size_t d = 0; d < np; ++d) {
                const Detection& p = preds[s.predOrder[pi + d]];
                const int m = s.matchOf[d];
                PredictionStatus status = PredictionStatus::FalsePositive;
                if (m < 0) {
                    if (coco && areaOutOfRange(p.box.area()))
                        status = PredictionStatus::Ignored;
                } else {
                    const auto g = static_cast<std::size_t>(m);
                    const Detection& gt = gts[s.gtOrder[gi + g]];
                    if (s.guncounted[g]) {
                        status = PredictionStatus::Ignored;
                    } else if (gt.label == p.label) {
                        status = PredictionStatus::TruePositive;
                        CountedGroundTruth& c = out.groundTruth[s.countedAt[g]];
                        if (c.recoveredAt == kNegInf)
                            c.recoveredAt = p.confidence; // highest first: the first match recovers it
                    }
                    // A cross-class match (class-agnostic only) is an FP and uses the object up: it
                    // stays a false negative at every threshold.
                }
                out.predictions.push_back({p.confidence, p.label, status});
                if (trace)
                    trace->predictions.push_back(m_pred.offsets[image] + s.predOrder[pi + d]);
            }

            if (m_options.computeAp) {
                for (std::size_t g = 0; g < ng; ++g) {
                    const Detection& d = gts[s.gtOrder[gi + g]];
                    // AP counts objects that are not ignored: pycocotools' npig, FiftyOne's
                    // non-crowd num_gt.
                    if (!s.gignore[g] && d.label < out.apGroundTruthPerLabel.size())
                        ++out.apGroundTruthPerLabel[d.label];
                }
                // Above every IoU of the bucket nothing matches: those thresholds (a suffix, as they
                // ascend) need no matching, only the unmatched predictions' area rule, set at once.
                std::size_t reachable = 0;
                while (reachable < apThresholds.size() &&
                       !(maxIou < std::min(apThresholds[reachable], kMaxIouLimit)))
                    ++reachable;
                const auto unreachable = static_cast<std::uint16_t>(((1u << apThresholds.size()) - 1u) &
                                                                    ~((1u << reachable) - 1u));
                const std::size_t apBase = out.apDetections.size();
                s.pareaOut.resize(apCount);
                for (std::size_t d = 0; d < apCount; ++d) {
                    const Detection& p = preds[s.predOrder[pi + d]];
                    s.pareaOut[d] = coco && areaOutOfRange(p.box.area());
                    out.apDetections.push_back({p.confidence, m_imageOrder[image],
                                                static_cast<std::uint32_t>(d), p.label, 0,
                                                static_cast<std::uint16_t>(s.pareaOut[d] ? unreachable : 0)});
                }
                // One sentinel object past the bucket stands for "no match", so the flags below are
                // computed without a branch per prediction and threshold.
                s.gignore.push_back(0);
                s.glabel.push_back(std::numeric_limits<LabelId>::max());
                ApDetection* records = out.apDetections.data() + apBase;
                if (table)
                    s.sweepMatchOf.assign(s.matchOf.begin(),
                                          s.matchOf.begin() + static_cast<std::ptrdiff_t>(apCount));
                for (std::size_t k = 0; k < reachable; ++k) {
                    // The same greedy match, skipped when its result is known: at the sweep's own
                    // threshold it is that match; a large bucket has them all already.
                    const int* matchOf = nullptr;
                    if (table) {
                        if (apThresholds[k] == m_options.iouThreshold)
                            s.matchOf.assign(s.sweepMatchOf.begin(), s.sweepMatchOf.end());
                        else
                            greedyMatch(s, apCount, ng, apThresholds[k], sameLabelCrowds);
                        matchOf = s.matchOf.data();
                    } else { // only a large bucket fills apMatchOf (empty otherwise: no offset on it)
                        matchOf = s.apMatchOf.data() + k * apCount;
                    }
                    const auto bit = static_cast<std::uint16_t>(1u << k);
                    const std::uint8_t* gignore = s.gignore.data();
                    const LabelId* glabel = s.glabel.data();
                    for (std::size_t d = 0; d < apCount; ++d) {
                        ApDetection& a = records[d];
                        const int m = matchOf[d];
                        const auto g = m < 0 ? ng : static_cast<std::size_t>(m);
                        const bool matched = m >= 0, ignoredObject = gignore[g] != 0;
                        const bool sameClass = glabel[g] == a.label;
                        // Unmatched: ignored when its own area is out of range (coco). Matched to a
                        // crowd (FiftyOne leaves those out of its PR curves) or to an object
                        // pycocotools ignores: ignored. Matched across classes: an FP under coco;
                        // under FiftyOne an FP of the object's class instead (below).
                        const bool crossClass = matched && !ignoredObject && !sameClass;
                        const bool ignored = (!matched && s.pareaOut[d]) || (matched && ignoredObject) ||
                                             (crossClass && !coco);
                        a.matched |=
                            static_cast<std::uint16_t>((matched && !ignoredObject && sameClass) ? bit : 0);
                        a.ignored |= static_cast<std::uint16_t>(ignored ? bit : 0);
                        if (crossClass && !coco) [[unlikely]]
                            s.crossClass.push_back(
                                {a.score, a.image, a.rank, glabel[g], 0, static_cast<std::uint16_t>(~bit)});
                    }
                }
                s.gignore.pop_back();
                s.glabel.pop_back();
                out.apDetections.insert(out.apDetections.end(), s.crossClass.begin(), s.crossClass.end());
                s.crossClass.clear();
            }
            pi = pEnd;
            // Predictions over the cap were skipped above; move past them too.
            gi = gEnd;
        }
        ++out.imagesDone;
    }
    return out;
}

std::optional<MatchResult> Matcher::run(const ChunkCallback& onChunk, std::size_t chunkImages) const
{
    const std::size_t n = m_dataset.samples.size();
    const unsigned threads = std::max(1u, std::thread::hardware_concurrency());
    if (chunkImages == 0)
        chunkImages = std::clamp<std::size_t>(n / (threads * 16u) + 1, 16, 4096);
    const std::size_t chunks = (n + chunkImages - 1) / chunkImages;

    std::vector<std::optional<MatchResult>> results(chunks);
    std::mutex mutex;
    std::condition_variable done;
    std::atomic<std::size_t> next{0};
    std::atomic<bool> cancelled{false};

    // Workers run at most this many chunks ahead of the fold: the total is sized for every record
    // up front, and chunks waiting to be folded would otherwise add up to as much again.
    std::size_t maxAhead = 4u * threads;
    std::size_t folded = 0; // guarded by mutex
    auto worker = [&] {
        for (;;) {
            const std::size_t c = next.fetch_add(1);
            if (c >= chunks || cancelled.load())
                return;
            {
                std::unique_lock lock(mutex);
                done.wait(lock, [&] { return c < folded + maxAhead || cancelled.load(); });
            }
            if (cancelled.load())
                return;
            MatchResult r = matchImages(c * chunkImages, std::min(n, (c + 1) * chunkImages));
            {
                std::lock_guard lock(mutex);
                results[c] = std::move(r);
            }
            done.notify_all();
        }
    };
    // Cancelling, or a failure on any thread (out of memory, most likely), stops them all: the
    // workers waiting for the fold and the fold waiting for a chunk that will not come.
    auto stopAll = [&] {
        {
            std::lock_guard lock(mutex);
            cancelled = true;
        }
        done.notify_all();
    };
    WorkerThreads pool(stopAll);
    unsigned started = 0;
    for (unsigned t = 0; t < threads; ++t)
        started += pool.start(worker) ? 1 : 0;
    if (started == 0) {
        // Not one thread could be made: match every chunk here, then fold them.
        maxAhead = chunks;
        pool.runHere(worker);
    }

    // Fold chunks in image order on this thread, so the running result is deterministic.
    std::optional<MatchResult> out;
    pool.runHere([&] {
        MatchResult total;
        total.apGroundTruthPerLabel.assign(m_dataset.labels.size(), 0);
        // Sized for every object up front: growing by doubling would copy the records several
        // times and hold up to twice their memory at the peak of a run.
        total.predictions.reserve(m_pred.detections.size());
        total.groundTruth.reserve(m_gt.detections.size());
        if (m_options.computeAp)
            total.apDetections.reserve(m_pred.detections.size());
        for (std::size_t c = 0; c < chunks; ++c) {
            MatchResult chunk;
            {
                std::unique_lock lock(mutex);
                done.wait(lock, [&] { return results[c].has_value() || cancelled.load(); });
                if (!results[c])
                    return; // a worker failed: join() rethrows why
                chunk = std::move(*results[c]);
                results[c].reset();
            }
            total.append(std::move(chunk));
            chunk = MatchResult{};
            {
                std::lock_guard lock(mutex);
                folded = c + 1;
            }
            done.notify_all();
            if (onChunk && !onChunk(total, total.imagesDone)) {
                stopAll();
                return; // the workers finish the chunk in hand and leave
            }
        }
        out = std::move(total);
    });
    pool.join();
    return out;
}

} // namespace optconf
