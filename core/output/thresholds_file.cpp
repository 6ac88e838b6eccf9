// SPDX-License-Identifier: MIT
#include "core/output/thresholds_file.h"
#include "core/eval/deployed.h"
#include "core/eval/run_warnings.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

namespace optconf {

using Json = nlohmann::ordered_json;

std::optional<DeployableThresholds> deployableThresholds(const EvaluationResult& result,
                                                         std::int64_t minGroundTruth)
{
    if (!result.sweep.total.optimum)
        return std::nullopt;
    DeployableThresholds out;
    out.globalThreshold = result.sweep.total.optimum->threshold;
    for (const ClassCurve& c : result.sweep.classes) {
        DeployedThreshold d;
        d.classIndex = c.label;
        d.label = c.name;
        d.groundTruth = c.groundTruth;
        d.threshold = out.globalThreshold;
        if (c.groundTruth < minGroundTruth)
            d.reason = "fewer than " + std::to_string(minGroundTruth) + " ground-truth objects";
        else if (!c.curve.optimum)
            d.reason = "no optimum in the threshold range";
        else if (c.curve.optimum->counts.tp == 0)
            d.reason = "no true positive at its optimum";
        else {
            d.threshold = c.curve.optimum->threshold;
            d.fromClass = true;
        }
        d.at = d.fromClass ? c.curve.optimum : c.atGlobalOptimum;
        out.classes.push_back(std::move(d));
    }
    return out;
}

bool ThresholdChoice::isDefault() const
{
    const GuardRails d;
    return rule == ThresholdRule::Independent && rails.minGroundTruth == d.minGroundTruth &&
           rails.minTruePositives == d.minTruePositives && !rails.floor && !rails.ceiling &&
           rails.suppressWithoutGroundTruth == d.suppressWithoutGroundTruth;
}

std::optional<DeployableThresholds> deployableThresholds(const EvaluationResult& result,
                                                         const ThresholdChoice& choice)
{
    if (choice.isDefault())
        return deployableThresholds(result, choice.rails.minGroundTruth);
    if (choice.rule != ThresholdRule::Global &&
        perClassRefusal(result.request.match, result.sweep.options.pluginParity))
        return std::nullopt;
    const auto rows = classRows(result);
    const SweepOptions& so = result.sweep.options;
    const auto applied =
        applyRule(rows, choice.rule, choice.rails, RuleSettings{so.lower, so.upper, so.objective});
    if (!applied || !result.sweep.total.optimum)
        return std::nullopt;
    DeployableThresholds out;
    out.globalThreshold = applied->globalThreshold;
    for (std::size_t i = 0; i < applied->classes.size(); ++i) {
        const ClassChoice& c = applied->classes[i];
        const ClassCurve& curve = result.sweep.classes[i];
        DeployedThreshold d;
        d.classIndex = c.label;
        d.label = curve.name;
        d.groundTruth = c.groundTruth;
        d.reason = c.reason;
        d.threshold = c.threshold;
        d.fromClass = c.source == ClassChoice::Source::Own;
        if (c.source == ClassChoice::Source::Suppressed) {
            const std::vector<double>& t = rows[i].thresholds;
            const double top = std::max({1.0, so.upper, t.empty() ? 0.0 : t.back()});
            d.threshold = std::nextafter(top, std::numeric_limits<double>::infinity());
            d.suppressed = true;
            d.source = "suppressed";
        } else if (c.source == ClassChoice::Source::Own) {
            d.source = choice.rule == ThresholdRule::Joint ? "joint optimum" : "class optimum";
        } else {
            d.source = "global optimum";
        }
        d.at = metricsAt(c.threshold, c.counts, so.objective);
        out.classes.push_back(std::move(d));
    }
    return out;
}

namespace {

Json optionalF1(const std::optional<Metrics>& m)
{
    return m && m->f1Defined ? Json(m->f1) : Json(nullptr);
}

Json optionalObjective(const std::optional<Metrics>& m)
{
    return m && m->f1Defined ? Json(m->objective) : Json(nullptr);
}

Json optionalNumber(const std::optional<double>& v)
{
    return v ? Json(*v) : Json(nullptr);
}

std::string shortText(double v)
{
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.4f", v);
    return buf;
}

} // namespace

namespace {

void addLowestScoreWarning(std::vector<std::string>& warnings, const DeployedThreshold& d,
                           const std::vector<std::optional<double>>& lowest)
{
    const auto& low = d.classIndex < lowest.size() ? lowest[d.classIndex] : std::nullopt;
    if (low && d.threshold < *low)
        warnings.push_back("class '" + d.label + "': threshold " + shortText(d.threshold) +
                           " lies below the lowest score the model produced for it (" + shortText(*low) +
                           "); the evaluation saw no prediction in between, so a model run with a lower "
                           "confidence cutoff would emit boxes this threshold keeps that were never "
                           "evaluated");
}

} // namespace

std::vector<std::optional<double>> lowestScores(const Dataset& dataset, const std::string& predictionField)
{
    std::vector<std::optional<double>> lowest(dataset.labels.size());
    const LabelField* field = dataset.field(predictionField);
    if (!field)
        return lowest;
    for (const Detection& d : field->detections) {
        if (!d.hasConfidence() || d.label >= lowest.size())
            continue;
        auto& l = lowest[d.label];
        if (!l || d.confidence < *l)
            l = d.confidence;
    }
    return lowest;
}

std::vector<std::string> thresholdWarnings(const Dataset& dataset, const EvaluationResult& result)
{
    std::vector<std::string> warnings;
    const auto deployed = deployableThresholds(result);
    if (!deployed)
        return warnings;
    const auto lowest = lowestScores(dataset, result.request.predictionField);
    for (const DeployedThreshold& d : deployed->classes)
        addLowestScoreWarning(warnings, d, lowest);
    return warnings;
}

namespace {

/// The class's id in its source (COCO category_id, YOLO class index), when it has one.
std::optional<std::int64_t> sourceId(const Dataset& dataset, LabelId label)
{
    return label < dataset.labelSourceIds.size() ? dataset.labelSourceIds[label] : std::nullopt;
}

} // namespace

namespace {

/// Every class at the selected threshold, with its counts there.
DeployableThresholds atSelectedThreshold(const DeployableThresholds& optimum, const EvaluationResult& result,
                                         const SelectedPoint& selected)
{
    DeployableThresholds out = optimum;
    out.globalThreshold = selected.threshold;
    for (std::size_t i = 0; i < out.classes.size(); ++i) {
        DeployedThreshold& d = out.classes[i];
        d.threshold = selected.threshold;
        d.fromClass = false;
        d.reason.clear();
        d.at = i < selected.classes.size() ? selected.classes[i] : std::nullopt;
        if (!d.at && i < result.sweep.classes.size() && result.sweep.classes[i].counter)
            d.at = metricsAt(*result.sweep.classes[i].counter, selected.threshold,
                             result.sweep.options.objective);
    }
    return out;
}

Json metricsJson(const Metrics& m)
{
    Json j;
    j["threshold"] = m.threshold;
    j["tp"] = m.counts.tp;
    j["fp"] = m.counts.fp;
    j["fn"] = m.counts.fn;
    j["precision"] = optionalNumber(m.precision);
    j["recall"] = optionalNumber(m.recall);
    j["f1"] = m.f1Defined ? Json(m.f1) : Json(nullptr);
    j["objective"] = m.f1Defined ? Json(m.objective) : Json(nullptr);
    return j;
}

} // namespace

std::string thresholdsJson(const Dataset& dataset, const EvaluationResult& result,
                           const ReportContext& context, const std::string& created)
{
    return thresholdsJson(dataset, result, context, created, ThresholdChoice{});
}

namespace {

std::string ruleText(const ThresholdChoice& choice, const std::string& objective)
{
    const std::string keep =
        "Keep a detection iff its confidence >= thresholds[its label]; labels not listed use "
        "default_threshold. ";
    const GuardRails& g = choice.rails;
    const std::string rails =
        " A class with fewer than " + std::to_string(g.minGroundTruth) +
        " ground-truth objects uses the global exact optimum (global_threshold)" +
        (g.suppressWithoutGroundTruth ? "; a class with predictions and no ground truth is suppressed" : "") +
        (g.floor || g.ceiling ? "; class thresholds stay within floor and ceiling (guard_rails)" : "") + ".";
    switch (choice.rule) {
    case ThresholdRule::Global:
        return keep + "Every class uses the global exact " + objective +
               "-optimal threshold (global_threshold).";
    case ThresholdRule::Independent:
        return keep + "A class has its own exact " + objective +
               "-optimal threshold when it keeps at least " + std::to_string(g.minTruePositives) +
               " true positive(s) there; otherwise it uses the global exact "
               "optimum." +
               rails;
    case ThresholdRule::Joint:
        if (objective == "cost")
            return keep +
                   "The per-class thresholds jointly minimise the overall cost (exact: the cost "
                   "is a sum over classes, so each class takes its own cheapest allowed "
                   "threshold); a class's own threshold keeps at least " +
                   std::to_string(g.minTruePositives) + " true positive(s)." + rails;
        return keep + "The per-class thresholds jointly maximise the overall (micro) " + objective +
               " (exact, by Dinkelbach's iteration); a class's own threshold keeps at least " +
               std::to_string(g.minTruePositives) + " true positive(s)." + rails;
    }
    return keep;
}

Json optionalLimit(const std::optional<double>& v)
{
    return v ? Json(*v) : Json(nullptr);
}

} // namespace

std::string thresholdsJson(const Dataset& dataset, const EvaluationResult& result,
                           const ReportContext& context, const std::string& created,
                           const ThresholdChoice& choice)
{
    auto deployed = deployableThresholds(result, choice);
    if (!deployed)
        return {};
    const std::optional<SelectedPoint>& selected = context.selected;
    const double optimumThreshold = deployed->globalThreshold;
    if (selected)
        *deployed = atSelectedThreshold(*deployed, result, *selected);
    const auto& mo = result.request.match;
    const auto& so = result.sweep.options;
    const std::string objective = so.objective.name();

    Json j;
    j["format"] = "optconf-thresholds";
    j["format_version"] = 1;
    if (selected) {
        // Written at the threshold the user chose: every class uses it, and the file says so.
        j["operating_point"] = "selected";
        j["selected_threshold"] = selected->threshold;
        j["optimum_threshold"] = optimumThreshold;
        j["rule"] = "Keep a detection iff its confidence >= thresholds[its label]; labels not listed use "
                    "default_threshold. Every class uses the threshold selected in OptConf (" +
                    shortText(selected->threshold) + "), not an optimum; the global exact " + objective +
                    " optimum was " + shortText(optimumThreshold) + " (optimum_threshold).";
        j["selected"] = metricsJson(selected->total);
    } else if (choice.isDefault())
        j["rule"] = "Keep a detection iff its confidence >= thresholds[its label]; labels not listed use "
                    "default_threshold. A class has its own exact " +
                    objective + "-optimal threshold when it has at least " +
                    std::to_string(kMinGroundTruthForClassThreshold) +
                    " ground-truth objects and a true positive at that optimum; otherwise it uses the global "
                    "exact optimum (global_threshold).";
    else
        j["rule"] = ruleText(choice, objective);
    j["min_ground_truth_for_class_threshold"] = choice.rails.minGroundTruth;
    j["global_threshold"] = deployed->globalThreshold;
    j["default_threshold"] = deployed->globalThreshold;
    Json map = Json::object();
    Json byIndex = Json::object();
    Json byId = Json::object();
    double smallest = deployed->globalThreshold;
    for (const DeployedThreshold& d : deployed->classes) {
        map[d.label] = d.threshold;
        byIndex[std::to_string(d.classIndex)] = d.threshold;
        if (const auto id = sourceId(dataset, d.classIndex))
            byId[std::to_string(*id)] = d.threshold;
        smallest = std::min(smallest, d.threshold);
    }
    j["thresholds"] = std::move(map);
    j["thresholds_by_class_index"] = std::move(byIndex);
    // What a deployed detector emits: COCO category ids, YOLO class indices.
    j["thresholds_by_class_id"] = std::move(byId);
    // Where the model's own confidence cutoff (its NMS score threshold) must sit at most: any box
    // it drops below this never reaches these thresholds.
    j["min_threshold"] = smallest;
    j["objective"] = objective;
    if (so.objective.isCost())
        j["objective_cost"] = {
            {"fp", so.objective.costFp}, {"fn", so.objective.costFn}, {"per_images", so.objective.images}};
    // Settings that leave nothing to recommend come first: then no threshold here is a choice.
    std::vector<std::string> warnings = degenerateRunWarnings(result);
    const auto lowest = lowestScores(dataset, result.request.predictionField);
    for (const DeployedThreshold& d : deployed->classes)
        addLowestScoreWarning(warnings, d, lowest);
    j["warnings"] = std::move(warnings);

    Json classes = Json::array();
    for (std::size_t i = 0; i < deployed->classes.size(); ++i) {
        const DeployedThreshold& d = deployed->classes[i];
        const ClassCurve& c = result.sweep.classes[i];
        Json cj;
        cj["class_index"] = d.classIndex;
        const auto id = sourceId(dataset, d.classIndex);
        cj["class_id"] = id ? Json(*id) : Json(nullptr);
        cj["label"] = d.label;
        cj["threshold"] = d.threshold;
        cj["source"] = selected            ? "selected threshold"
                       : !d.source.empty() ? d.source
                       : d.fromClass       ? "class optimum"
                                           : "global optimum";
        if (d.suppressed)
            cj["suppressed"] = true;
        if (!d.reason.empty())
            cj["reason"] = d.reason;
        cj["ground_truth"] = d.groundTruth;
        cj["predictions"] = c.predictions;
        cj["f1_at_threshold"] = selected || !choice.isDefault() ? optionalF1(d.at)
                                : d.fromClass                   ? optionalF1(c.curve.optimum)
                                                                : optionalF1(c.atGlobalOptimum);
        cj["f1_at_global_threshold"] = optionalF1(c.atGlobalOptimum);
        // The objective the threshold was chosen by (F-beta under fbeta:B), at the threshold.
        cj["objective_at_threshold"] = optionalObjective(d.at);
        if (d.at) {
            cj["precision_at_threshold"] = optionalNumber(d.at->precision);
            cj["recall_at_threshold"] = optionalNumber(d.at->recall);
            if (selected) {
                cj["tp_at_threshold"] = d.at->counts.tp;
                cj["fp_at_threshold"] = d.at->counts.fp;
                cj["fn_at_threshold"] = d.at->counts.fn;
            }
        }
        const auto& low = d.classIndex < lowest.size() ? lowest[d.classIndex] : std::nullopt;
        cj["lowest_score"] = optionalNumber(low);
        classes.push_back(std::move(cj));
    }
    j["classes"] = std::move(classes);

    Json source;
    source["dataset"] = context.datasetName;
    source["ground_truth"] = result.request.groundTruthField;
    source["predictions"] = result.request.predictionField;
    source["objective"] = objective;
    source["iou"] = mo.iouThreshold;
    source["protocol"] = protocolName(mo.protocol);
    source["max_dets"] = mo.maxDetections ? Json(*mo.maxDetections) : Json(nullptr);
    source["classwise"] = mo.classwise;
    source["plugin_parity"] = so.pluginParity;
    source["lower"] = so.lower;
    source["upper"] = so.upper;
    source["images"] = dataset.samples.size();
    j["made_from"] = std::move(source);
    // Which rule made the thresholds, its guard rails, and what deploying them gives on this data.
    j["thresholds_rule"] = ruleName(choice.rule);
    Json rails;
    rails["min_ground_truth"] = choice.rails.minGroundTruth;
    rails["min_true_positives"] = choice.rails.minTruePositives;
    rails["floor"] = optionalLimit(choice.rails.floor);
    rails["ceiling"] = optionalLimit(choice.rails.ceiling);
    rails["suppress_without_ground_truth"] = choice.rails.suppressWithoutGroundTruth;
    j["guard_rails"] = std::move(rails);
    ClassThresholdMap deployedMap;
    deployedMap.defaultThreshold = deployed->globalThreshold;
    for (const DeployedThreshold& d : deployed->classes)
        deployedMap.byLabel[d.classIndex] = d.threshold;
    if (const auto figures = deployedFigures(result, deployedMap)) {
        const Metrics& m = figures->total;
        Json dj;
        dj["tp"] = m.counts.tp;
        dj["fp"] = m.counts.fp;
        dj["fn"] = m.counts.fn;
        dj["precision"] = optionalNumber(m.precision);
        dj["recall"] = optionalNumber(m.recall);
        dj["f1"] = m.f1Defined ? Json(m.f1) : Json(nullptr);
        j["deployed"] = std::move(dj);
    } else {
        j["deployed"] = nullptr;
    }
    j["optconf_version"] = OPTCONF_VERSION;
    j["created"] = created;
    return j.dump(2) + "\n";
}

} // namespace optconf
