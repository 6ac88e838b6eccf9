// SPDX-License-Identifier: MIT
#include "core/io/voc/voc_loader.h"
#include "core/io/detection_checks.h"
#include "core/io/format_common.h"
#include "core/model/dataset_builder.h"

#include <QByteArray>
#include <QString>
#include <QXmlStreamReader>

#include <algorithm>
#include <cmath>
#include <fstream>

namespace optconf {

namespace fs = std::filesystem;
using namespace formats;

namespace {

/// The folder that holds the XML files: `Annotations/` of a VOC root, or the folder itself.
fs::path annotationFolder(const fs::path& folder)
{
    std::error_code ec;
    if (fs::is_directory(folder / "Annotations", ec))
        return folder / "Annotations";
    return folder;
}

std::vector<fs::path> xmlFiles(const fs::path& folder)
{
    std::vector<fs::path> files;
    std::error_code ec;
    for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
        if (it->path().extension() == ".xml" && it->is_regular_file(ec))
            files.push_back(it->path());
    }
    std::sort(files.begin(), files.end());
    return files;
}

/// A folder is VOC when one of its first XML files is an annotation.
constexpr std::size_t kXmlFilesLooked = 8;

bool looksLikeVoc(std::string_view head)
{
    return head.find("<annotation") != std::string_view::npos;
}

std::string toStd(const QString& s)
{
    return s.toStdString();
}

/// One image's annotation, read before anything is added (a file that does not parse adds nothing).
struct VocObject
{
    std::string name;
    std::size_t line = 0;
    Box box;
    bool difficult = false;
};

struct VocImage
{
    std::string fileName;
    int width = 0, height = 0;
    std::vector<VocObject> objects;
};

class VocReader
{
public:
    VocReader(const QByteArray& bytes, std::string file, DiagnosticList& diagnostics)
        : m_xml(bytes)
        , m_file(std::move(file))
        , m_diagnostics(diagnostics)
    {}

    /// False after an error (reported).
    bool read(VocImage& image)
    {
        if (!m_xml.readNextStartElement()) {
            if (m_xml.hasError())
                return xmlError();
            m_diagnostics.error(m_file, {}, "no XML element: the file is empty");
            return false;
        }
        if (m_xml.name() != u"annotation") {
            m_diagnostics.error(m_file, here(),
                                "not a Pascal VOC annotation: the root element is <" +
                                    toStd(m_xml.name().toString()) + ">, expected <annotation>");
            return false;
        }
        bool ok = true;
        while (m_xml.readNextStartElement()) {
            if (m_xml.name() == u"filename") {
                image.fileName = toStd(m_xml.readElementText().trimmed());
            } else if (m_xml.name() == u"size") {
                readSize(image);
            } else if (m_xml.name() == u"object") {
                VocObject o;
                if (readObject(o))
                    image.objects.push_back(std::move(o));
                else
                    ok = false;
            } else {
                m_xml.skipCurrentElement();
            }
        }
        if (m_xml.hasError())
            return xmlError();
        // Anything after the root element is a parse error too.
        while (!m_xml.atEnd() && m_xml.readNext() != QXmlStreamReader::Invalid) {
        }
        if (m_xml.hasError())
            return xmlError();
        return ok;
    }

private:
    std::string here() const { return lineLocation(static_cast<std::size_t>(m_xml.lineNumber())); }

    bool xmlError()
    {
        m_diagnostics.error(m_file, here(),
                            "the XML does not parse: " + toStd(m_xml.errorString()) + " (column " +
                                std::to_string(m_xml.columnNumber()) + ")");
        return false;
    }

    void readSize(VocImage& image)
    {
        while (m_xml.readNextStartElement()) {
            const bool w = m_xml.name() == u"width", h = m_xml.name() == u"height";
            if (!w && !h) {
                m_xml.skipCurrentElement();
                continue;
            }
            const std::string where = here();
            const std::string text = toStd(m_xml.readElementText().trimmed());
            const auto v = parseDouble(text);
            if (!v || !std::isfinite(*v) || *v < 0 || *v > 1e9) {
                m_diagnostics.warning(m_file, where, "image size '" + text + "' is not a number (ignored)");
                continue;
            }
            (w ? image.width : image.height) = static_cast<int>(std::lround(*v));
        }
    }

    bool readObject(VocObject& o)
    {
        o.line = static_cast<std::size_t>(m_xml.lineNumber());
        bool hasName = false, hasBox = false, ok = true;
        while (m_xml.readNextStartElement()) {
            if (m_xml.name() == u"name") {
                o.name = toStd(m_xml.readElementText().trimmed());
                hasName = true;
            } else if (m_xml.name() == u"difficult") {
                const std::string where = here();
                const std::string text = toStd(m_xml.readElementText().trimmed().toLower());
                if (text == "1" || text == "true")
                    o.difficult = true;
                else if (!(text == "0" || text == "false" || text.empty()))
                    m_diagnostics.warning(m_file, where,
                                          "<difficult> is '" + text + "', expected 0 or 1 (read as 0)");
            } else if (m_xml.name() == u"bndbox") {
                hasBox = true;
                ok = readBox(o) && ok;
            } else {
                m_xml.skipCurrentElement(); // <part>s, <pose>, <truncated>, ...
            }
        }
        if (m_xml.hasError())
            return false;
        if (!hasName || o.name.empty()) {
            m_diagnostics.error(m_file, lineLocation(o.line), "an <object> without a <name> (its class)");
            return false;
        }
        if (!hasBox) {
            m_diagnostics.error(m_file, lineLocation(o.line),
                                "the <object> '" + o.name + "' has no <bndbox> (xmin, ymin, xmax, ymax)");
            return false;
        }
        return ok;
    }

