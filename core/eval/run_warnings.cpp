// SPDX-License-Identifier: MIT
#include "core/eval/run_warnings.h"

#include <cstdio>

namespace optconf {

namespace {

std::string text(double v)
{
    char buf[40];
    std::snprintf(buf, sizeof buf, "%g", v);
    return buf;
}

} // namespace

std::vector<std::string> degenerateRunWarnings(const EvaluationResult& result)
{
    std::vector<std::string> warnings;
    const SweepOptions& o = result.sweep.options;
    std::int64_t inside = 0;
    for (const MatchedPrediction& p : result.match.predictions)
        inside += p.score >= o.lower && p.score <= o.upper;
    if (inside == 0)
        warnings.push_back("no prediction scores inside the threshold bounds [" + text(o.lower) + ", " +
                           text(o.upper) + "] (" + std::to_string(result.match.predictions.size()) +
                           " counted predictions in all): every threshold there gives the same result, so "
                           "none of them is a choice; widen the bounds");
    const auto& optimum = result.sweep.total.optimum;
    if (optimum && optimum->counts.tp == 0)
        warnings.push_back("the optimum keeps no true positive (TP = 0 at threshold " +
                           text(optimum->threshold) +
                           "): it is no threshold to deploy; check the fields, the IoU threshold and the "
                           "bounds");
    return warnings;
}

} // namespace optconf
