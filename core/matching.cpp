// SPDX-License-Identifier: MIT
#include "matching.h"
#include "parallel.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <condition_variable>
#include <limits>
#include <mutex>
#include <numeric>
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

/// Reused buffers of one worker thread, so matching allocates per thread, not per box.
struct Scratch
{
    std::vector<std::uint32_t> predOrder, gtOrder;
    // Ground truth of the current bucket, structure of arrays for the IoU inner loop.
    std::vector<double> gx1, gy1, gx2, gy2, garea;
    std::vector<std::uint8_t> gcrowd, gignore, guncounted, gmatched;
    std::vector<std::uint8_t> pareaOut;  // per prediction: outside pycocotools' area range (coco)
    std::vector<LabelId> glabel, plabel; // labels of the bucket's GT and predictions
    std::vector<ApDetection> crossClass; // FiftyOne AP: cross-class matches, as FPs of the GT's class
    std::vector<double> ious;            // predictions x ground truth, row-major
    std::vector<double> rowMax;          // per prediction: its highest IoU in the bucket
    std::vector<int> matchOf;            // per prediction: matched GT position in the bucket, or -1
    std::vector<int> sweepMatchOf;       // matchOf at the sweep's IoU threshold
    std::vector<std::size_t> countedAt;  // per bucket GT: its index in MatchResult::groundTruth
};

/// Greedy COCO matching at one IoU threshold (semantics.md §3.3, pycocotools evaluateImg).
/// `sameLabelCrowds`: FiftyOne's class-agnostic rule that a crowd only takes predictions of its
/// own class (fiftyone/utils/eval/coco.py, _compute_matches).
void greedyMatch(Scratch& s, std::size_t np, std::size_t ng, double threshold, bool sameLabelCrowds)
{
    const double limit = std::min(threshold, 1.0 - 1e-10);
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

    // pycocotools evaluates only categories with ground truth that counts (npig > 0).
    m_labelHasGt.assign(dataset.labels.size(), false);
    for (const Detection& g : groundTruth.detections) {
        const bool ignored = (g.difficult && !options.countDifficult) || g.crowd ||
                             (options.protocol == Protocol::Coco && areaOutOfRange(g.area));
        if (!ignored && g.label < m_labelHasGt.size())
            m_labelHasGt[g.label] = true;
    }
}

