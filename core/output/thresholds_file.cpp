// SPDX-License-Identifier: MIT
#include "output/thresholds_file.h"

#include <nlohmann/json.hpp>

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
        out.classes.push_back(std::move(d));
    }
    return out;
}

namespace {

Json optionalF1(const std::optional<Metrics>& m)
{
    return m && m->f1Defined ? Json(m->f1) : Json(nullptr);
}

} // namespace

std::string thresholdsJson(const Dataset& dataset, const EvaluationResult& result,
                           const ReportContext& context, const std::string& created)
{
    const auto deployed = deployableThresholds(result);
    if (!deployed)
        return {};
    const auto& mo = result.request.match;
    const auto& so = result.sweep.options;
    const std::string objective = so.objective.name();

    Json j;
    j["format"] = "optconf-thresholds";
    j["format_version"] = 1;
    j["rule"] = "Keep a detection iff its confidence >= thresholds[its label]; labels not listed use "
                "default_threshold. A class has its own exact " +
                objective + "-optimal threshold when it has at least " +
                std::to_string(kMinGroundTruthForClassThreshold) +
                " ground-truth objects and a true positive at that optimum; otherwise it uses the global "
                "exact optimum (global_threshold).";
    j["min_ground_truth_for_class_threshold"] = kMinGroundTruthForClassThreshold;
    j["global_threshold"] = deployed->globalThreshold;
    j["default_threshold"] = deployed->globalThreshold;
    Json map = Json::object();
    for (const DeployedThreshold& d : deployed->classes)
        map[d.label] = d.threshold;
    j["thresholds"] = std::move(map);

    Json classes = Json::array();
    for (std::size_t i = 0; i < deployed->classes.size(); ++i) {
        const DeployedThreshold& d = deployed->classes[i];
        const ClassCurve& c = result.sweep.classes[i];
        Json cj;
        cj["label"] = d.label;
        cj["threshold"] = d.threshold;
        cj["source"] = d.fromClass ? "class optimum" : "global optimum";
        if (!d.reason.empty())
            cj["reason"] = d.reason;
        cj["ground_truth"] = d.groundTruth;
        cj["predictions"] = c.predictions;
        cj["f1_at_threshold"] = d.fromClass ? optionalF1(c.curve.optimum) : optionalF1(c.atGlobalOptimum);
        cj["f1_at_global_threshold"] = optionalF1(c.atGlobalOptimum);
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
    source["classwise"] = mo.classwise;
    source["plugin_parity"] = so.pluginParity;
    source["lower"] = so.lower;
    source["upper"] = so.upper;
    source["images"] = dataset.samples.size();
    j["made_from"] = std::move(source);
    j["optconf_version"] = OPTCONF_VERSION;
    j["created"] = created;
    return j.dump(2) + "\n";
}

} // namespace optconf
