// SPDX-License-Identifier: MIT
#include "core/io/csv/csv_loader.h"
#include "core/io/detection_checks.h"
#include "core/io/format_common.h"
#include "core/model/dataset_builder.h"

#include <unordered_map>
#include <unordered_set>

namespace optconf {

namespace fs = std::filesystem;
using namespace formats;

namespace formats {

CsvReader::CsvReader(std::string_view text, char delimiter)
    : m_text(stripBom(text))
    , m_delimiter(delimiter)
{}

bool CsvReader::next(CsvRecord& record)
{
    record.fields.clear();
    if (m_error || m_pos >= m_text.size())
        return false;
    record.line = m_line;
    const std::size_t n = m_text.size();
    std::string field;
    while (true) {
        // A field: quoted (after optional blanks) or plain up to the delimiter or the line end.
        field.clear();
        std::size_t p = m_pos;
        while (p < n && (m_text[p] == ' ' || (m_text[p] == '\t' && m_delimiter != '\t')))
            ++p;
        if (p < n && m_text[p] == '"') {
            const std::size_t quoteLine = m_line;
            ++p;
            while (true) {
                if (p >= n) {
                    m_error = "a quoted field is not closed (a '\"' is missing)";
                    m_errorLine = quoteLine;
                    return false;
                }
                const char c = m_text[p++];
                if (c == '"') {
                    if (p < n && m_text[p] == '"') {
                        field += '"';
                        ++p;
                        continue;
                    }
                    break;
                }
                if (c == '\n' || (c == '\r' && !(p < n && m_text[p] == '\n')))
                    ++m_line;
                field += c;
            }
            // Text after the closing quote, up to the delimiter, is kept as it is.
            while (p < n && m_text[p] != m_delimiter && m_text[p] != '\n' && m_text[p] != '\r')
                field += m_text[p++];
        } else {
            p = m_pos;
            while (p < n && m_text[p] != m_delimiter && m_text[p] != '\n' && m_text[p] != '\r')
                field += m_text[p++];
        }
        record.fields.push_back(field);
        if (p < n && m_text[p] == m_delimiter) {
            m_pos = p + 1;
            continue;
        }
        // The end of the record.
        if (p < n && m_text[p] == '\r')
            ++p;
        if (p < n && m_text[p] == '\n')
            ++p;
        ++m_line;
        m_pos = p;
        return true;
    }
}

} // namespace formats

namespace {

enum Column
{
    Image,
    Label,
    X,
    Y,
    W,
    H,
    XMin,
    YMin,
    XMax,
    YMax,
    Confidence,
    Crowd,
    Difficult,
    ImageWidth,
    ImageHeight,
    ColumnCount
};

const char* const kColumnNames[ColumnCount] = {"image",      "label",   "x",         "y",     "w",
                                               "h",          "xmin",    "ymin",      "xmax",  "ymax",
                                               "confidence", "iscrowd", "difficult", "width", "height"};

/// Header names (lower case, blanks and '-' as '_') for each column; README "Formats" lists them.
const std::unordered_map<std::string, Column>& aliases()
{
    static const std::unordered_map<std::string, Column> map = {
        {"image", Image},
        {"filename", Image},
        {"file_name", Image},
        {"file", Image},
        {"image_id", Image},
        {"image_name", Image},
        {"image_path", Image},
        {"img", Image},
        {"path", Image},
        {"filepath", Image},
        {"label", Label},
        {"class", Label},
        {"class_name", Label},
        {"category", Label},
        {"category_name", Label},
        {"name", Label},
        {"x", X},
        {"left", X},
        {"bbox_x", X},
        {"y", Y},
        {"top", Y},
        {"bbox_y", Y},
        {"w", W},
        {"bbox_w", W},
        {"bbox_width", W},
        {"h", H},
        {"bbox_h", H},
        {"bbox_height", H},
        {"xmin", XMin},
        {"x_min", XMin},
        {"x1", XMin},
        {"ymin", YMin},
        {"y_min", YMin},
        {"y1", YMin},
        {"xmax", XMax},
        {"x_max", XMax},
        {"x2", XMax},
        {"ymax", YMax},
        {"y_max", YMax},
        {"y2", YMax},
        {"confidence", Confidence},
        {"score", Confidence},
        {"conf", Confidence},
        {"probability", Confidence},
        {"iscrowd", Crowd},
        {"crowd", Crowd},
        {"difficult", Difficult},
        {"width", ImageWidth},
        {"height", ImageHeight},
        {"image_width", ImageWidth},
        {"image_height", ImageHeight},
    };
    return map;
}

std::string normaliseHeader(std::string_view s)
{
    std::string out = toLower(trim(s));
    for (char& c : out)
        if (c == ' ' || c == '-')
            c = '_';
    return out;
}

struct Header
{
    int column[ColumnCount];
    char delimiter = ',';
    std::size_t fieldCount = 0;
    bool corners = false;
    bool has(Column c) const { return column[c] >= 0; }
};

/// The header of `text` with the first delimiter (',', ';' or tab) under which it names an image
/// and a label column; nullopt when it does not look like a box CSV.
std::optional<Header> readHeader(std::string_view text)
{
    const std::string_view t = trim(stripBom(text));
    if (t.empty() || t.front() == '{' || t.front() == '[' || t.front() == '<')
        return std::nullopt;
    for (char delimiter : {',', ';', '\t'}) {
        CsvReader reader(text, delimiter);
        CsvRecord record;
        if (!reader.next(record) || record.fields.size() < 2)
            continue;
        Header h;
        std::fill(std::begin(h.column), std::end(h.column), -1);
        h.delimiter = delimiter;
        h.fieldCount = record.fields.size();
        for (std::size_t i = 0; i < record.fields.size(); ++i) {
            auto it = aliases().find(normaliseHeader(record.fields[i]));
            if (it != aliases().end() && h.column[it->second] < 0)
                h.column[it->second] = static_cast<int>(i);
        }
        if (h.has(Image) && h.has(Label))
            return h;
    }
    return std::nullopt;
}

/// "x,y,width,height": without w and h columns, width and height are the box's size; next to
/// corners (TensorFlow's CSV) or w and h they are the image's.
void resolveWidthHeight(Header& header)
{
    const bool anyXywh = header.has(X) || header.has(Y) || header.has(W) || header.has(H);
    const bool anyCorner = header.has(XMin) || header.has(YMin) || header.has(XMax) || header.has(YMax);
    if (anyCorner && !anyXywh)
        return;
    for (auto [box, image] : {std::pair{W, ImageWidth}, std::pair{H, ImageHeight}}) {
        if (!header.has(box) && header.has(image)) {
            header.column[box] = header.column[image];
            header.column[image] = -1;
        }
    }
}

std::optional<bool> parseFlag(std::string_view s)
{
    const std::string v = toLower(trim(s));
    if (v.empty() || v == "0" || v == "false" || v == "no")
        return false;
    if (v == "1" || v == "true" || v == "yes")
        return true;
    return std::nullopt;
}

} // namespace

bool formats::csvGivesImageSizes(std::string_view head)
{
    auto header = readHeader(head);
    if (!header)
        return false;
    resolveWidthHeight(*header);
    return header->has(ImageWidth) && header->has(ImageHeight);
}

InputRole CsvLoader::probe(const InputProbe& input) const
{
    if (input.isDirectory)
        return InputRole::NotMine;
    auto header = readHeader(input.head);
    if (!header)
        return InputRole::NotMine;
    return header->has(Confidence) ? InputRole::Predictions : InputRole::Samples;
}

std::string CsvLoader::notRecognisedBecause(const InputProbe& input) const
{
    if (input.isDirectory)
        return {};
    const std::string_view t = trim(stripBom(input.head));
    if (t.empty() || t.starts_with('{') || t.starts_with('[') || t.starts_with('<'))
        return describeStart(t) + ", not CSV";
    const std::string_view firstLine = t.substr(0, t.find('\n'));
    return "the first line, '" + shortQuote(firstLine, 60) +
           "', names no 'image' and 'label' columns (separated by ',', ';' or tabs)";
}

LoadOutcome CsvLoader::load(const InputProbe& input, DatasetBuilder& builder, DiagnosticList& diagnostics,
                            const ProgressCallback& progress) const
{
    const std::string file = input.path.string();
    auto text = readFile(input.path, diagnostics);
    if (!text)
        return LoadOutcome::Failed;
    auto headerOpt = readHeader(*text);
    if (!headerOpt) {
        diagnostics.error(file, lineLocation(1), "the header names no 'image' and 'label' columns");
        return LoadOutcome::Failed;
    }
    Header& header = *headerOpt;
    const bool predictions = header.has(Confidence);
    // The box: x,y,w,h or the corners xmin,ymin,xmax,ymax, complete.
    const bool anyXywh = header.has(X) || header.has(Y) || header.has(W) || header.has(H);
    const bool anyCorner = header.has(XMin) || header.has(YMin) || header.has(XMax) || header.has(YMax);
    header.corners = anyCorner && !anyXywh;
    resolveWidthHeight(header);
    if (anyXywh && anyCorner) {
        diagnostics.error(file, lineLocation(1),
                          "the header has both x,y,w,h and xmin,ymin,xmax,ymax columns; keep one box form");
        return LoadOutcome::Failed;
    }
    {
        std::string missing;
        const Column needed[] = {header.corners ? XMin : X, header.corners ? YMin : Y,
                                 header.corners ? XMax : W, header.corners ? YMax : H};
        for (Column c : needed)
            if (!header.has(c))
                missing += (missing.empty() ? "" : ", ") + std::string(kColumnNames[c]);
        if (!missing.empty()) {
            diagnostics.error(
                file, lineLocation(1),
                "missing column" + std::string(missing.find(',') == std::string::npos ? "" : "s") + " " +
                    missing + ": a box CSV needs image, label and x, y, w, h (or xmin, ymin, xmax, ymax)");
            return LoadOutcome::Failed;
        }
    }

    const std::string fieldName = fieldNameFor(input.path, false);
    auto& field = builder.addField(fieldName, predictions ? "CSV predictions" : "CSV ground truth", file);
    if (!predictions)
        builder.samplesSource = file;
    // Class names the ground truth already has: a numeric label that is not one of them may be a
    // class index (YOLO ground truth with names).
    std::unordered_set<std::string> knownLabels(builder.labels().begin(), builder.labels().end());

    struct Parsed
    {
        std::size_t image;
        Detection detection;
    };
    std::vector<Parsed> parsed;
    std::vector<ImageReference> images;
    std::unordered_map<std::string, std::size_t> imageIndex;
    std::vector<std::pair<int, int>> imageSizes;
    ErrorBudget budget(diagnostics);

    CsvReader reader(*text, header.delimiter);
    CsvRecord record;
    reader.next(record); // the header
    std::size_t rows = 0;
    while (reader.next(record)) {
        if (budget.exhausted(diagnostics, file))
            break;
        if (progress && rows++ % 65536 == 0 && !progress(reader.fraction(), "Reading rows"))
            return LoadOutcome::Cancelled;
        if (record.fields.size() == 1 && trim(record.fields[0]).empty())
            continue; // a blank line
        const std::string where = lineLocation(record.line);
        if (record.fields.size() != header.fieldCount) {
            std::string detail;
            if (record.fields.size() < header.fieldCount) {
                std::string missing;
                for (int c = 0; c < ColumnCount; ++c)
                    if (header.column[c] >= static_cast<int>(record.fields.size()))
                        missing += (missing.empty() ? "" : ", ") + std::string(kColumnNames[c]);
                detail = missing.empty() ? std::string() : " (missing: " + missing + ")";
            } else {
                detail = " (a value with a delimiter in it must be quoted)";
            }
            diagnostics.error(file, where,
                              "expected " + std::to_string(header.fieldCount) +
                                  " fields as in the header, found " + std::to_string(record.fields.size()) +
                                  detail);
            continue;
        }
        auto cell = [&](Column c) {
            return trim(std::string_view(record.fields[static_cast<std::size_t>(header.column[c])]));
        };
        const std::string imageName(cell(Image));
        if (imageName.empty()) {
            diagnostics.error(file, where, "column 'image' is empty");
            continue;
        }
        auto [it, isNew] = imageIndex.emplace(imageName, images.size());
        if (isNew) {
            images.push_back({imageName, where});
            imageSizes.emplace_back(0, 0);
        }
        const std::size_t image = it->second;
        bool ok = true;
        for (Column c : {ImageWidth, ImageHeight}) {
            if (!header.has(c) || cell(c).empty())
                continue;
            const auto v = parseInteger(cell(c));
            if (!v || *v < 0 || *v > 1'000'000'000) {
                diagnostics.error(file, where,
                                  "column '" + std::string(kColumnNames[c]) + "' (the image size): '" +
                                      std::string(cell(c)) + "' is not a whole number");
                ok = false;
                continue;
            }
            (c == ImageWidth ? imageSizes[image].first : imageSizes[image].second) = static_cast<int>(*v);
        }
        if (!ok)
            continue;
        const Column boxColumns[4] = {header.corners ? XMin : X, header.corners ? YMin : Y,
                                      header.corners ? XMax : W, header.corners ? YMax : H};
        const std::string_view label = cell(Label);
        bool boxEmpty = true;
        for (Column c : boxColumns)
            boxEmpty = boxEmpty && cell(c).empty();
        if (label.empty() && boxEmpty)
            continue; // an image without objects
        if (label.empty()) {
            diagnostics.error(file, where,
                              "column 'label' is empty (a row with only the image lists an image "
                              "without objects)");
            continue;
        }
        double v[4];
        for (int k = 0; k < 4 && ok; ++k) {
            const auto x = parseDouble(cell(boxColumns[k]));
            if (!x) {
                diagnostics.error(file, where,
                                  "column '" + std::string(kColumnNames[boxColumns[k]]) + "': '" +
                                      std::string(cell(boxColumns[k])) + "' is not a number");
                ok = false;
            }
            v[k] = x.value_or(0.0);
        }
        if (!ok)
            continue;
        Detection d;
        d.box = header.corners ? Box{v[0], v[1], v[2] - v[0], v[3] - v[1]} : Box{v[0], v[1], v[2], v[3]};
        d.area = d.box.area();
        if (predictions) {
            const std::string_view conf = cell(Confidence);
            if (conf.empty()) {
                diagnostics.warning(file, where,
                                    "a prediction without a confidence (never kept at any threshold)");
            } else if (auto c = parseDouble(conf)) {
                d.confidence = *c;
            } else {
                diagnostics.error(file, where,
                                  "column 'confidence': '" + std::string(conf) + "' is not a number");
                continue;
            }
        }
        for (Column c : {Crowd, Difficult}) {
            if (!header.has(c))
                continue;
            const auto flag = parseFlag(cell(c));
            if (!flag) {
                diagnostics.error(file, where,
                                  "column '" + std::string(kColumnNames[c]) + "': '" + std::string(cell(c)) +
                                      "' is not 0 or 1");
                ok = false;
                break;
            }
            (c == Crowd ? d.crowd : d.difficult) = *flag;
        }
        if (!ok)
            continue;
        const std::string labelText(label);
        if (auto index = parseInteger(label);
            index && !knownLabels.count(labelText) && builder.category(*index))
            d.label = *builder.category(*index);
        else
            d.label = builder.label(labelText);
        if (!checkDetection(
                d, file, [&] { return where; }, diagnostics))
            continue;
        parsed.push_back({image, d});
    }
    if (reader.error())
        diagnostics.error(file, lineLocation(reader.errorLine()), *reader.error());
    if (diagnostics.hasErrors())
        return LoadOutcome::Failed;

    std::vector<SampleIndex> samples;
    if (predictions) {
        auto resolved = resolvePredictionImages(builder, images, file, diagnostics);
        if (!resolved)
            return LoadOutcome::Failed;
        samples = std::move(*resolved);
    } else {
        for (std::size_t i = 0; i < images.size(); ++i) {
            Sample s;
            s.id = images[i].name;
            s.fileName = images[i].name;
            s.width = imageSizes[i].first;
            s.height = imageSizes[i].second;
            samples.push_back(builder.addSample(std::move(s)));
        }
        if (samples.empty())
            diagnostics.error(file, {}, "no rows: the ground truth lists no images");
    }
    field.reserve(parsed.size());
    for (const Parsed& p : parsed)
        field.add(samples[p.image], p.detection);
    return outcomeOf(diagnostics);
}

} // namespace optconf
