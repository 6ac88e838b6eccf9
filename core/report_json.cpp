// SPDX-License-Identifier: MIT
#include "report_json.h"
#include "class_summary.h"
#include "run_warnings.h"

#include <nlohmann/json.hpp>

#include <charconv>

namespace optconf {

using Json = nlohmann::ordered_json;

const char* protocolName(Protocol p)
{
    return p == Protocol::Coco ? "coco" : "fiftyone";
}

namespace {

Json optionalNumber(const std::optional<double>& v)
{
    return v ? Json(*v) : Json(nullptr);
}

Json row(const Metrics& m, const Objective& objective)
{
    Json j;
    j["threshold"] = m.threshold;
    j["tp"] = m.counts.tp;
    j["fp"] = m.counts.fp;
    j["fn"] = m.counts.fn;
    j["precision"] = optionalNumber(m.precision);
    j["recall"] = optionalNumber(m.recall);
    j["f1"] = m.f1Defined ? Json(m.f1) : Json(nullptr);
    if (!objective.isF1())
        j["objective"] = m.objective;
    return j;
}

Json optionalRow(const std::optional<Metrics>& m, const Objective& objective)
{
    return m ? row(*m, objective) : Json(nullptr);
}

std::string number(double v)
{
    // Shortest text that reads back as the same double: 0.35000000000000003, 0.5.
    char buf[40];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
    return std::string(buf, ec == std::errc() ? end : buf);
}

std::string optionalCell(const std::optional<double>& v)
{
    return v ? number(*v) : std::string();
}

} // namespace

std::string reportTitle(const ReportContext& context, const EvaluationRequest& request)
{
    return context.title.empty() ? request.predictionField : context.title;
}

std::string reportJson(const Dataset& dataset, const EvaluationResult& r, const ReportContext& context)
{
    const auto& s = r.sweep.options;
    const auto& mo = r.request.match;
    Json j;
    j["optconf_version"] = OPTCONF_VERSION;
    Json card;
    card["title"] = reportTitle(context, r.request);
    card["notes"] = context.notes;
    card["invocation"] = context.invocation;
    card["invoked_from"] = context.invokedFromApp ? "app" : "command line";
    card["optconf_version"] = OPTCONF_VERSION;
    Json digests = Json::array();
    for (const InputDigest& d : context.inputDigests) {
        Json dj;
        dj["path"] = d.path;
        dj["bytes"] = d.bytes;
        dj["sha256"] = d.sha256.empty() ? Json(nullptr) : Json(d.sha256);
        if (d.folder)
            dj["files"] = d.files;
        if (!d.error.empty())
            dj["error"] = d.error;
        digests.push_back(std::move(dj));
    }
    card["inputs"] = std::move(digests);
    j["model_card"] = std::move(card);
    Json settings;
    settings["ground_truth"] = r.request.groundTruthField;
    settings["predictions"] = r.request.predictionField;
    settings["lower"] = s.lower;
    settings["upper"] = s.upper;
    settings["steps"] = s.steps;
    settings["iou"] = mo.iouThreshold;
    settings["classwise"] = mo.classwise;
    settings["protocol"] = protocolName(mo.protocol);
    settings["max_dets"] = mo.maxDetections ? Json(*mo.maxDetections) : Json(nullptr);
    settings["plugin_parity"] = s.pluginParity;
    settings["objective"] = s.objective.isF1() ? std::string("f1") : "fbeta:" + number(s.objective.beta);
    j["settings"] = settings;

    Json data;
    data["name"] = context.datasetName;
    data["inputs"] = context.inputs;
    data["images"] = dataset.samples.size();
    data["ground_truth_counted"] = r.match.groundTruth.size();
    data["ground_truth_ignored"] = r.match.ignoredGroundTruth;
    data["predictions_matched"] = r.match.predictions.size();
    data["predictions_unscored"] = r.match.unscoredPredictions;
    data["predictions_dropped"] = r.match.droppedPredictions;
    j["dataset"] = data;

    const Objective& objective = s.objective;
    // Why the optimum below is no threshold to deploy, when it is not (else empty).
    j["warnings"] = degenerateRunWarnings(r);
    j["best"] = optionalRow(r.sweep.total.best, objective);
    j["optimum"] = optionalRow(r.sweep.total.optimum, objective);
    j["ap50"] = optionalNumber(r.ap.ap50);
    j["ap50_95"] = optionalNumber(r.ap.ap50_95);
    Json points;
    points["min_precision"] = s.minPrecision ? Json(*s.minPrecision) : Json(nullptr);
    points["max_recall_at_precision"] = optionalRow(r.sweep.operatingPoints.maxRecallAtPrecision, objective);
    points["min_recall"] = s.minRecall ? Json(*s.minRecall) : Json(nullptr);
    points["max_precision_at_recall"] = optionalRow(r.sweep.operatingPoints.maxPrecisionAtRecall, objective);
    j["operating_points"] = points;

    Json grid = Json::array();
    for (const Metrics& m : r.sweep.total.grid)
        grid.push_back(row(m, objective));
    j["grid"] = std::move(grid);

    Json classes = Json::array();
    for (const ClassCurve& c : r.sweep.classes) {
        Json cj;
        cj["label"] = c.name;
        cj["ground_truth"] = c.groundTruth;
        cj["predictions"] = c.predictions;
        cj["best"] = optionalRow(c.curve.best, objective);
        cj["optimum"] = optionalRow(c.curve.optimum, objective);
        cj["ap50"] =
            c.label < r.ap.perLabelAp50.size() ? optionalNumber(r.ap.perLabelAp50[c.label]) : Json(nullptr);
        cj["ap50_95"] = c.label < r.ap.perLabelAp50_95.size() ? optionalNumber(r.ap.perLabelAp50_95[c.label])
                                                              : Json(nullptr);
        // What the per-class table prints and the per-class charts draw.
        cj["class_index"] = c.label;
        cj["f1_at_global_threshold"] =
            c.atGlobalOptimum && c.atGlobalOptimum->f1Defined ? Json(c.atGlobalOptimum->f1) : Json(nullptr);
        cj["at_global_threshold"] = optionalRow(c.atGlobalOptimum, objective);
        Json classGrid = Json::array();
        for (const Metrics& m : c.curve.grid)
            classGrid.push_back(row(m, objective));
        cj["grid"] = std::move(classGrid);
        classes.push_back(std::move(cj));
    }
    j["classes"] = std::move(classes);
    const ClassAverages averages = classAverages(r);
    Json means;
    auto mean = [&](const char* name, const ClassAverage& a) {
        means[name] = {{"macro", optionalNumber(a.macro)}, {"weighted", optionalNumber(a.weighted)}};
    };
    mean("precision", averages.precision);
    mean("recall", averages.recall);
    mean("f1", averages.f1);
    if (!objective.isF1())
        mean("objective", averages.objective);
    mean("f1_at_global_threshold", averages.f1AtGlobal);
    mean("ap50", averages.ap50);
    mean("ap50_95", averages.ap50_95);
    j["class_averages"] = std::move(means);

    if (context.includeCurve) {
        Json curve = Json::array();
        for (const Metrics& m : r.sweep.total.exact)
            curve.push_back(row(m, objective));
        j["curve"] = std::move(curve);
    }
    return j.dump(2) + "\n";
}

std::string gridCsv(const EvaluationResult& r, bool exactCurve)
{
    const bool fbeta = !r.sweep.options.objective.isF1();
    std::string out = "threshold,tp,fp,fn,precision,recall,f1";
    if (fbeta)
        out += ",objective";
    out += "\n";
    const auto& rows = exactCurve ? r.sweep.total.exact : r.sweep.total.grid;
    for (const Metrics& m : rows) {
        out += number(m.threshold) + "," + std::to_string(m.counts.tp) + "," + std::to_string(m.counts.fp) +
               "," + std::to_string(m.counts.fn) + "," + optionalCell(m.precision) + "," +
               optionalCell(m.recall) + "," + (m.f1Defined ? number(m.f1) : std::string());
        if (fbeta)
            out += "," + number(m.objective);
        out += "\n";
    }
    return out;
}

} // namespace optconf
