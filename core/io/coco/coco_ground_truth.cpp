// SPDX-License-Identifier: MIT
#include "core/eval/parallel.h"
#include "core/io/coco/coco_blocks.h"
#include "core/io/coco/coco_elements.h"
#include "core/io/coco/coco_loader.h"
#include "core/io/detection_checks.h"
#include "core/io/format_common.h"
#include "core/io/json/json_blocks.h"
#include "core/io/json/json_input.h"
#include "core/model/dataset_builder.h"

#include <atomic>

namespace optconf {

namespace {

using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::object;

/// Reads the three arrays of a COCO ground-truth file into the builder, with the diagnostics the
/// user sees; both the whole-document path and the block path use it.
class GroundTruthReader
{
public:
    GroundTruthReader(const std::string& file, DatasetBuilder& builder, DiagnosticList& diagnostics)
        : m_file(file)
        , m_builder(builder)
        , m_diagnostics(diagnostics)
        , m_errorsBefore(static_cast<int>(diagnostics.items().size()))
    {}

    void readCategories(array categories);
    void readImages(array images);
    LoadOutcome readAnnotations(array annotations, DatasetBuilder::FieldBuilder& field,
                                const ProgressCallback& progress);

private:
    bool tooManyErrors() const
    {
        return static_cast<int>(m_diagnostics.items().size()) - m_errorsBefore >= kCocoMaxErrorsPerFile;
    }
    void readCategory(element c, std::size_t index);
    void readImage(element im, std::size_t index);

