// SPDX-License-Identifier: MIT
#include "core/eval/deployed.h"
#include "core/eval/radix_sort.h"

#include <algorithm>
#include <cmath>

namespace optconf {

bool ClassThresholdMap::uniform() const
{
    return std::all_of(byLabel.begin(), byLabel.end(),
                       [&](const auto& entry) { return entry.second == defaultThreshold; });
}

std::optional<std::string> perClassRefusal(const MatchOptions& match, bool pluginParity)
{
    if (!match.classwise)
        return "per-class thresholds need classwise matching: with class-agnostic matching a box of "
               "one class can take an object of another, so dropping one class's boxes changes what "
               "the others match";
    if (pluginParity)
        return "per-class thresholds cannot be counted under plugin parity: it drops an image by "
               "whether any class keeps a box in it, which ties the classes together";
    return std::nullopt;
}

std::vector<ThresholdCounter> classCounters(const MatchResult& match, std::size_t labelCount,
                                            bool pluginParity)
{
    for (const MatchedPrediction& p : match.predictions)
        labelCount = std::max<std::size_t>(labelCount, std::size_t{p.label} + 1);
    for (const CountedGroundTruth& g : match.groundTruth)
        labelCount = std::max<std::size_t>(labelCount, std::size_t{g.label} + 1);
    std::vector<std::vector<double>> tp(labelCount), fp(labelCount), rec(labelCount), img(labelCount);
    for (const MatchedPrediction& p : match.predictions) {
        if (p.status == PredictionStatus::TruePositive)
            tp[p.label].push_back(p.score);
        else if (p.status == PredictionStatus::FalsePositive)
            fp[p.label].push_back(p.score);
    }
    for (const CountedGroundTruth& g : match.groundTruth) {
        rec[g.label].push_back(g.recoveredAt);
        if (pluginParity)
            img[g.label].push_back(g.imageMaxScore);
    }
    std::vector<ThresholdCounter> out;
    out.reserve(labelCount);
    for (std::size_t l = 0; l < labelCount; ++l) {
        detail::sortAscending(tp[l]);
        detail::sortAscending(fp[l]);
        detail::sortAscending(rec[l]);
        detail::sortAscending(img[l]);
        out.emplace_back(ThresholdCounter::Sorted{}, std::move(tp[l]), std::move(fp[l]), std::move(rec[l]),
                         std::move(img[l]), pluginParity);
    }
    return out;
}

std::optional<DeployedFigures> deployedFigures(const EvaluationResult& result,
                                               const ClassThresholdMap& thresholds)
{
    const bool parity = result.sweep.options.pluginParity;
    const Objective& objective = result.sweep.options.objective;
    DeployedFigures out;
    if (perClassRefusal(result.request.match, parity)) {
        if (!thresholds.uniform())
            return std::nullopt;
        const double t = thresholds.defaultThreshold;
        out.total = metricsAt(t, ThresholdCounter(result.match, std::nullopt, parity).at(t), objective);
        return out;
    }
    const auto counters = classCounters(result.match, 0, parity);
    Counts total;
    for (std::size_t l = 0; l < counters.size(); ++l) {
        const ThresholdCounter& c = counters[l];
        if (c.groundTruthCount() == 0 && c.predictionCount() == 0)
            continue;
        const double t = thresholds.at(static_cast<LabelId>(l));
        const Counts counts = std::isinf(t) && t > 0 ? Counts{0, 0, c.groundTruthCount()} : c.at(t);
        total.tp += counts.tp;
        total.fp += counts.fp;
        total.fn += counts.fn;
        out.classes.emplace_back(static_cast<LabelId>(l), counts);
    }
    out.total = metricsAt(thresholds.defaultThreshold, total, objective);
    return out;
}

} // namespace optconf
