// SPDX-License-Identifier: MIT
#include "core/output/selected_point.h"

#include "core/eval/evaluation.h"

namespace optconf {

SelectedPoint selectedPoint(const EvaluationResult& result, const ThresholdCounter& totalCounter,
                            double threshold)
{
    const Objective& objective = result.sweep.options.objective;
    SelectedPoint point;
    point.threshold = threshold;
    point.total = metricsAt(totalCounter, threshold, objective);
    point.classes.reserve(result.sweep.classes.size());
    for (const ClassCurve& c : result.sweep.classes)
        point.classes.push_back(c.counter ? std::optional(metricsAt(*c.counter, threshold, objective))
                                          : std::nullopt);
    return point;
}

} // namespace optconf
