// SPDX-License-Identifier: MIT
#include "core/eval/image_status.h"

#include "core/eval/parallel.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace optconf {

namespace {
constexpr double kNegInf = -std::numeric_limits<double>::infinity();
constexpr double kUncounted = std::numeric_limits<double>::quiet_NaN();
constexpr std::size_t kChunkImages = 256;
} // namespace

std::optional<ImageStatusIndex> ImageStatusIndex::build(const Dataset& dataset, const LabelField& groundTruth,
                                                        const LabelField& predictions,
                                                        const MatchOptions& options, bool pluginParity,
                                                        const std::atomic<bool>* cancel)
{
    ImageStatusIndex index;
    index.m_gt = &groundTruth;
    index.m_pred = &predictions;
    index.m_pluginParity = pluginParity;
    index.m_outcome.assign(predictions.detections.size(), Outcome::NotCounted);
    index.m_recoveredAt.assign(groundTruth.detections.size(), kUncounted);
    const std::size_t n = dataset.samples.size();
    index.m_imageMaxScore.assign(n, kNegInf);

    MatchOptions match = options;
    match.computeAp = false; // statuses need the threshold-sweep records only
    const Matcher matcher(dataset, groundTruth, predictions, match);
    std::atomic<std::size_t> next{0};
    std::atomic<bool> stopped{false};
    // Each chunk writes only its own images' detections: no two threads touch the same element.
    runOnAllCores(
        [&](bool) {
            MatchTrace trace;
            for (;;) {
                const std::size_t first = next.fetch_add(kChunkImages);
                if (first >= n || stopped.load() || (cancel && cancel->load())) {
                    if (cancel && cancel->load())
                        stopped = true;
                    return;
                }
                const std::size_t last = std::min(n, first + kChunkImages);
                trace.predictions.clear();
                trace.groundTruth.clear();
                const MatchResult r = matcher.matchImages(first, last, &trace);
                for (std::size_t k = 0; k < r.predictions.size(); ++k) {
                    Outcome o = Outcome::Ignored;
                    if (r.predictions[k].status == PredictionStatus::TruePositive)
                        o = Outcome::TruePositive;
                    else if (r.predictions[k].status == PredictionStatus::FalsePositive)
                        o = Outcome::FalsePositive;
                    index.m_outcome[trace.predictions[k]] = o;
                }
                for (std::size_t k = 0; k < r.groundTruth.size(); ++k)
                    index.m_recoveredAt[trace.groundTruth[k]] = r.groundTruth[k].recoveredAt;
                for (std::size_t image = first; image < last; ++image)
                    for (const Detection& p : predictions.forSample(static_cast<SampleIndex>(image)))
                        if (p.hasConfidence())
                            index.m_imageMaxScore[image] =
                                std::max(index.m_imageMaxScore[image], p.confidence);
            }
        },
        [&] { stopped = true; });
    if (stopped.load())
        return std::nullopt;
    return index;
}

BoxStatus ImageStatusIndex::predictionStatus(std::uint32_t detection, SampleIndex, double threshold) const
{
    const Detection& p = m_pred->detections[detection];
    // Kept iff confidence >= t (semantics.md §1); a prediction without a confidence never is.
    if (!p.hasConfidence() || !(p.confidence >= threshold))
        return BoxStatus::BelowThreshold;
    switch (m_outcome[detection]) {
    case Outcome::TruePositive:
        return BoxStatus::TruePositive;
    case Outcome::FalsePositive:
        return BoxStatus::FalsePositive;
    case Outcome::Ignored:
    case Outcome::NotCounted:
        break;
    }
    return BoxStatus::Ignored;
}

BoxStatus ImageStatusIndex::groundTruthStatus(std::uint32_t detection, SampleIndex image,
                                              double threshold) const
{
    const double recoveredAt = m_recoveredAt[detection];
    if (std::isnan(recoveredAt))
        return BoxStatus::Ignored;
    // The same comparisons as ThresholdCounter::at: missed iff recovered below t (or never).
    if (!(recoveredAt < threshold))
        return BoxStatus::TruePositive;
    if (m_pluginParity && m_imageMaxScore[image] < threshold)
        return BoxStatus::Ignored;
    return BoxStatus::Missed;
}

std::vector<ImageBox> ImageStatusIndex::boxes(SampleIndex image, double threshold,
                                              std::optional<LabelId> label) const
{
    std::vector<ImageBox> out;
    const std::uint32_t gtBegin = m_gt->offsets[image], gtEnd = m_gt->offsets[image + 1];
    const std::uint32_t predBegin = m_pred->offsets[image], predEnd = m_pred->offsets[image + 1];
    out.reserve((gtEnd - gtBegin) + (predEnd - predBegin));
    for (std::uint32_t d = gtBegin; d < gtEnd; ++d) {
        const Detection& g = m_gt->detections[d];
        if (label && g.label != *label)
            continue;
        out.push_back({g.box, kNoConfidence, g.label, BoxRole::GroundTruth,
                       groundTruthStatus(d, image, threshold), g.crowd, d});
    }
    for (std::uint32_t d = predBegin; d < predEnd; ++d) {
        const Detection& p = m_pred->detections[d];
        if (label && p.label != *label)
            continue;
        out.push_back({p.box, p.confidence, p.label, BoxRole::Prediction,
                       predictionStatus(d, image, threshold), p.crowd, d});
    }
    return out;
}

Counts ImageStatusIndex::counts(SampleIndex image, double threshold, std::optional<LabelId> label) const
{
    Counts c;
    for (std::uint32_t d = m_gt->offsets[image]; d < m_gt->offsets[image + 1]; ++d) {
        if (label && m_gt->detections[d].label != *label)
            continue;
        c.fn += groundTruthStatus(d, image, threshold) == BoxStatus::Missed ? 1 : 0;
    }
    for (std::uint32_t d = m_pred->offsets[image]; d < m_pred->offsets[image + 1]; ++d) {
        if (label && m_pred->detections[d].label != *label)
            continue;
        const BoxStatus s = predictionStatus(d, image, threshold);
        c.tp += s == BoxStatus::TruePositive ? 1 : 0;
        c.fp += s == BoxStatus::FalsePositive ? 1 : 0;
    }
    return c;
}

std::vector<Counts> ImageStatusIndex::allCounts(double threshold, std::optional<LabelId> label) const
{
    std::vector<Counts> out(imageCount());
    for (std::size_t i = 0; i < out.size(); ++i)
        out[i] = counts(static_cast<SampleIndex>(i), threshold, label);
    return out;
}

bool ImageStatusIndex::hasLabel(SampleIndex image, LabelId label) const
{
    const auto has = [&](const LabelField& f) {
        const auto span = f.forSample(image);
        return std::any_of(span.begin(), span.end(), [&](const Detection& d) { return d.label == label; });
    };
    return has(*m_gt) || has(*m_pred);
}

std::vector<SampleIndex> imagesWithMostErrors(const std::vector<Counts>& perImage, std::size_t limit)
{
    std::vector<SampleIndex> order;
    for (std::size_t i = 0; i < perImage.size(); ++i)
        if (perImage[i].fp + perImage[i].fn > 0)
            order.push_back(static_cast<SampleIndex>(i));
    std::stable_sort(order.begin(), order.end(), [&](SampleIndex a, SampleIndex b) {
        return perImage[a].fp + perImage[a].fn > perImage[b].fp + perImage[b].fn;
    });
    if (order.size() > limit)
        order.resize(limit);
    return order;
}

} // namespace optconf
