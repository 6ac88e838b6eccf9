// SPDX-License-Identifier: MIT
#include "cli_commands.h"
#include "bundled_example.h"
#include "text_table.h"

#include "class_summary.h"
#include "evaluation.h"
#include "input_digest.h"
#include "invocation.h"
#include "loader.h"
#include "report_json.h"
#include "report_writer.h" // PageSize and parsePageSize() only: the rest is the renderer's
#include "run_warnings.h"
#include "synthetic.h"

#include <QCommandLineParser>
#include <QFileInfo>
#include <QSaveFile>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <optional>
#include <variant>

namespace optconf::cli {

namespace {

void printError(const QString& message)
{
    std::fprintf(stderr, "optconf-cli: %s\n", qPrintable(message));
}

/// Parses, and on a usage error prints it with a hint; `--help` prints the help text.
std::optional<int> parseArguments(QCommandLineParser& parser, const QStringList& arguments)
{
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    const QCommandLineOption help = parser.addHelpOption();
    if (!parser.parse(arguments)) {
        printError(parser.errorText() + QStringLiteral(" (see --help)"));
        return BadInput;
    }
    if (parser.isSet(help)) {
        std::fputs(qPrintable(parser.helpText()), stdout);
        return Success;
    }
    return std::nullopt;
}

const QCommandLineOption kExampleOption(QStringLiteral("example"),
                                        QStringLiteral("Use the bundled synthetic example as input."));

std::vector<std::filesystem::path> inputPaths(const QCommandLineParser& parser)
{
    std::vector<std::filesystem::path> paths;
    if (parser.isSet(kExampleOption))
        for (const QString& p : bundledExamplePaths())
            paths.emplace_back(p.toStdString());
    for (const QString& p : parser.positionalArguments())
        paths.emplace_back(p.toStdString());
    return paths;
}

/// Loads the inputs; prints warnings and errors to stderr. Empty on any error.
std::optional<Dataset> loadInputs(const std::vector<std::filesystem::path>& paths)
{
    if (paths.empty()) {
        printError(
            QStringLiteral("no input given: name a COCO ground-truth file with results files, a dataset "
                           "folder, or use --example"));
        return std::nullopt;
    }
    LoadResult result = loadDataset(LoadRequest{paths, {}});
    for (const Diagnostic& d : result.diagnostics)
        std::fprintf(stderr, "%s\n", d.toString().c_str());
    if (!result.ok())
        return std::nullopt;
    return std::move(result.dataset);
}

/// Writes text to a file atomically, or to stdout for "-".
bool writeOutput(const QString& target, const std::string& text)
{
    if (target == QLatin1String("-")) {
        std::fwrite(text.data(), 1, text.size(), stdout);
        return true;
    }
    QSaveFile file(target);
    // Unbuffered: a short write on a full disk shows in write()'s count (a buffered one is lost in
    // close(), and commit() would replace the file with a truncated one).
    if (!file.open(QIODevice::WriteOnly | QIODevice::Unbuffered)) {
        printError(QStringLiteral("cannot write %1: %2").arg(target, file.errorString()));
        return false;
    }
    // Reliability (issue 7): on a full disk write() can write part of the text and report no
    // error: check the count before commit() replaces the user's file.
    const qint64 written = file.write(text.data(), static_cast<qint64>(text.size()));
    if (written != static_cast<qint64>(text.size())) {
        file.cancelWriting();
        printError(
            QStringLiteral("cannot write %1: only %2 of %3 bytes could be written (is the disk full?); "
                           "the previous file is unchanged")
                .arg(target)
                .arg(std::max<qint64>(written, 0))
                .arg(text.size()));
        return false;
    }
    if (!file.commit()) {
        printError(QStringLiteral("cannot write %1: %2").arg(target, file.errorString()));
        return false;
    }
    return true;
}

std::optional<double> parseNumber(const QCommandLineParser& parser, const QCommandLineOption& option,
                                  double fallback, QString& error)
{
    if (!parser.isSet(option))
        return fallback;
    bool ok = false;
    const double v = parser.value(option).toDouble(&ok);
    if (!ok || !std::isfinite(v)) {
        error = QStringLiteral("--%1 expects a number, not '%2'")
                    .arg(option.names().constFirst(), parser.value(option));
        return std::nullopt;
    }
    return v;
}

/// Resolves --gt/--pred, or picks the only possible field when they are omitted.
std::optional<std::pair<std::string, std::string>> chooseFields(const Dataset& d, const QString& gtArg,
                                                                const QString& predArg)
{
    std::string gt = gtArg.toStdString(), pred = predArg.toStdString();
    auto names = [&](bool scored) {
        std::vector<std::string> n;
        for (const LabelField& f : d.fields)
            if (f.isScored() == scored && f.name != gt)
                n.push_back(f.name);
        return n;
    };
    auto list = [](const std::vector<std::string>& n) {
        std::string s;
        for (const auto& x : n)
            s += (s.empty() ? "" : ", ") + x;
        return s.empty() ? std::string("none") : s;
    };
    if (gt.empty()) {
        auto candidates = names(false);
        if (candidates.size() != 1) {
            printError(QString::fromStdString("choose the ground-truth field with --gt; unscored fields: " +
                                              list(candidates)));
            return std::nullopt;
        }
        gt = candidates.front();
    }
    if (pred.empty()) {
        auto candidates = names(true);
        if (candidates.size() != 1) {
            printError(QString::fromStdString("choose the prediction field with --pred; scored fields: " +
                                              list(candidates)));
            return std::nullopt;
        }
        pred = candidates.front();
    }
    return std::pair{gt, pred};
}

std::string cell(const std::optional<double>& v)
{
    return v ? fixed(*v) : std::string("-");
}

/// A summary row; under F-beta the objective's column (what the optimum was chosen by) follows
/// the threshold, before F1.
std::vector<std::string> metricsCells(const std::string& name, const Metrics& m, const Objective& objective)
{
    std::vector<std::string> cells{name, fixed(m.threshold)};
    if (!objective.isF1())
        cells.push_back(m.f1Defined ? fixed(m.objective) : "-");
    cells.insert(cells.end(),
                 {m.f1Defined ? fixed(m.f1) : "-", cell(m.precision), cell(m.recall),
                  std::to_string(m.counts.tp), std::to_string(m.counts.fp), std::to_string(m.counts.fn)});
    return cells;
}

/// A header with the objective's column after `before` under F-beta.
std::vector<std::string> withObjective(std::vector<std::string> header, const std::string& before,
                                       const Objective& objective)
{
    if (!objective.isF1())
        header.insert(std::find(header.begin(), header.end(), before), objective.name());
    return header;
}

std::string humanReport(const Dataset& dataset, const EvaluationResult& r)
{
    const auto& s = r.sweep.options;
    const auto& mo = r.request.match;
    std::string out;
    const LabelField& gt = *dataset.field(r.request.groundTruthField);
    const LabelField& pred = *dataset.field(r.request.predictionField);
    out += "Dataset     " + std::to_string(dataset.samples.size()) + " images; ground truth '" + gt.name +
           "' (" + std::to_string(gt.objectCount()) + " objects), predictions '" + pred.name + "' (" +
           std::to_string(pred.scoredCount()) + " scored)\n";
    out += "Settings    thresholds " + fixed(s.lower, 3) + " to " + fixed(s.upper, 3) + " in " +
           std::to_string(s.steps) + " steps, IoU " + fixed(mo.iouThreshold, 2) + ", " +
           (mo.classwise ? "classwise" : "class-agnostic") + ", protocol " + protocolName(mo.protocol) +
           (mo.maxDetections ? ", max " + std::to_string(*mo.maxDetections) + " detections" : std::string()) +
           (s.pluginParity ? ", plugin parity" : "") + ", objective " + s.objective.name() + "\n";
    if (r.match.unscoredPredictions > 0)
        out += "Note        " + std::to_string(r.match.unscoredPredictions) +
               " predictions have no confidence and are never kept\n";
    out += "AP          AP@0.5 " + cell(r.ap.ap50) + ", AP@[.5:.95] " + cell(r.ap.ap50_95) + "\n";
    const std::vector<std::string> warnings = degenerateRunWarnings(r);
    for (const std::string& w : warnings)
        out += "Warning     no threshold to recommend: " + w + "\n";
    out += "\n";

    const Objective& objective = s.objective;
    TextTable summary(
        withObjective({"", "threshold", "F1", "precision", "recall", "TP", "FP", "FN"}, "F1", objective));
    if (r.sweep.total.optimum)
        summary.addRow(metricsCells(warnings.empty() ? "optimum (exact)" : "maximum (exact)",
                                    *r.sweep.total.optimum, objective));
    if (r.sweep.total.best)
        summary.addRow(metricsCells("best on grid", *r.sweep.total.best, objective));
    if (r.sweep.operatingPoints.maxRecallAtPrecision)
        summary.addRow(metricsCells("max recall, P>=" + fixed(*s.minPrecision, 2),
                                    *r.sweep.operatingPoints.maxRecallAtPrecision, objective));
    if (r.sweep.operatingPoints.maxPrecisionAtRecall)
        summary.addRow(metricsCells("max precision, R>=" + fixed(*s.minRecall, 2),
                                    *r.sweep.operatingPoints.maxPrecisionAtRecall, objective));
    out += summary.render() + "\n";

    TextTable classes(
        withObjective({"class", "GT", "threshold", "F1", "precision", "recall", "F1 at global", "AP@0.5"},
                      "F1", objective));
    for (const ClassCurve& c : r.sweep.classes) {
        if (!c.curve.optimum)
            continue;
        const Metrics& m = *c.curve.optimum;
        std::vector<std::string> row{c.name, std::to_string(c.groundTruth), fixed(m.threshold)};
        if (!objective.isF1())
            row.push_back(m.f1Defined ? fixed(m.objective) : "-");
        row.insert(row.end(),
                   {m.f1Defined ? fixed(m.f1) : "-", cell(m.precision), cell(m.recall),
                    c.atGlobalOptimum && c.atGlobalOptimum->f1Defined ? fixed(c.atGlobalOptimum->f1) : "-",
                    c.label < r.ap.perLabelAp50.size() ? cell(r.ap.perLabelAp50[c.label]) : "-"});
        classes.addRow(std::move(row));
    }
    out += classes.render() + "\n";

    std::vector<std::string> gridHeader{"threshold", "TP", "FP", "FN", "precision", "recall", "F1"};
    if (!objective.isF1())
        gridHeader.push_back(objective.name());
    TextTable grid(std::move(gridHeader));
    for (const Metrics& m : r.sweep.total.grid) {
        std::vector<std::string> row{fixed(m.threshold),
                                     std::to_string(m.counts.tp),
                                     std::to_string(m.counts.fp),
                                     std::to_string(m.counts.fn),
                                     cell(m.precision),
                                     cell(m.recall),
                                     m.f1Defined ? fixed(m.f1) : "-"};
        if (!objective.isF1())
            row.push_back(m.f1Defined ? fixed(m.objective) : "-");
        grid.addRow(std::move(row));
    }
    out += grid.render();
    return out;
}

} // namespace

int fields(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("List the samples and label fields of a dataset."));
    parser.addOption(kExampleOption);
    parser.addPositionalArgument(QStringLiteral("INPUT"), QStringLiteral("Files and folders of one dataset."),
                                 QStringLiteral("INPUT..."));
    if (auto exit = parseArguments(parser, arguments))
        return *exit;
    auto dataset = loadInputs(inputPaths(parser));
    if (!dataset)
        return BadInput;
    std::printf("%zu samples, %zu labels\n\n", dataset->samples.size(), dataset->labels.size());
    TextTable table({"field", "kind", "objects", "scored", "format", "source"});
    for (const LabelField& f : dataset->fields)
        table.addRow({f.name, "detections", std::to_string(f.objectCount()),
                      f.isScored() ? "yes (" + std::to_string(f.scoredCount()) + ")" : "no", f.format,
                      f.source});
    std::fputs(table.render().c_str(), stdout);
    return Success;
}

