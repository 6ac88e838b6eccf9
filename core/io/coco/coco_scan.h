// SPDX-License-Identifier: MIT
#pragma once

#include "core/model/dataset.h"

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace optconf {

/// The values of one COCO results element or ground-truth annotation that OptConf reads.
struct CocoElementValues
{
    std::optional<std::int64_t> imageNumber;     ///< an integer image_id
    std::optional<std::string_view> imageString; ///< a string image_id
    std::int64_t category = 0;
    Box box;
    std::optional<double> score; ///< absent or null: none
    std::optional<double> area;  ///< a finite number
    bool crowd = false;
};

/// Scans the text between the brackets of a block of COCO objects ({"image_id": 1, "category_id":
/// 3, "bbox": [x, y, w, h], "score": 0.5}, and "id", "area", "iscrowd" in annotations) without
/// building any DOM: it is nearly all of the time spent reading large COCO files.
///
/// It takes only what it can read exactly as simdjson and the whole-document loops would: the
/// keys above once each (the three that the loops require present), integers that fit 64 bits,
/// plain-ASCII strings without escapes, null scores, 0/1/true/false crowds. It returns false at
/// anything else (other keys, escapes, other types, malformed JSON), and the caller then parses the
/// block with simdjson, whose readers say what is wrong. `out` is cleared first.
///
/// Why not simdjson On-Demand, which the project links: on these blocks (the 20,000-image
/// synthetic set, 560k results) it took 1.4x this scanner's CPU time for the load (the block
/// parsing about 1.8x: with the distribution's compile flags On-Demand's second stage is
/// simdjson's portable fallback), and its get_number() in simdjson 3.0 reads a decimal of more
/// than 19 digits as 0. The values still go through the one element reader (coco_elements.h).
bool scanCocoElements(std::string_view text, bool annotations, std::vector<CocoElementValues>& out);

} // namespace optconf
