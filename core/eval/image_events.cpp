// SPDX-License-Identifier: MIT
#include "core/eval/image_events.h"
#include "core/eval/parallel.h"

#include <algorithm>
#include <atomic>
#include <cmath>

namespace optconf {

namespace {

using Event = ImageEvents::Event;
using Kind = ImageEvents::Kind;

/// One image's events, merged where image, label, kind and score agree.
void collect(const MatchResult& m, std::uint32_t image, bool parity, std::vector<Event>& events,
             std::vector<ImageEvents::GroundTruth>& gt)
{
    const std::size_t first = events.size();
    for (const MatchedPrediction& p : m.predictions) {
        if (p.status == PredictionStatus::TruePositive)
            events.push_back({p.score, image, p.label, Kind::TruePositive, 1});
        else if (p.status == PredictionStatus::FalsePositive)
            events.push_back({p.score, image, p.label, Kind::FalsePositive, 1});
    }
    const std::size_t gtFirst = gt.size();
    for (const CountedGroundTruth& g : m.groundTruth) {
        if (std::isfinite(g.recoveredAt))
            events.push_back({g.recoveredAt, image, g.label, Kind::Recovered, 1});
        if (parity && std::isfinite(g.imageMaxScore))
            events.push_back({g.imageMaxScore, image, g.label, Kind::ImageMax, 1});
        gt.push_back({image, g.label, 1});
    }
    auto key = [](const Event& e) { return std::tuple(e.label, e.kind, -e.score); };
    std::sort(events.begin() + static_cast<std::ptrdiff_t>(first), events.end(),
              [&](const Event& a, const Event& b) { return key(a) < key(b); });
    std::size_t out = first;
    for (std::size_t i = first; i < events.size(); ++i) {
        if (out > first && key(events[out - 1]) == key(events[i]))
            events[out - 1].count += events[i].count;
        else
            events[out++] = events[i];
    }
    events.resize(out);
    std::sort(gt.begin() + static_cast<std::ptrdiff_t>(gtFirst), gt.end(),
              [](const auto& a, const auto& b) { return a.label < b.label; });
    std::size_t g = gtFirst;
    for (std::size_t i = gtFirst; i < gt.size(); ++i) {
        if (g > gtFirst && gt[g - 1].label == gt[i].label)
            gt[g - 1].count += gt[i].count;
        else
            gt[g++] = gt[i];
    }
    gt.resize(g);
}

} // namespace

std::optional<ImageEvents> imageEvents(const Dataset& dataset, const EvaluationRequest& request,
                                       const std::function<bool(double)>& progress)
{
    MatchOptions options = request.match;
    options.computeAp = false;
    const Matcher matcher(dataset, *dataset.field(request.groundTruthField),
                          *dataset.field(request.predictionField), options);
    const std::size_t n = dataset.samples.size();
    const std::size_t chunk = 256;
    const std::size_t chunks = (n + chunk - 1) / chunk;
    const bool parity = request.sweep.pluginParity;
    std::vector<std::vector<Event>> events(chunks);
    std::vector<std::vector<ImageEvents::GroundTruth>> gt(chunks);
    std::atomic<std::size_t> next{0}, done{0};
    std::atomic<bool> cancelled{false};
    runOnAllCores(
        [&](bool callingThread) {
            for (std::size_t c; !cancelled && (c = next++) < chunks;) {
                for (std::size_t i = c * chunk; i < std::min(n, (c + 1) * chunk); ++i)
                    collect(matcher.matchImages(i, i + 1), static_cast<std::uint32_t>(i), parity, events[c],
                            gt[c]);
                ++done;
                if (callingThread && progress &&
                    !progress(static_cast<double>(done) / static_cast<double>(chunks)))
                    cancelled = true;
            }
        },
        [&] { cancelled = true; });
    if (cancelled)
        return std::nullopt;
    ImageEvents out;
    out.imageCount = n;
    out.labelCount = dataset.labels.size();
    out.pluginParity = parity;
    for (std::size_t c = 0; c < chunks; ++c) {
        out.byClass.insert(out.byClass.end(), events[c].begin(), events[c].end());
        out.groundTruth.insert(out.groundTruth.end(), gt[c].begin(), gt[c].end());
    }
    for (const Event& e : out.byClass)
        out.labelCount = std::max<std::size_t>(out.labelCount, std::size_t{e.label} + 1);
    for (const auto& g : out.groundTruth)
        out.labelCount = std::max<std::size_t>(out.labelCount, std::size_t{g.label} + 1);
    // Stable sorts keep image order within a score: every pass sums the same events in the same order.
    out.byScore = out.byClass;
    std::stable_sort(out.byScore.begin(), out.byScore.end(),
                     [](const Event& a, const Event& b) { return a.score > b.score; });
    std::stable_sort(out.byClass.begin(), out.byClass.end(), [](const Event& a, const Event& b) {
        return a.label != b.label ? a.label < b.label : a.score > b.score;
    });
    out.classStart.assign(out.labelCount + 1, 0);
    for (const Event& e : out.byClass)
        ++out.classStart[e.label + 1];
    for (std::size_t l = 0; l < out.labelCount; ++l)
        out.classStart[l + 1] += out.classStart[l];
    return out;
}

std::vector<ClassRows> weightedClassRows(const ImageEvents& events, const std::vector<std::uint32_t>& weights,
                                         const std::vector<LabelId>& labels, double lower)
{
    std::vector<std::int64_t> gt(events.labelCount, 0);
    for (const auto& g : events.groundTruth)
        gt[g.label] += std::int64_t{weights[g.image]} * g.count;
    std::vector<ClassRows> out;
    out.reserve(labels.size());
    for (LabelId label : labels) {
        ClassRows r;
        r.label = label;
        if (label >= events.labelCount) {
            r.thresholds.push_back(lower);
            r.counts.push_back({});
            out.push_back(std::move(r));
            continue;
        }
        r.groundTruth = gt[label];
        std::int64_t tp = 0, fp = 0, recovered = 0;
        const std::size_t first = events.classStart[label], last = events.classStart[label + 1];
        bool lowerDone = false;
        for (std::size_t i = first; i < last;) {
            const double s = events.byClass[i].score;
            if (s < lower && !lowerDone) {
                r.thresholds.push_back(lower);
                r.counts.push_back({tp, fp, r.groundTruth - recovered});
                lowerDone = true;
            }
            bool kept = false;
            for (; i < last && events.byClass[i].score == s; ++i) {
                const Event& e = events.byClass[i];
                const std::int64_t w = std::int64_t{weights[e.image]} * e.count;
                if (e.kind == Kind::TruePositive)
                    tp += w;
                else if (e.kind == Kind::FalsePositive)
                    fp += w;
                else if (e.kind == Kind::Recovered)
                    recovered += w;
                kept = kept || (w > 0 && (e.kind == Kind::TruePositive || e.kind == Kind::FalsePositive));
            }
            if (kept && s > lower) {
                r.thresholds.push_back(s);
                r.counts.push_back({tp, fp, r.groundTruth - recovered});
            }
        }
        r.predictions = tp + fp;
        if (!lowerDone) {
            r.thresholds.push_back(lower);
            r.counts.push_back({tp, fp, r.groundTruth - recovered});
        }
        std::reverse(r.thresholds.begin(), r.thresholds.end());
        std::reverse(r.counts.begin(), r.counts.end());
        out.push_back(std::move(r));
    }
    return out;
}

} // namespace optconf