std::variant<SweepArguments, int> parseSweepArguments(const QStringList& arguments)
{
    // Factored out of sweep() so that tests/fuzz/fuzz_cli_args.cpp can drive the whole argument path
    // in-process, without reading or writing any file.
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Match predictions to ground truth once and sweep the confidence threshold.\n"
                       "Prints a table; --json and --csv write machine-readable reports ('-' for stdout)."));
    const QCommandLineOption gt(QStringLiteral("gt"), QStringLiteral("Ground-truth field."),
                                QStringLiteral("FIELD"));
    const QCommandLineOption pred(QStringLiteral("pred"), QStringLiteral("Prediction field."),
                                  QStringLiteral("FIELD"));
    const QCommandLineOption lower(QStringLiteral("lower"), QStringLiteral("Lowest threshold (default 0)."),
                                   QStringLiteral("L"));
    const QCommandLineOption upper(QStringLiteral("upper"), QStringLiteral("Highest threshold (default 1)."),
                                   QStringLiteral("U"));
    const QCommandLineOption steps(QStringLiteral("steps"), QStringLiteral("Grid points (default 101)."),
                                   QStringLiteral("N"));
    const QCommandLineOption iou(QStringLiteral("iou"), QStringLiteral("IoU threshold (default 0.5)."),
                                 QStringLiteral("X"));
    const QCommandLineOption agnostic(
        QStringLiteral("class-agnostic"),
        QStringLiteral("Match across classes (a cross-class match is one FP and one FN)."));
    const QCommandLineOption protocol(QStringLiteral("protocol"),
                                      QStringLiteral("fiftyone (default) or coco (pycocotools counting)."),
                                      QStringLiteral("fiftyone|coco"));
    const QCommandLineOption maxDets(
        QStringLiteral("max-dets"),
        QStringLiteral("Predictions kept per image and class (default: 100 under coco, "
                       "no limit under fiftyone)."),
        QStringLiteral("N"));
    const QCommandLineOption parity(
        QStringLiteral("plugin-parity"),
        QStringLiteral("As the FiftyOne plugin: images without a kept prediction do not "
                       "count their ground truth as missed."));
    const QCommandLineOption countDifficult(
        QStringLiteral("count-difficult"),
        QStringLiteral("Count Pascal VOC 'difficult' objects as ordinary ground truth (by default a "
                       "difficult object may be matched but is never a miss, and a match to it is "
                       "neither TP nor FP, as in the VOC devkit)."));
    const QCommandLineOption objective(QStringLiteral("objective"),
                                       QStringLiteral("f1 (default) or fbeta:B."),
                                       QStringLiteral("f1|fbeta:B"));
    const QCommandLineOption minPrecision(
        QStringLiteral("min-precision"),
        QStringLiteral("Also report the highest recall with precision >= P."), QStringLiteral("P"));
    const QCommandLineOption minRecall(QStringLiteral("min-recall"),
                                       QStringLiteral("Also report the highest precision with recall >= R."),
                                       QStringLiteral("R"));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Write the JSON report."),
                                  QStringLiteral("FILE|-"));
    const QCommandLineOption csv(QStringLiteral("csv"), QStringLiteral("Write the grid as CSV."),
                                 QStringLiteral("FILE|-"));
    const QCommandLineOption classesCsv(
        QStringLiteral("classes-csv"),
        QStringLiteral("Write the per-class table as CSV, with macro and ground-truth-weighted averages."),
        QStringLiteral("FILE|-"));
    const QCommandLineOption title(
        QStringLiteral("title"),
        QStringLiteral("Title of the reports (default: the prediction field's name)."),
        QStringLiteral("TEXT"));
    const QCommandLineOption notes(QStringLiteral("notes"),
                                   QStringLiteral("Notes for the reports' model card (free text)."),
                                   QStringLiteral("TEXT"));
    const QCommandLineOption curve(
        QStringLiteral("curve"),
        QStringLiteral("Add every distinct-score row to the JSON ('curve') and CSV."));
    const QCommandLineOption report(
        QStringLiteral("report"),
        QStringLiteral(
            "Write a report: .html (one self-contained file) or .pdf, by extension; may be repeated."),
        QStringLiteral("FILE"));
    const QCommandLineOption pageSize(QStringLiteral("page-size"),
                                      QStringLiteral("PDF page size: a4 (default) or letter."),
                                      QStringLiteral("a4|letter"));
    const QCommandLineOption thresholds(
        QStringLiteral("thresholds"),
        QStringLiteral("Write the deployable per-class thresholds file (JSON)."), QStringLiteral("FILE"));
    const QCommandLineOption chart(
        QStringLiteral("chart"),
        QStringLiteral("Write the precision/recall/F1-vs-threshold chart: .png or .svg; may be repeated."),
        QStringLiteral("FILE"));
    const QCommandLineOption prChart(QStringLiteral("pr-chart"),
                                     QStringLiteral("Write the precision-recall chart: .png or .svg."),
                                     QStringLiteral("FILE"));
    const QCommandLineOption chartScale(
        QStringLiteral("chart-scale"),
        QStringLiteral("Pixel scale of PNG charts: 1 (default, 800x480) or 2."), QStringLiteral("N"));
    for (const auto* o :
         {&gt,      &pred,     &lower,      &upper,        &steps,     &iou,        &agnostic,      &protocol,
          &maxDets, &parity,   &objective,  &minPrecision, &minRecall, &json,       &csv,           &curve,
          &report,  &pageSize, &thresholds, &chart,        &prChart,   &chartScale, &kExampleOption})
        parser.addOption(*o);
    parser.addOption(classesCsv);
    parser.addOption(title);
    parser.addOption(notes);
    parser.addOption(countDifficult);
    parser.addPositionalArgument(QStringLiteral("INPUT"), QStringLiteral("Files and folders of one dataset."),
                                 QStringLiteral("INPUT..."));
    if (auto exit = parseArguments(parser, arguments))
        return *exit;

    SweepArguments out;
    EvaluationRequest& request = out.request;
    QString error;
    const auto lo = parseNumber(parser, lower, 0.0, error);
    const auto hi = parseNumber(parser, upper, 1.0, error);
    const auto iouValue = parseNumber(parser, iou, 0.5, error);
    const auto stepsValue = parseNumber(parser, steps, 101, error);
    const auto minP = parseNumber(parser, minPrecision, 0.0, error);
    const auto minR = parseNumber(parser, minRecall, 0.0, error);
    if (!error.isEmpty()) {
        printError(error);
        return BadInput;
    }
    if (*stepsValue != std::floor(*stepsValue)) {
        printError(QStringLiteral("--steps expects a whole number"));
        return BadInput;
    }
    request.sweep.lower = *lo;
    request.sweep.upper = *hi;
    request.sweep.steps = static_cast<int>(std::clamp(*stepsValue, -1.0, 2e9));
    request.match.iouThreshold = *iouValue;
    request.match.classwise = !parser.isSet(agnostic);
    request.sweep.pluginParity = parser.isSet(parity);
    request.match.countDifficult = parser.isSet(countDifficult);
    if (parser.isSet(minPrecision))
        request.sweep.minPrecision = *minP;
    if (parser.isSet(minRecall))
        request.sweep.minRecall = *minR;

    // Report options are checked before the (possibly long) evaluation.
    auto extension = [](const QString& path) { return QFileInfo(path).suffix().toLower(); };
    for (const QString& path : parser.values(report)) {
        const QString ext = extension(path);
        if (ext != QLatin1String("html") && ext != QLatin1String("htm") && ext != QLatin1String("pdf")) {
            printError(QStringLiteral("--report expects a file ending in .html or .pdf, not '%1'").arg(path));
            return BadInput;
        }
    }
    for (const QString& path : parser.values(chart) + parser.values(prChart)) {
        const QString ext = extension(path);
        if (ext != QLatin1String("png") && ext != QLatin1String("svg")) {
            printError(QStringLiteral("--chart and --pr-chart expect a file ending in .png or .svg, not '%1'")
                           .arg(path));
            return BadInput;
        }
    }
    if (parser.isSet(pageSize)) {
        const auto parsed = parsePageSize(parser.value(pageSize));
        if (!parsed) {
            printError(
                QStringLiteral("--page-size expects a4 or letter, not '%1'").arg(parser.value(pageSize)));
            return BadInput;
        }
        out.render.letterPages = *parsed == PageSize::Letter;
    }
    if (parser.isSet(chartScale)) {
        bool scaleOk = false;
        out.render.chartScale = parser.value(chartScale).toDouble(&scaleOk);
        if (!scaleOk || !(out.render.chartScale >= 0.5 && out.render.chartScale <= 4)) {
            printError(QStringLiteral("--chart-scale expects a number from 0.5 to 4, not '%1'")
                           .arg(parser.value(chartScale)));
            return BadInput;
        }
    }

    const QString protocolText = parser.value(protocol).toLower();
    if (protocolText.isEmpty() || protocolText == QLatin1String("fiftyone")) {
        request.match.protocol = Protocol::FiftyOne;
    } else if (protocolText == QLatin1String("coco")) {
        request.match.protocol = Protocol::Coco;
        request.match.maxDetections = 100;
    } else {
        printError(
            QStringLiteral("--protocol expects fiftyone or coco, not '%1'").arg(parser.value(protocol)));
        return BadInput;
    }
    if (parser.isSet(maxDets)) {
        bool ok = false;
        const int n = parser.value(maxDets).toInt(&ok);
        if (!ok || n < 1) {
            printError(QStringLiteral("--max-dets expects a positive whole number, not '%1'")
                           .arg(parser.value(maxDets)));
            return BadInput;
        }
        request.match.maxDetections = n;
    }
    const QString objectiveText = parser.value(objective).toLower();
    if (objectiveText.startsWith(QLatin1String("fbeta:"))) {
        bool ok = false;
        request.sweep.objective.beta = objectiveText.mid(6).toDouble(&ok);
        if (!ok) {
            printError(QStringLiteral("--objective fbeta:B expects a number B, as in fbeta:2"));
            return BadInput;
        }
    } else if (!objectiveText.isEmpty() && objectiveText != QLatin1String("f1")) {
        printError(
            QStringLiteral("--objective expects f1 or fbeta:B, not '%1'").arg(parser.value(objective)));
        return BadInput;
    }

    out.gtField = parser.value(gt);
    out.predField = parser.value(pred);
    out.inputs = inputPaths(parser);
    out.example = parser.isSet(kExampleOption);
    out.curve = parser.isSet(curve);
    if (parser.isSet(json))
        out.jsonTarget = parser.value(json);
    if (parser.isSet(csv))
        out.csvTarget = parser.value(csv);
    out.title = parser.value(title);
    out.notes = parser.value(notes);
    if (parser.isSet(classesCsv))
        out.classesCsvTarget = parser.value(classesCsv);
    out.render.reportTargets = parser.values(report);
    out.render.chartTargets = parser.values(chart);
    out.render.prChartTargets = parser.values(prChart);
    if (parser.isSet(thresholds))
        out.render.thresholdsTarget = parser.value(thresholds);
    // Every exact row is kept only for what shows them (the curve, the PR charts of reports and
    // images); the optima need none, and on large sets the rows are the largest allocation.
    out.request.sweep.keepExactRows = out.curve || !out.render.reportTargets.isEmpty() ||
                                      !out.render.chartTargets.isEmpty() ||
                                      !out.render.prChartTargets.isEmpty();
    return out;
}

