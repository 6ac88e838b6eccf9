// SPDX-License-Identifier: MIT
#include "core/io/loader.h"
#include "core/io/coco/coco_loader.h"
#include "core/io/csv/csv_loader.h"
#include "core/io/fiftyone/fiftyone_image_detection_loader.h"
#include "core/io/fiftyone/fiftyone_loader.h"
#include "core/io/folder_inputs.h"
#include "core/io/format_common.h"
#include "core/io/voc/voc_loader.h"
#include "core/io/yolo/yolo_loader.h"
#include "core/model/dataset_builder.h"

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

fs::path normalisedInputPath(const fs::path& path)
{
    if (path.empty())
        return path;
    std::error_code ec;
    fs::path p = fs::absolute(path, ec);
    if (ec)
        p = path;
    p = p.lexically_normal();
    // "dir/" keeps an empty last element, whose parent is the folder itself, not the one above it.
    if (p.filename().empty() && p.has_relative_path())
        p = p.parent_path();
    // "link/.." is the link target's parent to the system, not the folder holding the link: when
    // dropping ".." lexically lost the file, resolve the links instead.
    if (!fs::exists(p, ec) && fs::exists(path, ec))
        if (fs::path resolved = fs::canonical(path, ec); !ec)
            return resolved;
    return p;
}

LoadOutcome outcomeOf(const DiagnosticList& diagnostics)
{
    return diagnostics.hasErrors() ? LoadOutcome::Failed : LoadOutcome::Loaded;
}

std::optional<Diagnostic> FormatLoader::unreadable(const InputProbe&) const
{
    return std::nullopt;
}

namespace {

constexpr std::size_t kProbeBytes = 64 * 1024;

std::optional<InputProbe> probeInput(const fs::path& path, DiagnosticList& diagnostics)
{
    InputProbe probe;
    probe.path = normalisedInputPath(path);
    std::error_code ec;
    const auto status = fs::status(probe.path, ec);
    const std::string name = probe.path.string();
    if (ec || !fs::exists(status)) {
        diagnostics.error(name, {}, "does not exist");
        return std::nullopt;
    }
    probe.isDirectory = fs::is_directory(status);
    if (!probe.isDirectory) {
        if (!fs::is_regular_file(status)) {
            diagnostics.error(name, {}, "not a regular file or folder");
            return std::nullopt;
        }
        std::ifstream in(probe.path, std::ios::binary);
        if (!in) {
            diagnostics.error(name, {}, "cannot be opened for reading (permission denied?)");
            return std::nullopt;
        }
        probe.head.resize(kProbeBytes);
        in.read(probe.head.data(), static_cast<std::streamsize>(kProbeBytes));
        probe.head.resize(static_cast<std::size_t>(in.gcount()));
    }
    return probe;
}

/// What this folder holds that a file-only format would read: its .json and .csv files.
std::string jsonAndCsvFilesIn(const fs::path& folder)
{
    constexpr std::size_t kMaxEntriesLooked = 10000;
    std::size_t count = 0, looked = 0;
    std::string first;
    std::error_code ec;
    for (fs::directory_iterator it(folder, ec), end; !ec && it != end && looked < kMaxEntriesLooked;
         it.increment(ec), ++looked) {
        const std::string extension = formats::toLower(it->path().extension().string());
        if ((extension == ".json" || extension == ".csv") && it->is_regular_file(ec)) {
            if (count++ == 0 || it->path().filename().string() < first)
                first = it->path().filename().string();
        }
    }
    if (count == 0)
        return "this folder holds no .json or .csv file";
    return "this folder holds " + std::to_string(count) + " .json or .csv file" + (count == 1 ? "" : "s") +
           " (the first is '" + formats::shortQuote(first) + "'): open the file itself";
}

/// Whether a file's head is binary data rather than text: a NUL byte, or many bytes that are
/// neither printable nor UTF-8.
bool looksBinary(std::string_view head)
{
    head = head.substr(0, 4096);
    if (head.find('\0') != std::string_view::npos)
        return true;
    const std::string quoted = formats::shortQuote(head, head.size());
    std::size_t escapes = 0;
    for (std::size_t at = quoted.find("\\x"); at != std::string::npos; at = quoted.find("\\x", at + 2))
        ++escapes;
    return escapes * 10 > head.size();
}

/// One line per format: why none of them recognised `probe`.
std::string whyNoFormat(const InputProbe& probe)
{
    if (!probe.isDirectory && looksBinary(probe.head))
        return "not a dataset format OptConf reads: binary data, not text (every format OptConf reads is "
               "JSON, XML, CSV or YOLO's text label files)";
    std::string lines, otherKind;
    for (const auto& loader : formatLoaders()) {
        const std::string why = loader->notRecognisedBecause(probe);
        if (why.empty())
            otherKind += (otherKind.empty() ? "" : ", ") + loader->name();
        else
            lines += "\n  - " + loader->name() + ": " + why;
    }
    if (!otherKind.empty()) {
        lines += "\n  - " + otherKind +
                 (probe.isDirectory ? ": read files, not folders; " + jsonAndCsvFilesIn(probe.path)
                                    : ": read folders, not files (open the folder that holds this file)");
    }
    return std::string("not a dataset format OptConf reads (") + (probe.isDirectory ? "a folder" : "a file") +
           "); looked for each:" + lines;
}

/// The error for an input no format recognised.
std::string notRecognised(const InputProbe& probe)
{
    if (probe.isDirectory)
        return whyNoFormat(probe);
    if (probe.head.empty())
        return "the file is empty";
    if (formats::trim(probe.head).empty())
        return "not a dataset format OptConf reads: the file holds nothing but spaces and line breaks";
    // Windows tools write UTF-16: say so, not only that it is not a format OptConf reads.
    const std::string_view head(probe.head);
    if (head.starts_with("\xFF\xFE") || head.starts_with("\xFE\xFF"))
        return "the file is UTF-16 encoded; OptConf reads UTF-8 (save it as UTF-8)";
    return whyNoFormat(probe);
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
    for (const fs::path& path : resolveInputs(request.inputs, diagnostics)) {
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
            diagnostics.error(probe->path.string(), {}, notRecognised(*probe));
            continue;
        }
        if (auto problem = chosen->unreadable(*probe)) {
            diagnostics.add(std::move(*problem));
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
            const LoadOutcome outcome = p.loader->load(p.probe, builder, diagnostics, inner);
            if (outcome == LoadOutcome::Cancelled)
                result.cancelled = true;
            if (p.role == InputRole::Samples)
                builder.groundTruthRead();
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
