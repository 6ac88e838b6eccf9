// SPDX-License-Identifier: MIT
#include "core/eval/evaluation.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <vector>

namespace optconf {

std::optional<std::string> objectiveProblem(const Objective& o)
{
    if (o.isCost()) {
        for (const double c : {o.costFp, o.costFn})
            if (!std::isfinite(c) || c < 0.0)
                return "the costs must be non-negative numbers";
        if (o.costFp == 0.0 && o.costFn == 0.0)
            return "the costs must not both be zero (every threshold would cost nothing)";
        return std::nullopt;
    }
    if (!(o.beta > 0.0) || !std::isfinite(o.beta))
        return "beta must be a positive number";
    return std::nullopt;
}

std::optional<std::string> validate(const Dataset& dataset, const EvaluationRequest& r)
{
    const LabelField* gt = dataset.field(r.groundTruthField);
    const LabelField* pred = dataset.field(r.predictionField);
    if (r.groundTruthField.empty())
        return "choose a ground-truth field";
    if (r.predictionField.empty())
        return "choose a prediction field";
    if (!gt)
        return "there is no field named '" + r.groundTruthField + "'";
    if (!pred)
        return "there is no field named '" + r.predictionField + "'";
    if (r.groundTruthField == r.predictionField)
        return "the ground-truth and prediction fields must be different";
    if (!pred->isScored())
        return "field '" + r.predictionField + "' has no confidences, so it cannot be swept";
    const auto& s = r.sweep;
    if (!std::isfinite(s.lower) || !std::isfinite(s.upper))
        return "the bounds must be finite numbers";
    if (s.lower > s.upper)
        return "the lower bound must not exceed the upper bound";
    if (s.steps < 1 || s.steps > 1'000'000)
        return "steps must be between 1 and 1000000";
    if (!(r.match.iouThreshold > 0.0 && r.match.iouThreshold <= 1.0))
        return "the IoU threshold must be in (0, 1]";
    if (const auto why = objectiveProblem(s.objective))
        return why;
    if (r.match.maxDetections && *r.match.maxDetections < 1)
        return "the per-image detection limit must be at least 1";
    if (s.minPrecision && !(*s.minPrecision >= 0.0 && *s.minPrecision <= 1.0))
        return "the minimum precision must be in [0, 1]";
    if (s.minRecall && !(*s.minRecall >= 0.0 && *s.minRecall <= 1.0))
        return "the minimum recall must be in [0, 1]";
    // Every class with data gets a row per grid threshold; refuse a run whose per-class grids
    // would not fit in memory (a million steps for 80 classes would need gigabytes) rather than
    // be killed by the system.
    // The class count bounds the rows from above, so the scan over every detection (which the GUI
    // would repeat on each settings change) is only needed when that bound is over the limit.
    const auto classBound = static_cast<long long>(dataset.labels.size());
    if (s.perClass && classBound * static_cast<long long>(s.steps) > kMaxPerClassGridRows) {
        std::vector<bool> used(dataset.labels.size(), false);
        for (const LabelField* f : {gt, pred})
            for (const Detection& d : f->detections)
                if (d.label < used.size())
                    used[d.label] = true;
        const auto classes = static_cast<long long>(std::count(used.begin(), used.end(), true));
        if (classes > 0 && classes * static_cast<long long>(s.steps) > kMaxPerClassGridRows)
            return "steps x classes is too large: " + std::to_string(s.steps) + " steps for " +
                   std::to_string(classes) + " classes; use at most " +
                   std::to_string(std::max(1LL, kMaxPerClassGridRows / classes)) + " steps";
    }
    return std::nullopt;
}

std::optional<EvaluationResult> evaluate(const Dataset& dataset, const EvaluationRequest& request,
                                         const EvaluationCallback& progress,
                                         std::size_t partialCurveEveryImages)
{
    const LabelField& gt = *dataset.field(request.groundTruthField);
    const LabelField& pred = *dataset.field(request.predictionField);
    const std::size_t imageCount = dataset.samples.size();
    // Matching is nearly all of the work; the remaining stages share the last 10 %.
    constexpr double kMatchShare = 0.9;

    // The cost objective is per image of this run.
    EvaluationRequest run = request;
    run.sweep.objective.images = static_cast<std::int64_t>(imageCount);
    const Matcher matcher(dataset, gt, pred, request.match);
    const std::vector<double> grid = linspace(request.sweep.lower, request.sweep.upper, request.sweep.steps);
    std::size_t nextPartial = partialCurveEveryImages;
    // A partial curve sorts everything matched so far: also wait at least 10x as long as the last
    // one took, so that streaming costs the run at most about a tenth more.
    using Clock = std::chrono::steady_clock;
    Clock::time_point notBefore = Clock::now();
    auto onChunk = [&](const MatchResult& soFar, std::size_t done) {
        if (!progress)
            return true;
        EvaluationProgress p{EvaluationStage::Match,
                             kMatchShare * static_cast<double>(done) /
                                 static_cast<double>(std::max<std::size_t>(imageCount, 1)),
                             done, imageCount, nullptr};
        Curve partial;
        if (partialCurveEveryImages > 0 && done >= nextPartial && done < imageCount &&
            Clock::now() >= notBefore) {
            nextPartial = done + partialCurveEveryImages;
            const auto start = Clock::now();
            SweepOptions options = run.sweep;
            partial =
                computeCurve(ThresholdCounter(soFar, std::nullopt, options.pluginParity), grid, options);
            p.partialCurve = &partial;
            const auto end = Clock::now();
            notBefore = end + 10 * (end - start);
        }
        return progress(p);
    };
    std::optional<MatchResult> match = matcher.run(onChunk);
    if (!match)
        return std::nullopt;

    EvaluationResult result;
    result.request = run;
    result.imageCount = imageCount;
    // AP first: its per-detection records (24 bytes a prediction) are freed before the sweep,
    // whose per-class split is the run's peak of memory.
    if (progress &&
        !progress({EvaluationStage::AveragePrecision, kMatchShare, imageCount, imageCount, nullptr}))
        return std::nullopt;
    if (request.match.computeAp)
        result.ap = averagePrecision(*match, dataset.labels.size(), request.match.protocol);
    match->apDetections = {};
    if (progress && !progress({EvaluationStage::Sweep, 0.95, imageCount, imageCount, nullptr}))
        return std::nullopt;
    result.sweep = sweep(*match, dataset.labels, run.sweep);
    result.match = std::move(*match);
    if (progress)
        progress({EvaluationStage::Sweep, 1.0, imageCount, imageCount, nullptr});
    return result;
}

} // namespace optconf
