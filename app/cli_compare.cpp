// SPDX-License-Identifier: MIT
#include "app/cli_compare.h"

#include "app/text_table.h"
#include "core/output/comparison_json.h"
#include "core/output/output_file.h"

namespace optconf::cli {

namespace {

std::string cell(const std::optional<double>& v)
{
    return v ? fixed(*v) : std::string("-");
}

std::string percent(double share)
{
    char text[16];
    std::snprintf(text, sizeof text, "%.1f %%", 100 * share);
    return text;
}

} // namespace

bool isComparison(const SweepArguments& args)
{
    return args.predFields.size() > 1 ||
           (args.predFields.size() == 1 && args.predFields.front() == QLatin1String("all"));
}

std::optional<ComparisonRequest> comparisonRequest(const Dataset& dataset, const SweepArguments& args)
{
    ComparisonRequest r;
    r.base = args.request;
    r.bootstrapReplicates = args.bootstrapReplicates;
    r.seed = args.bootstrapSeed;
    r.commonThreshold = args.commonThreshold;
    std::string gt = args.gtField.toStdString();
    if (gt.empty()) {
        std::vector<std::string> unscored;
        for (const LabelField& f : dataset.fields)
            if (!f.isScored())
                unscored.push_back(f.name);
        if (unscored.size() != 1) {
            std::string names;
            for (const auto& n : unscored)
                names += (names.empty() ? "" : ", ") + n;
            printError(QStringLiteral("choose the ground-truth field with --gt; unscored fields: ") +
                       QString::fromStdString(names.empty() ? std::string("none") : names));
            return std::nullopt;
        }
        gt = unscored.front();
    }
    r.base.groundTruthField = gt;
    for (const QString& name : args.predFields) {
        if (name == QLatin1String("all")) {
            for (const LabelField& f : dataset.fields)
                if (f.isScored() && f.name != gt &&
                    std::find(r.predictionFields.begin(), r.predictionFields.end(), f.name) ==
                        r.predictionFields.end())
                    r.predictionFields.push_back(f.name);
        } else {
            r.predictionFields.push_back(name.toStdString());
        }
    }
    return r;
}

std::string comparisonText(const Dataset& dataset, const ComparisonResult& result)
{
    const ComparisonRequest& r = result.request;
    const auto& s = r.base.sweep;
    const auto& mo = r.base.match;
    const LabelField& gt = *dataset.field(r.base.groundTruthField);
    std::string out = "Dataset     " + std::to_string(dataset.samples.size()) + " images; ground truth '" +
                      gt.name + "' (" + std::to_string(gt.objectCount()) + " objects); " +
                      std::to_string(result.models.size()) + " models compared\n";
    out += "Settings    thresholds " + fixed(s.lower, 3) + " to " + fixed(s.upper, 3) + " in " +
           std::to_string(s.steps) + " steps, IoU " + fixed(mo.iouThreshold, 2) + ", " +
           (mo.classwise ? "classwise" : "class-agnostic") + ", protocol " + protocolName(mo.protocol) +
           (mo.maxDetections ? ", max " + std::to_string(*mo.maxDetections) + " detections" : std::string()) +
           (s.pluginParity ? ", plugin parity" : "") + ", objective " + s.objective.name() + "\n";
    out += "Bootstrap   " + std::to_string(r.bootstrapReplicates) +
           " paired replicates over images (the same images for every model), seed " +
           std::to_string(r.seed) + "; thresholds fixed at the observed optima\n\n";

    TextTable table({"model", "threshold", "F1", "precision", "recall", "TP", "FP", "FN", "AP@0.5",
                     "AP@[.5:.95]", "deployed F1"});
    for (const ModelRow& row : result.rows) {
        const auto& m = row.optimum;
        table.addRow({row.field, m ? fixed(m->threshold) : "-", m && m->f1Defined ? fixed(m->f1) : "-",
                      m ? cell(m->precision) : "-", m ? cell(m->recall) : "-",
                      m ? std::to_string(m->counts.tp) : "-", m ? std::to_string(m->counts.fp) : "-",
                      m ? std::to_string(m->counts.fn) : "-", cell(row.ap50), cell(row.ap50_95),
                      cell(row.deployedF1)});
    }
    out += table.render();
    out += "deployed F1: what the model's thresholds file (--thresholds) gives, deployed\n\n";

    std::vector<std::string> header{"class"};
    for (const ModelRow& row : result.rows)
        header.push_back(row.field + " F1");
    header.push_back("best");
    TextTable classes(std::move(header));
    for (const ClassComparisonRow& c : result.classes) {
        std::vector<std::string> cells{c.name};
        for (const auto& f1 : c.f1)
            cells.push_back(cell(f1));
        cells.push_back(c.winner ? result.rows[*c.winner].field : "-");
        classes.addRow(std::move(cells));
    }
    out += classes.render();
    out += "class F1 at each model's optimum threshold\n\n";

    for (const PairComparison& p : result.pairs) {
        const std::string& a = result.rows[p.a].field;
        const std::string& b = result.rows[p.b].field;
        auto wins = [&](const BootstrapEstimate& e) {
            return "; " + a + " wins " + percent(e.winShareA) + ", " + b + " wins " + percent(e.winShareB) +
                   " of replicates\n";
        };
        if (p.atOptimum)
            out += "At each optimum   " + plainStatement(a, b, *p.atOptimum, r.confidenceLevel) +
                   wins(*p.atOptimum);
        else
            out += "At each optimum   " + a + " vs " + b + ": one of them has no optimum\n";
        out += "At " + fixed(r.commonThreshold, 3) + "          " +
               plainStatement(a, b, p.atCommon, r.confidenceLevel) + wins(p.atCommon);
    }
    return out;
}

int runComparison(const Dataset& dataset, SweepArguments& args, const ReportContext& context,
                  std::string& stage)
{
    auto request = comparisonRequest(dataset, args);
    if (!request)
        return BadInput;
    if (auto invalid = validate(dataset, *request)) {
        printError(QString::fromStdString(*invalid));
        return BadInput;
    }
    if (!args.render.chartTargets.isEmpty() || !args.render.prChartTargets.isEmpty() || args.csvTarget ||
        args.classesCsvTarget || args.thresholdsTarget) {
        printError(
            QStringLiteral("comparing models writes the table, --json and --report (HTML or PDF); "
                           "--csv, --classes-csv, --thresholds, --chart and --pr-chart take one --pred"));
        return BadInput;
    }
    stage = "matching predictions to ground truth";
    auto result = compare(dataset, *request, [&stage](const ComparisonProgress& p) {
        stage = p.stage == "matching" ? "matching predictions to ground truth"
                                      : (p.stage == "sweeping" ? "sweeping the thresholds" : "bootstrapping");
        return true;
    });
    if (!result)
        return InternalError;
    stage = "writing the results";
    bool ok = true;
    if (args.jsonTarget)
        ok = writeOutput(*args.jsonTarget, comparisonJson(dataset, *result, context, args.analysisAt)) && ok;
    if (!args.render.reportTargets.isEmpty()) {
        args.render.created = creationTime();
        ok = writeRenderedComparison(dataset, *result, context, args.analysisAt, args.render,
                                     [](const QString& message) { printError(message); }) &&
             ok;
    }
    if (!(args.jsonTarget && OutputFile::isStandardOutput(args.jsonTarget->toStdString())))
        ok = writeOutput(QStringLiteral("-"), comparisonText(dataset, *result)) && ok;
    return ok ? Success : BadInput;
}

} // namespace optconf::cli
