// SPDX-License-Identifier: MIT
#include "app/cli_commands.h"
#include "app/cli_compare.h"
#include "app/text_table.h"
#include "resources/bundled_example.h"

#include "core/eval/class_summary.h"
#include "core/eval/evaluation.h"
#include "core/eval/objective_spec.h"
#include "core/eval/run_warnings.h"
#include "core/eval/threshold_analysis.h"
#include "core/example/synthetic.h"
#include "core/io/loader.h"
#include "core/output/deployment_json.h"
#include "core/output/input_digest.h"
#include "core/output/invocation.h"
#include "core/output/output_file.h"
#include "core/output/page_size.h"
#include "core/output/report_json.h"
#include "core/output/thresholds_file.h"
#include "core/output/thresholds_reader.h"

#include <QCommandLineParser>
#include <QDateTime>
#include <QFile>
#include <QFileInfo>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <new>
#include <optional>
#include <stdexcept>
#include <string>
#include <variant>

namespace optconf::cli {

void printError(const QString& message)
{
    std::fprintf(stderr, "optconf-cli: %s\n", qPrintable(message));
}

/// Writes text to a file (see OutputFile), or to standard output for "-"; prints any failure.
bool writeOutput(const QString& target, std::string_view text)
{
    const auto error = target == QLatin1String("-") ? OutputFile::writeStandardOutput(text)
                                                    : OutputFile::write(target.toStdString(), text);
    if (error)
        printError(QString::fromStdString(*error));
    return !error;
}

/// When reports and thresholds files were made: SOURCE_DATE_EPOCH (the reproducible-builds
/// convention) when set, else now.
QDateTime creationTime()
{
    bool epochOk = false;
    const qint64 epoch = qEnvironmentVariable("SOURCE_DATE_EPOCH").toLongLong(&epochOk);
    return epochOk ? QDateTime::fromSecsSinceEpoch(epoch, Qt::UTC) : QDateTime::currentDateTimeUtc();
}

namespace {

/// Says what ran out of memory (an allocation failed in any thread, or a size beyond what a
/// container can hold was asked for); the message starts "out of memory while" + stage.
int outOfMemory(const std::string& stage)
{
    printError(QStringLiteral("out of memory while %1; free memory, raise the limit (ulimit -v) or open "
                              "less data at a time")
                   .arg(QString::fromStdString(stage)));
    return OutOfMemory;
}

/// Runs a command's work, which names the stage it is in as it goes, and reports running out of
/// memory in it as such.
template<class Work>
int reportingOutOfMemory(Work&& work)
{
    std::string stage = "starting";
    try {
        return work(stage);
    } catch (const std::bad_alloc&) {
        return outOfMemory(stage);
    } catch (const std::length_error&) {
        return outOfMemory(stage);
    }
}

/// The stage of a run, as the out-of-memory message names it.
std::string stageName(EvaluationStage stage)
{
    switch (stage) {
    case EvaluationStage::Match:
        return "matching predictions to ground truth";
    case EvaluationStage::Sweep:
        return "sweeping the thresholds";
    case EvaluationStage::AveragePrecision:
        return "computing average precision";
    }
    return "evaluating";
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
    // One spelling per input ("labels/", "./labels", an absolute path): the report names the
    // inputs, and the data set after the first, the same way however they were typed.
    for (const QString& p : parser.positionalArguments())
        paths.push_back(normalisedInputPath(p.toStdString()));
    return paths;
}

/// What `INPUT...` may name, in every command's --help.
const QString kInputHelp =
    QStringLiteral("Files and folders of one dataset: COCO (ground truth and results), "
                   "FiftyOne export, YOLO labels, Pascal VOC annotations or CSV.");

/// Loads the inputs; prints warnings and errors to stderr. Empty on any error.
std::optional<Dataset> loadInputs(const std::vector<std::filesystem::path>& paths)
{
    if (paths.empty()) {
        printError(
            QStringLiteral("no input given: name a COCO ground-truth file with results files, a dataset "
                           "folder (FiftyOne, YOLO, Pascal VOC), CSV files, or use --example"));
        return std::nullopt;
    }
    LoadResult result = loadDataset(LoadRequest{paths, {}});
    for (const Diagnostic& d : result.diagnostics)
        std::fprintf(stderr, "%s\n", d.toString().c_str());
    if (!result.ok())
        return std::nullopt;
    return std::move(result.dataset);
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

/// The mark of an undefined figure in the tables, explained under them by kUndefinedNote.
constexpr const char* kUndefined = "-";
constexpr const char* kUndefinedNote =
    "- undefined: F1 where TP + FP + FN = 0 (nothing kept, nothing to find; never an optimum), precision\n"
    "  where nothing is kept, recall where there is nothing to find, AP for a class without ground truth\n";

std::string cell(const std::optional<double>& v)
{
    return v ? fixed(*v) : std::string(kUndefined);
}

std::string f1Cell(const Metrics& m)
{
    return m.f1Defined ? fixed(m.f1) : kUndefined;
}

/// A summary row; under F-beta the objective's column (what the optimum was chosen by) follows
/// the threshold, before F1.
std::vector<std::string> metricsCells(const std::string& name, const Metrics& m, const Objective& objective)
{
    std::vector<std::string> cells{name, fixed(m.threshold)};
    if (!objective.isF1())
        cells.push_back(m.f1Defined ? fixed(m.objective) : kUndefined);
    cells.insert(cells.end(), {f1Cell(m), cell(m.precision), cell(m.recall), std::to_string(m.counts.tp),
                               std::to_string(m.counts.fp), std::to_string(m.counts.fn)});
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
    bool undefinedShown = !r.sweep.total.optimum;
    if (r.sweep.total.optimum)
        summary.addRow(metricsCells(warnings.empty() ? "optimum (exact)" : "maximum (exact)",
                                    *r.sweep.total.optimum, objective));
    else
        summary.addRow(std::vector<std::string>(objective.isF1() ? 8 : 9, kUndefined));
    if (r.sweep.total.best)
        summary.addRow(metricsCells("best on grid", *r.sweep.total.best, objective));
    if (r.sweep.operatingPoints.maxRecallAtPrecision)
        summary.addRow(metricsCells("max recall, P>=" + fixed(*s.minPrecision, 2),
                                    *r.sweep.operatingPoints.maxRecallAtPrecision, objective));
    if (r.sweep.operatingPoints.maxPrecisionAtRecall)
        summary.addRow(metricsCells("max precision, R>=" + fixed(*s.minRecall, 2),
                                    *r.sweep.operatingPoints.maxPrecisionAtRecall, objective));
    out += summary.render() + "\n";

    // A class whose F1 is undefined at every threshold in the bounds has no optimum: it is listed
    // with its figures marked undefined.
    TextTable classes(
        withObjective({"class", "GT", "threshold", "F1", "precision", "recall", "F1 at global", "AP@0.5"},
                      "F1", objective));
    for (const ClassCurve& c : r.sweep.classes) {
        const std::optional<Metrics>& m = c.curve.optimum;
        std::vector<std::string> row{c.name, std::to_string(c.groundTruth),
                                     m ? fixed(m->threshold) : kUndefined};
        if (!objective.isF1())
            row.push_back(m && m->f1Defined ? fixed(m->objective) : kUndefined);
        row.insert(row.end(),
                   {m ? f1Cell(*m) : kUndefined, m ? cell(m->precision) : kUndefined,
                    m ? cell(m->recall) : kUndefined,
                    c.atGlobalOptimum ? f1Cell(*c.atGlobalOptimum) : kUndefined,
                    c.label < r.ap.perLabelAp50.size() ? cell(r.ap.perLabelAp50[c.label]) : kUndefined});
        classes.addRow(std::move(row));
        undefinedShown = undefinedShown || !m || (c.atGlobalOptimum && !c.atGlobalOptimum->f1Defined);
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
                                     f1Cell(m)};
        if (!objective.isF1())
            row.push_back(m.f1Defined ? fixed(m.objective) : kUndefined);
        grid.addRow(std::move(row));
        undefinedShown = undefinedShown || !m.f1Defined;
    }
    out += grid.render();
    if (undefinedShown)
        out += std::string("\n") + kUndefinedNote;
    return out;
}

} // namespace

int fields(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("List the samples and label fields of a dataset."));
    parser.addOption(kExampleOption);
    parser.addPositionalArgument(QStringLiteral("INPUT"), kInputHelp, QStringLiteral("INPUT..."));
    if (auto exit = parseArguments(parser, arguments))
        return *exit;
    return reportingOutOfMemory([&](std::string& stage) {
        stage = "loading the inputs";
        auto dataset = loadInputs(inputPaths(parser));
        if (!dataset)
            return int(BadInput);
        stage = "listing the fields";
        TextTable table({"field", "kind", "objects", "scored", "format", "source"});
        for (const LabelField& f : dataset->fields)
            table.addRow({f.name, "detections", std::to_string(f.objectCount()),
                          f.isScored() ? "yes (" + std::to_string(f.scoredCount()) + ")" : "no", f.format,
                          f.source});
        const std::string text = std::to_string(dataset->samples.size()) + " samples, " +
                                 std::to_string(dataset->labels.size()) + " labels\n\n" + table.render();
        return writeOutput(QStringLiteral("-"), text) ? int(Success) : int(BadInput);
    });
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
    const QCommandLineOption pred(
        QStringLiteral("pred"),
        QStringLiteral("Prediction field; repeat it (or give 'all') to compare models."),
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
                       "no limit under fiftyone; AP under fiftyone keeps at most 100)."),
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
                                       QStringLiteral("f1 (default), fbeta:B, or cost:FP,FN (minimise "
                                                      "FP x cost + FN x cost per image)."),
                                       QStringLiteral("f1|fbeta:B|cost:FP,FN"));
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
        QStringLiteral("Write the deployable per-class thresholds file (JSON)."), QStringLiteral("FILE|-"));
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
    const QCommandLineOption reportImages(
        QStringLiteral("report-images"),
        QStringLiteral("Images in the reports' 'Images with the most errors' (default 12; 0 leaves it out)."),
        QStringLiteral("N"));
    const QCommandLineOption imagesDir(
        QStringLiteral("images-dir"),
        QStringLiteral("Folder of the dataset's images, searched before the folders beside the annotations."),
        QStringLiteral("DIR"));
    parser.addOption(reportImages);
    parser.addOption(imagesDir);
    const QCommandLineOption at(
        QStringLiteral("at"),
        QStringLiteral("Threshold of the confusion matrix and error types in --json, --confusion-csv and "
                       "reports (default: the exact optimum)."),
        QStringLiteral("T"));
    const QCommandLineOption confusionCsv(
        QStringLiteral("confusion-csv"),
        QStringLiteral("Write the confusion matrix (class-agnostic matching, rows ground truth, columns "
                       "predictions, last '(none)') at the threshold as CSV."),
        QStringLiteral("FILE|-"));
    parser.addOption(at);
    parser.addOption(confusionCsv);
    addDeploymentOptions(parser);
    const QCommandLineOption commonThreshold(
        QStringLiteral("common-threshold"),
        QStringLiteral("Comparing models: also compare them all at this threshold (default 0.5)."),
        QStringLiteral("T"));
    parser.addOption(commonThreshold);
    parser.addPositionalArgument(QStringLiteral("INPUT"), kInputHelp, QStringLiteral("INPUT..."));
    if (auto exit = parseArguments(parser, arguments))
        return *exit;

    SweepArguments out;
    out.predFields = parser.values(pred);
    // --bootstrap and --seed are one option each (defined with the deployment options): for one model
    // they bootstrap its optimum, for several the paired comparison.
    const QString bootstrapName = QStringLiteral("bootstrap");
    const QString seedName = QStringLiteral("seed");
    if (isComparison(out) && parser.isSet(bootstrapName)) {
        bool ok = false;
        out.bootstrapReplicates = parser.value(bootstrapName).toInt(&ok);
        if (!ok || out.bootstrapReplicates < 1 || out.bootstrapReplicates > 1'000'000) {
            printError(QStringLiteral("--bootstrap expects a whole number from 1 to 1000000, not '%1'")
                           .arg(parser.value(bootstrapName)));
            return BadInput;
        }
    }
    if (isComparison(out) && parser.isSet(seedName)) {
        bool ok = false;
        out.bootstrapSeed = parser.value(seedName).toULongLong(&ok);
        if (!ok) {
            printError(QStringLiteral("--seed expects a whole number, not '%1'").arg(parser.value(seedName)));
            return BadInput;
        }
    }
    if (parser.isSet(commonThreshold)) {
        bool ok = false;
        out.commonThreshold = parser.value(commonThreshold).toDouble(&ok);
        if (!ok || !std::isfinite(out.commonThreshold)) {
            printError(QStringLiteral("--common-threshold expects a number, not '%1'")
                           .arg(parser.value(commonThreshold)));
            return BadInput;
        }
    }
    EvaluationRequest& request = out.request;
    QString error;
    const auto lo = parseNumber(parser, lower, 0.0, error);
    const auto hi = parseNumber(parser, upper, 1.0, error);
    const auto iouValue = parseNumber(parser, iou, 0.5, error);
    const auto stepsValue = parseNumber(parser, steps, 101, error);
    const auto minP = parseNumber(parser, minPrecision, 0.0, error);
    const auto minR = parseNumber(parser, minRecall, 0.0, error);
    const auto atValue = parseNumber(parser, at, 0.0, error);
    if (error.isEmpty())
        parseDeploymentOptions(parser, out.deployment, error);
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
        const auto parsed = parsePageSize(parser.value(pageSize).toStdString());
        if (!parsed) {
            printError(
                QStringLiteral("--page-size expects a4 or letter, not '%1'").arg(parser.value(pageSize)));
            return BadInput;
        }
        out.render.letterPages = *parsed == PageSize::Letter;
    }
    if (parser.isSet(reportImages)) {
        bool countOk = false;
        out.render.reportImages = parser.value(reportImages).toInt(&countOk);
        if (!countOk || out.render.reportImages < 0 || out.render.reportImages > 1000) {
            printError(QStringLiteral("--report-images expects a whole number from 0 to 1000, not '%1'")
                           .arg(parser.value(reportImages)));
            return BadInput;
        }
    }
    if (parser.isSet(imagesDir)) {
        out.render.imagesDir = parser.value(imagesDir);
        if (!QFileInfo(out.render.imagesDir).isDir()) {
            printError(QStringLiteral("--images-dir: '%1' is not a folder").arg(out.render.imagesDir));
            return BadInput;
        }
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
    } else if (objectiveText.startsWith(QLatin1String("cost:"))) {
        const auto costs = parseCosts(objectiveText.mid(5).toStdString());
        if (const auto* why = std::get_if<std::string>(&costs)) {
            printError(QStringLiteral("--objective cost:FP,FN: %1").arg(QString::fromStdString(*why)));
            return BadInput;
        }
        request.sweep.objective = std::get<Objective>(costs);
    } else if (!objectiveText.isEmpty() && objectiveText != QLatin1String("f1")) {
        printError(QStringLiteral("--objective expects f1, fbeta:B or cost:FP,FN, not '%1'")
                       .arg(parser.value(objective)));
        return BadInput;
    }

    out.gtField = parser.value(gt);
    out.predField = parser.value(pred);
    out.inputs = inputPaths(parser);
    out.example = parser.isSet(kExampleOption);
    out.render.simulatedImages = out.example;
    out.curve = parser.isSet(curve);
    if (parser.isSet(json))
        out.jsonTarget = parser.value(json);
    if (parser.isSet(csv))
        out.csvTarget = parser.value(csv);
    out.title = parser.value(title);
    out.notes = parser.value(notes);
    if (parser.isSet(classesCsv))
        out.classesCsvTarget = parser.value(classesCsv);
    if (parser.isSet(confusionCsv))
        out.confusionCsvTarget = parser.value(confusionCsv);
    if (parser.isSet(at))
        out.analysisAt = *atValue;
    out.render.reportTargets = parser.values(report);
    out.render.chartTargets = parser.values(chart);
    out.render.prChartTargets = parser.values(prChart);
    if (parser.isSet(thresholds))
        out.thresholdsTarget = parser.value(thresholds);
    // Every exact row is kept only for what shows them (the curve, the PR charts of reports and
    // images); the optima need none, and on large sets the rows are the largest allocation.
    out.request.sweep.keepExactRows = out.curve || !out.render.reportTargets.isEmpty() ||
                                      !out.render.chartTargets.isEmpty() ||
                                      !out.render.prChartTargets.isEmpty();
    return out;
}