bool needsRenderer(int argc, char** argv)
{
    for (int i = 1; i < argc; ++i) {
        const char* a = argv[i];
        while (*a == '-')
            ++a;
        if (a == argv[i])
            continue;
        for (const char* option : {"report", "chart", "pr-chart", "thresholds"}) {
            const std::size_t n = std::strlen(option);
            if (std::strncmp(a, option, n) == 0 && (a[n] == '\0' || a[n] == '='))
                return true;
        }
    }
    return false;
}

int sweep(const QStringList& arguments, Renderer* renderer)
{
    auto parsed = parseSweepArguments(arguments);
    if (const int* exit = std::get_if<int>(&parsed))
        return *exit;
    SweepArguments& args = std::get<SweepArguments>(parsed);
    EvaluationRequest& request = args.request;
    const auto& paths = args.inputs;
    auto dataset = loadInputs(paths);
    if (!dataset)
        return BadInput;
    auto chosen = chooseFields(*dataset, args.gtField, args.predField);
    if (!chosen)
        return BadInput;
    request.groundTruthField = chosen->first;
    request.predictionField = chosen->second;
    if (auto invalid = validate(*dataset, request)) {
        printError(QString::fromStdString(*invalid));
        return BadInput;
    }
    auto result = evaluate(*dataset, request);
    if (!result)
        return InternalError;

    ReportContext context;
    // The bundled example lives in a temporary copy: name its files, not the throwaway folder.
    const std::size_t exampleFiles = args.example ? bundledExamplePaths().size() : 0;
    for (std::size_t i = 0; i < paths.size(); ++i)
        context.inputs.push_back(i < exampleFiles ? "(bundled example)/" + paths[i].filename().string()
                                                  : paths[i].string());
    context.datasetName = args.example ? bundledExampleDescription().toStdString()
                                       : (paths.empty() ? std::string() : paths.front().filename().string());
    context.includeCurve = args.curve;
    context.title = args.title.toStdString();
    context.notes = args.notes.toStdString();
    // The model card: how this run was asked for, and what it read. Hashing reads every input
    // again, so only for the outputs that show it.
    if (args.jsonTarget || !args.render.reportTargets.isEmpty() || args.render.thresholdsTarget) {
        std::vector<std::string> words{arguments.value(0).toStdString(), "sweep"};
        for (qsizetype i = 1; i < arguments.size(); ++i)
            words.push_back(arguments[i].toStdString());
        context.invocation = shellCommandLine(words);
        context.inputDigests = digestInputs(paths, context.inputs);
    }
    bool ok = true;
    const bool jsonToStdout = args.jsonTarget == QLatin1String("-");
    const bool csvToStdout = args.csvTarget == QLatin1String("-");
    if (args.jsonTarget)
        ok = writeOutput(*args.jsonTarget, reportJson(*dataset, *result, context)) && ok;
    if (args.csvTarget)
        ok = writeOutput(*args.csvTarget, gridCsv(*result, args.curve)) && ok;
    if (args.classesCsvTarget)
        ok = writeOutput(*args.classesCsvTarget, classesCsv(*result)) && ok;
    if (!args.render.empty()) {
        if (!renderer) { // needsRenderer() and the parser disagree: say so rather than skip files
            printError(QStringLiteral("internal error: reports were asked for, but no renderer was loaded"));
            return InternalError;
        }
        if (!renderer->write(*dataset, *result, context, args.render, printError))
            ok = false;
    }
    if (!jsonToStdout && !csvToStdout && args.classesCsvTarget != QLatin1String("-"))
        std::fputs(humanReport(*dataset, *result).c_str(), stdout);
    return ok ? Success : BadInput;
}

