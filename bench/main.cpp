// SPDX-License-Identifier: MIT
// optconf-bench: times every stage of an evaluation (read, parse, build the model, match, sweep,
// per-class curves, AP, report) and reports peak memory, on the project's synthetic data at the
// scale of COCO val2017 and beyond, or on real files.
//
// Stages: read and parse (the whole files into simdjson's buffers and DOM or On-Demand, for
// comparison), load (what optconf-cli runs: loadDataset()'s loaders reading and parsing into the
// builder), build (the data model laid out per image), match, sweep (total curve), perclass
// (the sweep with every class's curve), ap, report (the JSON), then evaluate() as a whole.
//
// Last, the worst case of one image: N x N boxes of one class that all overlap, matched alone
// (time and the peak memory of the matching itself).
//
//   optconf-bench [--images N] [--scale X] [--classes N] [--repeat N] [--stop-after STAGE]
//                 [--input GT PRED] [--data DIR] [--protocol coco] [--class-agnostic]
//                 [--plugin-parity] [--curve] [--gui-stream N] [--write-only] [--dense-bucket N]
//                 [--compare] [--analysis] [--deployment]
//
// --analysis also times the error analysis of the run (confusion matrix, error types, sizes, F1
// at the AP IoU thresholds: the extra matching passes) and what moving the GUI's threshold costs:
// answering a new threshold for the matrix, the types with their F1 gains (overall and per
// class), the histogram's threshold bin, the sizes and the three IoU curves' values.

#include "core/eval/bootstrap.h"
#include "core/eval/comparison.h"
#include "core/eval/cross_validation.h"
#include "core/eval/evaluation.h"
#include "core/eval/image_events.h"
#include "core/eval/threshold_analysis.h"
#include "core/example/synthetic.h"
#include "core/io/coco/coco_loader.h"
#include "core/io/loader.h"
#include "core/model/dataset_builder.h"
#include "core/output/report_json.h"
#include "core/system/allocator_policy.h"

#include <simdjson.h>

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace fs = std::filesystem;
using namespace optconf;

namespace {

const std::vector<std::string> kStages = {"read",  "parse",    "load", "build", "match",
                                          "sweep", "perclass", "ap",   "report"};

double peakRssMb()
{
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return static_cast<double>(u.ru_maxrss) / 1024.0; // ru_maxrss is in KiB on Linux
}

double nowMs()
{
    using namespace std::chrono;
    return duration<double, std::milli>(steady_clock::now().time_since_epoch()).count();
}

struct Options
{
    int images = 20000;
    int classes = 80;
    double scale = 1.0;
    int repeat = 1;
    std::uint64_t seed = 2017;
    std::string stopAfter;
    std::vector<fs::path> inputs;
    fs::path data;
    bool coco = false, agnostic = false, parity = false, curve = false, writeOnly = false;
    bool compare = false, analysis = false;
    bool deployment = false;
    std::size_t guiStream = 0;
    std::string parser = "both";
    int denseBucket = 20000;
};

[[noreturn]] void usage(const char* error)
{
    if (error)
        std::fprintf(stderr, "optconf-bench: %s\n\n", error);
    std::fputs(
        "Usage: optconf-bench [options]\n"
        "  --images N        synthetic images at scale 1 (default 20000: ~80k objects, ~560k predictions)\n"
        "  --scale X         multiply the number of images (default 1)\n"
        "  --classes N       classes (default 80)\n"
        "  --seed N          generator seed (default 2017)\n"
        "  --data DIR        where the synthetic files are written/reused (default /tmp/optconf-bench-N)\n"
        "  --write-only      write the synthetic files, print their paths and exit\n"
        "  --input FILES     time these files instead (COCO ground truth first, then one results file)\n"
        "  --repeat N        run every stage N times; the median (and min) are reported\n"
        "  --stop-after S    stop after stage S: read, parse, load (into the builder), build (the data\n"
        "                    model), match, sweep, perclass, ap, report\n"
        "  --parser P        standalone parse stage: dom, ondemand, both (default) or none\n"
        "  --protocol coco   pycocotools counting (default fiftyone)\n"
        "  --class-agnostic  --plugin-parity  --curve (report with every distinct-score row)\n"
        "  --gui-stream N    also time evaluate() with progress and a partial curve every N images\n"
        "  --dense-bucket N  the one-image worst case: N x N overlapping boxes of one class (default\n"
        "                    20000; 0 skips it)\n"
        "  --analysis        also time the error analysis and answering a new threshold from it\n"
        "  --compare         also time comparing two models (the detector and a copy with its scores\n"
        "                    rescored, the same size) against two single runs\n"
        "  --deployment      also time the deployment estimates: matching image by image, 5-fold\n"
        "                    cross-validation and the bootstrap of 1000 replicates (seed 1)\n",
        error ? stderr : stdout);
    std::exit(error ? 2 : 0);
}

Options parse(int argc, char** argv)
{
    Options o;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc)
                usage(("missing value for " + a).c_str());
            return argv[++i];
        };
        if (a == "--images")
            o.images = std::stoi(value());
        else if (a == "--classes")
            o.classes = std::stoi(value());
        else if (a == "--scale")
            o.scale = std::stod(value());
        else if (a == "--repeat")
            o.repeat = std::max(1, std::stoi(value()));
        else if (a == "--seed")
            o.seed = std::stoull(value());
        else if (a == "--stop-after") {
            o.stopAfter = value();
            if (std::find(kStages.begin(), kStages.end(), o.stopAfter) == kStages.end())
                usage(("unknown stage " + o.stopAfter).c_str());
        } else if (a == "--data")
            o.data = value();
        else if (a == "--parser")
            o.parser = value();
        else if (a == "--input") {
            while (i + 1 < argc && std::strncmp(argv[i + 1], "--", 2) != 0)
                o.inputs.emplace_back(argv[++i]);
        } else if (a == "--protocol")
            o.coco = value() == "coco";
        else if (a == "--class-agnostic")
            o.agnostic = true;
        else if (a == "--plugin-parity")
            o.parity = true;
        else if (a == "--curve")
            o.curve = true;
        else if (a == "--write-only")
            o.writeOnly = true;
        else if (a == "--compare")
            o.compare = true;
        else if (a == "--analysis")
            o.analysis = true;
        else if (a == "--deployment")
            o.deployment = true;
        else if (a == "--dense-bucket")
            o.denseBucket = std::max(0, std::stoi(value()));
        else if (a == "--gui-stream")
            o.guiStream = static_cast<std::size_t>(std::stoull(value()));
        else if (a == "-h" || a == "--help")
            usage(nullptr);
        else
            usage(("unknown option " + a).c_str());
    }
    if (!o.inputs.empty() && o.inputs.size() != 2)
        usage("--input takes a COCO ground-truth file and one results file");
    return o;
}

