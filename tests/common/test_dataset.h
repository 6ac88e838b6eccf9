// SPDX-License-Identifier: MIT
#pragma once

// Builds small datasets in code for hand-derived test cases.

#include "core/eval/evaluation.h"
#include "core/model/dataset_builder.h"

#include <cmath>
#include <string>
#include <utility>
#include <vector>

namespace optconf::test {

struct Obj
{
    std::string label;
    Box box;
    double score = kNoConfidence;
    bool crowd = false;
    bool difficult = false;
};

using Image = std::vector<Obj>;

/// An image's width and height in pixels.
using ImageSize = std::pair<int, int>;

/// One image per entry of `gt`/`pred` (same length); fields "ground_truth" and "predictions".
/// Images are 100 x 100 unless `sizes` gives each one's; `units` are the boxes' (as a loader sets
/// them: the fiftyone protocol divides pixel boxes by the image size).
inline Dataset makeDataset(const std::vector<Image>& gt, const std::vector<Image>& pred,
                           BoxUnits units = BoxUnits::Unknown, const std::vector<ImageSize>& sizes = {})
{
    DatasetBuilder b;
    b.boxUnits = units;
    for (std::size_t i = 0; i < gt.size(); ++i) {
        const ImageSize size = i < sizes.size() ? sizes[i] : ImageSize{100, 100};
        b.addSample(
            {std::to_string(i + 1), "image" + std::to_string(i + 1) + ".jpg", size.first, size.second});
    }
    auto addField = [&](const char* name, const std::vector<Image>& images) {
        auto& f = b.addField(name, "test", "memory");
        for (std::size_t i = 0; i < images.size(); ++i) {
            for (const Obj& o : images[i]) {
                Detection d;
                d.box = o.box;
                d.area = o.box.area();
                d.confidence = o.score;
                d.crowd = o.crowd;
                d.difficult = o.difficult;
                d.label = b.label(o.label);
                f.add(static_cast<SampleIndex>(i), d);
            }
        }
    };
    addField("ground_truth", gt);
    addField("predictions", pred);
    return std::move(b).build();
}

inline EvaluationRequest request(Protocol protocol = Protocol::FiftyOne, bool classwise = true,
                                 double iou = 0.5)
{
    EvaluationRequest r;
    r.groundTruthField = "ground_truth";
    r.predictionField = "predictions";
    r.match.protocol = protocol;
    r.match.classwise = classwise;
    r.match.iouThreshold = iou;
    if (protocol == Protocol::Coco)
        r.match.maxDetections = 100;
    return r;
}

/// Counts at threshold t for a dataset and request: one matching pass, then the counter.
inline Counts countsAt(const Dataset& d, const EvaluationRequest& r, double t, bool pluginParity = false)
{
    const Matcher matcher(d, *d.field(r.groundTruthField), *d.field(r.predictionField), r.match);
    const MatchResult m = *matcher.run();
    return ThresholdCounter(m, std::nullopt, pluginParity).at(t);
}

} // namespace optconf::test

#include "counts_to_string.h"
