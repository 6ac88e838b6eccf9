// SPDX-License-Identifier: MIT
#include "core/eval/score_histogram.h"

#include <algorithm>
#include <cmath>

namespace optconf {

std::size_t ScoreHistogram::binOf(double score) const
{
    const double width = binWidth();
    const double position = width > 0 ? std::floor((score - lower) / width) : 0.0;
    return static_cast<std::size_t>(std::clamp(position, 0.0, static_cast<double>(bins() - 1)));
}

ScoreHistogram scoreHistogram(const MatchResult& match, int bins)
{
    ScoreHistogram h;
    const auto n = static_cast<std::size_t>(std::max(bins, 1));
    h.truePositives.assign(n, 0);
    h.falsePositives.assign(n, 0);
    for (const MatchedPrediction& p : match.predictions) {
        if (std::isfinite(p.score)) {
            h.lower = std::min(h.lower, p.score);
            h.upper = std::max(h.upper, p.score);
        }
    }
    for (const MatchedPrediction& p : match.predictions) {
        if (!std::isfinite(p.score) || p.status == PredictionStatus::Ignored)
            continue;
        auto& counts = p.status == PredictionStatus::TruePositive ? h.truePositives : h.falsePositives;
        ++counts[h.binOf(p.score)];
    }
    return h;
}

} // namespace optconf
