// SPDX-License-Identifier: MIT
#include "core/io/fiftyone/fiftyone_image_detection_loader.h"
#include "core/io/detection_checks.h"
#include "core/io/fiftyone/fiftyone_detection.h"
#include "core/io/format_common.h"
#include "core/io/json/json_input.h"
#include "core/model/dataset_builder.h"

#include <fstream>
#include <unordered_map>

namespace optconf {

namespace fs = std::filesystem;
using namespace formats;
using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::object;

namespace {

/// The labels.json an input stands for: the file itself, or the one inside a folder.
fs::path labelsFile(const InputProbe& input)
{
    return input.isDirectory ? input.path / "labels.json" : input.path;
}

std::string readHead(const fs::path& path)
{
    std::ifstream in(path, std::ios::binary);
    std::string head(64 * 1024, '\0');
    in.read(head.data(), static_cast<std::streamsize>(head.size()));
    head.resize(static_cast<std::size_t>(std::max<std::streamsize>(in.gcount(), 0)));
    return head;
}

/// `"key"` followed by blanks and a colon, then the first non-blank character after it (0 if none).
std::size_t findKey(std::string_view text, std::string_view quotedKey, std::size_t from = 0)
{
    for (std::size_t at = text.find(quotedKey, from); at != std::string_view::npos;
         at = text.find(quotedKey, at + 1)) {
        std::size_t i = at + quotedKey.size();
        while (i < text.size() && (text[i] == ' ' || text[i] == '\t' || text[i] == '\r' || text[i] == '\n'))
            ++i;
        if (i < text.size() && text[i] == ':')
            return i + 1;
    }
    return std::string_view::npos;
}

char valueStart(std::string_view text, std::size_t afterColon)
{
    while (afterColon < text.size() && (text[afterColon] == ' ' || text[afterColon] == '\t' ||
                                        text[afterColon] == '\r' || text[afterColon] == '\n'))
        ++afterColon;
    return afterColon < text.size() ? text[afterColon] : 0;
}

/// Why the head is not a labels.json; empty when it is one.
std::string notLabelsJson(std::string_view head)
{
    head = trim(stripBom(head));
    if (!head.starts_with('{'))
        return describeStart(head) + ", not a JSON object with \"labels\"";
    // A FiftyOneDataset samples file has "_cls" entries; this format has none.
    if (head.find("\"_cls\"") != std::string_view::npos)
        return "a FiftyOne dataset's samples (\"_cls\" entries): open the folder with metadata.json";
    const std::size_t labels = findKey(head, "\"labels\"");
    if (labels == std::string_view::npos || valueStart(head, labels) != '{')
        return "a JSON object without a \"labels\" object";
    // A FiftyOneDataset sample or a COCO file has no top-level "labels" object with "classes" or
    // boxes next to it.
    if (findKey(head, "\"classes\"") == std::string_view::npos &&
        findKey(head, "\"bounding_box\"") == std::string_view::npos)
        return "an object with \"labels\" but neither \"classes\" nor any \"bounding_box\"";
    return {};
}

/// NotMine, or Samples (no confidence seen) / Predictions (a confidence seen).
InputRole roleFromHead(std::string_view head)
{
    if (!notLabelsJson(head).empty())
        return InputRole::NotMine;
    // Any confidence that is not null makes predictions, a malformed one ("0.9" as a string) too:
    // the loader then names it at its JSON path, rather than the file reading as ground truth.
    for (std::size_t at = findKey(head, "\"confidence\""); at != std::string_view::npos;
         at = findKey(head, "\"confidence\"", at)) {
        const char c = valueStart(head, at);
        if (c != 'n' && c != 0)
            return InputRole::Predictions;
    }
    return InputRole::Samples;
}

} // namespace

InputRole FiftyOneImageDetectionLoader::probe(const InputProbe& input) const
{
    if (!input.isDirectory)
        return roleFromHead(input.head);
    std::error_code ec;
    const fs::path file = labelsFile(input);
    if (!fs::is_regular_file(file, ec))
        return InputRole::NotMine;
    return roleFromHead(readHead(file));
}

std::string FiftyOneImageDetectionLoader::notRecognisedBecause(const InputProbe& input) const
{
    if (!input.isDirectory)
        return notLabelsJson(input.head);
    std::error_code ec;
    const fs::path file = labelsFile(input);
    if (!fs::is_regular_file(file, ec))
        return "no labels.json in it";
    return "its labels.json is " + notLabelsJson(readHead(file));
}

LoadOutcome FiftyOneImageDetectionLoader::load(const InputProbe& input, DatasetBuilder& builder,
                                               DiagnosticList& diagnostics,
                                               const ProgressCallback& progress) const
{
    const bool predictions = probe(input) == InputRole::Predictions;
    const fs::path path = labelsFile(input);
    const std::string file = path.string();
    JsonDocument doc;
    if (!doc.load(path, diagnostics))
        return LoadOutcome::Failed;
    object root;
    element labelsElement;
    object labels;
    if (doc.root().get(root) || root.at_key("labels").get(labelsElement) || labelsElement.get(labels)) {
        diagnostics.error(file, "/labels", "expected an object mapping each image to its list of detections");
        return LoadOutcome::Failed;
    }
    // Class names: with "classes", labels are indices into it; without, labels are the names.
    std::vector<std::string> classes;
    if (element c; !root.at_key("classes").get(c) && !c.is_null()) {
        array list;
        if (c.get(list)) {
            diagnostics.error(file, "/classes",
                              "expected a list of class names, found " + jsonTypeName(c.type()));
            return LoadOutcome::Failed;
        }
        std::size_t i = 0;
        for (element name : list) {
            std::string_view s;
            if (name.get(s)) {
                diagnostics.error(file, "/classes/" + std::to_string(i),
                                  "expected a class name string, found " + jsonTypeName(name.type()));
                return LoadOutcome::Failed;
            }
            classes.emplace_back(s);
            ++i;
        }
    }
    std::vector<LabelId> classLabels;
    for (const std::string& c : classes)
        classLabels.push_back(builder.label(c));

    std::string fieldName = input.isDirectory || path.filename() == "labels.json"
                                ? fieldNameFor(input.isDirectory ? input.path : path.parent_path(), true)
                                : fieldNameFor(path, false);
    const std::string source = input.path.string();
    auto& field = builder.addField(fieldName, name(), source);
    if (!predictions)
        builder.samplesSource = source;
    const BoxUnits units = predictions ? groundTruthUnits(builder) : BoxUnits::Relative;

    // Image files under data/, by uuid, for the samples' file names.
    std::unordered_map<std::string, std::string> dataFiles;
    std::error_code ec;
    const fs::path dataDir = path.parent_path() / "data";
    if (!predictions && fs::is_directory(dataDir, ec))
        for (fs::directory_iterator it(dataDir, ec), end; !ec && it != end; it.increment(ec))
            dataFiles.emplace(it->path().stem().string(), it->path().string());

    struct Parsed
    {
        std::size_t image;
        std::string path;
        Detection detection;
    };
    std::vector<Parsed> parsed;
    std::vector<ImageReference> images;
    ErrorBudget budget(diagnostics);
    const std::size_t total = labels.size();
    for (auto [key, value] : labels) {
        if (budget.exhausted(diagnostics, file))
            break;
        if (progress && images.size() % 4096 == 0 &&
            !progress(static_cast<double>(images.size()) / static_cast<double>(total), "Reading labels"))
            return LoadOutcome::Cancelled;
        const std::string uuid(key);
        const std::string imagePath = "/labels/" + uuid;
        images.push_back({uuid, imagePath});
        if (value.is_null())
            continue; // unlabeled
        array detections;
        if (value.get(detections)) {
            diagnostics.error(file, imagePath,
                              "expected a list of detections or null, found " + jsonTypeName(value.type()));
            continue;
        }
        std::size_t k = 0;
        for (element de : detections) {
            const std::string dpath = imagePath + "/" + std::to_string(k++);
            object det;
            if (de.get(det)) {
                diagnostics.error(file, dpath,
                                  "expected a detection object, found " + jsonTypeName(de.type()));
                continue;
            }
            Detection d;
            element label;
            if (det.at_key("label").get(label)) {
                diagnostics.error(file, dpath, "missing \"label\"");
                continue;
            }
            if (std::string_view s; !label.get(s)) {
                d.label = builder.label(s);
            } else if (auto index = jsonInteger(label)) {
                if (classes.empty()) {
                    d.label = builder.label(std::to_string(*index));
                } else if (*index < 0 || *index >= static_cast<std::int64_t>(classes.size())) {
                    diagnostics.error(file, dpath + "/label",
                                      "class index " + std::to_string(*index) +
                                          " is out of range: \"classes\" has " +
                                          std::to_string(classes.size()) + " names (0 to " +
                                          std::to_string(classes.size() - 1) + ")");
                    continue;
                } else {
                    d.label = classLabels[static_cast<std::size_t>(*index)];
                }
            } else {
                diagnostics.error(file, dpath + "/label",
                                  "expected a class index or a class name, found " +
                                      jsonTypeName(label.type()));
                continue;
            }
            if (!readFiftyOneDetection(det, d, file, dpath, diagnostics))
                continue;
            if (!checkDetection(
                    d, file, [&] { return dpath; }, diagnostics))
                continue;
            parsed.push_back({images.size() - 1, dpath, d});
        }
    }
    if (diagnostics.hasErrors())
        return LoadOutcome::Failed;

    std::vector<SampleIndex> samples;
    if (predictions) {
        auto resolved = resolvePredictionImages(builder, images, file, diagnostics);
        if (!resolved)
            return LoadOutcome::Failed;
        samples = std::move(*resolved);
    } else {
        for (const ImageReference& image : images) {
            if (auto existing = builder.findSampleById(image.name)) {
                diagnostics.error(file, image.location, "image '" + image.name + "' is listed twice");
                return LoadOutcome::Failed;
            }
            Sample s;
            s.id = image.name;
            auto it = dataFiles.find(image.name);
            s.fileName = it == dataFiles.end() ? image.name : it->second;
            samples.push_back(builder.addSample(std::move(s)));
        }
        if (samples.empty())
            diagnostics.warning(file, "/labels", "no images");
    }
    field.reserve(parsed.size());
    std::size_t lastBad = ~std::size_t(0);
    for (Parsed& p : parsed) {
        if (!relativeToGroundTruth(p.detection.box, builder.sample(samples[p.image]), units)) {
            if (lastBad != p.image)
                diagnostics.error(file, p.path,
                                  "the ground truth is in pixels but does not give this image's size, so the "
                                  "relative box cannot be converted");
            lastBad = p.image;
            if (budget.exhausted(diagnostics, file))
                break;
            continue;
        }
        p.detection.area = p.detection.box.area();
        field.add(samples[p.image], p.detection);
    }
    return outcomeOf(diagnostics);
}

} // namespace optconf
