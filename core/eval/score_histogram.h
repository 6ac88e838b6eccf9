// SPDX-License-Identifier: MIT
#pragma once

#include "core/eval/matching.h"

#include <cstdint>
#include <vector>

namespace optconf {

/// Scores of the true and false positives of a run (at threshold 0, every scored prediction that
/// counts), in equal bins: the picture that shows whether any threshold separates them. The bins
/// span [min(0, lowest score), max(1, highest score)], so scores in [0, 1] keep the usual axis.
struct ScoreHistogram
{
    double lower = 0;
    double upper = 1;
    std::vector<std::int64_t> truePositives;
    std::vector<std::int64_t> falsePositives;

    std::size_t bins() const { return truePositives.size(); }
    double binWidth() const { return (upper - lower) / static_cast<double>(bins()); }
    /// The bin a score falls in (the last bin includes `upper`).
    std::size_t binOf(double score) const;
};

ScoreHistogram scoreHistogram(const MatchResult& match, int bins = 20);

} // namespace optconf
