// SPDX-License-Identifier: MIT
#include "loader.h"
#include "coco_loader.h"
#include "dataset_builder.h"
#include "fiftyone_loader.h"
#include "formats/csv_loader.h"
#include "formats/fiftyone_image_detection_loader.h"
#include "formats/format_common.h"
#include "formats/voc_loader.h"
#include "formats/yolo_loader.h"

#include <filesystem>
#include <fstream>

namespace optconf {

namespace fs = std::filesystem;

const std::vector<std::unique_ptr<FormatLoader>>& formatLoaders()
{
    static const auto loaders = [] {
        std::vector<std::unique_ptr<FormatLoader>> l;
        l.push_back(std::make_unique<CocoGroundTruthLoader>());
        l.push_back(std::make_unique<CocoResultsLoader>());
        l.push_back(std::make_unique<FiftyOneDatasetLoader>());
        l.push_back(std::make_unique<FiftyOneImageDetectionLoader>());
        l.push_back(std::make_unique<VocLoader>());
        l.push_back(std::make_unique<YoloLoader>());
        l.push_back(std::make_unique<CsvLoader>());
        return l;
    }();
    return loaders;
}

std::unique_ptr<PreparedInput> FormatLoader::prepare(const InputProbe&) const
{
    return nullptr;
}

bool FormatLoader::loadPrepared(const InputProbe& input, std::unique_ptr<PreparedInput>,
                                DatasetBuilder& builder, DiagnosticList& diagnostics,
                                const ProgressCallback& progress) const
{
    return load(input, builder, diagnostics, progress);
}

namespace {

constexpr std::size_t kProbeBytes = 64 * 1024;

std::optional<InputProbe> probeInput(const fs::path& path, DiagnosticList& diagnostics)
{
    InputProbe probe;
    probe.path = path;
    std::error_code ec;
    const auto status = fs::status(path, ec);
    if (ec || !fs::exists(status)) {
        diagnostics.error(path.string(), {}, "does not exist");
        return std::nullopt;
    }
    probe.isDirectory = fs::is_directory(status);
    if (!probe.isDirectory) {
        if (!fs::is_regular_file(status)) {
            diagnostics.error(path.string(), {}, "not a regular file or folder");
            return std::nullopt;
        }
        std::ifstream in(path, std::ios::binary);
        if (!in) {
            diagnostics.error(path.string(), {}, "cannot be opened for reading (permission denied?)");
            return std::nullopt;
        }
        probe.head.resize(kProbeBytes);
        in.read(probe.head.data(), static_cast<std::streamsize>(kProbeBytes));
        probe.head.resize(static_cast<std::size_t>(in.gcount()));
    }
    return probe;
}

std::string acceptedFormats()
{
    std::string s;
    for (const auto& loader : formatLoaders())
        s += "\n  - " + loader->accepts();
    return s;
}

} // namespace

bool readInputs(const LoadRequest& request, DatasetBuilder& builder, LoadResult& result)
{
    DiagnosticList diagnostics;
    if (request.inputs.empty()) {
        diagnostics.error("(no input)", {}, "no files or folders were given");
        result.diagnostics = diagnostics.take();
        return false;
    }

    struct Planned
    {
        InputProbe probe;
        const FormatLoader* loader;
        InputRole role;
    };
    std::vector<Planned> samples, predictions;
    for (const fs::path& path : request.inputs) {
        auto probe = probeInput(path, diagnostics);
        if (!probe)
            continue;
        const FormatLoader* chosen = nullptr;
        InputRole role = InputRole::NotMine;
        for (const auto& loader : formatLoaders()) {
            role = loader->probe(*probe);
            if (role != InputRole::NotMine) {
                chosen = loader.get();
                break;
            }
        }
        if (!chosen) {
            // Reliability (issue 7): say so when a file is UTF-16 (Windows tools write it), not only
            // that it is not a format OptConf reads.
            const std::string_view head(probe->head);
            const bool utf16 = head.starts_with("\xFF\xFE") || head.starts_with("\xFE\xFF");
            diagnostics.error(
                path.string(), {},
                probe->head.empty() && !probe->isDirectory ? std::string("the file is empty")
                : utf16 ? std::string("the file is UTF-16 encoded; OptConf reads UTF-8 (save it as UTF-8)")
                        : "not a dataset format OptConf reads; expected one of:" + acceptedFormats());
            continue;
        }
        (role == InputRole::Samples ? samples : predictions).push_back({std::move(*probe), chosen, role});
    }
    if (samples.size() > 1) {
        diagnostics.error(
            samples[1].probe.path.string(), {},
            "a second ground-truth source; open one (" + samples[0].probe.path.string() +
                " is already the ground truth). Predictions are told apart by their "
                "confidences: a prediction file or folder without any (a YOLO folder without the "
                "6th column, a CSV without a confidence column) reads as ground truth");
    }
    if (samples.empty() && !predictions.empty() && !diagnostics.hasErrors()) {
        diagnostics.error(predictions[0].probe.path.string(), {},
                          "predictions need ground truth: open the ground-truth file or folder with them");
    }
    if (diagnostics.hasErrors()) {
        result.diagnostics = diagnostics.take();
        return false;
    }

    std::vector<Planned> plan = std::move(samples);
    plan.insert(plan.end(), std::make_move_iterator(predictions.begin()),
                std::make_move_iterator(predictions.end()));
    // The first prediction input waits for the ground truth: let its loader start meanwhile.
    // (Later ones would only compete with the one being read.)
    std::unique_ptr<PreparedInput> prepared;
    if (plan.size() > 1)
        prepared = plan[1].loader->prepare(plan[1].probe);
    for (std::size_t i = 0; i < plan.size(); ++i) {
        const Planned& p = plan[i];
        ProgressCallback inner;
        if (request.progress) {
            inner = [&, i](double fraction, const std::string& stage) {
                return request.progress((static_cast<double>(i) + fraction) /
                                            static_cast<double>(plan.size()),
                                        stage + " (" + p.probe.path.filename().string() + ")");
            };
        }
        if (inner && !inner(0.0, "Reading"))
            result.cancelled = true;
        if (!result.cancelled) {
            const bool loaded =
                i == 1 ? p.loader->loadPrepared(p.probe, std::move(prepared), builder, diagnostics, inner)
                       : p.loader->load(p.probe, builder, diagnostics, inner);
            if (!loaded)
                result.cancelled = true;
        }
        if (result.cancelled || diagnostics.hasErrors())
            break;
    }
    const bool ok = !result.cancelled && !diagnostics.hasErrors();
    if (ok)
        builder.boxUnits = formats::groundTruthUnits(builder);
    result.diagnostics = diagnostics.take();
    return ok;
}

LoadResult loadDataset(const LoadRequest& request)
{
    LoadResult result;
    DatasetBuilder builder;
    if (readInputs(request, builder, result))
        result.dataset = std::move(builder).build();
    if (request.progress && result.dataset)
        request.progress(1.0, "Done");
    return result;
}

} // namespace optconf
