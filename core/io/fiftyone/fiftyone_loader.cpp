// SPDX-License-Identifier: MIT
#include "core/io/fiftyone/fiftyone_loader.h"
#include "core/io/detection_checks.h"
#include "core/io/fiftyone/fiftyone_detection.h"
#include "core/io/json/json_input.h"
#include "core/model/dataset_builder.h"

#include <algorithm>
#include <filesystem>
#include <map>

namespace optconf {

namespace fs = std::filesystem;
using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::object;

namespace {

std::vector<fs::path> sampleFiles(const fs::path& folder)
{
    std::vector<fs::path> files;
    std::error_code ec;
    if (fs::is_regular_file(folder / "samples.json", ec))
        files.push_back(folder / "samples.json");
    if (fs::is_directory(folder / "samples", ec)) {
        for (const auto& entry : fs::directory_iterator(folder / "samples", ec))
            if (entry.path().extension() == ".json")
                files.push_back(entry.path());
        std::sort(files.begin() + (files.empty() ? 0 : (files.front().filename() == "samples.json" ? 1 : 0)),
                  files.end());
    }
    return files;
}

std::string sampleId(object sample)
{
    element id;
    if (sample.at_key("_id").get(id))
        return {};
    std::string_view s;
    if (!id.get(s))
        return std::string(s);
    if (object o; !id.get(o)) {
        element oid;
        if (!o.at_key("$oid").get(oid) && !oid.get(s))
            return std::string(s);
    }
    return {};
}

} // namespace

InputRole FiftyOneDatasetLoader::probe(const InputProbe& input) const
{
    if (!input.isDirectory)
        return InputRole::NotMine;
    std::error_code ec;
    const bool metadata = fs::is_regular_file(input.path / "metadata.json", ec);
    return metadata && !sampleFiles(input.path).empty() ? InputRole::Samples : InputRole::NotMine;
}

std::string FiftyOneDatasetLoader::notRecognisedBecause(const InputProbe& input) const
{
    if (!input.isDirectory)
        return {};
    std::error_code ec;
    if (!fs::is_regular_file(input.path / "metadata.json", ec))
        return "no metadata.json in it";
    return "metadata.json, but no samples.json or samples/*.json next to it";
}

LoadOutcome FiftyOneDatasetLoader::load(const InputProbe& input, DatasetBuilder& builder,
                                        DiagnosticList& diagnostics, const ProgressCallback& progress) const
{
    const std::string folder = input.path.string();
    builder.samplesSource = folder;
    // Detections of each field, collected per field name in the order fields are first seen.
    std::map<std::string, DatasetBuilder::FieldBuilder*> fields;
    std::vector<std::string> fieldOrder;
    const auto files = sampleFiles(input.path);
    for (std::size_t f = 0; f < files.size(); ++f) {
        const std::string file = files[f].string();
        JsonDocument doc;
        if (!doc.load(files[f], diagnostics))
            continue;
        object root;
        array samples;
        element samplesElement;
        if (doc.root().get(root) || root.at_key("samples").get(samplesElement) ||
            samplesElement.get(samples)) {
            diagnostics.error(file, "/", "expected an object with a \"samples\" list");
            continue;
        }
        std::size_t index = 0;
        for (element s : samples) {
            const std::size_t i = index++;
            if (progress && i % 4096 == 0 &&
                !progress(
                    (static_cast<double>(f) + static_cast<double>(i) / static_cast<double>(samples.size())) /
                        static_cast<double>(files.size()),
                    "Reading samples"))
                return LoadOutcome::Cancelled;
            const std::string path = "/samples/" + std::to_string(i);
            object sample;
            if (s.get(sample)) {
                diagnostics.error(file, path, "expected a sample object, found " + jsonTypeName(s.type()));
                continue;
            }
            Sample out;
            out.id = sampleId(sample);
            std::string_view filepath;
            if (element e; !sample.at_key("filepath").get(e) && !e.get(filepath))
                out.fileName = std::string(filepath);
            if (out.id.empty())
                out.id = out.fileName.empty() ? std::to_string(builder.sampleCount()) : out.fileName;
            if (builder.findSampleById(out.id)) {
                diagnostics.error(file, path + "/_id", "duplicate sample id " + out.id);
                continue;
            }
            if (element meta; !sample.at_key("metadata").get(meta) && meta.is_object()) {
                if (element w; !object(meta).at_key("width").get(w))
                    out.width = static_cast<int>(jsonInteger(w).value_or(0));
                if (element h; !object(meta).at_key("height").get(h))
                    out.height = static_cast<int>(jsonInteger(h).value_or(0));
            }
            const SampleIndex sampleIndex = builder.addSample(std::move(out));

            for (auto [key, value] : sample) {
                object labelObject;
                if (value.get(labelObject))
                    continue;
                element cls;
                std::string_view clsName;
                if (labelObject.at_key("_cls").get(cls) || cls.get(clsName) || clsName != "Detections")
                    continue;
                const std::string fieldName(key);
                auto it = fields.find(fieldName);
                if (it == fields.end()) {
                    it = fields.emplace(fieldName, &builder.addField(fieldName, name(), folder)).first;
                    fieldOrder.push_back(fieldName);
                }
                array detections;
                element detectionsElement;
                if (labelObject.at_key("detections").get(detectionsElement) || detectionsElement.is_null())
                    continue;
                const std::string fieldPath = path + "/" + fieldName + "/detections";
                if (detectionsElement.get(detections)) {
                    diagnostics.error(file, fieldPath, "expected a list of detections");
                    continue;
                }
                std::size_t k = 0;
                for (element de : detections) {
                    const std::string dpath = fieldPath + "/" + std::to_string(k++);
                    object det;
                    if (de.get(det)) {
                        diagnostics.error(file, dpath, "expected a detection object");
                        continue;
                    }
                    Detection d;
                    std::string_view label;
                    if (element l; det.at_key("label").get(l) || l.get(label)) {
                        diagnostics.error(file, dpath, "missing \"label\" string");
                        continue;
                    }
                    if (!readFiftyOneDetection(det, d, file, dpath, diagnostics))
                        continue;
                    d.label = builder.label(label);
                    if (!checkDetection(
                            d, file, [&] { return dpath; }, diagnostics))
                        continue;
                    it->second->add(sampleIndex, d);
                }
            }
        }
    }
    if (builder.sampleCount() == 0 && !diagnostics.hasErrors())
        diagnostics.error(folder, {}, "the dataset has no samples");
    else if (fields.empty() && !diagnostics.hasErrors())
        diagnostics.error(folder, {}, "the dataset has no Detections fields");
    return outcomeOf(diagnostics);
}

} // namespace optconf
