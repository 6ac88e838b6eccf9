// SPDX-License-Identifier: MIT
#include "core/io/detection_checks.h"

#include <cmath>

namespace optconf {

bool checkDetection(const Detection& d, const std::string& file, const std::function<std::string()>& where,
                    DiagnosticList& diagnostics)
{
    const Box& b = d.box;
    if (!std::isfinite(b.x) || !std::isfinite(b.y) || !std::isfinite(b.w) || !std::isfinite(b.h)) {
        diagnostics.error(file, where(), "box coordinates must be finite numbers");
        return false;
    }
    // Reliability (issue 7): finite coordinates can still overflow when combined (1e308 wide and
    // high): IoU would be NaN and the box would silently never match. Refuse them.
    if (!std::isfinite(b.x + b.w) || !std::isfinite(b.y + b.h) || !std::isfinite(b.w * b.h)) {
        diagnostics.error(file, where(), "box coordinates are too large (they overflow when combined)");
        return false;
    }
    if (d.hasConfidence() && !std::isfinite(d.confidence)) {
        diagnostics.error(file, where(), "confidence must be a finite number");
        return false;
    }
    if (!(b.w > 0) || !(b.h > 0))
        diagnostics.warning(file, where(),
                            "box with zero or negative width or height (kept; it can never be matched)");
    if (d.hasConfidence() && (d.confidence < 0.0 || d.confidence > 1.0))
        diagnostics.warning(file, where(), "confidence outside [0, 1] (kept as given)");
    return true;
}

} // namespace optconf