/// The benchmark's simulated detector: COCO-like output (about 28 boxes per image, most of
/// them low-scoring false positives) with float32 scores, as Python writes them, so nearly every score is
/// distinct.
SyntheticSpec benchSpec(const Options& o)
{
    SyntheticSpec spec;
    spec.seed = o.seed;
    spec.images = static_cast<int>(std::lround(o.images * o.scale));
    spec.classes = o.classes;
    spec.objectsPerImage = 4.35; // ~4 objects per image after the 8 % empty images
    spec.crowdRate = 0.01;
    SyntheticModel model{"detector", 0.85, 0.07, 0.15, 0.05, 24.0, 2.5, 0.1};
    model.scoreDecimals = 0;
    spec.models = {model};
    return spec;
}

std::vector<fs::path> syntheticInputs(const Options& o)
{
    const SyntheticSpec spec = benchSpec(o);
    fs::path dir = o.data.empty()
                       ? fs::temp_directory_path() / ("optconf-bench-" + std::to_string(spec.images))
                       : o.data;
    const std::string stamp = "images=" + std::to_string(spec.images) +
                              " classes=" + std::to_string(spec.classes) +
                              " seed=" + std::to_string(spec.seed) + " v2\n";
    std::vector<fs::path> paths = {dir / "ground_truth.json", dir / "detector.json"};
    std::string old;
    if (std::ifstream f(dir / "spec.txt"); f)
        std::getline(f, old), old += "\n";
    if (old != stamp || !fs::exists(paths[0]) || !fs::exists(paths[1])) {
        std::fprintf(stderr, "writing synthetic data (%d images) to %s ...\n", spec.images,
                     dir.string().c_str());
        paths = writeSynthetic(spec, dir);
        std::ofstream(dir / "spec.txt") << stamp;
    }
    return paths;
}

