// SPDX-License-Identifier: MIT
#include "metrics.h"

#include <cstdio>

namespace optconf {

std::string Objective::name() const
{
    if (isF1())
        return "F1";
    char buf[32];
    std::snprintf(buf, sizeof buf, "F%g", beta);
    return buf;
}

Metrics metricsAt(double threshold, const Counts& c, const Objective& objective)
{
    Metrics m;
    m.threshold = threshold;
    m.counts = c;
    const auto tp = static_cast<double>(c.tp);
    const auto fp = static_cast<double>(c.fp);
    const auto fn = static_cast<double>(c.fn);
    if (c.tp + c.fp > 0)
        m.precision = tp / (tp + fp);
    if (c.tp + c.fn > 0)
        m.recall = tp / (tp + fn);
    m.f1Defined = c.tp + c.fp + c.fn > 0;
    // The plugin's tp / (tp + 0.5 (fp + fn)), written as 2TP / (2TP + FP + FN): the same value.
    m.f1 = m.f1Defined ? 2.0 * tp / (2.0 * tp + fp + fn) : 0.0;
    if (objective.isF1()) {
        m.objective = m.f1;
    } else {
        const double b2 = objective.beta * objective.beta;
        const double denominator = (1.0 + b2) * tp + b2 * fn + fp;
        m.objective = denominator > 0 ? (1.0 + b2) * tp / denominator : 0.0;
    }
    return m;
}

} // namespace optconf
