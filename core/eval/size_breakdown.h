// SPDX-License-Identifier: MIT
#pragma once

#include "core/eval/threshold_counts.h"

#include <array>
#include <cstdint>
#include <string_view>

namespace optconf {

/// COCO's object sizes by area: small up to 32², medium 32² to 96², large above 96² (square pixels).
enum class ObjectSize : std::uint8_t
{
    Small,
    Medium,
    Large,
};
inline constexpr std::size_t kObjectSizeCount = 3;

/// "small", "medium", "large".
std::string_view objectSizeKey(ObjectSize size);
/// pycocotools' areaRng of a size: [0, 32²], [32², 96²], [96², 1e5²].
AreaRange objectSizeRange(ObjectSize size);

/// TP, FP and FN per object size at any threshold, as pycocotools evaluates an areaRng: the run's
/// matching redone with the objects outside the range ignored (sorted last; a prediction matched
/// to one counts for nothing; never a miss) and the unmatched predictions outside the range
/// ignored. The run's IoU, protocol, cap and class rule apply; every image counts. The area is the
/// annotation's `area` when the format gives one (COCO), else the box's, in pixels (relative
/// boxes times the image size; an object of an image without a size is in no range).
class SizeBreakdown
{
public:
    SizeBreakdown() = default;
    SizeBreakdown(const Dataset& dataset, const LabelField& groundTruth, const LabelField& predictions,
                  const MatchOptions& options);

    Counts at(double threshold, ObjectSize size) const
    {
        return m_sizes[static_cast<std::size_t>(size)].at(threshold);
    }
    /// The same counting over an arbitrary range (the full range gives the run's own counts).
    static ThresholdCounts count(const Dataset& dataset, const LabelField& groundTruth,
                                 const LabelField& predictions, const MatchOptions& options,
                                 const AreaRange& range);

private:
    std::array<ThresholdCounts, kObjectSizeCount> m_sizes;
};

} // namespace optconf
