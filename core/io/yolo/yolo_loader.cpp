// SPDX-License-Identifier: MIT
#include "core/io/yolo/yolo_loader.h"
#include "core/io/class_names.h"
#include "core/io/detection_checks.h"
#include "core/io/format_common.h"
#include "core/model/dataset_builder.h"

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

/// The folder's first object line, which decides what the folder is.
struct FirstLine
{
    bool found = false; ///< false when every file looked at is empty
    bool yolo = false;  ///< starts with a class index, and is numeric or has 5 or 6 columns
    std::size_t columns = 0;
    fs::path file;
    std::size_t line = 0;
    std::string text;
};

FirstLine firstObjectLine(const std::vector<fs::path>& files)
{
    constexpr std::size_t kMaxFilesLooked = 256;
    for (std::size_t f = 0; f < files.size() && f < kMaxFilesLooked; ++f) {
        std::ifstream in(files[f]);
        std::string line;
        for (std::size_t n = 1; n <= 64 && std::getline(in, line); ++n) {
            const auto t = tokens(stripBom(line));
            if (t.empty())
                continue;
            // A YOLO line starts with a class index; a bad value elsewhere in a line of 5 or 6
            // columns is still YOLO (the loader says which value is wrong).
            bool numeric = true;
            for (std::string_view x : t)
                numeric = numeric && parseDouble(x).has_value();
            FirstLine first;
            first.found = true;
            first.yolo = parseInteger(t[0]) && (numeric || t.size() == 5 || t.size() == 6);
            first.columns = t.size();
            first.file = files[f];
            first.line = n;
            first.text = line;
            return first;
        }
    }
    return {};
}

const char* const kColumnNames[] = {"class", "cx", "cy", "w", "h", "conf"};

/// What a line of this many columns (not 5 or 6) probably is, for messages.
std::string otherColumnCountCause(std::size_t columns)
{
    if (columns == 7)
        return "a 7th column is what trackers add (a track id), which OptConf does not read: save the "
               "detections without it";
    if (columns > 7)
        return "segmentation polygons, keypoints and tracking output are not read";
    return "the line is cut short";
}

std::string namesFilesLookedFor()
{
    return "data.yaml, classes.txt or obj.names in the folder or its parent";
}

/// Names of the first classes of `names` that `keep` holds, quoted, for messages.
template<typename Keep>
std::string someNames(const std::map<std::int64_t, std::string>& names, Keep keep, std::size_t& count)
{
    std::string list;
    count = 0;
    for (const auto& [index, name] : names) {
        if (!keep(index, name))
            continue;
        if (++count <= 5)
            list += (list.empty() ? "'" : ", '") + shortQuote(name) + "'";
    }
    if (count > 5)
        list += " and " + std::to_string(count - 5) + " more";
    return list;
}

/// How one folder's class indices become labels.
struct ClassMap
{
    /// index -> label when a names file decides them; otherwise the builder's categories.
    std::map<std::int64_t, LabelId> byIndex;
    bool fixed = false;      ///< an index outside byIndex (or the categories) is an error
    bool categories = false; ///< look indices up in the builder's categories
    std::string namesFile;   ///< for the out-of-range error
    std::int64_t maxIndex = -1;
};

/// The class map of a ground-truth folder: its names file, or the indices themselves.
ClassMap groundTruthClasses(const std::optional<ClassNames>& names, DatasetBuilder& builder)
{
    ClassMap map;
    DatasetBuilder::IndexedClassNames recorded;
    if (names) {
        map.fixed = true;
        map.namesFile = names->file;
        map.maxIndex = names->names.rbegin()->first;
        for (const auto& [index, className] : names->names) {
            const LabelId label = builder.label(className);
            builder.setCategory(index, label);
            map.byIndex[index] = label;
        }
        recorded.names = names->names;
        recorded.file = names->file;
    } else {
        map.categories = true;
    }
    builder.yoloGroundTruthClasses = std::move(recorded);
    return map;
}

