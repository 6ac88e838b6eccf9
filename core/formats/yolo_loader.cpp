// SPDX-License-Identifier: MIT
#include "yolo_loader.h"
#include "class_names.h"
#include "dataset_builder.h"
#include "detection_checks.h"
#include "format_common.h"

#include <algorithm>
#include <fstream>

namespace optconf {

namespace fs = std::filesystem;
using namespace formats;

namespace {

/// Files next to the labels that are not labels.
bool isNamesFile(const fs::path& p)
{
    const std::string name = toLower(p.filename().string());
    return name == "classes.txt" || name == "obj.names" || name == "labels.txt" || name == "readme.txt";
}

/// The label files of a folder, sorted by name.
std::vector<fs::path> labelFiles(const fs::path& folder)
{
    std::vector<fs::path> files;
    std::error_code ec;
    for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
        const fs::path& p = it->path();
        if (p.extension() == ".txt" && !isNamesFile(p) && it->is_regular_file(ec))
            files.push_back(p);
    }
    std::sort(files.begin(), files.end());
    return files;
}

std::vector<std::string_view> tokens(std::string_view line)
{
    std::vector<std::string_view> out;
    std::size_t i = 0;
    while (i < line.size()) {
        while (i < line.size() && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r' || line[i] == ','))
            ++i;
        const std::size_t start = i;
        while (i < line.size() && line[i] != ' ' && line[i] != '\t' && line[i] != '\r' && line[i] != ',')
            ++i;
        if (i > start)
            out.push_back(line.substr(start, i - start));
    }
    return out;
}

/// The column count of the folder's first object line (0 when every file is empty, -1 when the
/// first line is not a YOLO line: not a YOLO folder).
int firstLineColumns(const std::vector<fs::path>& files, fs::path* where = nullptr)
{
    constexpr std::size_t kMaxFilesLooked = 256;
    for (std::size_t f = 0; f < files.size() && f < kMaxFilesLooked; ++f) {
        std::ifstream in(files[f]);
        std::string line;
        for (int n = 0; n < 64 && std::getline(in, line); ++n) {
            const auto t = tokens(stripBom(line));
            if (t.empty())
                continue;
            // A YOLO line starts with a class index; a bad value elsewhere in a line of 5 or 6
            // columns is still YOLO (the loader says which value is wrong).
            bool numeric = true;
            for (std::string_view x : t)
                numeric = numeric && parseDouble(x).has_value();
            if (!parseInteger(t[0]) || (!numeric && t.size() != 5 && t.size() != 6))
                return -1;
            if (where)
                *where = files[f];
            return static_cast<int>(t.size());
        }
    }
    return 0;
}

const char* const kColumnNames[] = {"class", "cx", "cy", "w", "h", "conf"};

} // namespace

InputRole YoloLoader::probe(const InputProbe& input) const
{
    if (!input.isDirectory)
        return InputRole::NotMine;
    const auto files = labelFiles(input.path);
    if (files.empty())
        return InputRole::NotMine;
    const int columns = firstLineColumns(files);
    if (columns < 0 || columns == 1)
        return InputRole::NotMine;
    // 6 columns: the confidence of save_conf. Anything else is ground truth, and the loader says
    // what is wrong with a line that does not have 5 columns.
    return columns == 6 ? InputRole::Predictions : InputRole::Samples;
}

bool YoloLoader::load(const InputProbe& input, DatasetBuilder& builder, DiagnosticList& diagnostics,
                      const ProgressCallback& progress) const
{
    const std::string folder = input.path.string();
    const auto files = labelFiles(input.path);
    fs::path firstFile;
    const int firstColumns = firstLineColumns(files, &firstFile);
    const bool predictions = firstColumns == 6;
    ErrorBudget budget(diagnostics);

    // Class names: this folder's own names file first; predictions fall back on the names file of
    // a YOLO ground-truth folder, then on the classes the ground truth has seen.
    const int errorsBefore = budget.errors();
    auto names = findClassNames(input.path, diagnostics);
    std::error_code ec;
    if (!names && predictions && !builder.samplesSource.empty() &&
        fs::is_directory(builder.samplesSource, ec))
        names = findClassNames(builder.samplesSource, diagnostics);
    if (budget.errors() > errorsBefore)
        return true;
    if (names) {
        for (const auto& [index, className] : names->names)
            if (!predictions || !builder.category(index))
                builder.setCategory(index, builder.label(className));
    } else if (predictions && !builder.hasCategories() && !builder.labels().empty()) {
        diagnostics.warning(
            folder, {},
            "no class names next to these predictions (data.yaml, classes.txt or obj.names in "
            "the folder or its parent): classes are named by their index, which matches none "
            "of the ground truth's class names");
    }
    const bool namesKnown = names.has_value();
    const std::string namesSource = names ? names->file : std::string();
    const std::int64_t maxClass = names ? names->names.rbegin()->first : -1;

    const std::string fieldName = fieldNameFor(input.path, true);
    auto& field = builder.addField(fieldName, predictions ? "YOLO predictions" : "YOLO ground truth", folder);
    if (!predictions)
        builder.samplesSource = folder;
    const BoxUnits units = predictions ? groundTruthUnits(builder) : BoxUnits::Relative;

    struct Parsed
    {
        std::size_t file;
        std::size_t line;
        Detection detection;
    };
    std::vector<Parsed> parsed;
    std::vector<ImageReference> images;
    const std::size_t expected = predictions ? 6 : 5;
    for (std::size_t f = 0; f < files.size(); ++f) {
        if (budget.exhausted(diagnostics, folder))
            break;
        if (progress && f % 256 == 0 &&
            !progress(static_cast<double>(f) / static_cast<double>(files.size()), "Reading labels"))
            return false;
        const std::string file = files[f].string();
        images.push_back({files[f].stem().string(), file});
        auto text = readFile(files[f], diagnostics);
        if (!text)
            continue;
        std::string_view rest = stripBom(*text);
        for (std::size_t lineNumber = 1; !rest.empty(); ++lineNumber) {
            if (budget.exhausted(diagnostics, folder))
                break;
            const std::size_t end = rest.find('\n');
            const std::string_view line = rest.substr(0, end);
            rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
            const auto t = tokens(line);
            if (t.empty())
                continue;
            const std::string where = lineLocation(lineNumber);
            if (t.size() != expected) {
                if (predictions && t.size() == 5) {
                    diagnostics.error(file, where,
                                      "a prediction without a confidence: predictions need a 6th column, "
                                      "'class cx cy w h conf' (Ultralytics writes it with save_txt=True and "
                                      "save_conf=True); this folder was read as predictions because " +
                                          firstFile.filename().string() + " has 6 columns");
                } else if (!predictions && t.size() == 6) {
                    diagnostics.error(
                        file, where,
                        "6 columns in a ground-truth folder: ground truth is 'class cx cy w h'; "
                        "this folder was read as ground truth because " +
                            firstFile.filename().string() + " starts with " + std::to_string(firstColumns) +
                            " columns (predictions have the confidence as the "
                            "6th column on every line)");
                } else {
                    diagnostics.error(file, where,
                                      "expected " + std::to_string(expected) + " columns '" +
                                          (predictions ? "class cx cy w h conf" : "class cx cy w h") +
                                          "', found " + std::to_string(t.size()) +
                                          (t.size() > 6 ? " (segmentation polygons and keypoints are not "
                                                          "supported)"
                                                        : ""));
                }
                continue;
            }
            const auto cls = parseInteger(t[0]);
            if (!cls || *cls < 0) {
                diagnostics.error(file, where,
                                  "column 1 (class): '" + std::string(t[0]) +
                                      "' is not a class index (a whole number >= 0)");
                continue;
            }
            double v[6] = {0, 0, 0, 0, 0, 0};
            bool numeric = true;
            for (std::size_t c = 1; c < expected && numeric; ++c) {
                const auto x = parseDouble(t[c]);
                if (!x) {
                    diagnostics.error(file, where,
                                      "column " + std::to_string(c + 1) + " (" + kColumnNames[c] + "): '" +
                                          std::string(t[c]) + "' is not a number");
                    numeric = false;
                }
                v[c] = x.value_or(0.0);
            }
            if (!numeric)
                continue;
            Detection d;
            if (auto label = builder.category(*cls)) {
                d.label = *label;
            } else if (namesKnown) {
                diagnostics.error(file, where,
                                  "class index " + std::to_string(*cls) + " is out of range: " + namesSource +
                                      " names classes 0 to " + std::to_string(maxClass));
                continue;
            } else {
                d.label = builder.label(std::to_string(*cls));
                builder.setCategory(*cls, d.label);
            }
            d.box = {v[1] - v[3] / 2, v[2] - v[4] / 2, v[3], v[4]};
            if (predictions)
                d.confidence = v[5];
            if (!checkDetection(
                    d, file, [&] { return where; }, diagnostics))
                continue;
            parsed.push_back({images.size() - 1, lineNumber, d});
        }
    }
    if (diagnostics.hasErrors())
        return true;

    std::vector<SampleIndex> samples;
    if (predictions) {
        auto resolved = resolvePredictionImages(builder, images, folder, diagnostics);
        if (!resolved)
            return true;
        samples = std::move(*resolved);
    } else {
        for (const ImageReference& image : images) {
            Sample s;
            s.id = image.name;
            s.fileName = image.name;
            samples.push_back(builder.addSample(std::move(s)));
        }
    }
    field.reserve(parsed.size());
    std::size_t lastBadFile = ~std::size_t(0);
    for (Parsed& p : parsed) {
        const Sample& sample = builder.sample(samples[p.file]);
        if (!relativeToGroundTruth(p.detection.box, sample, units)) {
            if (lastBadFile != p.file)
                diagnostics.error(images[p.file].location, lineLocation(p.line),
                                  "the ground truth is in pixels but does not give this image's size, so the "
                                  "normalised YOLO box cannot be converted");
            lastBadFile = p.file;
            if (budget.exhausted(diagnostics, folder))
                break;
            continue;
        }
        p.detection.area = p.detection.box.area();
        field.add(samples[p.file], p.detection);
    }
    return true;
}

} // namespace optconf