int generate(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Write a SYNTHETIC COCO dataset: simulated ground truth and simulated detectors (a strong and a weak "
        "one).\n"
        "Deterministic for a given seed; this is how the bundled example and the benchmark data are made."));
    const QCommandLineOption out(QStringLiteral("out"), QStringLiteral("Folder to write into."),
                                 QStringLiteral("DIR"));
    const QCommandLineOption seed(QStringLiteral("seed"), QStringLiteral("Random seed (default 1)."),
                                  QStringLiteral("N"));
    const QCommandLineOption images(QStringLiteral("images"), QStringLiteral("Images (default 200)."),
                                    QStringLiteral("N"));
    const QCommandLineOption classes(QStringLiteral("classes"), QStringLiteral("Classes (default 6)."),
                                     QStringLiteral("N"));
    const QCommandLineOption objects(QStringLiteral("objects-per-image"),
                                     QStringLiteral("Mean objects per image (default 4)."),
                                     QStringLiteral("X"));
    for (const auto* o : {&out, &seed, &images, &classes, &objects})
        parser.addOption(*o);
    if (auto exit = parseArguments(parser, arguments))
        return *exit;
    if (!parser.isSet(out)) {
        printError(QStringLiteral("generate needs --out DIR"));
        return BadInput;
    }
    SyntheticSpec spec;
    spec.models = exampleModels();
    bool ok = true;
    auto integer = [&](const QCommandLineOption& o, auto& target, long long min, long long max) {
        if (!parser.isSet(o))
            return;
        bool good = false;
        const long long v = parser.value(o).toLongLong(&good);
        if (!good || v < min || v > max) {
            printError(QStringLiteral("--%1 expects a whole number from %2 to %3")
                           .arg(o.names().constFirst())
                           .arg(min)
                           .arg(max));
            ok = false;
            return;
        }
        target = static_cast<std::remove_reference_t<decltype(target)>>(v);
    };
    integer(seed, spec.seed, 0, INT64_MAX);
    integer(images, spec.images, 1, 10'000'000);
    integer(classes, spec.classes, 1, 10'000);
    if (parser.isSet(objects)) {
        spec.objectsPerImage = parser.value(objects).toDouble(&ok);
        ok = ok && spec.objectsPerImage >= 0 && spec.objectsPerImage <= 1000;
        if (!ok)
            printError(QStringLiteral("--objects-per-image expects a number from 0 to 1000"));
    }
    if (!ok)
        return BadInput;
    try {
        for (const auto& p : writeSynthetic(spec, parser.value(out).toStdString()))
            std::printf("%s\n", p.string().c_str());
    } catch (const std::exception& e) {
        printError(QString::fromUtf8(e.what()));
        return BadInput;
    }
    return Success;
}

} // namespace optconf::cli
