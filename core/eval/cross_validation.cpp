// SPDX-License-Identifier: MIT
#include "core/eval/cross_validation.h"
#include "core/eval/random.h"

namespace optconf {

std::vector<std::uint32_t> foldOf(std::size_t imageCount, int folds, std::uint64_t seed)
{
    std::vector<std::uint32_t> order(imageCount);
    for (std::size_t i = 0; i < imageCount; ++i)
        order[i] = static_cast<std::uint32_t>(i);
    SplitMix64 rng(seed);
    for (std::size_t i = imageCount; i > 1; --i)
        std::swap(order[i - 1], order[rng.below(i)]);
    std::vector<std::uint32_t> fold(imageCount);
    for (std::size_t k = 0; k < imageCount; ++k)
        fold[order[k]] = static_cast<std::uint32_t>(k % static_cast<std::size_t>(folds));
    return fold;
}

std::optional<CrossValidationResult> crossValidate(const ImageEvents& events, const EvaluationResult& result,
                                                   const CrossValidationOptions& options,
                                                   const std::function<bool(double)>& progress)
{
    const SweepOptions& so = result.sweep.options;
    const RuleSettings settings{so.lower, so.upper, so.objective};
    std::vector<LabelId> labels;
    for (const ClassCurve& c : result.sweep.classes)
        labels.push_back(c.label);
    CrossValidationResult out;
    out.folds = options.folds;
    out.seed = options.seed;
    std::vector<ThresholdRule> rules{ThresholdRule::Global};
    if (const auto why = perClassRefusal(result.request.match, so.pluginParity))
        out.note = *why;
    else
        rules.insert(rules.end(), {ThresholdRule::Independent, ThresholdRule::Joint});

    const std::vector<std::uint32_t> all(events.imageCount, 1);
    const auto inSampleRows = weightedClassRows(events, all, labels, so.lower);
    const auto fold = foldOf(events.imageCount, options.folds, options.seed);
    std::vector<Counts> pooled(rules.size());
    for (int f = 0; f < options.folds; ++f) {
        std::vector<std::uint32_t> train(events.imageCount), test(events.imageCount);
        for (std::size_t i = 0; i < events.imageCount; ++i) {
            train[i] = fold[i] != static_cast<std::uint32_t>(f);
            test[i] = 1 - train[i];
        }
        const auto trainRows = weightedClassRows(events, train, labels, so.lower);
        const auto testRows = weightedClassRows(events, test, labels, so.lower);
        for (std::size_t r = 0; r < rules.size(); ++r) {
            const auto chosen = applyRule(trainRows, rules[r], options.rails, settings);
            if (!chosen)
                return std::nullopt;
            const ClassThresholdMap map = chosen->thresholdMap();
            for (const ClassRows& row : testRows) {
                const Counts c = row.at(std::max(map.at(row.label), so.lower));
                pooled[r].tp += c.tp;
                pooled[r].fp += c.fp;
                pooled[r].fn += c.fn;
            }
        }
        if (progress && !progress(static_cast<double>(f + 1) / options.folds))
            return std::nullopt;
    }
    for (std::size_t r = 0; r < rules.size(); ++r) {
        RuleEstimate e;
        e.rule = rules[r];
        const auto in = applyRule(inSampleRows, rules[r], options.rails, settings);
        if (!in)
            return std::nullopt;
        e.inSample = in->deployed;
        e.heldOut = metricsAt(in->deployed.threshold, pooled[r], so.objective);
        out.rules.push_back(e);
    }
    return out;
}

} // namespace optconf