std::vector<std::pair<std::string, std::string>> outputTargets(const SweepArguments& args)
{
    std::vector<std::pair<std::string, std::string>> outputs;
    auto add = [&](const char* option, const QString& path) {
        outputs.emplace_back(option, path.toStdString());
    };
    if (args.jsonTarget)
        add("--json", *args.jsonTarget);
    if (args.csvTarget)
        add("--csv", *args.csvTarget);
    if (args.thresholdsTarget)
        add("--thresholds", *args.thresholdsTarget);
    if (args.classesCsvTarget)
        add("--classes-csv", *args.classesCsvTarget);
    if (args.confusionCsvTarget)
        add("--confusion-csv", *args.confusionCsvTarget);
    for (const QString& path : args.render.reportTargets)
        add("--report", path);
    for (const QString& path : args.render.chartTargets)
        add("--chart", path);
    for (const QString& path : args.render.prChartTargets)
        add("--pr-chart", path);
    return outputs;
}

namespace {

/// Reads the thresholds file to apply and works out the rules, cross-validation and bootstrap.
bool prepareDeployment(const Dataset& dataset, const EvaluationResult& result, DeploymentArguments& args,
                       std::string& stage, std::optional<DeploymentReport>& out)
{
    if (args.applyThresholds) {
        stage = "reading the thresholds file";
        QFile file(*args.applyThresholds);
        if (!file.open(QIODevice::ReadOnly)) {
            printError(QStringLiteral("cannot read %1: %2").arg(*args.applyThresholds, file.errorString()));
            return false;
        }
        const auto parsed =
            parseThresholdsFile(file.readAll().toStdString(), args.applyThresholds->toStdString(), dataset);
        if (const auto* message = std::get_if<std::string>(&parsed)) {
            printError(QString::fromStdString(*message));
            return false;
        }
        const auto& read = std::get<ReadThresholds>(parsed);
        for (const std::string& w : read.warnings)
            printError(QStringLiteral("warning: %1").arg(QString::fromStdString(w)));
        args.request.applied = read.map;
        args.request.appliedSource = args.applyThresholds->toStdString();
    }
    stage = "working out the deployment";
    out = computeDeployment(dataset, result, args.request, [&stage](double, const char* name) {
        stage = name;
        return true;
    });
    return true;
}

} // namespace

