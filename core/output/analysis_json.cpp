// SPDX-License-Identifier: MIT
#include "core/output/analysis_json.h"

namespace optconf {

void addAnalysisJson(nlohmann::ordered_json& report, const Dataset& dataset,
                     const ThresholdAnalysis& analysis, double threshold)
{
    using Json = nlohmann::ordered_json;
    const ConfusionMatrix& m = analysis.confusion;
    Json labels = Json::array();
    for (const std::string& name : m.names())
        labels.push_back(name);
    labels.push_back("(none)");
    const std::vector<std::int64_t> counts = m.counts(threshold);
    Json matrix = Json::array();
    for (std::size_t r = 0; r < m.size(); ++r) {
        Json row = Json::array();
        for (std::size_t c = 0; c < m.size(); ++c)
            row.push_back(counts[r * m.size() + c]);
        matrix.push_back(std::move(row));
    }
    Json confused = Json::array();
    for (const ConfusedPair& p : m.mostConfused(threshold, 10))
        confused.push_back(
            {{"ground_truth", m.names()[p.row]}, {"predicted", m.names()[p.column]}, {"count", p.count}});
    report["confusion"] = {{"threshold", threshold},
                           {"labels", std::move(labels)},
                           {"matrix", std::move(matrix)},
                           {"most_confused", std::move(confused)}};

    auto typed = [](const ErrorCounts& e) {
        Json j;
        for (std::size_t k = 0; k < kErrorTypeCount; ++k)
            j[std::string(errorTypeKey(static_cast<ErrorType>(k)))] = e.falsePositives[k];
        j["missed"] = e.missed;
        return j;
    };
    Json errors;
    errors["threshold"] = threshold;
    errors.update(typed(analysis.errors.at(threshold)));
    Json gains;
    for (const ErrorFix& fix : analysis.errors.fixesAt(threshold))
        gains[fix.type ? std::string(errorTypeKey(*fix.type)) : std::string("missed")] = fix.f1Gain;
    errors["f1_gain"] = std::move(gains);
    Json classes = Json::array();
    for (std::size_t i = 0; i < m.labels().size(); ++i) {
        Json c;
        c["label"] = dataset.labels[m.labels()[i]];
        c.update(typed(analysis.errors.at(threshold, m.labels()[i])));
        classes.push_back(std::move(c));
    }
    errors["classes"] = std::move(classes);
    report["errors"] = std::move(errors);
}

} // namespace optconf
