// SPDX-License-Identifier: MIT
#include "core/eval/plateau.h"

namespace optconf {

std::optional<Interval> plateau(const Curve& curve, double tolerance, const Objective& objective)
{
    if (!curve.optimum)
        return std::nullopt;
    const std::vector<Metrics>& rows = curve.exact.empty() ? curve.grid : curve.exact;
    const double best = curve.optimum->objective;
    // Within the tolerance on the worse side: below the highest F-beta, above the lowest cost.
    const bool cost = objective.isCost();
    auto within = [&](const Metrics& m) {
        return m.f1Defined && (cost ? m.objective <= best + tolerance : m.objective >= best - tolerance);
    };
    // The row at (or, on the grid, nearest below) the optimum's threshold starts the walk.
    std::size_t at = 0;
    for (std::size_t i = 0; i < rows.size(); ++i)
        if (rows[i].threshold <= curve.optimum->threshold)
            at = i;
    Interval out{curve.optimum->threshold, curve.optimum->threshold};
    for (std::size_t i = at + 1; i < rows.size() && within(rows[i]); ++i)
        out.hi = std::max(out.hi, rows[i].threshold);
    for (std::size_t i = at + 1; i-- > 0 && within(rows[i]);)
        out.lo = std::min(out.lo, rows[i].threshold);
    return out;
}

} // namespace optconf