ReportContext sweepReportContext(const QStringList& arguments, const SweepArguments& args)
{
    const auto& paths = args.inputs;
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
    if (args.jsonTarget || !args.render.reportTargets.isEmpty() || args.thresholdsTarget) {
        // The program by name, not by the folder it ran from: the record is of what was asked for,
        // the same on every machine.
        std::vector<std::string> words{QFileInfo(arguments.value(0)).fileName().toStdString(), "sweep"};
        for (qsizetype i = 1; i < arguments.size(); ++i)
            words.push_back(arguments[i].toStdString());
        context.invocation = shellCommandLine(words);
        context.inputDigests = digestInputs(paths, context.inputs);
    }
    return context;
}

namespace {

int runSweep(const QStringList& arguments, SweepArguments& args, std::string& stage)
{
    EvaluationRequest& request = args.request;
    const auto& paths = args.inputs;
    // Checked before the (possibly long) load: an output must not destroy an input or another output.
    const auto outputs = outputTargets(args);
    if (auto conflict = outputConflict(paths, outputs)) {
        printError(QString::fromStdString(*conflict));
        return BadInput;
    }
    stage = "loading the inputs";
    auto dataset = loadInputs(paths);
    if (!dataset)
        return BadInput;
    if (isComparison(args))
        return runComparison(*dataset, args, sweepReportContext(arguments, args), stage);
    auto chosen = chooseFields(*dataset, args.gtField, args.predField);
    if (!chosen)
        return BadInput;
    request.groundTruthField = chosen->first;
    request.predictionField = chosen->second;
    if (auto invalid = validate(*dataset, request)) {
        printError(QString::fromStdString(*invalid));
        return BadInput;
    }
    auto result = evaluate(*dataset, request, [&stage](const EvaluationProgress& p) {
        stage = stageName(p.stage);
        return true;
    });
    if (!result)
        return InternalError;
    std::optional<DeploymentReport> deployment;
    if (args.deployment.requested) {
        if (!prepareDeployment(*dataset, *result, args.deployment, stage, deployment))
            return BadInput;
    }
    stage = "writing the results";

    ReportContext context = sweepReportContext(arguments, args);
    context.deployment = deployment ? &*deployment : nullptr;
    // The error analysis: more matching passes, only for what shows them.
    if (args.jsonTarget || args.confusionCsvTarget || !args.render.reportTargets.isEmpty()) {
        stage = "analysing the errors";
        context.analysis = std::make_shared<const ThresholdAnalysis>(analyseThresholds(*dataset, *result));
        context.analysisThreshold = args.analysisAt.value_or(defaultAnalysisThreshold(*result));
    }
    bool ok = true;
    if (args.confusionCsvTarget)
        ok = writeOutput(*args.confusionCsvTarget,
                         confusionCsv(context.analysis->confusion, context.analysisThreshold)) &&
             ok;
    if (args.jsonTarget)
        ok = writeOutput(*args.jsonTarget, reportJson(*dataset, *result, context)) && ok;
    if (args.csvTarget)
        ok = writeOutput(*args.csvTarget, gridCsv(*result, args.curve)) && ok;
    if (args.classesCsvTarget)
        ok = writeOutput(*args.classesCsvTarget, classesCsv(*result)) && ok;
    if (args.thresholdsTarget) {
        const std::string text =
            thresholdsJson(*dataset, *result, context, creationTime().toString(Qt::ISODate).toStdString(),
                           args.deployment.choice);
        if (text.empty()) {
            printError(QString::fromStdString(
                OutputFile::cannotWrite(args.thresholdsTarget->toStdString(),
                                        "the run has no optimum threshold, so there is nothing to deploy")));
            ok = false;
        } else {
            ok = writeOutput(*args.thresholdsTarget, text) && ok;
            for (const std::string& warning : thresholdWarnings(*dataset, *result))
                printError(QStringLiteral("warning: %1").arg(QString::fromStdString(warning)));
        }
    }
    if (!args.render.empty()) {
        args.render.created = creationTime();
        if (!writeRendered(*dataset, *result, context, args.render, printError))
            ok = false;
    }
    // The table goes to standard output unless an output already does (as "-" or /dev/stdout).
    const bool anyToStandardOutput = std::any_of(outputs.begin(), outputs.end(), [](const auto& output) {
        return OutputFile::isStandardOutput(output.second);
    });
    if (!anyToStandardOutput)
        ok = writeOutput(QStringLiteral("-"),
                         humanReport(*dataset, *result) +
                             (deployment ? deploymentText(*dataset, *deployment) : std::string())) &&
             ok;
    return ok ? Success : BadInput;
}

} // namespace

