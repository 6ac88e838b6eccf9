// SPDX-License-Identifier: MIT
#include "core/io/format_common.h"
#include "core/io/csv/csv_loader.h"
#include "core/io/json/json_input.h" // kMaxJsonBytes
#include "core/io/loader.h"
#include "core/model/dataset_builder.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <unordered_map>

namespace optconf::formats {

namespace fs = std::filesystem;

std::optional<std::string> readFile(const fs::path& path, DiagnosticList& diagnostics)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        diagnostics.error(path.string(), {}, "cannot be opened for reading (permission denied?)");
        return std::nullopt;
    }
    std::string text;
    in.seekg(0, std::ios::end);
    const auto size = in.tellg();
    in.seekg(0, std::ios::beg);
    // Reliability (issue 7): refuse a file too large to hold rather than be killed by the system
    // while reading it (the same limit as for JSON).
    if (size > 0 && static_cast<std::uintmax_t>(size) > kMaxJsonBytes) {
        diagnostics.error(path.string(), {},
                          "the file is " + std::to_string(static_cast<std::uintmax_t>(size) >> 20) +
                              " MiB; OptConf reads files up to " + std::to_string(kMaxJsonBytes >> 20) +
                              " MiB");
        return std::nullopt;
    }
    if (size > 0)
        text.resize(static_cast<std::size_t>(size));
    in.read(text.data(), static_cast<std::streamsize>(text.size()));
    if (in.bad()) {
        diagnostics.error(path.string(), {}, "read error");
        return std::nullopt;
    }
    text.resize(static_cast<std::size_t>(in.gcount()));
    return text;
}

std::string_view stripBom(std::string_view text)
{
    if (text.starts_with("\xEF\xBB\xBF"))
        text.remove_prefix(3);
    return text;
}

std::string_view trim(std::string_view s)
{
    auto space = [](char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
    };
    while (!s.empty() && space(s.front()))
        s.remove_prefix(1);
    while (!s.empty() && space(s.back()))
        s.remove_suffix(1);
    return s;
}

std::string toLower(std::string_view s)
{
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) {
        return static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    });
    return out;
}

std::string lineLocation(std::size_t line)
{
    return "line " + std::to_string(line);
}

namespace {

/// The length of the valid UTF-8 sequence at the start of `s`, 0 when it is not one.
std::size_t utf8SequenceLength(std::string_view s)
{
    const auto lead = static_cast<unsigned char>(s[0]);
    const std::size_t n = lead < 0x80           ? 1
                          : (lead >> 5) == 0x6  ? 2
                          : (lead >> 4) == 0xE  ? 3
                          : (lead >> 3) == 0x1E ? 4
                                                : 0;
    if (n == 0 || n > s.size())
        return 0;
    for (std::size_t i = 1; i < n; ++i)
        if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80)
            return 0;
    return n;
}

} // namespace

std::string shortQuote(std::string_view text, std::size_t max)
{
    static const char hex[] = "0123456789ABCDEF";
    std::string out;
    std::size_t i = 0;
    while (i < text.size() && i < max) {
        const auto c = static_cast<unsigned char>(text[i]);
        const std::size_t n = utf8SequenceLength(text.substr(i));
        if (n > 1) {
            if (i + n > max)
                break; // not a character cut in two
            out.append(text.substr(i, n));
            i += n;
            continue;
        }
        if (c == '\n') {
            out += "\\n";
        } else if (c == '\t') {
            out += "\\t";
        } else if (c == '\r') {
            out += "\\r";
        } else if (n == 0 || c < 0x20 || c == 0x7F) {
            out += "\\x";
            out += hex[c >> 4];
            out += hex[c & 15];
        } else {
            out += static_cast<char>(c);
        }
        ++i;
    }
    if (i < text.size())
        out += "…";
    return out;
}

std::string describeStart(std::string_view head)
{
    const std::string_view t = trim(stripBom(head));
    if (t.empty())
        return "blank (only spaces and line breaks)";
    if (t.starts_with('{'))
        return "a JSON object";
    if (t.starts_with('['))
        return "a JSON list";
    if (t.starts_with('<'))
        return "XML";
    const std::size_t lineEnd = t.find('\n');
    return "text that starts '" + shortQuote(t.substr(0, lineEnd), 24) + "'";
}

std::optional<double> parseDouble(std::string_view token)
{
    if (token.starts_with('+'))
        token.remove_prefix(1);
    if (token.empty() || token.front() == '+' || token.front() == ' ')
        return std::nullopt;
    double v = 0;
    const char* end = token.data() + token.size();
    auto [ptr, ec] = std::from_chars(token.data(), end, v);
    if (ec != std::errc() || ptr != end)
        return std::nullopt;
    return v;
}

std::optional<std::int64_t> parseInteger(std::string_view token)
{
    if (token.starts_with('+'))
        token.remove_prefix(1);
    std::int64_t v = 0;
    const char* end = token.data() + token.size();
    if (auto [ptr, ec] = std::from_chars(token.data(), end, v); ec == std::errc() && ptr == end)
        return v;
    const auto d = parseDouble(token);
    if (d && std::isfinite(*d) && std::floor(*d) == *d && std::fabs(*d) < 9e15)
        return static_cast<std::int64_t>(*d);
    return std::nullopt;
}

