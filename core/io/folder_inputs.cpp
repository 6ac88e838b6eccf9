// SPDX-License-Identifier: MIT
#include "core/io/folder_inputs.h"

#include "core/io/format_common.h"
#include "core/io/loader.h"

#include <yaml-cpp/depthguard.h> // YAML::DeepRecursion, which yaml.h leaves out
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <fstream>
#include <optional>
#include <string>

namespace optconf {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t kHeadBytes = 64 * 1024;
constexpr std::size_t kMaxEntries = 10000; ///< a folder listing is not read further

InputProbe probeOf(const fs::path& path)
{
    InputProbe probe;
    probe.path = normalisedInputPath(path);
    std::error_code ec;
    probe.isDirectory = fs::is_directory(probe.path, ec);
    if (!probe.isDirectory) {
        std::ifstream in(probe.path, std::ios::binary);
        probe.head.resize(kHeadBytes);
        in.read(probe.head.data(), static_cast<std::streamsize>(kHeadBytes));
        probe.head.resize(static_cast<std::size_t>(std::max<std::streamsize>(0, in.gcount())));
    }
    return probe;
}

/// The role the first loader that recognises `probe` gives it.
InputRole roleOf(const InputProbe& probe)
{
    for (const auto& loader : formatLoaders())
        if (const InputRole role = loader->probe(probe); role != InputRole::NotMine)
            return role;
    return InputRole::NotMine;
}

struct Listing
{
    std::vector<fs::path> files, folders;
    bool empty = true; ///< nothing in it at all, hidden entries included
};

Listing list(const fs::path& folder)
{
    Listing l;
    std::error_code ec;
    std::size_t looked = 0;
    for (fs::directory_iterator it(folder, ec), end; !ec && it != end && looked < kMaxEntries;
         it.increment(ec), ++looked) {
        l.empty = false;
        if (it->is_directory(ec))
            l.folders.push_back(it->path());
        else if (it->is_regular_file(ec))
            l.files.push_back(it->path());
    }
    std::sort(l.files.begin(), l.files.end());
    std::sort(l.folders.begin(), l.folders.end());
    return l;
}

bool isYaml(const fs::path& p)
{
    const std::string e = formats::toLower(p.extension().string());
    return e == ".yaml" || e == ".yml";
}

bool hasLabelFiles(const fs::path& folder)
{
    for (const fs::path& f : list(folder).files)
        if (f.extension() == ".txt")
            return true;
    return false;
}

/// Ultralytics' rule: an image folder's labels are where its last "images" component says "labels".
std::optional<fs::path> labelsOfImages(const fs::path& images)
{
    fs::path out;
    bool replaced = false;
    std::vector<fs::path> parts(images.begin(), images.end());
    for (auto it = parts.rbegin(); it != parts.rend(); ++it)
        if (!replaced && *it == "images") {
            *it = "labels";
            replaced = true;
            break;
        }
    if (!replaced)
        return std::nullopt;
    for (const fs::path& p : parts)
        out /= p;
    return out;
}

/// The labels folder of a YOLO data set described by `yaml`; empty with an error when none is found.
std::optional<fs::path> yoloLabels(const fs::path& yaml, DiagnosticList& diagnostics)
{
    const fs::path root = yaml.parent_path();
    std::vector<fs::path> tried;
    std::optional<std::string> split;
    try {
        const YAML::Node doc = YAML::LoadFile(yaml.string());
        fs::path base = root;
        if (doc.IsMap() && doc["path"] && doc["path"].IsScalar()) {
            const fs::path p = doc["path"].as<std::string>();
            base = p.is_absolute() ? p : root / p;
        }
        for (const char* key : {"val", "test", "train"}) {
            if (!doc.IsMap() || !doc[key] || !doc[key].IsScalar())
                continue;
            const fs::path images = doc[key].as<std::string>();
            if (auto labels = labelsOfImages(images.is_absolute() ? images : base / images)) {
                tried.push_back(labels->lexically_normal());
                if (hasLabelFiles(tried.back())) {
                    split = key;
                    break;
                }
            }
        }
    } catch (const YAML::Exception&) {
        // Not YAML: the folder layout below may still say where the labels are; the names file's
        // own reader reports the YAML error when it reads it.
    }
    if (split) {
        if (std::string(*split) != "val")
            diagnostics.warning(yaml.string(), {},
                                "opened the " + *split + " split's labels, " + tried.back().string() +
                                    " (data.yaml names no val split with label files)");
        return tried.back();
    }
    for (const char* sub : {"labels/val", "labels/valid", "labels/validation", "labels/test", "labels"}) {
        const fs::path labels = (root / sub).lexically_normal();
        tried.push_back(labels);
        if (hasLabelFiles(labels))
            return labels;
    }
    std::string looked;
    for (const fs::path& t : tried)
        looked += (looked.empty() ? "" : ", ") + t.string();
    diagnostics.error(yaml.string(), {},
                      "a YOLO data set, but none of its label folders holds <stem>.txt files (looked in " +
                          looked + ")");
    return std::nullopt;
}

/// A folder of JSON files: its ground truth first, then its results; errors when that is not what
/// it holds.
std::optional<std::vector<fs::path>> jsonFolder(const fs::path& folder, const Listing& listing,
                                                DiagnosticList& diagnostics)
{
    std::vector<fs::path> groundTruth, results;
    for (const fs::path& f : listing.files) {
        if (formats::toLower(f.extension().string()) != ".json")
            continue;
        const InputRole role = roleOf(probeOf(f));
        if (role == InputRole::Samples)
            groundTruth.push_back(f);
        else if (role == InputRole::Predictions)
            results.push_back(f);
    }
    if (groundTruth.empty() && results.empty())
        return std::nullopt;
    const std::string name = folder.string();
    if (groundTruth.empty()) {
        diagnostics.error(name, {},
                          "holds " + std::to_string(results.size()) + " results file" +
                              (results.size() == 1 ? "" : "s") +
                              " but no ground truth (a JSON file with \"images\", \"annotations\" and "
                              "\"categories\"): add it to the folder or open it with the results");
        return std::nullopt;
    }
    if (groundTruth.size() > 1) {
        std::string names;
        for (const fs::path& g : groundTruth)
            names += (names.empty() ? "'" : ", '") + formats::shortQuote(g.filename().string()) + "'";
        diagnostics.error(name, {},
                          "holds " + std::to_string(groundTruth.size()) + " ground-truth files (" + names +
                              "): open one of them with its results files");
        return std::nullopt;
    }
    std::vector<fs::path> out{groundTruth.front()};
    out.insert(out.end(), results.begin(), results.end());
    return out;
}

} // namespace

