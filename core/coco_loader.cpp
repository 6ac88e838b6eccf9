// SPDX-License-Identifier: MIT
#include "coco_loader.h"
#include "dataset_builder.h"
#include "detection_checks.h"
#include "json_input.h"

#include <cmath>
#include <filesystem>

namespace optconf {

namespace {

using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::object;

std::string_view firstNonSpace(const std::string& head)
{
    std::string_view v(head);
    if (v.starts_with("\xEF\xBB\xBF"))
        v.remove_prefix(3);
    while (!v.empty() && (v.front() == ' ' || v.front() == '\n' || v.front() == '\r' || v.front() == '\t'))
        v.remove_prefix(1);
    return v;
}

constexpr std::size_t kProgressEvery = 1 << 16;

/// Reads a COCO `bbox` ([x, y, w, h], 4 finite numbers). Returns false with an error otherwise.
bool readBox(element e, Box& box, const std::string& file, const std::string& path,
             DiagnosticList& diagnostics)
{
    array a;
    if (e.get(a) || a.size() != 4) {
        diagnostics.error(file, path,
                          "expected an array of 4 numbers [x, y, w, h], found " +
                              (e.is_array() ? "an array of " + std::to_string(array(e).size()) + " values"
                                            : jsonTypeName(e.type())));
        return false;
    }
    double v[4];
    std::size_t i = 0;
    for (element x : a) {
        auto n = jsonNumber(x);
        if (!n) {
            diagnostics.error(file, path + "/" + std::to_string(i),
                              "expected a number, found " + jsonTypeName(x.type()));
            return false;
        }
        v[i++] = *n;
    }
    box = {v[0], v[1], v[2], v[3]};
    return true;
}

/// Looks up a required key of an object entry, with an error naming the entry's path.
std::optional<element> required(object o, std::string_view key, const std::string& file,
                                const std::string& path, DiagnosticList& diagnostics)
{
    element e;
    if (o.at_key(key).get(e)) {
        diagnostics.error(file, path, "missing key \"" + std::string(key) + "\"");
        return std::nullopt;
    }
    return e;
}

/// Errors after this many are summarised: one bad file should not produce a million messages.
constexpr int kMaxErrorsPerFile = 20;

} // namespace

InputRole CocoGroundTruthLoader::probe(const InputProbe& input) const
{
    if (input.isDirectory)
        return InputRole::NotMine;
    const auto v = firstNonSpace(input.head);
    if (!v.starts_with('{'))
        return InputRole::NotMine;
    const bool coco = v.find("\"images\"") != std::string_view::npos ||
                      v.find("\"annotations\"") != std::string_view::npos ||
                      v.find("\"categories\"") != std::string_view::npos;
    return coco ? InputRole::Samples : InputRole::NotMine;
}

bool CocoGroundTruthLoader::load(const InputProbe& input, DatasetBuilder& builder,
                                 DiagnosticList& diagnostics, const ProgressCallback& progress) const
{
    const std::string file = input.path.string();
    JsonDocument doc;
    if (!doc.load(input.path, diagnostics))
        return true;
    object root;
    if (doc.root().get(root)) {
        diagnostics.error(file, "/",
                          "expected a COCO object with \"images\", \"annotations\" and \"categories\"");
        return true;
    }
    array images, annotations, categories;
    for (auto [key, target] :
         {std::pair{"images", &images}, {"annotations", &annotations}, {"categories", &categories}}) {
        element e;
        if (root.at_key(key).get(e)) {
            diagnostics.error(
                file, "/",
                std::string("missing key \"") + key +
                    "\" (a COCO ground-truth file needs \"images\", \"annotations\" and \"categories\")");
            return true;
        }
        if (e.get(*target)) {
            diagnostics.error(file, std::string("/") + key,
                              "expected an array, found " + jsonTypeName(e.type()));
            return true;
        }
    }
    const int errorsBefore = static_cast<int>(diagnostics.items().size());
    auto tooManyErrors = [&] {
        return static_cast<int>(diagnostics.items().size()) - errorsBefore >= kMaxErrorsPerFile;
    };

    std::size_t index = 0;
    for (element c : categories) {
        const std::string path = "/categories/" + std::to_string(index++);
        object o;
        if (c.get(o)) {
            diagnostics.error(file, path,
                              "expected an object {\"id\", \"name\"}, found " + jsonTypeName(c.type()));
            continue;
        }
        auto idElement = required(o, "id", file, path, diagnostics);
        if (!idElement)
            continue;
        auto id = jsonInteger(*idElement);
        if (!id) {
            diagnostics.error(file, path + "/id", "expected an integer category id");
            continue;
        }
        std::string_view name;
        element nameElement;
        if (o.at_key("name").get(nameElement) || nameElement.get(name)) {
            diagnostics.warning(file, path, "category without a \"name\" string: its id is used as its name");
            builder.setCategory(*id, builder.label(std::to_string(*id)));
            continue;
        }
        if (builder.category(*id)) {
            diagnostics.error(file, path + "/id", "duplicate category id " + std::to_string(*id));
            continue;
        }
        builder.setCategory(*id, builder.label(name));
    }

    builder.samplesSource = file;
    index = 0;
    for (element im : images) {
        const std::string path = "/images/" + std::to_string(index++);
        if (tooManyErrors())
            break;
        object o;
        if (im.get(o)) {
            diagnostics.error(file, path, "expected an image object, found " + jsonTypeName(im.type()));
            continue;
        }
        auto idElement = required(o, "id", file, path, diagnostics);
        if (!idElement)
            continue;
        Sample s;
        if (auto id = jsonInteger(*idElement)) {
            s.id = std::to_string(*id);
        } else if (std::string_view sid; !idElement->get(sid)) {
            s.id = std::string(sid);
        } else {
            diagnostics.error(file, path + "/id",
                              "expected an integer image id, found " + jsonTypeName(idElement->type()));
            continue;
        }
        if (builder.findSampleById(s.id)) {
            diagnostics.error(file, path + "/id", "duplicate image id " + s.id);
            continue;
        }
        std::string_view fileName;
        if (element f; !o.at_key("file_name").get(f) && !f.get(fileName))
            s.fileName = std::string(fileName);
        if (element w; !o.at_key("width").get(w))
            s.width = static_cast<int>(jsonInteger(w).value_or(0));
        if (element h; !o.at_key("height").get(h))
            s.height = static_cast<int>(jsonInteger(h).value_or(0));
        builder.addSample(std::move(s));
    }
    if (builder.sampleCount() == 0 && !diagnostics.hasErrors())
        diagnostics.error(file, "/images", "the dataset has no images");

    auto& field = builder.addField("ground_truth", name(), file);
    field.reserve(annotations.size());
    index = 0;
    for (element a : annotations) {
        const std::size_t i = index++;
        if (tooManyErrors()) {
            diagnostics.error(file, {}, "too many errors; stopped reading annotations");
            break;
        }
        if (progress && i % kProgressEvery == 0 &&
            !progress(static_cast<double>(i) / static_cast<double>(annotations.size()),
                      "Reading annotations"))
            return false;
        const std::string path = "/annotations/" + std::to_string(i);
        object o;
        if (a.get(o)) {
            diagnostics.error(file, path, "expected an annotation object, found " + jsonTypeName(a.type()));
            continue;
        }
        auto imageId = required(o, "image_id", file, path, diagnostics);
        auto categoryId = required(o, "category_id", file, path, diagnostics);
        auto bbox = required(o, "bbox", file, path, diagnostics);
        if (!imageId || !categoryId || !bbox)
            continue;
        std::optional<SampleIndex> sample;
        if (auto id = jsonInteger(*imageId))
            sample = builder.findSampleByNumericId(*id);
        else if (std::string_view sid; !imageId->get(sid))
            sample = builder.findSampleById(sid);
        if (!sample) {
            diagnostics.error(file, path + "/image_id", "names an image id that is not in \"images\"");
            continue;
        }
        Detection d;
        if (!readBox(*bbox, d.box, file, path + "/bbox", diagnostics))
            continue;
        auto category = jsonInteger(*categoryId);
        if (!category) {
            diagnostics.error(file, path + "/category_id", "expected an integer category id");
            continue;
        }
        if (auto label = builder.category(*category)) {
            d.label = *label;
        } else {
            diagnostics.warning(file, path + "/category_id",
                                "category id not listed in \"categories\"; named by its id");
            d.label = builder.label("category " + std::to_string(*category));
            builder.setCategory(*category, d.label);
        }
        d.area = d.box.area();
        if (element area; !o.at_key("area").get(area)) {
            if (auto v = jsonNumber(area); v && std::isfinite(*v))
                d.area = *v;
        }
        if (element crowd; !o.at_key("iscrowd").get(crowd))
            d.crowd = jsonTruthy(crowd).value_or(false);
        if (!checkDetection(
                d, file, [&] { return path; }, diagnostics))
            continue;
        field.add(*sample, d);
    }
    return true;
}

InputRole CocoResultsLoader::probe(const InputProbe& input) const
{
    if (input.isDirectory)
        return InputRole::NotMine;
    const auto v = firstNonSpace(input.head);
    if (!v.starts_with('['))
        return InputRole::NotMine;
    // A results list; an empty list is a model that found nothing.
    auto rest = v.substr(1);
    while (!rest.empty() &&
           (rest.front() == ' ' || rest.front() == '\n' || rest.front() == '\r' || rest.front() == '\t'))
        rest.remove_prefix(1);
    if (rest.starts_with(']') || rest.find("\"image_id\"") != std::string_view::npos)
        return InputRole::Predictions;
    return InputRole::NotMine;
}

bool CocoResultsLoader::load(const InputProbe& input, DatasetBuilder& builder, DiagnosticList& diagnostics,
                             const ProgressCallback& progress) const
{
    const std::string file = input.path.string();
    if (builder.sampleCount() == 0 && builder.samplesSource.empty()) {
        diagnostics.error(file, {}, "a COCO results file needs a COCO ground-truth file opened with it");
        return true;
    }
    JsonDocument doc;
    if (!doc.load(input.path, diagnostics))
        return true;
    array results;
    if (doc.root().get(results)) {
        diagnostics.error(file, "/", "expected a list of results, found " + jsonTypeName(doc.root().type()));
        return true;
    }
    const int errorsBefore = static_cast<int>(diagnostics.items().size());
    auto& field = builder.addField(input.path.stem().string(), name(), file);
    field.reserve(results.size());
    std::size_t index = 0;
    for (element r : results) {
        const std::size_t i = index++;
        if (static_cast<int>(diagnostics.items().size()) - errorsBefore >= kMaxErrorsPerFile) {
            diagnostics.error(file, {}, "too many errors; stopped reading results");
            break;
        }
        if (progress && i % kProgressEvery == 0 &&
            !progress(static_cast<double>(i) / static_cast<double>(results.size()), "Reading results"))
            return false;
        const std::string path = "/" + std::to_string(i);
        object o;
        if (r.get(o)) {
            diagnostics.error(file, path, "expected a result object, found " + jsonTypeName(r.type()));
            continue;
        }
        auto imageId = required(o, "image_id", file, path, diagnostics);
        auto categoryId = required(o, "category_id", file, path, diagnostics);
        auto bbox = required(o, "bbox", file, path, diagnostics);
        if (!imageId || !categoryId || !bbox)
            continue;
        std::optional<SampleIndex> sample;
        if (auto id = jsonInteger(*imageId))
            sample = builder.findSampleByNumericId(*id);
        else if (std::string_view sid; !imageId->get(sid))
            sample = builder.findSampleById(sid);
        if (!sample) {
            diagnostics.error(file, path + "/image_id", "names an image that is not in the ground truth");
            continue;
        }
        Detection d;
        if (!readBox(*bbox, d.box, file, path + "/bbox", diagnostics))
            continue;
        auto category = jsonInteger(*categoryId);
        if (!category) {
            diagnostics.error(file, path + "/category_id", "expected an integer category id");
            continue;
        }
        if (auto label = builder.category(*category)) {
            d.label = *label;
        } else {
            diagnostics.warning(file, path + "/category_id",
                                "category id not in the ground truth's categories (kept, named by its id)");
            d.label = builder.label("category " + std::to_string(*category));
            builder.setCategory(*category, d.label);
        }
        d.area = d.box.area();
        if (element score; !o.at_key("score").get(score)) {
            if (auto v = jsonNumber(score)) {
                d.confidence = *v;
            } else if (!score.is_null()) {
                diagnostics.error(file, path + "/score",
                                  "expected a number, found " + jsonTypeName(score.type()));
                continue;
            }
        }
        if (!d.hasConfidence())
            diagnostics.warning(file, path, "result without a \"score\" (never kept at any threshold)");
        if (!checkDetection(
                d, file, [&] { return path; }, diagnostics))
            continue;
        field.add(*sample, d);
    }
    return true;
}

} // namespace optconf
