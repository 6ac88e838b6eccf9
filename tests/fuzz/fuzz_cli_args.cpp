// SPDX-License-Identifier: MIT
// optconf-cli sweep's argument handling, in-process: the input is split into arguments at NUL and
// newline bytes and given to parseSweepArguments(), the function sweep() itself uses. What it
// accepts is run as sweep() would run it (validate, evaluate, JSON and CSV report text), on a fixed
// small dataset instead of the named inputs and without writing any file: the fuzzer must not be
// able to make the target read /dev/zero or overwrite a file it names.
#include "app/cli_commands.h"
#include "core/output/output_file.h"
#include "core/output/report_json.h"
#include "fuzz_common.h"

#include <QCoreApplication>

namespace {

constexpr const char* kGroundTruth = R"({
 "images": [{"id": 1, "file_name": "a.jpg", "width": 640, "height": 480},
            {"id": 2, "file_name": "b.jpg", "width": 640, "height": 480}],
 "annotations": [
  {"id": 1, "image_id": 1, "category_id": 1, "bbox": [10, 10, 100, 50], "iscrowd": 0},
  {"id": 2, "image_id": 1, "category_id": 2, "bbox": [200, 100, 40, 40], "iscrowd": 0},
  {"id": 3, "image_id": 2, "category_id": 1, "bbox": [0, 0, 640, 480], "iscrowd": 1}],
 "categories": [{"id": 1, "name": "cat"}, {"id": 2, "name": "dog"}]
})";
constexpr const char* kResults = R"([
 {"image_id": 1, "category_id": 1, "bbox": [12, 10, 100, 50], "score": 0.9},
 {"image_id": 1, "category_id": 2, "bbox": [300, 100, 40, 40], "score": 0.35000000000000003},
 {"image_id": 2, "category_id": 1, "bbox": [10, 10, 50, 50], "score": 0.5},
 {"image_id": 2, "category_id": 2, "bbox": [10, 10, 50, 50]}
])";

const optconf::Dataset& fixedDataset()
{
    static const optconf::Dataset dataset = [] {
        using namespace optconf;
        const auto gt = fuzz::scratch() / "gt.json";
        const auto model = fuzz::scratch() / "model.json";
        fuzz::writeFile(gt, kGroundTruth);
        fuzz::writeFile(model, kResults);
        LoadResult r = loadDataset(LoadRequest{{gt, model}, {}});
        if (!r.ok())
            fuzz::fail("the fixed dataset does not load");
        return std::move(*r.dataset);
    }();
    return dataset;
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv)
{
    static QCoreApplication app(*argc, *argv);
    fixedDataset();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace optconf;
    if (size > 4096)
        return -1; // argument lists are short; long inputs only slow the search down
    QStringList arguments{QStringLiteral("optconf-cli")};
    QByteArray current;
    for (std::size_t i = 0; i <= size; ++i) {
        if (i == size || data[i] == '\0' || data[i] == '\n') {
            arguments.push_back(QString::fromUtf8(current));
            current.clear();
        } else {
            current.push_back(static_cast<char>(data[i]));
        }
    }
    auto parsed = cli::parseSweepArguments(arguments);
    if (const int* exit = std::get_if<int>(&parsed)) {
        if (*exit != cli::Success && *exit != cli::BadInput)
            fuzz::fail("parseSweepArguments returned an unknown exit code");
        return 0;
    }
    cli::SweepArguments& args = std::get<cli::SweepArguments>(parsed);
    // What the CLI checks before it loads anything: it only looks at the paths, never writes.
    (void)outputConflict(args.inputs, cli::outputTargets(args));
    const Dataset& dataset = fixedDataset();
    EvaluationRequest request = args.request;
    request.groundTruthField = args.gtField.isEmpty() ? "ground_truth" : args.gtField.toStdString();
    request.predictionField = args.predField.isEmpty() ? "model" : args.predField.toStdString();
    if (validate(dataset, request))
        return 0;
    // Up to 1,000,000 steps are valid; the reports grow linearly with them, so that under ASan +
    // libFuzzer a large grid is reported as a timeout. Large grids are exercised by the tests;
    // here they would only slow the search down.
    if (request.sweep.steps > 20'000)
        return 0;
    auto result = evaluate(dataset, request);
    if (!result)
        fuzz::fail("evaluate() returned nothing without being cancelled");
    ReportContext context;
    context.datasetName = "fuzz";
    context.includeCurve = args.curve;
    const std::string json = reportJson(dataset, *result, context);
    const std::string csv = gridCsv(*result, args.curve);
    if (json.empty() || csv.empty())
        fuzz::fail("an empty report");
    return 0;
}
