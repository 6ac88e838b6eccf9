// SPDX-License-Identifier: MIT
#include "core/eval/metrics.h"

#include <charconv>
#include <cstdio>

namespace optconf {

namespace {

/// Shortest text that reads back as the same double.
std::string shortNumber(double x)
{
    char buf[40];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, x);
    return std::string(buf, ec == std::errc() ? end : buf);
}

} // namespace

std::string Objective::name() const
{
    if (isCost())
        return "cost";
    if (isF1())
        return "F1";
    char buf[32];
    std::snprintf(buf, sizeof buf, "F%g", beta);
    return buf;
}

std::string Objective::spec() const
{
    if (isCost())
        return "cost:" + shortNumber(costFp) + "," + shortNumber(costFn);
    return isF1() ? std::string("f1") : "fbeta:" + shortNumber(beta);
}

std::string Objective::describe() const
{
    if (!isCost())
        return name();
    return "cost per image (FP " + shortNumber(costFp) + ", FN " + shortNumber(costFn) + ")";
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
    m.f1 = f1At(c);
    m.objective = objective.isF1() ? m.f1 : objectiveAt(c, objective);
    return m;
}

} // namespace optconf