/// Reads every value of the document through the On-Demand API without storing anything: what an
/// On-Demand loader costs before it builds its model.
std::size_t walk(simdjson::ondemand::value v)
{
    using T = simdjson::ondemand::json_type;
    std::size_t n = 1;
    switch (v.type()) {
    case T::array:
        for (auto e : v.get_array())
            n += walk(e.value());
        break;
    case T::object:
        for (auto f : v.get_object()) {
            (void)f.unescaped_key();
            n += walk(f.value());
        }
        break;
    case T::number:
        (void)v.get_double();
        break;
    case T::string:
        (void)v.get_string();
        break;
    case T::boolean:
        (void)v.get_bool();
        break;
    case T::null:
        (void)v.is_null();
        break;
    }
    return n;
}

/// The peak resident memory since the last resetPeakRss(), in MiB (Linux's VmHWM); -1 if unknown.
double peakRssSinceResetMb()
{
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line))
        if (line.rfind("VmHWM:", 0) == 0)
            return std::stod(line.substr(6)) / 1024.0; // kB
    return -1;
}

/// Starts the peak over from the current resident memory (Linux: clear_refs 5).
bool resetPeakRss()
{
    std::ofstream clear("/proc/self/clear_refs");
    return static_cast<bool>(clear << "5" << std::flush);
}

double currentRssMb()
{
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line))
        if (line.rfind("VmRSS:", 0) == 0)
            return std::stod(line.substr(6)) / 1024.0;
    return -1;
}

/// One image with n predictions and n objects of one class whose boxes all overlap (centres within
/// 200 pixels, sides of 400 to 800): every pair has an IoU, which a table of them would hold
/// (8 bytes a pair). Matched as optconf-cli matches it by default (fiftyone, AP included); returns
/// the line that gives the time and how far the matching raised the peak memory. Run before the
/// stages, in a fresh process: memory freed by them would be reused without raising the peak.
std::string denseBucketWorstCase(int n, std::uint64_t seed)
{
    DatasetBuilder builder;
    builder.addSample({"1", "worst-case.jpg", 4000, 4000});
    builder.boxUnits = BoxUnits::Pixels;
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> centre(1000, 1200), side(400, 800), score(0, 1);
    for (const char* name : {"ground_truth", "predictions"}) {
        auto& field = builder.addField(name, "benchmark", "memory");
        const LabelId label = builder.label("face");
        for (int k = 0; k < n; ++k) {
            Detection d;
            d.box.w = std::round(side(rng));
            d.box.h = std::round(side(rng));
            d.box.x = std::round(centre(rng) - d.box.w / 2);
            d.box.y = std::round(centre(rng) - d.box.h / 2);
            d.area = d.box.area();
            d.label = label;
            if (std::string_view(name) == "predictions")
                d.confidence = score(rng);
            field.add(0, d);
        }
    }
    const Dataset dataset = std::move(builder).build();
    const Matcher matcher(dataset, dataset.fields[0], dataset.fields[1], MatchOptions{});
    const double before = currentRssMb();
    const bool reset = resetPeakRss();
    const double t0 = nowMs();
    const MatchResult match = *matcher.run();
    const double ms = nowMs() - t0;
    const double peak = reset ? peakRssSinceResetMb() : peakRssMb();
    const double table = static_cast<double>(n) * n * sizeof(double) / 1048576.0;
    const auto truePositives =
        std::count_if(match.predictions.begin(), match.predictions.end(),
                      [](const MatchedPrediction& p) { return p.status == PredictionStatus::TruePositive; });
    char line[400];
    std::snprintf(line, sizeof line,
                  "one image, %d x %d overlapping boxes of one class (%td TP at t=0): match %.0f ms, peak "
                  "RSS +%.1f MiB over the %.1f MiB before (%s; a table of every IoU would be %.0f MiB)\n",
                  n, n, truePositives, ms, peak - before, before,
                  reset ? "VmHWM during the matching" : "process peak", table);
    return line;
}

struct Timings
{
    std::map<std::string, std::vector<double>> ms;
    std::map<std::string, double> rss;
    std::vector<std::string> order;
    void add(const std::string& stage, double t)
    {
        if (!ms.count(stage))
            order.push_back(stage);
        ms[stage].push_back(t);
        rss[stage] = peakRssMb();
    }
};

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size();
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/// Everything the GUI recomputes when the threshold moves, as its Confusion and Errors tabs do.
std::int64_t answerThreshold(const ThresholdAnalysis& a, double t)
{
    std::int64_t sink = 0;
    for (std::int64_t k : a.confusion.counts(t))
        sink += k;
    sink += static_cast<std::int64_t>(a.confusion.mostConfused(t, 10).size());
    sink += a.errors.at(t).missed + a.errors.countsAt(t).fp;
    for (const ErrorFix& f : a.errors.fixesAt(t))
        sink += f.counts.tp;
    for (LabelId label : a.confusion.labels()) {
        sink += a.errors.at(t, label).missed + a.errors.countsAt(t, label).tp;
        for (const ErrorFix& f : a.errors.fixesAt(t, label))
            sink += f.counts.fn;
    }
    sink += static_cast<std::int64_t>(a.histogram.binOf(t));
    for (std::size_t k = 0; k < kObjectSizeCount; ++k)
        sink += a.sizes.at(t, static_cast<ObjectSize>(k)).tp;
    sink += static_cast<std::int64_t>(1000 * (a.iouCurves.meanF1(t) + a.iouCurves.f1(t, IouCurves::kIou75)));
    return sink;
}

