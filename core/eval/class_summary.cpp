// SPDX-License-Identifier: MIT
#include "core/eval/class_summary.h"

#include <charconv>

namespace optconf {

namespace {

std::optional<double> apOf(const std::vector<std::optional<double>>& perLabel, LabelId label)
{
    return label < perLabel.size() ? perLabel[label] : std::nullopt;
}

/// Accumulates one figure's plain and ground-truth-weighted means.
class Mean
{
public:
    void add(const std::optional<double>& v, std::int64_t support)
    {
        if (!v)
            return;
        m_sum += *v;
        ++m_count;
        m_weightedSum += *v * static_cast<double>(support);
        m_weight += support;
    }
    ClassAverage result() const
    {
        ClassAverage a;
        if (m_count > 0)
            a.macro = m_sum / static_cast<double>(m_count);
        if (m_weight > 0)
            a.weighted = m_weightedSum / static_cast<double>(m_weight);
        return a;
    }

private:
    double m_sum = 0, m_weightedSum = 0;
    std::int64_t m_count = 0, m_weight = 0;
};

std::optional<double> f1Of(const std::optional<Metrics>& m)
{
    return m && m->f1Defined ? std::optional<double>(m->f1) : std::nullopt;
}

std::optional<double> objectiveOf(const std::optional<Metrics>& m)
{
    return m && m->f1Defined ? std::optional<double>(m->objective) : std::nullopt;
}

std::string number(double v)
{
    char buf[40];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
    return std::string(buf, ec == std::errc() ? end : buf);
}

std::string cell(const std::optional<double>& v)
{
    return v ? number(*v) : std::string();
}

/// RFC 4180: a name with a comma, quote or line break is quoted, quotes doubled.
std::string csvText(const std::string& s)
{
    if (s.find_first_of(",\"\r\n") == std::string::npos)
        return s;
    std::string out = "\"";
    for (char c : s)
        out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

} // namespace

ClassAverages classAverages(const EvaluationResult& r)
{
    Mean precision, recall, f1, objective, f1AtGlobal, ap50, ap50_95;
    for (const ClassCurve& c : r.sweep.classes) {
        const auto& o = c.curve.optimum;
        precision.add(o ? o->precision : std::nullopt, c.groundTruth);
        recall.add(o ? o->recall : std::nullopt, c.groundTruth);
        f1.add(f1Of(o), c.groundTruth);
        objective.add(objectiveOf(o), c.groundTruth);
        f1AtGlobal.add(f1Of(c.atGlobalOptimum), c.groundTruth);
        ap50.add(apOf(r.ap.perLabelAp50, c.label), c.groundTruth);
        ap50_95.add(apOf(r.ap.perLabelAp50_95, c.label), c.groundTruth);
    }
    return {precision.result(),  recall.result(), f1.result(),     objective.result(),
            f1AtGlobal.result(), ap50.result(),   ap50_95.result()};
}

std::string classesCsv(const EvaluationResult& r)
{
    const bool fbeta = !r.sweep.options.objective.isF1();
    std::string out = "class_index,class,ground_truth,predictions,threshold,tp,fp,fn,precision,recall,f1";
    if (fbeta)
        out += ",objective";
    out += ",f1_at_global_threshold,ap50,ap50_95\n";
    for (const ClassCurve& c : r.sweep.classes) {
        const auto& o = c.curve.optimum;
        out += std::to_string(c.label) + "," + csvText(c.name) + "," + std::to_string(c.groundTruth) + "," +
               std::to_string(c.predictions) + ",";
        if (o)
            out += number(o->threshold) + "," + std::to_string(o->counts.tp) + "," +
                   std::to_string(o->counts.fp) + "," + std::to_string(o->counts.fn) + ",";
        else
            out += ",,,,";
        out += cell(o ? o->precision : std::nullopt) + "," + cell(o ? o->recall : std::nullopt) + "," +
               cell(f1Of(o));
        if (fbeta)
            out += "," + cell(objectiveOf(o));
        out += "," + cell(f1Of(c.atGlobalOptimum)) + "," + cell(apOf(r.ap.perLabelAp50, c.label)) + "," +
               cell(apOf(r.ap.perLabelAp50_95, c.label)) + "\n";
    }
    const ClassAverages a = classAverages(r);
    auto average = [&](const char* name, std::optional<double> ClassAverage::*which) {
        out += std::string(",") + name + ",,,,,,," + cell(a.precision.*which) + "," + cell(a.recall.*which) +
               "," + cell(a.f1.*which);
        if (fbeta)
            out += "," + cell(a.objective.*which);
        out +=
            "," + cell(a.f1AtGlobal.*which) + "," + cell(a.ap50.*which) + "," + cell(a.ap50_95.*which) + "\n";
    };
    average("macro average", &ClassAverage::macro);
    average("weighted average (by ground truth)", &ClassAverage::weighted);
    return out;
}

} // namespace optconf
