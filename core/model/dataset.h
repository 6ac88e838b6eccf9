// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace optconf {

/// Index of a class label inside Dataset::labels.
using LabelId = std::uint32_t;
/// Index of an image inside Dataset::samples.
using SampleIndex = std::uint32_t;

/// An axis-aligned box as `[x, y, w, h]` in the units it was loaded in (pixels or relative).
struct Box
{
    double x = 0, y = 0, w = 0, h = 0;
    double area() const { return w * h; }
};

/// The units a dataset's boxes are in: the ground truth's (predictions read in other units are
/// converted to them on loading).
enum class BoxUnits
{
    Unknown,  ///< CSV without image sizes: as given
    Pixels,   ///< COCO, Pascal VOC, CSV with image width and height columns
    Relative, ///< YOLO, FiftyOne
};

inline constexpr double kNoConfidence = std::numeric_limits<double>::quiet_NaN();

/// One labelled box. Ground truth has no confidence; predictions usually do.
struct Detection
{
    Box box;
    /// NaN when the detection carries no confidence (never kept at any threshold).
    double confidence = kNoConfidence;
    /// The area pycocotools' area rule reads: the annotation's `area` when given, else w*h.
    double area = 0;
    LabelId label = 0;
    bool crowd = false;
    /// Pascal VOC "difficult": may be matched, never a miss; a match to it is neither TP nor FP
    /// (VOC devkit rules) unless MatchOptions::countDifficult.
    bool difficult = false;

    bool hasConfidence() const { return confidence == confidence; }
};

struct Sample
{
    std::string id;       ///< as the source names it (COCO image id, FiftyOne sample id, file stem)
    std::string fileName; ///< image file name or path as given by the source
    int width = 0;
    int height = 0;
};

/// A named set of detections for every sample, stored flat: detections of sample i are
/// `detections[offsets[i] .. offsets[i+1])`, in file order.
struct LabelField
{
    std::string name;
    std::string format; ///< e.g. "COCO ground truth", "COCO results", "FiftyOne dataset"
    std::string source; ///< file or folder it came from
    std::vector<Detection> detections;
    std::vector<std::uint32_t> offsets; ///< size samples+1

    std::span<const Detection> forSample(SampleIndex i) const
    {
        return {detections.data() + offsets[i], detections.data() + offsets[i + 1]};
    }
    std::size_t objectCount() const { return detections.size(); }
    std::size_t scoredCount() const;
    /// A field is offered as predictions when any of its objects has a confidence. Stops at the
    /// first scored object: the GUI asks this on every settings change.
    bool isScored() const;
};

struct Dataset
{
    std::vector<Sample> samples;
    std::vector<std::string> labels;
    /// Each label's id in its source, when it has one: the COCO category_id, the YOLO class index
    /// (what a deployed detector emits). As long as `labels`.
    std::vector<std::optional<std::int64_t>> labelSourceIds;
    std::vector<LabelField> fields;
    /// FiftyOne holds pixel boxes divided by the image size; its protocol computes IoU on those.
    BoxUnits boxUnits = BoxUnits::Unknown;

    const LabelField* field(std::string_view name) const;
};

} // namespace optconf
