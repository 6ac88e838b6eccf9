// SPDX-License-Identifier: MIT
#include "core/output/report_json.h"
#include "core/eval/class_summary.h"
#include "core/eval/run_warnings.h"
#include "core/output/analysis_json.h"
#include "core/output/deployment_json.h"

#include <nlohmann/json.hpp>

#include <charconv>
#include <cmath>

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

/// A number exactly as nlohmann's dump() writes it (1.0, 0.35000000000000003, 1e-05), so that rows
/// written directly read as the rest of the report: its serializer calls this same function.
void appendJsonNumber(std::string& out, double v)
{
    if (!std::isfinite(v)) {
        out += "null";
        return;
    }
    char buffer[64];
    const char* end = nlohmann::detail::to_chars(buffer, buffer + sizeof buffer, v);
    out.append(buffer, static_cast<std::size_t>(end - buffer));
}

void appendOptionalNumber(std::string& out, const std::optional<double>& v)
{
    if (v)
        appendJsonNumber(out, *v);
    else
        out += "null";
}

/// `rows` as the top-level array dump(2) would write for row() objects, without building them:
/// a --curve report has hundreds of thousands of rows, and a document of that many small objects
/// costs ten times the input in memory.
std::string rowsArray(const std::vector<Metrics>& rows, const Objective& objective)
{
    if (rows.empty())
        return "[]";
    std::string out = "[";
    out.reserve(rows.size() * 200);
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const Metrics& m = rows[i];
        out += i == 0 ? "\n    {\n      \"threshold\": " : ",\n    {\n      \"threshold\": ";
        appendJsonNumber(out, m.threshold);
        out += ",\n      \"tp\": " + std::to_string(m.counts.tp);
        out += ",\n      \"fp\": " + std::to_string(m.counts.fp);
        out += ",\n      \"fn\": " + std::to_string(m.counts.fn);
        out += ",\n      \"precision\": ";
        appendOptionalNumber(out, m.precision);
        out += ",\n      \"recall\": ";
        appendOptionalNumber(out, m.recall);
        out += ",\n      \"f1\": ";
        appendOptionalNumber(out, m.f1Defined ? std::optional<double>(m.f1) : std::nullopt);
        if (!objective.isF1()) {
            out += ",\n      \"objective\": ";
            appendJsonNumber(out, m.objective);
        }
        out += "\n    }";
    }
    out += "\n  ]";
    return out;
}

/// Puts `array` in place of the empty top-level array `key` in a dump(2) text. Only a top-level
/// key stands after a newline and two spaces (nested keys are indented deeper, and strings hold
/// no raw newline), so no value can imitate it.
void spliceTopLevelArray(std::string& text, const std::string& key, const std::string& array)
{
    const std::string placeholder = "\n  \"" + key + "\": []";
    const std::size_t at = text.find(placeholder);
    if (at != std::string::npos)
        text.replace(at + placeholder.size() - 2, 2, array);
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
    const std::optional<int> apCap = apMaxDetections(mo);
    settings["ap_max_detections"] = apCap ? Json(*apCap) : Json(nullptr);
    settings["plugin_parity"] = s.pluginParity;
    settings["objective"] = s.objective.spec();
    if (s.objective.isCost())
        settings["objective_cost"] = {
            {"fp", s.objective.costFp}, {"fn", s.objective.costFn}, {"per_images", s.objective.images}};
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

    j["grid"] = Json::array(); // written directly below

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

    if (context.includeCurve)
        j["curve"] = Json::array(); // written directly below
    if (context.analysis)
        addAnalysisJson(j, dataset, *context.analysis, context.analysisThreshold);
    if (context.deployment)
        addDeploymentJson(j, dataset, *context.deployment);
    std::string text = j.dump(2);
    spliceTopLevelArray(text, "grid", rowsArray(r.sweep.total.grid, objective));
    if (context.includeCurve)
        spliceTopLevelArray(text, "curve", rowsArray(r.sweep.total.exact, objective));
    return text + "\n";
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
