// SPDX-License-Identifier: MIT
#include "core/output/deployment_json.h"

#include <cmath>
#include <cstdio>

namespace optconf {

using Json = nlohmann::ordered_json;

namespace {

Json optionalNumber(const std::optional<double>& v)
{
    return v ? Json(*v) : Json(nullptr);
}

Json figures(const Metrics& m)
{
    Json j;
    j["tp"] = m.counts.tp;
    j["fp"] = m.counts.fp;
    j["fn"] = m.counts.fn;
    j["precision"] = optionalNumber(m.precision);
    j["recall"] = optionalNumber(m.recall);
    j["f1"] = m.f1Defined ? Json(m.f1) : Json(nullptr);
    if (m.objective != m.f1)
        j["objective"] = m.f1Defined ? Json(m.objective) : Json(nullptr);
    return j;
}

Json interval(const std::optional<Interval>& i)
{
    return i ? Json::array({i->lo, i->hi}) : Json(nullptr);
}

Json classId(const Dataset& dataset, LabelId label)
{
    const auto id = label < dataset.labelSourceIds.size() ? dataset.labelSourceIds[label] : std::nullopt;
    return id ? Json(*id) : Json(nullptr);
}

std::string labelName(const Dataset& dataset, LabelId label)
{
    return label < dataset.labels.size() ? dataset.labels[label] : std::to_string(label);
}

const char* sourceName(ClassChoice::Source s)
{
    switch (s) {
    case ClassChoice::Source::Global:
        return "global";
    case ClassChoice::Source::Own:
        return "own";
    case ClassChoice::Source::Suppressed:
        return "suppressed";
    }
    return "";
}

Json ruleJson(const Dataset& dataset, const RuleResult& r)
{
    Json j;
    j["rule"] = ruleName(r.rule);
    j["global_threshold"] = r.globalThreshold;
    Json list = Json::array();
    for (const ClassChoice& c : r.classes) {
        Json cj;
        cj["label"] = labelName(dataset, c.label);
        cj["id"] = classId(dataset, c.label);
        cj["threshold"] = std::isinf(c.threshold) ? Json(nullptr) : Json(c.threshold);
        cj["source"] = sourceName(c.source);
        if (!c.reason.empty())
            cj["reason"] = c.reason;
        list.push_back(std::move(cj));
    }
    j["thresholds"] = std::move(list);
    j["deployed"] = figures(r.deployed);
    if (r.rule == ThresholdRule::Joint)
        j["iterations"] = r.iterations;
    return j;
}

std::string fixed(double v, int digits = 4)
{
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.*f", digits, v);
    return buf;
}

std::string pad(std::string s, std::size_t width)
{
    if (s.size() < width)
        s.append(width - s.size(), ' ');
    return s;
}

} // namespace

void addDeploymentJson(Json& report, const Dataset& dataset, const DeploymentReport& d)
{
    Json rules;
    for (const RuleResult& r : d.rules)
        rules[ruleName(r.rule)] = ruleJson(dataset, r);
    if (!d.rulesNote.empty())
        rules["note"] = d.rulesNote;
    if (!d.rules.empty()) {
        const GuardRails& g = d.rules.front().rails;
        Json rails;
        rails["min_ground_truth"] = g.minGroundTruth;
        rails["min_true_positives"] = g.minTruePositives;
        rails["floor"] = optionalNumber(g.floor);
        rails["ceiling"] = optionalNumber(g.ceiling);
        rails["suppress_without_ground_truth"] = g.suppressWithoutGroundTruth;
        rules["guard_rails"] = std::move(rails);
    }
    if (d.appliedMap) {
        Json a;
        a["file"] = d.appliedSource;
        a["default_threshold"] = d.appliedMap->defaultThreshold;
        Json list = Json::array();
        for (const auto& [label, t] : d.appliedMap->byLabel) {
            Json cj;
            cj["label"] = labelName(dataset, label);
            cj["id"] = classId(dataset, label);
            cj["threshold"] = t;
            list.push_back(std::move(cj));
        }
        a["thresholds"] = std::move(list);
        a["deployed"] = d.applied ? figures(d.applied->total) : Json(nullptr);
        if (!d.appliedNote.empty())
            a["note"] = d.appliedNote;
        rules["applied"] = std::move(a);
    }
    report["class_thresholds"] = std::move(rules);

    if (d.crossValidation || !d.crossValidationNote.empty()) {
        Json cv;
        if (d.crossValidation) {
            cv["folds"] = d.crossValidation->folds;
            cv["seed"] = d.crossValidation->seed;
            Json heldOut, inSample, counts;
            for (const RuleEstimate& e : d.crossValidation->rules) {
                heldOut[ruleName(e.rule)] = e.heldOut.f1Defined ? Json(e.heldOut.f1) : Json(nullptr);
                inSample[ruleName(e.rule)] = e.inSample.f1Defined ? Json(e.inSample.f1) : Json(nullptr);
                counts[ruleName(e.rule)] = figures(e.heldOut);
            }
            cv["f1"] = std::move(heldOut);
            cv["in_sample_f1"] = std::move(inSample);
            cv["held_out"] = std::move(counts);
            if (!d.crossValidation->note.empty())
                cv["note"] = d.crossValidation->note;
        } else {
            cv["note"] = d.crossValidationNote;
        }
        report["cross_validation"] = std::move(cv);
    }

    Json s;
    const BootstrapResult* b = d.bootstrap ? &*d.bootstrap : nullptr;
    s["replicates"] = b ? b->replicates : 0;
    s["seed"] = b ? Json(b->seed) : Json(nullptr);
    s["level"] = b ? Json(b->level) : Json(nullptr);
    s["threshold_ci"] = b ? interval(b->total.threshold) : Json(nullptr);
    s["f1_ci"] = b ? interval(b->total.f1) : Json(nullptr);
    s["threshold_cv"] = b ? optionalNumber(b->total.thresholdCv) : Json(nullptr);
    s["plateau"] = interval(d.plateau);
    s["plateau_tolerance"] = d.plateauTolerance;
    if (b) {
        Json classes = Json::array();
        for (const auto& [label, st] : b->classes) {
            Json cj;
            cj["label"] = labelName(dataset, label);
            cj["id"] = classId(dataset, label);
            cj["threshold_ci"] = interval(st.threshold);
            cj["f1_ci"] = interval(st.f1);
            cj["defined"] = st.defined;
            classes.push_back(std::move(cj));
        }
        s["classes"] = std::move(classes);
    }
    report["stability"] = std::move(s);
}

std::string deploymentText(const Dataset& dataset, const DeploymentReport& d)
{
    (void)dataset;
    std::string out = "\nDeployment (what deploying the per-class thresholds gives, overall)\n";
    out += pad("rule", 13) + pad("F1", 8) + pad("precision", 11) + pad("recall", 8) + pad("TP", 9) +
           pad("FP", 9) + pad("FN", 9) + "held-out F1\n";
    auto row = [&](const std::string& name, const Metrics& m, const std::string& heldOut) {
        out += pad(name, 13) + pad(m.f1Defined ? fixed(m.f1) : "-", 8) +
               pad(m.precision ? fixed(*m.precision) : "-", 11) + pad(m.recall ? fixed(*m.recall) : "-", 8) +
               pad(std::to_string(m.counts.tp), 9) + pad(std::to_string(m.counts.fp), 9) +
               pad(std::to_string(m.counts.fn), 9) + heldOut + "\n";
    };
    for (const RuleResult& r : d.rules) {
        std::string heldOut = "-";
        if (d.crossValidation)
            for (const RuleEstimate& e : d.crossValidation->rules)
                if (e.rule == r.rule && e.heldOut.f1Defined)
                    heldOut = fixed(e.heldOut.f1);
        row(ruleName(r.rule), r.deployed, heldOut);
    }
    if (d.appliedMap) {
        if (d.applied)
            row("applied", d.applied->total, "-");
        else
            out += "applied      " + d.appliedNote + "\n";
        out += "  (applied: " + d.appliedSource + ")\n";
    }
    if (!d.rulesNote.empty())
        out += "Only the global rule: " + d.rulesNote + "\n";
    if (const std::string chosen = objectiveNote(d); !chosen.empty())
        out += chosen + "\n";
    if (d.crossValidation)
        out += "Held-out F1: " + std::to_string(d.crossValidation->folds) +
               "-fold cross-validation over images, seed " + std::to_string(d.crossValidation->seed) + "\n";
    else if (!d.crossValidationNote.empty())
        out += "No cross-validation: " + d.crossValidationNote + "\n";
    if (d.plateau)
        out += "Plateau     thresholds " + fixed(d.plateau->lo) + " to " + fixed(d.plateau->hi) +
               " are within " + fixed(d.plateauTolerance, 3) + " of the optimum\n";
    if (d.bootstrap && d.bootstrap->total.threshold) {
        const BootstrapResult& b = *d.bootstrap;
        out += "Bootstrap   " + std::to_string(b.replicates) + " replicates over images, seed " +
               std::to_string(b.seed) + ": optimal threshold " + fixed(b.total.threshold->lo) + " to " +
               fixed(b.total.threshold->hi) + ", F1 there " + fixed(b.total.f1->lo) + " to " +
               fixed(b.total.f1->hi) + " (" + fixed(b.level * 100, 0) + " %)\n";
    }
    return out;
}

} // namespace optconf
