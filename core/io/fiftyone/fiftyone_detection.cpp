// SPDX-License-Identifier: MIT
#include "core/io/fiftyone/fiftyone_detection.h"
#include "core/io/format_common.h"
#include "core/io/json/json_input.h"

namespace optconf {

using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::object;

namespace {

bool crowdFlag(object detection)
{
    if (element e; !detection.at_key("iscrowd").get(e))
        return jsonTruthy(e).value_or(false);
    element attributes, crowd;
    if (detection.at_key("attributes").get(attributes) || !attributes.is_object() ||
        object(attributes).at_key("iscrowd").get(crowd))
        return false;
    if (crowd.is_object()) {
        element value;
        return !object(crowd).at_key("value").get(value) && jsonTruthy(value).value_or(false);
    }
    return jsonTruthy(crowd).value_or(false);
}

} // namespace

bool readFiftyOneDetection(object detection, Detection& d, const std::string& file, const std::string& path,
                           DiagnosticList& diagnostics)
{
    element bb;
    array box;
    if (detection.at_key("bounding_box").get(bb) || bb.get(box) || box.size() != 4) {
        diagnostics.error(file, path + "/bounding_box", "expected [x, y, w, h] (4 relative numbers)");
        return false;
    }
    double v[4];
    std::size_t j = 0;
    for (element x : box) {
        const auto n = jsonNumber(x);
        if (!n) {
            diagnostics.error(file, path + "/bounding_box",
                              "expected 4 numbers, found " + jsonTypeName(x.type()));
            return false;
        }
        v[j++] = *n;
    }
    d.box = {v[0], v[1], v[2], v[3]};
    d.area = d.box.area();
    if (element c; !detection.at_key("confidence").get(c) && !c.is_null()) {
        const auto n = jsonNumber(c);
        if (!n) {
            std::string found = jsonTypeName(c.type());
            if (std::string_view text; !c.get(text))
                found += " (\"" + formats::shortQuote(text) + "\")";
            diagnostics.error(file, path + "/confidence",
                              "a bad confidence: expected a number or null, found " + found);
            return false;
        }
        d.confidence = *n;
    }
    d.crowd = crowdFlag(detection);
    return true;
}

} // namespace optconf
