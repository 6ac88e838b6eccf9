// SPDX-License-Identifier: MIT
#include "core/output/analysis_json.h"

namespace optconf {

namespace {
using Json = nlohmann::ordered_json;

Json gainsJson(const std::vector<ErrorFix>& fixes)
{
    Json gains;
    for (const ErrorFix& fix : fixes)
        gains[fix.type ? std::string(errorTypeKey(*fix.type)) : std::string("missed")] = fix.f1Gain;
    return gains;
}

/// A ratio, or null when undefined (as the rest of the report writes it).
Json ratio(std::int64_t numerator, std::int64_t denominator)
{
    return denominator > 0 ? Json(static_cast<double>(numerator) / static_cast<double>(denominator)) : Json();
}

Json countsJson(const Counts& c)
{
    return {{"tp", c.tp},
            {"fp", c.fp},
            {"fn", c.fn},
            {"precision", ratio(c.tp, c.tp + c.fp)},
            {"recall", ratio(c.tp, c.tp + c.fn)},
            {"f1", ratio(2 * c.tp, 2 * c.tp + c.fp + c.fn)}};
}

Json sizesJson(const SizeBreakdown& sizes, double threshold)
{
    Json out;
    out["threshold"] = threshold;
    for (std::size_t s = 0; s < kObjectSizeCount; ++s) {
        const auto size = static_cast<ObjectSize>(s);
        const AreaRange range = objectSizeRange(size);
        Json entry = countsJson(sizes.at(threshold, size));
        entry["area"] = {range.lower, range.upper};
        out[std::string(objectSizeKey(size))] = std::move(entry);
    }
    return out;
}

Json iouCurvesJson(const IouCurves& curves, double threshold)
{
    Json out;
    out["threshold"] = threshold;
    if (curves.ious().empty())
        return out;
    out["0.50"] = countsJson(curves.at(threshold, IouCurves::kIou50));
    out["0.75"] = countsJson(curves.at(threshold, IouCurves::kIou75));
    out["0.50:0.95"] = {{"f1", curves.meanF1(threshold)}};
    Json each = Json::array();
    for (std::size_t k = 0; k < curves.ious().size(); ++k)
        each.push_back({{"iou", curves.ious()[k]}, {"f1", curves.f1(threshold, k)}});
    out["each"] = std::move(each);
    return out;
}
} // namespace

void addAnalysisJson(nlohmann::ordered_json& report, const Dataset& dataset,
                     const ThresholdAnalysis& analysis, double threshold)
{
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
    errors["f1_gain"] = gainsJson(analysis.errors.fixesAt(threshold));
    Json classes = Json::array();
    for (std::size_t i = 0; i < m.labels().size(); ++i) {
        const LabelId label = m.labels()[i];
        Json c;
        c["label"] = dataset.labels[label];
        c.update(typed(analysis.errors.at(threshold, label)));
        const Counts own = analysis.errors.countsAt(threshold, label);
        c["f1"] = ratio(2 * own.tp, 2 * own.tp + own.fp + own.fn);
        c["f1_gain"] = gainsJson(analysis.errors.fixesAt(threshold, label));
        classes.push_back(std::move(c));
    }
    errors["classes"] = std::move(classes);
    report["errors"] = std::move(errors);
    report["sizes"] = sizesJson(analysis.sizes, threshold);
    report["f1_by_iou"] = iouCurvesJson(analysis.iouCurves, threshold);
}

} // namespace optconf
