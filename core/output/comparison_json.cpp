// SPDX-License-Identifier: MIT
#include "core/output/comparison_json.h"
#include "core/eval/threshold_analysis.h"

#include <nlohmann/json.hpp>

#include <memory>

namespace optconf {

namespace {

using Json = nlohmann::ordered_json;

Json optionalNumber(const std::optional<double>& v)
{
    return v ? Json(*v) : Json(nullptr);
}

Json estimate(const std::vector<ModelRow>& rows, const PairComparison& pair, const BootstrapEstimate& e)
{
    return {{"a", rows[pair.a].field},
            {"b", rows[pair.b].field},
            {"threshold_a", e.thresholdA},
            {"threshold_b", e.thresholdB},
            {"difference", e.difference},
            {"ci", {e.lower, e.upper}},
            {"win_share", {{"a", e.winShareA}, {"b", e.winShareB}}}};
}

/// Each line of a dump(2) text indented by `spaces` more: strings hold no raw newline, so every
/// newline is the serializer's.
std::string indented(const std::string& text, int spaces)
{
    const std::string pad(static_cast<std::size_t>(spaces), ' ');
    std::string out = pad;
    for (std::size_t i = 0; i < text.size(); ++i) {
        out += text[i];
        if (text[i] == '\n' && i + 1 < text.size())
            out += pad;
    }
    return out;
}

} // namespace

std::string comparisonJson(const Dataset& dataset, const ComparisonResult& result,
                           const ReportContext& context, std::optional<double> analysisAt)
{
    const ComparisonRequest& request = result.request;
    Json table = Json::array();
    for (const ModelRow& row : result.rows) {
        Json r{{"field", row.field}};
        if (row.optimum) {
            r["threshold"] = row.optimum->threshold;
            r["f1"] = row.optimum->f1Defined ? Json(row.optimum->f1) : Json(nullptr);
            r["precision"] = optionalNumber(row.optimum->precision);
            r["recall"] = optionalNumber(row.optimum->recall);
            r["tp"] = row.optimum->counts.tp;
            r["fp"] = row.optimum->counts.fp;
            r["fn"] = row.optimum->counts.fn;
        } else {
            r["threshold"] = nullptr;
        }
        r["ap50"] = optionalNumber(row.ap50);
        r["ap50_95"] = optionalNumber(row.ap50_95);
        r["deployed_per_class_f1"] = optionalNumber(row.deployedF1);
        table.push_back(std::move(r));
    }
    Json classes = Json::array();
    for (const ClassComparisonRow& row : result.classes) {
        Json f1 = Json::object();
        for (std::size_t m = 0; m < row.f1.size(); ++m)
            f1[result.rows[m].field] = optionalNumber(row.f1[m]);
        classes.push_back({{"class", row.name},
                           {"f1_at_model_optimum", std::move(f1)},
                           {"winner", row.winner ? Json(result.rows[*row.winner].field) : Json(nullptr)}});
    }
    Json pairs = Json::array();
    for (const PairComparison& p : result.pairs) {
        Json j = p.atOptimum ? estimate(result.rows, p, *p.atOptimum)
                             : Json{{"a", result.rows[p.a].field},
                                    {"b", result.rows[p.b].field},
                                    {"difference", nullptr},
                                    {"ci", nullptr},
                                    {"win_share", nullptr}};
        Json common = estimate(result.rows, p, p.atCommon);
        common.erase("a");
        common.erase("b");
        common.erase("threshold_b");
        common["threshold"] = common["threshold_a"];
        common.erase("threshold_a");
        j["at_common_threshold"] = std::move(common);
        pairs.push_back(std::move(j));
    }
    Json comparison{{"metric", "F1, b minus a, at each model's own exact optimum"},
                    {"bootstrap",
                     {{"method", "paired: the same resampled images for every model, thresholds fixed"},
                      {"replicates", request.bootstrapReplicates},
                      {"seed", request.seed},
                      {"confidence_level", request.confidenceLevel}}},
                    {"common_threshold", request.commonThreshold},
                    {"table", std::move(table)},
                    {"classes", std::move(classes)},
                    {"pairs", std::move(pairs)}};

    std::string out = "{\n  \"models\": [\n";
    for (std::size_t m = 0; m < result.models.size(); ++m) {
        // Each model's report is the one a single run of it writes, its error analysis included.
        ReportContext modelContext = context;
        modelContext.analysis =
            std::make_shared<const ThresholdAnalysis>(analyseThresholds(dataset, result.models[m]));
        modelContext.analysisThreshold = analysisAt.value_or(defaultAnalysisThreshold(result.models[m]));
        std::string model = reportJson(dataset, result.models[m], modelContext);
        model.pop_back(); // its closing newline
        out += indented(model, 4) + (m + 1 < result.models.size() ? ",\n" : "\n");
    }
    out += "  ],\n  \"comparison\": " + indented(comparison.dump(2), 2).substr(2) + "\n}\n";
    return out;
}

} // namespace optconf