std::string fieldNameFor(const fs::path& path, bool isDirectory)
{
    std::error_code ec;
    fs::path p = fs::absolute(path, ec).lexically_normal();
    if (ec)
        p = path.lexically_normal();
    if (p.filename().empty())
        p = p.parent_path();
    if (!isDirectory)
        return p.stem().string();
    const std::string name = p.filename().string();
    if ((name == "labels" || name == "Annotations") && !p.parent_path().filename().empty())
        return p.parent_path().filename().string();
    return name.empty() ? std::string("labels") : name;
}

BoxUnits groundTruthUnits(const DatasetBuilder& builder)
{
    if (builder.samplesSource.empty())
        return BoxUnits::Unknown;
    // Which loader defined the samples: probe that input again (the builder does not keep it).
    InputProbe probe;
    probe.path = builder.samplesSource;
    std::error_code ec;
    probe.isDirectory = fs::is_directory(probe.path, ec);
    if (!probe.isDirectory) {
        std::ifstream in(probe.path, std::ios::binary);
        probe.head.resize(64 * 1024);
        in.read(probe.head.data(), static_cast<std::streamsize>(probe.head.size()));
        probe.head.resize(static_cast<std::size_t>(std::max<std::streamsize>(in.gcount(), 0)));
    }
    for (const auto& loader : formatLoaders()) {
        if (loader->probe(probe) != InputRole::Samples)
            continue;
        const std::string name = loader->name();
        if (name == "COCO ground truth" || name == "Pascal VOC")
            return BoxUnits::Pixels;
        if (name == "YOLO" || name.starts_with("FiftyOne"))
            return BoxUnits::Relative;
        if (name == "CSV" && csvGivesImageSizes(probe.head))
            return BoxUnits::Pixels;
        return BoxUnits::Unknown;
    }
    return BoxUnits::Unknown;
}

bool relativeToGroundTruth(Box& box, const Sample& sample, BoxUnits groundTruth)
{
    if (groundTruth != BoxUnits::Pixels)
        return true;
    if (sample.width <= 0 || sample.height <= 0)
        return false;
    box.x *= sample.width;
    box.w *= sample.width;
    box.y *= sample.height;
    box.h *= sample.height;
    return true;
}

std::optional<std::vector<SampleIndex>> resolvePredictionImages(DatasetBuilder& builder,
                                                                const std::vector<ImageReference>& images,
                                                                const std::string& file,
                                                                DiagnosticList& diagnostics)
{
    constexpr SampleIndex kUnknown = ~SampleIndex(0);
    std::vector<SampleIndex> out(images.size(), kUnknown);
    std::vector<std::size_t> unknown;
    // Look every name up before adding any sample: adding one drops the builder's stem index.
    for (std::size_t i = 0; i < images.size(); ++i) {
        auto s = builder.findSampleById(images[i].name);
        if (!s)
            s = builder.findSampleByStem(images[i].name);
        if (s)
            out[i] = *s;
        else
            unknown.push_back(i);
    }
    if (unknown.empty())
        return out;
    if (unknown.size() == images.size()) {
        diagnostics.error(file, images.front().location,
                          "none of the " + std::to_string(images.size()) +
                              " images named here is in the ground truth (the first is '" +
                              images.front().name +
                              "'): are these predictions for this data set? Images are matched by id, "
                              "file name or file name without extension");
        return std::nullopt;
    }
    const ImageReference& first = images[unknown.front()];
    diagnostics.warning(file, first.location,
                        std::to_string(unknown.size()) + " image" + (unknown.size() == 1 ? " is" : "s are") +
                            " not in the ground truth (the first is '" + first.name +
                            "'): added as images without ground-truth objects, so their predictions "
                            "count as false positives");
    std::unordered_map<std::string, SampleIndex> added;
    for (std::size_t i : unknown) {
        const std::string stem = fs::path(images[i].name).stem().string();
        auto it = added.find(stem);
        if (it == added.end()) {
            Sample s;
            s.id = stem.empty() ? images[i].name : stem;
            s.fileName = images[i].name;
            it = added.emplace(stem, builder.addSample(std::move(s))).first;
        }
        out[i] = it->second;
    }
    return out;
}

ErrorBudget::ErrorBudget(const DiagnosticList& diagnostics)
    : m_diagnostics(diagnostics)
    , m_before(diagnostics.items().size())
{}

int ErrorBudget::errors() const
{
    const auto& items = m_diagnostics.items();
    int n = 0;
    for (std::size_t i = std::min(m_before, items.size()); i < items.size(); ++i)
        n += items[i].isError() ? 1 : 0;
    return n;
}

bool ErrorBudget::exhausted(DiagnosticList& diagnostics, const std::string& file)
{
    if (m_reported)
        return true;
    if (errors() < kMaxErrorsPerInput)
        return false;
    m_reported = true;
    diagnostics.error(file, {}, "too many errors; stopped reading");
    return true;
}

} // namespace optconf::formats