MatchResult Matcher::matchImages(std::size_t first, std::size_t last) const
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
    const auto& apThresholds = cocoIouThresholds();

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
            if (coco && (p.label >= m_labelHasGt.size() || !m_labelHasGt[p.label])) {
                ++out.droppedPredictions;
                continue;
            }
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

            if (ng == 0) {
                // Most buckets (a class an image has predictions of but no object) match nothing:
                // every prediction is what an unmatched one is below, at every IoU threshold, without
                // the IoU table and the greedy passes. Exactly the records the general path makes.
                const auto everyThreshold = static_cast<std::uint16_t>((1u << apThresholds.size()) - 1u);
                for (std::size_t d = 0; d < np; ++d) {
                    const Detection& p = preds[s.predOrder[pi + d]];
                    const bool areaOut = coco && areaOutOfRange(p.box.area());
                    out.predictions.push_back(
                        {p.confidence, p.label,
                         areaOut ? PredictionStatus::Ignored : PredictionStatus::FalsePositive});
                    if (m_options.computeAp)
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
                    if (uncountedGt(d))
                        ++out.ignoredGroundTruth;
                    else
                        out.groundTruth.push_back({kNegInf, imageMax, d.label});
                    if (m_options.computeAp && !ignoredGt(d) && d.label < out.apGroundTruthPerLabel.size())
                        ++out.apGroundTruthPerLabel[d.label];
                }
                pi = pEnd;
                gi = gEnd;
                continue;
            }

            s.gx1.resize(ng), s.gy1.resize(ng), s.gx2.resize(ng), s.gy2.resize(ng), s.garea.resize(ng);
            s.gcrowd.resize(ng), s.gignore.resize(ng), s.guncounted.resize(ng), s.glabel.resize(ng);
            for (std::size_t g = 0; g < ng; ++g) {
                const Detection& d = gts[s.gtOrder[gi + g]];
                s.gx1[g] = d.box.x, s.gy1[g] = d.box.y;
                s.gx2[g] = d.box.x + d.box.w, s.gy2[g] = d.box.y + d.box.h;
                s.garea[g] = d.box.area();
                s.gcrowd[g] = d.crowd;
                s.gignore[g] = ignoredGt(d);
                s.guncounted[g] = uncountedGt(d);
                s.glabel[g] = d.label;
            }
            s.plabel.resize(np);
            for (std::size_t d = 0; d < np; ++d)
                s.plabel[d] = preds[s.predOrder[pi + d]].label;
            s.ious.resize(np * ng);
            s.rowMax.assign(np, 0.0);
            double maxIou = 0.0; // a threshold above every IoU of the bucket matches nothing
            for (std::size_t d = 0; d < np; ++d) {
                const Box& b = preds[s.predOrder[pi + d]].box;
                const double px2 = b.x + b.w, py2 = b.y + b.h, parea = b.area();
                double* row = s.ious.data() + d * ng;
                for (std::size_t g = 0; g < ng; ++g) {
                    const double iw = std::min(px2, s.gx2[g]) - std::max(b.x, s.gx1[g]);
                    const double ih = std::min(py2, s.gy2[g]) - std::max(b.y, s.gy1[g]);
                    double v = 0.0;
                    if (iw > 0 && ih > 0) {
                        const double inter = iw * ih;
                        const double uni = s.gcrowd[g] ? parea : parea + s.garea[g] - inter;
                        v = uni > 0 ? std::min(inter / uni, 1.0) : 0.0;
                    }
                    row[g] = v;
                    s.rowMax[d] = std::max(s.rowMax[d], v);
                }
                maxIou = std::max(maxIou, s.rowMax[d]);
            }

            // The sweep's own IoU threshold.
            greedyMatch(s, np, ng, m_options.iouThreshold, sameLabelCrowds);
            s.countedAt.resize(ng);
            for (std::size_t g = 0; g < ng; ++g) {
                const Detection& d = gts[s.gtOrder[gi + g]];
                if (s.guncounted[g]) {
                    ++out.ignoredGroundTruth;
                    continue;
                }
                s.countedAt[g] = out.groundTruth.size();
                out.groundTruth.push_back({kNegInf, imageMax, d.label});
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
                       !(maxIou < std::min(apThresholds[reachable], 1.0 - 1e-10)))
                    ++reachable;
                const auto unreachable = static_cast<std::uint16_t>(((1u << apThresholds.size()) - 1u) &
                                                                    ~((1u << reachable) - 1u));
                const std::size_t apBase = out.apDetections.size();
                s.pareaOut.resize(np);
                for (std::size_t d = 0; d < np; ++d) {
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
                s.sweepMatchOf.assign(s.matchOf.begin(), s.matchOf.end());
                for (std::size_t k = 0; k < reachable; ++k) {
                    // The same greedy match, skipped when its result is known: at the sweep's own
                    // threshold it is that match.
                    if (apThresholds[k] == m_options.iouThreshold)
                        s.matchOf.assign(s.sweepMatchOf.begin(), s.sweepMatchOf.end());
                    else
                        greedyMatch(s, np, ng, apThresholds[k], sameLabelCrowds);
                    const auto bit = static_cast<std::uint16_t>(1u << k);
                    const int* matchOf = s.matchOf.data();
                    const std::uint8_t* gignore = s.gignore.data();
                    const LabelId* glabel = s.glabel.data();
                    for (std::size_t d = 0; d < np; ++d) {
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