    bool readBox(VocObject& o)
    {
        const std::string boxLine = here();
        std::optional<double> v[4];
        const char16_t* keys[4] = {u"xmin", u"ymin", u"xmax", u"ymax"};
        bool ok = true;
        while (m_xml.readNextStartElement()) {
            int k = 0;
            while (k < 4 && m_xml.name() != QStringView(keys[k]))
                ++k;
            if (k == 4) {
                m_xml.skipCurrentElement();
                continue;
            }
            const std::string where = here();
            const std::string text = toStd(m_xml.readElementText().trimmed());
            v[k] = parseDouble(text);
            if (!v[k]) {
                m_diagnostics.error(m_file, where,
                                    "<" + toStd(QString::fromUtf16(keys[k])) + "> of '" + o.name + "': '" +
                                        text + "' is not a number");
                ok = false;
                v[k] = 0.0;
            }
        }
        if (m_xml.hasError())
            return false;
        std::string missing;
        for (int k = 0; k < 4; ++k)
            if (!v[k])
                missing += (missing.empty() ? "<" : ", <") + toStd(QString::fromUtf16(keys[k])) + ">";
        if (!missing.empty()) {
            m_diagnostics.error(m_file, boxLine, "the <bndbox> of '" + o.name + "' lacks " + missing);
            return false;
        }
        // No +1: VOC's inclusive pixel convention is not applied (semantics.md §3.2).
        o.box = {*v[0], *v[1], *v[2] - *v[0], *v[3] - *v[1]};
        return ok;
    }

    QXmlStreamReader m_xml;
    std::string m_file;
    DiagnosticList& m_diagnostics;
};

} // namespace

InputRole VocLoader::probe(const InputProbe& input) const
{
    if (!input.isDirectory) {
        // A single annotation file: XML that opens with a declaration or with <annotation>.
        const std::string_view head = trim(stripBom(input.head));
        return (head.starts_with("<?xml") || head.starts_with("<annotation")) && looksLikeVoc(head)
                   ? InputRole::Samples
                   : InputRole::NotMine;
    }
    const auto files = xmlFiles(annotationFolder(input.path));
    for (std::size_t i = 0; i < files.size() && i < kXmlFilesLooked; ++i) {
        std::ifstream in(files[i], std::ios::binary);
        std::string head(4096, '\0');
        in.read(head.data(), static_cast<std::streamsize>(head.size()));
        head.resize(static_cast<std::size_t>(std::max<std::streamsize>(in.gcount(), 0)));
        if (looksLikeVoc(head))
            return InputRole::Samples;
    }
    return InputRole::NotMine;
}

std::string VocLoader::notRecognisedBecause(const InputProbe& input) const
{
    if (!input.isDirectory) {
        const std::string start = describeStart(input.head);
        return start == "XML" ? "XML without an <annotation> element" : start + ", not XML";
    }
    const auto files = xmlFiles(annotationFolder(input.path));
    if (files.empty())
        return "no .xml files in it or in an Annotations/ folder inside it";
    const std::string where = files.size() == 1 ? "it"
                              : files.size() <= kXmlFilesLooked
                                  ? "any of them"
                                  : "the first " + std::to_string(kXmlFilesLooked);
    return std::to_string(files.size()) + " .xml file" + (files.size() == 1 ? "" : "s") +
           ", but no <annotation> element in " + where;
}

LoadOutcome VocLoader::load(const InputProbe& input, DatasetBuilder& builder, DiagnosticList& diagnostics,
                            const ProgressCallback& progress) const
{
    const std::string source = input.path.string();
    const std::vector<fs::path> files =
        input.isDirectory ? xmlFiles(annotationFolder(input.path)) : std::vector<fs::path>{input.path};
    builder.samplesSource = source;
    auto& field = builder.addField(fieldNameFor(input.path, input.isDirectory), name(), source);
    ErrorBudget budget(diagnostics);
    for (std::size_t f = 0; f < files.size(); ++f) {
        if (budget.exhausted(diagnostics, source))
            break;
        if (progress && f % 256 == 0 &&
            !progress(static_cast<double>(f) / static_cast<double>(files.size()), "Reading annotations"))
            return LoadOutcome::Cancelled;
        const std::string file = files[f].string();
        auto text = readFile(files[f], diagnostics);
        if (!text)
            continue;
        VocImage image;
        VocReader reader(QByteArray::fromRawData(text->data(), static_cast<qsizetype>(text->size())), file,
                         diagnostics);
        if (!reader.read(image))
            continue;
        Sample s;
        s.id = files[f].stem().string();
        s.fileName = image.fileName.empty() ? s.id : image.fileName;
        s.width = image.width;
        s.height = image.height;
        if (builder.findSampleById(s.id)) {
            diagnostics.error(file, {}, "a second annotation for image '" + s.id + "'");
            continue;
        }
        const SampleIndex sample = builder.addSample(std::move(s));
        for (const VocObject& o : image.objects) {
            Detection d;
            d.box = o.box;
            d.area = o.box.area();
            d.label = builder.label(o.name);
            d.difficult = o.difficult;
            if (!checkDetection(
                    d, file, [&] { return lineLocation(o.line); }, diagnostics))
                continue;
            field.add(sample, d);
        }
    }
    if (builder.sampleCount() == 0 && !diagnostics.hasErrors())
        diagnostics.error(source, {}, "no Pascal VOC annotation files (*.xml) in this folder");
    return outcomeOf(diagnostics);
}

} // namespace optconf
