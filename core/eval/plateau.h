// SPDX-License-Identifier: MIT
#pragma once

#include "core/eval/bootstrap.h"
#include "core/eval/sweep.h"

#include <optional>

namespace optconf {

inline constexpr double kDefaultPlateauTolerance = 0.005;

/// The contiguous range of thresholds around the exact optimum whose objective stays within
/// `tolerance` of it: any threshold in it does as well, to that tolerance. Read from the exact
/// rows when the curve kept them, else from the grid; nullopt without an optimum. `objective` says
/// which side is worse (a lower F-beta, a higher cost); the tolerance is in its units.
std::optional<Interval> plateau(const Curve& curve, double tolerance = kDefaultPlateauTolerance,
                                const Objective& objective = {});

} // namespace optconf
