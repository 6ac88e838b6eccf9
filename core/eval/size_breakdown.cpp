// SPDX-License-Identifier: MIT
#include "core/eval/size_breakdown.h"

#include "core/eval/image_chunks.h"

#include <span>

namespace optconf {

namespace {
using SizeCounts = std::vector<ThresholdCounts>;

/// Counts of every range over the whole dataset: one IoU table per image serves all ranges.
SizeCounts countRanges(const Dataset& dataset, const LabelField& groundTruth, const LabelField& predictions,
                       const MatchOptions& options, std::span<const AreaRange> ranges)
{
    auto work = [&](std::size_t first, std::size_t last) {
        SizeCounts part(ranges.size());
        for (auto image = static_cast<SampleIndex>(first); image < last; ++image) {
            ImageBoxes boxes(dataset, groundTruth, predictions, image, options.protocol);
            if (ranges.size() > 1)
                boxes.findCandidates(options.iouThreshold);
            for (std::size_t r = 0; r < ranges.size(); ++r)
                part[r].add(matchImagePairs(dataset, groundTruth, predictions, image, boxes, options,
                                            options.classwise, &ranges[r]),
                            groundTruth, image);
        }
        return part;
    };
    SizeCounts out(ranges.size());
    for (SizeCounts& part : mapImageChunks<SizeCounts>(dataset.samples.size(), work))
        for (std::size_t r = 0; r < ranges.size(); ++r)
            out[r].append(std::move(part[r]));
    ThresholdCounts::sortAll(out);
    return out;
}
} // namespace

std::string_view objectSizeKey(ObjectSize size)
{
    switch (size) {
    case ObjectSize::Small:
        return "small";
    case ObjectSize::Medium:
        return "medium";
    case ObjectSize::Large:
        return "large";
    }
    return "";
}

AreaRange objectSizeRange(ObjectSize size)
{
    switch (size) {
    case ObjectSize::Small:
        return {0.0, 32.0 * 32.0};
    case ObjectSize::Medium:
        return {32.0 * 32.0, 96.0 * 96.0};
    case ObjectSize::Large:
        return {96.0 * 96.0, 1e5 * 1e5};
    }
    return {};
}

SizeBreakdown::SizeBreakdown(const Dataset& dataset, const LabelField& groundTruth,
                             const LabelField& predictions, const MatchOptions& options)
{
    std::array<AreaRange, kObjectSizeCount> ranges{};
    for (std::size_t s = 0; s < kObjectSizeCount; ++s)
        ranges[s] = objectSizeRange(static_cast<ObjectSize>(s));
    SizeCounts counts = countRanges(dataset, groundTruth, predictions, options, ranges);
    for (std::size_t s = 0; s < kObjectSizeCount; ++s)
        m_sizes[s] = std::move(counts[s]);
}

ThresholdCounts SizeBreakdown::count(const Dataset& dataset, const LabelField& groundTruth,
                                     const LabelField& predictions, const MatchOptions& options,
                                     const AreaRange& range)
{
    return std::move(countRanges(dataset, groundTruth, predictions, options, std::span(&range, 1)).front());
}

} // namespace optconf