int sweep(const QStringList& arguments, const std::function<bool()>& startPainting)
{
    auto parsed = parseSweepArguments(arguments);
    if (const int* exit = std::get_if<int>(&parsed))
        return *exit;
    SweepArguments& args = std::get<SweepArguments>(parsed);
    if (!args.render.empty() && !startPainting()) {
        printError(QString::fromUtf8(kBuiltWithoutReports));
        return BadInput;
    }
    return reportingOutOfMemory([&](std::string& stage) { return runSweep(arguments, args, stage); });
}

int generate(const QStringList& arguments, const std::function<bool()>& startPainting)
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
    const QCommandLineOption pictures(
        QStringLiteral("pictures"),
        QStringLiteral(
            "Also paint each image (the simulator's picture of its ground truth) into DIR/images as "
            "JPEG, so the data set opens with images."));
    for (const auto* o : {&out, &seed, &images, &classes, &objects, &pictures})
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
    if (parser.isSet(pictures) && !startPainting()) {
        printError(QStringLiteral(
            "--pictures is not available: this optconf-cli was built without reports (Qt Gui)"));
        return BadInput;
    }
    try {
        const auto paths = writeSynthetic(spec, parser.value(out).toStdString());
        for (const auto& p : paths)
            std::printf("%s\n", p.string().c_str());
        if (parser.isSet(pictures)) {
            // Beside the annotations, where the image view looks for a COCO file's images.
            const std::filesystem::path folder =
                std::filesystem::path(parser.value(out).toStdString()) / "images";
            if (!writeSyntheticPictures(paths.front(), folder, [](const QString& m) { printError(m); }))
                return BadInput;
            std::printf("%s\n", folder.string().c_str());
        }
    } catch (const std::exception& e) {
        printError(QString::fromUtf8(e.what()));
        return BadInput;
    }
    return Success;
}

} // namespace optconf::cli