/// The class map of a prediction folder. By name when it names its classes (warning when its
/// order differs from a YOLO ground truth's, and naming classes the ground truth lacks); by index
/// against the ground truth's names when only those exist (with a warning); by index otherwise.
ClassMap predictionClasses(const std::optional<ClassNames>& own, const std::string& folder,
                           DatasetBuilder& builder, DiagnosticList& diagnostics)
{
    ClassMap map;
    const auto& gt = builder.yoloGroundTruthClasses;
    const bool gtNamed = gt && !gt->names.empty();
    // A names file shared with the ground truth (both folders under one data.yaml) is the same
    // numbering: nothing to compare.
    if (own && !(gtNamed && own->file == gt->file)) {
        map.fixed = true;
        map.namesFile = own->file;
        map.maxIndex = own->names.rbegin()->first;
        const std::string ownFile = own->file;
        if (gt && !gtNamed) {
            // The ground truth's classes are "0", "1", …: they take these names, index for index.
            for (const auto& [index, className] : own->names) {
                const auto existing = builder.category(index);
                if (existing && builder.renameLabel(*existing, className)) {
                    map.byIndex[index] = *existing;
                } else {
                    map.byIndex[index] = builder.label(className);
                    if (!existing)
                        builder.setCategory(index, map.byIndex[index]);
                }
            }
            diagnostics.warning(folder, {},
                                "the ground truth names no classes (no " + namesFilesLookedFor() +
                                    "): its class indices are read in the order of " + ownFile +
                                    ", and named after it");
            return map;
        }
        for (const auto& [index, className] : own->names)
            map.byIndex[index] = builder.label(className);
        if (gtNamed) {
            std::size_t moved = 0;
            const std::string list = someNames(
                own->names,
                [&](std::int64_t index, const std::string& name) {
                    auto it = gt->names.find(index);
                    return (it == gt->names.end() || it->second != name) &&
                           std::any_of(gt->names.begin(), gt->names.end(),
                                       [&](const auto& entry) { return entry.second == name; });
                },
                moved);
            if (moved > 0)
                diagnostics.warning(folder, {},
                                    "classes matched by name: " + ownFile + " numbers " + list +
                                        " differently from the ground truth's " + gt->file);
        }
        std::size_t missing = 0;
        const std::string list = someNames(
            own->names,
            [&](std::int64_t, const std::string& name) { return !builder.groundTruthHasLabel(name); },
            missing);
        if (missing > 0)
            diagnostics.warning(folder, {},
                                ownFile + " names " + std::to_string(missing) + " class" +
                                    (missing == 1 ? "" : "es") + " the ground truth does not have (" + list +
                                    "): their predictions count as false positives");
        return map;
    }
    map.categories = true;
    if (gtNamed) {
        map.fixed = true;
        map.namesFile = gt->file;
        map.maxIndex = gt->names.rbegin()->first;
        if (!own)
            diagnostics.warning(folder, {},
                                "these predictions name no classes (no " + namesFilesLookedFor() +
                                    "): their class indices are read in the ground truth's order, from " +
                                    gt->file);
    } else if (!gt && !builder.hasCategories() && !builder.labels().empty()) {
        diagnostics.warning(folder, {},
                            "no class names next to these predictions (" + namesFilesLookedFor() +
                                "): classes are named by their index, which matches none of the ground "
                                "truth's class names");
    }
    return map;
}

} // namespace

InputRole YoloLoader::probe(const InputProbe& input) const
{
    if (!input.isDirectory)
        return InputRole::NotMine;
    const auto files = labelFiles(input.path);
    if (files.empty())
        return InputRole::NotMine;
    const FirstLine first = firstObjectLine(files);
    if (first.found && (!first.yolo || first.columns == 1))
        return InputRole::NotMine;
    // 6 columns: the confidence of save_conf. Other counts than 5 are unreadable() or empty folders.
    return first.columns == 6 ? InputRole::Predictions : InputRole::Samples;
}

std::string YoloLoader::notRecognisedBecause(const InputProbe& input) const
{
    if (!input.isDirectory)
        return {};
    const auto files = labelFiles(input.path);
    if (files.empty()) {
        std::error_code ec;
        return std::string("no <stem>.txt label files in it") +
               (fs::is_directory(input.path / "labels", ec) ? " (it has a labels folder: open that)" : "");
    }
    const FirstLine first = firstObjectLine(files);
    return first.file.filename().string() + " " + lineLocation(first.line) + ", '" + shortQuote(first.text) +
           "', is not 'class cx cy w h' (a class index and 4 numbers)";
}

std::optional<Diagnostic> YoloLoader::unreadable(const InputProbe& input) const
{
    if (!input.isDirectory)
        return std::nullopt;
    const FirstLine first = firstObjectLine(labelFiles(input.path));
    if (!first.found || first.columns == 5 || first.columns == 6)
        return std::nullopt;
    Diagnostic d;
    d.file = first.file.string();
    d.location = lineLocation(first.line);
    d.message = "found " + std::to_string(first.columns) +
                " columns, but YOLO label lines have 5 ('class cx cy w h': ground truth) or 6 ('class cx cy "
                "w h conf': predictions), so this folder is neither; " +
                otherColumnCountCause(first.columns);
    return d;
}

LoadOutcome YoloLoader::load(const InputProbe& input, DatasetBuilder& builder, DiagnosticList& diagnostics,
                             const ProgressCallback& progress) const
{
    const std::string folder = input.path.string();
    const auto files = labelFiles(input.path);
    const FirstLine first = firstObjectLine(files);
    const fs::path& firstFile = first.file;
    const std::size_t firstColumns = first.columns;
    const bool predictions = firstColumns == 6;
    ErrorBudget budget(diagnostics);

    // Class names: this folder's own names file (in it or its parent); predictions without one
    // number their classes as a YOLO ground truth does.
    const int errorsBefore = budget.errors();
    const auto names = findClassNames(input.path, diagnostics);
    if (budget.errors() > errorsBefore)
        return LoadOutcome::Failed;
    ClassMap classes = predictions ? predictionClasses(names, folder, builder, diagnostics)
                                   : groundTruthClasses(names, builder);

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
            return LoadOutcome::Cancelled;
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
                                          "', found " + std::to_string(t.size()) + " (" +
                                          otherColumnCountCause(t.size()) + ")");
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
            std::optional<LabelId> label;
            if (auto it = classes.byIndex.find(*cls); it != classes.byIndex.end())
                label = it->second;
            else if (classes.categories)
                label = builder.category(*cls);
            if (label) {
                d.label = *label;
            } else if (classes.fixed) {
                diagnostics.error(file, where,
                                  "class index " + std::to_string(*cls) +
                                      " is out of range: " + classes.namesFile + " names classes 0 to " +
                                      std::to_string(classes.maxIndex));
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
        return LoadOutcome::Failed;

    std::vector<SampleIndex> samples;
    if (predictions) {
        auto resolved = resolvePredictionImages(builder, images, folder, diagnostics);
        if (!resolved)
            return LoadOutcome::Failed;
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
    return outcomeOf(diagnostics);
}

} // namespace optconf
