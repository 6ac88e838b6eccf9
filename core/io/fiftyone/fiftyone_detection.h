// SPDX-License-Identifier: MIT
#pragma once

#include "core/model/dataset.h"
#include "core/model/diagnostics.h"

#include <simdjson.h>

#include <string>

namespace optconf {

/// What both FiftyOne formats (dataset exports and image-detection labels.json) store the same
/// way in a detection: `bounding_box` [x, y, w, h] relative, optional `confidence` (null = none),
/// and the crowd flag (`iscrowd`, or `attributes.iscrowd` as a value or as {"value": ...}).
/// Fills box, area, confidence and crowd of `d`; the label is the caller's, as the two formats
/// name it differently. Returns false after an error at `path` when the box or confidence is
/// malformed.
bool readFiftyOneDetection(simdjson::dom::object detection, Detection& d, const std::string& file,
                           const std::string& path, DiagnosticList& diagnostics);

} // namespace optconf
