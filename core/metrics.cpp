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

namespace {

/// The plugin's tp / (tp + 0.5 (fp + fn)), written as 2TP / (2TP + FP + FN): the same value.
double f1Of(const Counts& c)
{
    const auto tp = static_cast<double>(c.tp);
    const auto fp = static_cast<double>(c.fp);
    const auto fn = static_cast<double>(c.fn);
    return c.tp + c.fp + c.fn > 0 ? 2.0 * tp / (2.0 * tp + fp + fn) : 0.0;
}

} // namespace

double objectiveAt(const Counts& c, const Objective& objective)
{
    if (objective.isF1())
        return f1Of(c);
    const auto tp = static_cast<double>(c.tp);
    const auto fp = static_cast<double>(c.fp);
    const auto fn = static_cast<double>(c.fn);
    const double b2 = objective.beta * objective.beta;
    const double denominator = (1.0 + b2) * tp + b2 * fn + fp;
    return denominator > 0 ? (1.0 + b2) * tp / denominator : 0.0;
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
    m.f1 = f1Of(c);
    m.objective = objective.isF1() ? m.f1 : objectiveAt(c, objective);
    return m;
}

} // namespace optconf