void timeAnalysis(const Dataset& dataset, const EvaluationResult& result, Timings& t)
{
    // analyseThresholds(), part by part.
    const LabelField& gt = *dataset.field(result.request.groundTruthField);
    const LabelField& pred = *dataset.field(result.request.predictionField);
    const MatchOptions& options = result.request.match;
    const double start = nowMs();
    double t0 = start;
    auto lap = [&](const char* stage) {
        const double now = nowMs();
        t.add(stage, now - t0);
        t0 = now;
    };
    ConfusionMatrix confusion(dataset, gt, pred, options);
    lap("analysis: confusion matrix (all cores)");
    ErrorAnalysis errors(dataset, gt, pred, options);
    lap("analysis: error types (all cores)");
    SizeBreakdown sizes(dataset, gt, pred, options);
    lap("analysis: 3 object sizes (all cores)");
    IouCurves curves(dataset, gt, pred, options);
    lap("analysis: 10 IoU thresholds (all cores)");
    const ThresholdAnalysis analysis{std::move(confusion), std::move(errors), scoreHistogram(result.match),
                                     std::move(sizes), std::move(curves)};
    t0 = start;
    lap("error analysis (all of it)");
    // 101 thresholds across [0, 1]: the median cost of one slider step.
    std::vector<double> steps;
    std::int64_t sink = 0;
    for (int i = 0; i <= 100; ++i) {
        t0 = nowMs();
        sink += answerThreshold(analysis, i / 100.0);
        steps.push_back(nowMs() - t0);
    }
    std::sort(steps.begin(), steps.end());
    std::printf("new threshold (matrix, types with gains overall and per class, histogram, sizes, IoU "
                "curves): median %.3f ms, slowest %.3f ms of 101\n",
                steps[steps.size() / 2], steps.back());
    if (sink == 42)
        std::printf(" "); // keeps the work observable
}

} // namespace

