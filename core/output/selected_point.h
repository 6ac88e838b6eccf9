// SPDX-License-Identifier: MIT
#pragma once

#include "core/eval/sweep.h"

#include <optional>
#include <vector>

namespace optconf {

struct EvaluationResult;

/// A threshold the user chose instead of the optimum (the app's slider), with the figures there:
/// what a report or a thresholds file states when it is written at that threshold.
struct SelectedPoint
{
    double threshold = 0;
    Metrics total; ///< all classes (micro), at `threshold`
    /// Each class of EvaluationResult::sweep.classes, in that order; empty for a class without
    /// counts at any threshold (a run without SweepOptions::keepClassCounters).
    std::vector<std::optional<Metrics>> classes;
};

/// The figures of `result` at `threshold`: the total from `totalCounter` (the run's counter over
/// every class), each class from its ClassCurve::counter.
SelectedPoint selectedPoint(const EvaluationResult& result, const ThresholdCounter& totalCounter,
                            double threshold);

} // namespace optconf
