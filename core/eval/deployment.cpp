// SPDX-License-Identifier: MIT
#include "core/eval/deployment.h"

#include <cstdio>

namespace optconf {

const RuleResult* DeploymentReport::rule(ThresholdRule r) const
{
    for (const RuleResult& x : rules)
        if (x.rule == r)
            return &x;
    return nullptr;
}

namespace {

/// The global rule read off the sweep: valid for any run, tied classes included.
RuleResult globalFromSweep(const EvaluationResult& result, const GuardRails& rails)
{
    RuleResult g;
    g.rule = ThresholdRule::Global;
    g.rails = rails;
    g.globalThreshold = result.sweep.total.optimum->threshold;
    g.deployed = *result.sweep.total.optimum;
    for (const ClassCurve& c : result.sweep.classes) {
        ClassChoice choice;
        choice.label = c.label;
        choice.threshold = g.globalThreshold;
        choice.groundTruth = c.groundTruth;
        choice.predictions = c.predictions;
        if (c.atGlobalOptimum)
            choice.counts = c.atGlobalOptimum->counts;
        g.classes.push_back(choice);
    }
    return g;
}

} // namespace

std::string objectiveNote(const DeploymentReport& report)
{
    if (report.objective.isF1() || report.rules.empty())
        return {};
    std::string out = "Chosen by " + report.objective.describe() + ":";
    for (std::size_t i = 0; i < report.rules.size(); ++i) {
        const Metrics& m = report.rules[i].deployed;
        char value[32] = "-";
        if (m.f1Defined)
            std::snprintf(value, sizeof value, "%.4f", m.objective);
        out += (i ? ", " : " ") + ruleName(report.rules[i].rule) + " " + value;
    }
    return out + ".";
}

std::optional<DeploymentReport> computeDeployment(const Dataset& dataset, const EvaluationResult& result,
                                                  const DeploymentRequest& request,
                                                  const std::function<bool(double, const char*)>& progress)
{
    if (!result.sweep.total.optimum)
        return std::nullopt;
    const SweepOptions& so = result.sweep.options;
    DeploymentReport out;
    out.plateauTolerance = request.plateauTolerance;
    out.objective = so.objective;
    out.plateau = plateau(result.sweep.total, request.plateauTolerance, result.sweep.options.objective);
    if (const auto why = perClassRefusal(result.request.match, so.pluginParity)) {
        out.rulesNote = *why;
        out.rules.push_back(globalFromSweep(result, request.rails));
    } else {
        const auto rows = classRows(result);
        const RuleSettings settings{so.lower, so.upper, so.objective};
        for (ThresholdRule r : {ThresholdRule::Global, ThresholdRule::Independent, ThresholdRule::Joint})
            if (auto applied = applyRule(rows, r, request.rails, settings))
                out.rules.push_back(std::move(*applied));
    }
    if (request.applied) {
        out.appliedMap = request.applied;
        out.appliedSource = request.appliedSource;
        out.applied = deployedFigures(result, *request.applied);
        if (!out.applied)
            out.appliedNote = perClassRefusal(result.request.match, so.pluginParity).value_or(std::string());
    }
    const bool wantFolds = request.folds >= 2;
    if (!wantFolds && request.replicates <= 0)
        return out;
    // Resampling needs each image's records: one more matching pass, image by image.
    const double eventsShare = 0.3;
    const auto events = imageEvents(dataset, result.request, [&](double f) {
        return !progress || progress(eventsShare * f, "matching image by image");
    });
    if (!events)
        return std::nullopt;
    const double cvShare = wantFolds ? (request.replicates > 0 ? 0.2 : 0.7) : 0.0;
    if (wantFolds) {
        if (so.pluginParity) {
            out.crossValidationNote = "cross-validation is not offered under plugin parity";
        } else if (static_cast<std::size_t>(request.folds) > events->imageCount) {
            out.crossValidationNote = "more folds than images";
        } else {
            CrossValidationOptions options;
            options.folds = request.folds;
            options.seed = request.seed;
            options.rails = request.rails;
            out.crossValidation = crossValidate(*events, result, options, [&](double f) {
                return !progress || progress(eventsShare + cvShare * f, "cross-validating");
            });
            if (!out.crossValidation)
                return std::nullopt;
        }
    }
    if (request.replicates > 0) {
        BootstrapOptions options;
        options.replicates = request.replicates;
        options.seed = request.seed;
        const double start = eventsShare + cvShare;
        out.bootstrap = bootstrap(*events, result, options, [&](double f) {
            return !progress || progress(start + (1 - start) * f, "bootstrapping");
        });
        if (!out.bootstrap)
            return std::nullopt;
    }
    return out;
}

} // namespace optconf