std::vector<fs::path> resolveInputs(const std::vector<fs::path>& inputs, DiagnosticList& diagnostics)
{
    std::vector<fs::path> out;
    for (const fs::path& input : inputs) {
        std::error_code ec;
        const fs::path path = normalisedInputPath(input);
        if (!fs::exists(path, ec)) {
            out.push_back(input); // the loader says it does not exist
            continue;
        }
        if (!fs::is_directory(path, ec)) {
            if (isYaml(path) && fs::is_regular_file(path, ec)) {
                if (auto labels = yoloLabels(path, diagnostics))
                    out.push_back(*labels);
                continue;
            }
            out.push_back(input);
            continue;
        }
        if (roleOf(probeOf(path)) != InputRole::NotMine) {
            out.push_back(input); // a folder some format reads as it is
            continue;
        }
        const Listing listing = list(path);
        if (listing.empty) {
            diagnostics.error(path.string(), {}, "the folder is empty: there is nothing in it to open");
            continue;
        }
        const fs::path* yaml = nullptr;
        for (const fs::path& f : listing.files)
            if (f.filename() == "data.yaml" || f.filename() == "data.yml")
                yaml = &f;
        if (yaml) {
            if (auto labels = yoloLabels(*yaml, diagnostics))
                out.push_back(*labels);
            continue;
        }
        const std::size_t errors = diagnostics.items().size();
        if (auto files = jsonFolder(path, listing, diagnostics)) {
            out.insert(out.end(), files->begin(), files->end());
            continue;
        }
        if (diagnostics.items().size() == errors)
            out.push_back(input); // nothing of the above: the loader explains what it looked for
    }
    return out;
}

} // namespace optconf