int main(int argc, char** argv)
{
    keepFreedMemoryForReuse(); // as optconf-cli does, so that the stages cost what they cost there
    const Options o = parse(argc, argv);
    const std::vector<fs::path> inputs = o.inputs.empty() ? syntheticInputs(o) : o.inputs;
    if (o.writeOnly) {
        for (const auto& p : inputs)
            std::printf("%s\n", p.string().c_str());
        return 0;
    }
    std::string worstCase;
    if (o.denseBucket > 0 && o.stopAfter.empty()) {
        worstCase = denseBucketWorstCase(o.denseBucket, o.seed);
        resetPeakRss(); // the stages' peaks as without it
    }
    std::uintmax_t inputBytes = 0;
    for (const auto& p : inputs)
        inputBytes += fs::file_size(p);
    const double baseRss = peakRssMb();
    auto stop = [&](const char* stage) { return o.stopAfter == stage; };

    Timings t;
    std::optional<Dataset> dataset;
    EvaluationRequest request;
    request.groundTruthField = "ground_truth";
    request.predictionField = inputs[1].stem().string();
    request.match.protocol = o.coco ? Protocol::Coco : Protocol::FiftyOne;
    if (o.coco)
        request.match.maxDetections = 100;
    request.match.classwise = !o.agnostic;
    request.sweep.pluginParity = o.parity;
    // As optconf-cli: every exact row is kept only when the curve is written.
    request.sweep.keepExactRows = o.curve;
    std::size_t predictions = 0, groundTruth = 0, exactRows = 0, reportBytes = 0, reportRows = 0;
    std::vector<double> reportMsPer100kRows;

    for (int rep = 0; rep < o.repeat; ++rep) {
        // read: the whole files into simdjson's padded buffers, for comparison (the loader holds only a
        // ground truth's text whole; results files are streamed in blocks).
        double t0 = nowMs();
        {
            std::vector<simdjson::padded_string> texts;
            for (const auto& p : inputs)
                texts.push_back(simdjson::padded_string::load(p.string()).value());
            t.add("read", nowMs() - t0);
            if (stop("read"))
                continue;
            // parse: JSON only, nothing built. The DOM builds simdjson's tape; On-Demand walks the
            // text once and reads every value.
            if (o.parser == "dom" || o.parser == "both") {
                t0 = nowMs();
                for (auto& text : texts) {
                    simdjson::dom::parser parser;
                    simdjson::dom::element root;
                    if (parser.parse(text).get(root))
                        return std::fprintf(stderr, "parse error\n"), 1;
                }
                t.add("parse (DOM)", nowMs() - t0);
            }
            if (o.parser == "ondemand" || o.parser == "both") {
                t0 = nowMs();
                std::size_t values = 0;
                for (auto& text : texts) {
                    simdjson::ondemand::parser parser;
                    auto doc = parser.iterate(text);
                    values += walk(doc.get_value().value());
                }
                t.add("parse (On-Demand)", nowMs() - t0);
                if (values == 0)
                    return 1;
            }
        }
        if (stop("parse"))
            continue;

        // load: what the CLI does (loadDataset()), in its two steps: the loaders read and parse
        // every input into the builder, then the data model is laid out per image.
        dataset.reset();
        t0 = nowMs();
        LoadResult loaded;
        DatasetBuilder builder;
        const bool read = readInputs(LoadRequest{inputs, {}}, builder, loaded);
        const double parsed = nowMs();
        t.add("load: read + parse into the builder", parsed - t0);
        if (!read) {
            for (const auto& d : loaded.diagnostics)
                std::fprintf(stderr, "%s\n", d.toString().c_str());
            return 1;
        }
        if (stop("load"))
            continue;
        dataset = std::move(builder).build();
        const double built = nowMs();
        t.add("load: build the data model", built - parsed);
        t.add("load (read+parse+build)", built - t0);
        if (auto invalid = validate(*dataset, request))
            return std::fprintf(stderr, "%s\n", invalid->c_str()), 1;
        groundTruth = dataset->field(request.groundTruthField)->objectCount();
        predictions = dataset->field(request.predictionField)->objectCount();
        if (stop("build"))
            continue;

        const Matcher matcher(*dataset, *dataset->field(request.groundTruthField),
                              *dataset->field(request.predictionField), request.match);
        t0 = nowMs();
        MatchResult match = *matcher.run();
        t.add("match", nowMs() - t0);
        if (stop("match"))
            continue;

        SweepOptions totalOnly = request.sweep;
        totalOnly.perClass = false;
        t0 = nowMs();
        SweepResult s = sweep(match, dataset->labels, totalOnly);
        t.add("sweep (total curve)", nowMs() - t0);
        exactRows = s.total.exact.size();
        if (stop("sweep"))
            continue;
        t0 = nowMs();
        s = sweep(match, dataset->labels, request.sweep);
        t.add("sweep with per-class", nowMs() - t0);
        if (stop("perclass"))
            continue;

        t0 = nowMs();
        AveragePrecision ap = averagePrecision(match, dataset->labels.size(), request.match.protocol);
        t.add("AP", nowMs() - t0);
        if (stop("ap"))
            continue;

        EvaluationResult result;
        result.request = request;
        result.imageCount = dataset->samples.size();
        result.match = std::move(match);
        result.sweep = std::move(s);
        result.ap = std::move(ap);
        if (o.analysis)
            timeAnalysis(*dataset, result, t);
        ReportContext context;
        for (const auto& p : inputs)
            context.inputs.push_back(p.string());
        context.includeCurve = o.curve;
        t0 = nowMs();
        const std::string report = reportJson(*dataset, result, context);
        const double reportMs = nowMs() - t0;
        t.add(o.curve ? "report (JSON, --curve)" : "report (JSON)", reportMs);
        reportBytes = report.size();
        reportRows = result.sweep.total.grid.size() + result.sweep.classes.size() +
                     (o.curve ? result.sweep.total.exact.size() : 0);
        reportMsPer100kRows.push_back(reportMs * 1e5 /
                                      static_cast<double>(std::max<std::size_t>(reportRows, 1)));
        if (stop("report"))
            continue;

        t0 = nowMs();
        auto direct = evaluate(*dataset, request);
        t.add("evaluate() (match..AP)", nowMs() - t0);
        if (o.guiStream > 0) {
            std::size_t callbacks = 0, partials = 0;
            t0 = nowMs();
            auto streamed = evaluate(
                *dataset, request,
                [&](const EvaluationProgress& p) {
                    ++callbacks;
                    partials += p.partialCurve != nullptr;
                    return true;
                },
                o.guiStream);
            t.add("evaluate() streaming (" + std::to_string(partials) + " partial curves)", nowMs() - t0);
            (void)callbacks;
            if (!streamed || !direct ||
                streamed->sweep.total.optimum->threshold != direct->sweep.total.optimum->threshold)
                return std::fprintf(stderr, "streamed evaluation differs\n"), 1;
        }
        if (o.deployment && direct) {
            t0 = nowMs();
            const auto events = imageEvents(*dataset, request);
            t.add("deployment: matching image by image", nowMs() - t0);
            CrossValidationOptions cv;
            cv.seed = 1;
            t0 = nowMs();
            const auto folds = events ? crossValidate(*events, *direct, cv) : std::nullopt;
            t.add("deployment: 5-fold cross-validation, 3 rules", nowMs() - t0);
            BootstrapOptions b;
            b.seed = 1;
            t0 = nowMs();
            const auto boot = events ? bootstrap(*events, *direct, b) : std::nullopt;
            t.add("deployment: bootstrap, 1000 replicates", nowMs() - t0);
            if (!folds || !boot || boot->total.defined != b.replicates)
                return std::fprintf(stderr, "the deployment estimates failed\n"), 1;
        }
        if (o.compare) {
            // A second model of the same size: the detector's boxes with every score rescored (its
            // square root), so that matching and sweeping it cost what the first does.
            Dataset two = *dataset;
            LabelField second = *two.field(request.predictionField);
            second.name = request.predictionField + "_rescored";
            for (Detection& d : second.detections)
                if (d.hasConfidence())
                    d.confidence = std::sqrt(d.confidence);
            two.fields.push_back(std::move(second));
            EvaluationRequest other = request;
            other.predictionField = request.predictionField + "_rescored";
            t0 = nowMs();
            const auto first = evaluate(two, request);
            const auto then = evaluate(two, other);
            t.add("two single runs (evaluate() x 2)", nowMs() - t0);
            ComparisonRequest pair;
            pair.base = request;
            pair.predictionFields = {request.predictionField, other.predictionField};
            pair.bootstrapReplicates = 1;
            t0 = nowMs();
            const auto matchedOnly = compare(two, pair);
            t.add("compare() 2 models, 1 bootstrap replicate", nowMs() - t0);
            pair.bootstrapReplicates = 1000;
            t0 = nowMs();
            const auto compared = compare(two, pair);
            t.add("compare() 2 models, 1000 replicates", nowMs() - t0);
            if (!first || !then || !compared || !matchedOnly ||
                compared->models[0].sweep.total.optimum->threshold != first->sweep.total.optimum->threshold ||
                compared->models[1].sweep.total.optimum->threshold != then->sweep.total.optimum->threshold)
                return std::fprintf(stderr, "the comparison's models differ from their single runs\n"), 1;
        }
    }

    std::printf("optconf-bench: %zu input files, %.1f MB (10^6 bytes); %s images, %zu ground-truth objects, "
                "%zu predictions;"
                " %u hardware threads; %d repetition(s)\n",
                inputs.size(), static_cast<double>(inputBytes) / 1e6,
                dataset ? std::to_string(dataset->samples.size()).c_str() : "?", groundTruth, predictions,
                std::thread::hardware_concurrency(), o.repeat);
    std::printf("exact curve rows kept: %zu (with --curve, as optconf-cli); report: %.1f MB\n", exactRows,
                static_cast<double>(reportBytes) / 1e6);
    if (!reportMsPer100kRows.empty())
        std::printf("JSON report: %zu rows, %.1f ms per 100k rows (median)\n", reportRows,
                    median(reportMsPer100kRows));
    std::printf("%-40s %10s %10s %14s\n", "stage", "median ms", "min ms", "peak RSS MiB");
    for (const std::string& stage : t.order) {
        const auto& v = t.ms[stage];
        std::printf("%-40s %10.1f %10.1f %14.1f\n", stage.c_str(), median(v),
                    *std::min_element(v.begin(), v.end()), t.rss[stage]);
    }
    std::printf("peak RSS %.1f MiB = %.2fx the input (%.1f MiB before the first stage)\n", peakRssMb(),
                peakRssMb() * 1048576.0 / static_cast<double>(inputBytes), baseRss);
    std::fputs(worstCase.c_str(), stdout);
    return 0;
}