    const std::string& m_file;
    DatasetBuilder& m_builder;
    DiagnosticList& m_diagnostics;
    const int m_errorsBefore;
};

void GroundTruthReader::readCategories(array categories)
{
    std::size_t index = 0;
    for (element c : categories)
        readCategory(c, index++);
}

void GroundTruthReader::readCategory(element c, std::size_t index)
{
    const std::string& file = m_file;
    DatasetBuilder& builder = m_builder;
    DiagnosticList& diagnostics = m_diagnostics;
    const std::string path = "/categories/" + std::to_string(index);
    object o;
    if (c.get(o)) {
        diagnostics.error(file, path,
                          "expected an object {\"id\", \"name\"}, found " + jsonTypeName(c.type()));
        return;
    }
    element idElement;
    if (o.at_key("id").get(idElement)) {
        diagnostics.error(file, path, "missing key \"id\"");
        return;
    }
    auto id = jsonInteger(idElement);
    if (!id) {
        diagnostics.error(file, path + "/id", "expected an integer category id");
        return;
    }
    std::string_view name;
    element nameElement;
    if (o.at_key("name").get(nameElement) || nameElement.get(name)) {
        diagnostics.warning(file, path, "category without a \"name\" string: its id is used as its name");
        builder.setCategory(*id, builder.label(std::to_string(*id)));
        return;
    }
    if (builder.category(*id)) {
        diagnostics.error(file, path + "/id", "duplicate category id " + std::to_string(*id));
        return;
    }
    builder.setCategory(*id, builder.label(name));
}

void GroundTruthReader::readImages(array images)
{
    m_builder.samplesSource = m_file;
    m_builder.reserveSamples(images.size());
    std::size_t index = 0;
    for (element im : images) {
        if (tooManyErrors())
            break;
        readImage(im, index++);
    }
    if (m_builder.sampleCount() == 0 && !m_diagnostics.hasErrors())
        m_diagnostics.error(m_file, "/images", "the dataset has no images");
}

void GroundTruthReader::readImage(element im, std::size_t index)
{
    const std::string& file = m_file;
    DatasetBuilder& builder = m_builder;
    DiagnosticList& diagnostics = m_diagnostics;
    // Made only for a message: most image lists have none, and a string per image shows.
    auto path = [index] { return "/images/" + std::to_string(index); };
    object o;
    if (im.get(o)) {
        diagnostics.error(file, path(), "expected an image object, found " + jsonTypeName(im.type()));
        return;
    }
    std::optional<element> idValue, fileValue, widthValue, heightValue;
    // One walk over the keys rather than a lookup per key; the first of repeated keys wins.
    for (const auto field : o) {
        std::optional<element>* slot = field.key == "id"          ? &idValue
                                       : field.key == "file_name" ? &fileValue
                                       : field.key == "width"     ? &widthValue
                                       : field.key == "height"    ? &heightValue
                                                                  : nullptr;
        if (slot && !*slot)
            *slot = field.value;
    }
    if (!idValue) {
        diagnostics.error(file, path(), "missing key \"id\"");
        return;
    }
    Sample s;
    if (auto id = jsonInteger(*idValue)) {
        s.id = std::to_string(*id);
    } else if (std::string_view sid; !idValue->get(sid)) {
        s.id = std::string(sid);
    } else {
        diagnostics.error(file, path() + "/id",
                          "expected an integer image id, found " + jsonTypeName(idValue->type()));
        return;
    }
    std::string_view fileName;
    if (fileValue && !fileValue->get(fileName))
        s.fileName = std::string(fileName);
    if (widthValue)
        s.width = static_cast<int>(jsonInteger(*widthValue).value_or(0));
    if (heightValue)
        s.height = static_cast<int>(jsonInteger(*heightValue).value_or(0));
    if (!builder.addSampleIfNew(std::move(s)))
        // NOLINTNEXTLINE(bugprone-use-after-move): addSampleIfNew() moves s only when it adds it
        diagnostics.error(file, path() + "/id", "duplicate image id " + s.id);
}

LoadOutcome GroundTruthReader::readAnnotations(array annotations, DatasetBuilder::FieldBuilder& field,
                                               const ProgressCallback& progress)
{
    field.reserve(annotations.size());
    ReportingElementSink sink(m_file, m_builder, m_diagnostics, "/annotations/");
    std::size_t index = 0;
    for (element a : annotations) {
        const std::size_t i = index++;
        if (tooManyErrors()) {
            m_diagnostics.error(m_file, {}, "too many errors; stopped reading annotations");
            break;
        }
        if (progress && i % kCocoProgressEvery == 0 &&
            !progress(static_cast<double>(i) / static_cast<double>(annotations.size()),
                      "Reading annotations"))
            return LoadOutcome::Cancelled;
        sink.setIndex(i);
        SampleIndex sample = 0;
        Detection d;
        if (readCocoDetection(cocoDetectionFields(a, CocoElementKind::Annotation),
                              CocoElementKind::Annotation, sink, sample, d))
            field.add(sample, d);
    }
    return outcomeOf(m_diagnostics);
}

// The block path. The object is split into its members without parsing; the small ones (images,
// categories, anything else) are parsed on their own, and the annotations, nearly all of the file,
// in blocks on all cores (see coco_blocks.h), so the DOM of the whole file (five times its size,
// built in one thread) is never made. Any doubt hands the file back to the whole-document reader
// on a fresh builder, which reports exactly.

enum class GroundTruthRead
{
    Done,
    Cancelled,
    NotTaken,
};

GroundTruthRead readGroundTruthFast(const simdjson::padded_string& text, const std::string& file,
                                    const std::string& format, DatasetBuilder& builder,
                                    DiagnosticList& diagnostics, const ProgressCallback& progress)
{
    const std::string_view view(text.data(), text.size());
    const auto members = splitJsonObject(view);
    // The parts are validated by simdjson one by one; the keys, which no parser sees, here.
    if (!members || !simdjson::validate_utf8(text.data(), text.size()))
        return GroundTruthRead::NotTaken;
    const JsonMember *images = nullptr, *annotations = nullptr, *categories = nullptr;
    for (const JsonMember& m : *members) {
        const JsonMember** slot = m.key == "images"        ? &images
                                  : m.key == "annotations" ? &annotations
                                  : m.key == "categories"  ? &categories
                                                           : nullptr;
        if (slot && !*slot)
            *slot = &m; // the first of repeated keys, as at_key() finds
    }
    if (!images || !annotations || !categories || view[annotations->begin] != '[' ||
        view[annotations->end - 1] != ']')
        return GroundTruthRead::NotTaken;
    // Every other member is only checked to be JSON; images and categories are kept.
    simdjson::dom::parser imagesParser, categoriesParser, otherParser;
    array imageArray, categoryArray;
    for (const JsonMember& m : *members) {
        if (&m == annotations)
            continue;
        simdjson::dom::parser& parser = &m == images       ? imagesParser
                                        : &m == categories ? categoriesParser
                                                           : otherParser;
        element value;
        if (parser.parse(text.data() + m.begin, m.end - m.begin, false).get(value))
            return GroundTruthRead::NotTaken;
        if ((&m == images && value.get(imageArray)) || (&m == categories && value.get(categoryArray)))
            return GroundTruthRead::NotTaken; // not an array: the whole-document reader says so
    }

    GroundTruthReader reader(file, builder, diagnostics);
    reader.readCategories(categoryArray);
    reader.readImages(imageArray);
    auto& field = builder.addField("ground_truth", format, file);

    const auto spans = cutArrayElements(text.data(), annotations->begin + 1, annotations->end - 1);
    std::vector<CocoBlock> blocks(spans.size());
    std::atomic<std::size_t> next{0}, done{0};
    std::atomic<bool> failed{false}, cancelled{false};
    if (progress && !progress(0.0, "Reading annotations"))
        return GroundTruthRead::Cancelled;
    runOnAllCores(
        [&](bool reports) {
            CocoBlockParsers parsers;
            std::vector<char> buffer;
            for (std::size_t b; !failed && (b = next.fetch_add(1)) < blocks.size();) {
                const auto [begin, end] = spans[b];
                const std::size_t length = wrapAsArray(view.substr(begin, end - begin), buffer);
                readCocoBlock(blocks[b], buffer.data(), length, file, builder, parsers,
                              CocoElementKind::Annotation);
                failed = failed || !blocks[b].ok;
                const std::size_t finished = done.fetch_add(1) + 1;
                if (reports && progress &&
                    !progress(static_cast<double>(finished) / static_cast<double>(blocks.size()),
                              "Reading annotations")) {
                    cancelled = failed = true;
                    return;
                }
            }
        },
        [&] { failed = true; });
    if (cancelled)
        return GroundTruthRead::Cancelled;
    if (failed) {
        // Something to report, or not JSON at all: the annotations alone on one DOM tell which.
        blocks.clear();
        simdjson::dom::parser parser;
        array annotationArray;
        if (parser.parse(text.data() + annotations->begin, annotations->end - annotations->begin, false)
                .get(annotationArray))
            return GroundTruthRead::NotTaken;
        return reader.readAnnotations(annotationArray, field, progress) == LoadOutcome::Cancelled
                   ? GroundTruthRead::Cancelled
                   : GroundTruthRead::Done;
    }
    std::size_t offset = 0;
    for (CocoBlock& b : blocks) {
        for (std::uint32_t k : b.warned)
            replayCocoWarnings(b.items[k], CocoElementKind::Annotation, file,
                               "/annotations/" + std::to_string(offset + k), diagnostics);
        offset += b.items.size();
        field.append(std::move(b.sampleOf), std::move(b.items));
    }
    return GroundTruthRead::Done;
}

} // namespace

InputRole CocoGroundTruthLoader::probe(const InputProbe& input) const
{
    if (input.isDirectory)
        return InputRole::NotMine;
    const auto v = cocoFirstToken(input.head);
    if (!v.starts_with('{'))
        return InputRole::NotMine;
    const bool coco = v.find("\"images\"") != std::string_view::npos ||
                      v.find("\"annotations\"") != std::string_view::npos ||
                      v.find("\"categories\"") != std::string_view::npos;
    return coco ? InputRole::Samples : InputRole::NotMine;
}

std::string CocoGroundTruthLoader::notRecognisedBecause(const InputProbe& input) const
{
    if (input.isDirectory)
        return {};
    const std::string start = formats::describeStart(input.head);
    if (start == "a JSON object")
        return "a JSON object without \"images\", \"annotations\" or \"categories\"";
    return start + ", not a JSON object with \"images\", \"annotations\" and \"categories\"";
}

LoadOutcome CocoGroundTruthLoader::load(const InputProbe& input, DatasetBuilder& builder,
                                        DiagnosticList& diagnostics, const ProgressCallback& progress) const
{
    const std::string file = input.path.string();
    simdjson::padded_string text;
    if (!readJsonText(input.path, text, diagnostics))
        return LoadOutcome::Failed;
    {
        // The block path works on a copy of the (still empty) builder and its own diagnostics, so
        // that handing the file back leaves no trace.
        DatasetBuilder fast = builder;
        DiagnosticList fastDiagnostics;
        switch (readGroundTruthFast(text, file, name(), fast, fastDiagnostics, progress)) {
        case GroundTruthRead::Done:
            builder = std::move(fast);
            for (Diagnostic& d : fastDiagnostics.take())
                diagnostics.add(std::move(d));
            return outcomeOf(diagnostics);
        case GroundTruthRead::Cancelled:
            return LoadOutcome::Cancelled;
        case GroundTruthRead::NotTaken:
            break;
        }
    }
    JsonDocument doc;
    if (!doc.parse(file, std::move(text), diagnostics))
        return LoadOutcome::Failed;
    object root;
    if (doc.root().get(root)) {
        diagnostics.error(file, "/",
                          "expected a COCO object with \"images\", \"annotations\" and \"categories\"");
        return LoadOutcome::Failed;
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
            return LoadOutcome::Failed;
        }
        if (e.get(*target)) {
            diagnostics.error(file, std::string("/") + key,
                              "expected an array, found " + jsonTypeName(e.type()));
            return LoadOutcome::Failed;
        }
    }
    GroundTruthReader reader(file, builder, diagnostics);
    reader.readCategories(categories);
    reader.readImages(images);
    auto& field = builder.addField("ground_truth", name(), file);
    return reader.readAnnotations(annotations, field, progress);
}

} // namespace optconf
