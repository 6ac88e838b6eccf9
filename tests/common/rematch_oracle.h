// SPDX-License-Identifier: MIT
#pragma once

// The slow reference for the counts: re-matches every image from scratch at each threshold.

#include "core/eval/evaluation.h"

#include <algorithm>
#include <vector>

namespace optconf::test {

/// The slow reference: filter predictions at t, then match every image again with the plain
/// textbook loop (semantics.md §3, §5, §6), written independently of core/eval/matching.cpp.
inline Counts oracleCounts(const Dataset& d, const EvaluationRequest& r, double t, bool parity)
{
    const LabelField& gtField = *d.field(r.groundTruthField);
    const LabelField& predField = *d.field(r.predictionField);
    const bool coco = r.match.protocol == Protocol::Coco;
    Counts c;
    for (SampleIndex s = 0; s < d.samples.size(); ++s) {
        // FiftyOne holds pixel boxes divided by the image size: its IoU is computed on those.
        const double width = d.samples[s].width, height = d.samples[s].height;
        const bool relative = !coco && d.boxUnits == BoxUnits::Pixels && width > 0 && height > 0;
        auto held = [&](const Box& b) {
            return relative ? Box{b.x / width, b.y / height, b.w / width, b.h / height} : b;
        };
        std::vector<Detection> preds;
        for (const Detection& p : predField.forSample(s))
            if (p.hasConfidence() && p.confidence >= t)
                preds.push_back(p);
        if (parity && preds.empty())
            continue; // filter_labels drops the image
        // Stable by score, then cap per bucket (coco caps per image and category).
        std::vector<std::size_t> order(preds.size());
        for (std::size_t i = 0; i < order.size(); ++i)
            order[i] = i;
        std::stable_sort(order.begin(), order.end(),
                         [&](auto a, auto b) { return preds[a].confidence > preds[b].confidence; });
        const auto gts = gtField.forSample(s);
        std::vector<LabelId> buckets;
        for (const Detection& g : gts)
            buckets.push_back(r.match.classwise ? g.label : 0);
        for (const Detection& p : preds)
            buckets.push_back(r.match.classwise ? p.label : 0);
        std::sort(buckets.begin(), buckets.end());
        buckets.erase(std::unique(buckets.begin(), buckets.end()), buckets.end());
        for (LabelId bucket : buckets) {
            auto inBucket = [&](const Detection& x) { return (r.match.classwise ? x.label : 0) == bucket; };
            auto ignored = [&](const Detection& g) {
                return g.difficult || g.crowd || (coco && !(g.area >= 0 && g.area <= 1e10));
            };
            auto uncounted = [&](const Detection& g) {
                return g.difficult || (coco && (g.crowd || !(g.area >= 0 && g.area <= 1e10)));
            };
            std::vector<const Detection*> bg;
            for (const Detection& g : gts)
                if (inBucket(g) && !ignored(g))
                    bg.push_back(&g);
            for (const Detection& g : gts)
                if (inBucket(g) && ignored(g))
                    bg.push_back(&g);
            std::vector<const Detection*> bp;
            for (std::size_t i : order)
                if (inBucket(preds[i]))
                    bp.push_back(&preds[i]);
            if (r.match.maxDetections && bp.size() > std::size_t(*r.match.maxDetections))
                bp.resize(std::size_t(*r.match.maxDetections));
            std::vector<bool> used(bg.size(), false), found(bg.size(), false);
            for (const Detection* p : bp) {
                double best = std::min(r.match.iouThreshold, 1 - 1e-10);
                int m = -1;
                for (std::size_t g = 0; g < bg.size(); ++g) {
                    if (used[g] && !bg[g]->crowd)
                        continue;
                    // FiftyOne, class-agnostic: a crowd only takes predictions of its own class.
                    if (!coco && !r.match.classwise && bg[g]->crowd && bg[g]->label != p->label)
                        continue;
                    if (m >= 0 && !ignored(*bg[std::size_t(m)]) && ignored(*bg[g]))
                        break;
                    const double v = iou(held(p->box), held(bg[g]->box), bg[g]->crowd);
                    if (v < best)
                        continue;
                    best = v;
                    m = int(g);
                }
                if (m < 0) {
                    if (!(coco && !(p->box.area() >= 0 && p->box.area() <= 1e10)))
                        ++c.fp;
                    continue;
                }
                used[std::size_t(m)] = true;
                const Detection* g = bg[std::size_t(m)];
                if (uncounted(*g))
                    continue;
                if (g->label == p->label) {
                    ++c.tp;
                    found[std::size_t(m)] = true;
                } else {
                    ++c.fp;
                }
            }
            for (std::size_t g = 0; g < bg.size(); ++g)
                if (!uncounted(*bg[g]) && !found[g])
                    ++c.fn;
        }
    }
    return c;
}

} // namespace optconf::test
