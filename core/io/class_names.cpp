// SPDX-License-Identifier: MIT
#include "core/io/class_names.h"
#include "core/io/format_common.h"
#include "core/io/loader.h"

#include <algorithm>
#include <vector>

#include <yaml-cpp/depthguard.h> // YAML::DeepRecursion, which yaml.h leaves out
#include <yaml-cpp/yaml.h>

namespace optconf::formats {

namespace fs = std::filesystem;

namespace {

struct Line
{
    std::size_t number;
    std::string_view text; ///< without the comment and the line break
};

/// Drops a `#` comment that starts the line or follows a blank, outside quotes.
std::string_view stripComment(std::string_view s)
{
    char quote = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        if (quote) {
            if (c == quote)
                quote = 0;
        } else if (c == '\'' || c == '"') {
            quote = c;
        } else if (c == '#' && (i == 0 || s[i - 1] == ' ' || s[i - 1] == '\t')) {
            return s.substr(0, i);
        }
    }
    return s;
}

std::vector<Line> splitLines(std::string_view text)
{
    std::vector<Line> lines;
    std::size_t number = 1;
    while (!text.empty()) {
        const std::size_t end = text.find('\n');
        std::string_view line = text.substr(0, end);
        if (line.ends_with('\r'))
            line.remove_suffix(1);
        lines.push_back({number++, stripComment(line)});
        if (end == std::string_view::npos)
            break;
        text.remove_prefix(end + 1);
    }
    return lines;
}

} // namespace

namespace {

std::string yamlTypeName(const YAML::Node& node)
{
    switch (node.Type()) {
    case YAML::NodeType::Sequence:
        return "a list";
    case YAML::NodeType::Map:
        return "a map";
    case YAML::NodeType::Scalar:
        return "'" + shortQuote(node.Scalar()) + "'";
    default:
        return "nothing";
    }
}

/// yaml-cpp's reason in a user's words where it has jargon for a common slip.
std::string yamlCause(const YAML::Exception& e)
{
    if (dynamic_cast<const YAML::DeepRecursion*>(&e))
        return "lists or maps nested too deeply (the YAML does not parse)";
    if (e.msg == YAML::ErrorMsg::END_OF_SEQ_FLOW)
        return "'[' without its closing ']' (the YAML does not parse)";
    if (e.msg == YAML::ErrorMsg::END_OF_MAP_FLOW)
        return "'{' without its closing '}' (the YAML does not parse)";
    if (e.msg == YAML::ErrorMsg::END_OF_MAP || e.msg == YAML::ErrorMsg::END_OF_SEQ)
        return "the indentation does not match the lines above (the YAML does not parse: " + e.msg + ")";
    return "the YAML does not parse: " + e.msg;
}

/// The number of the last line with text: a parser that runs into the end of the file reports the
/// empty line after it.
std::size_t lastLineWithText(std::string_view text)
{
    std::size_t line = 0, current = 1;
    bool textOnLine = false;
    for (char c : text) {
        if (c == '\n') {
            ++current;
            textOnLine = false;
        } else if (!textOnLine && c != ' ' && c != '\t' && c != '\r') {
            textOnLine = true;
            line = current;
        }
    }
    return std::max<std::size_t>(line, 1);
}

} // namespace

std::optional<std::map<std::int64_t, std::string>>
parseYamlNames(std::string_view text, const std::string& file, DiagnosticList& diagnostics)
{
    std::map<std::int64_t, std::string> names;
    auto fail = [&](const YAML::Mark& mark, const std::string& cause) {
        diagnostics.error(
            file, mark.is_null() ? std::string() : lineLocation(static_cast<std::size_t>(mark.line) + 1),
            "cannot read the class names: " + cause);
        return std::nullopt;
    };
    YAML::Node root;
    try {
        root = YAML::Load(std::string(stripBom(text)));
    } catch (const YAML::Exception& e) {
        YAML::Mark mark = e.mark;
        if (!mark.is_null())
            mark.line = static_cast<int>(std::min<std::size_t>(static_cast<std::size_t>(mark.line) + 1,
                                                               lastLineWithText(stripBom(text))) -
                                         1);
        return fail(mark, yamlCause(e));
    }
    if (root.IsNull())
        return names; // an empty file
    if (!root.IsMap())
        return fail(root.Mark(), "expected keys such as 'names:' at the top, found " + yamlTypeName(root));
    // The key itself, for the line of a 'names:' with nothing after it.
    YAML::Node key, value;
    bool found = false;
    for (const auto& entry : root) {
        if (entry.first.IsScalar() && entry.first.Scalar() == "names") {
            key = entry.first;
            value = entry.second;
            found = true;
        }
    }
    if (!found)
        return names; // no names key
    const YAML::Mark at = value.Mark().is_null() ? key.Mark() : value.Mark();
    if (value.IsSequence()) {
        for (std::size_t i = 0; i < value.size(); ++i) {
            const YAML::Node item = value[i];
            if (!item.IsScalar() || item.Scalar().empty())
                return fail(item.Mark().is_null() ? at : item.Mark(),
                            "item " + std::to_string(i) + " of the list is " + yamlTypeName(item) +
                                ", not a class name");
            names[static_cast<std::int64_t>(i)] = item.Scalar();
        }
    } else if (value.IsMap()) {
        for (const auto& entry : value) {
            const auto index = entry.first.IsScalar() ? parseInteger(entry.first.Scalar()) : std::nullopt;
            if (!index || *index < 0)
                return fail(entry.first.Mark(),
                            "the class index " + yamlTypeName(entry.first) + " is not a whole number >= 0");
            if (!entry.second.IsScalar() || entry.second.Scalar().empty())
                return fail(entry.second.Mark().is_null() ? entry.first.Mark() : entry.second.Mark(),
                            "class " + std::to_string(*index) + " has no name");
            if (!names.emplace(*index, entry.second.Scalar()).second)
                return fail(entry.first.Mark(), "class " + std::to_string(*index) + " is named twice");
        }
    } else {
        return fail(at, "expected a list or a map of names after 'names:', found " + yamlTypeName(value));
    }
    if (names.empty())
        return fail(at, "'names:' is followed by no names");
    return names;
}

std::map<std::int64_t, std::string> parseNameLines(std::string_view text)
{
    std::map<std::int64_t, std::string> names;
    for (const Line& l : splitLines(stripBom(text))) {
        const auto name = trim(l.text);
        if (!name.empty())
            names[static_cast<std::int64_t>(names.size())] = std::string(name);
    }
    return names;
}

std::optional<ClassNames> findClassNames(const fs::path& folder, DiagnosticList& diagnostics)
{
    // "labels/" or a bare "labels" has no parent to look in until it is made absolute.
    const fs::path normalised = normalisedInputPath(folder);
    // Ultralytics keeps a split's labels in <root>/labels/<split> and data.yaml in <root>.
    const fs::path parent = normalised.parent_path();
    const fs::path root = parent.filename() == "labels" ? parent.parent_path() : fs::path();
    for (const fs::path& dir : {normalised, parent, root}) {
        if (dir.empty())
            continue;
        for (const char* candidate : {"data.yaml", "data.yml", "classes.txt", "obj.names"}) {
            const fs::path path = dir / candidate;
            std::error_code ec;
            if (!fs::is_regular_file(path, ec))
                continue;
            auto text = readFile(path, diagnostics);
            if (!text)
                return std::nullopt;
            ClassNames result;
            result.file = path.string();
            if (path.extension() == ".txt" || path.extension() == ".names") {
                result.names = parseNameLines(*text);
            } else {
                auto names = parseYamlNames(*text, result.file, diagnostics);
                if (!names)
                    return std::nullopt;
                result.names = std::move(*names);
            }
            if (!result.names.empty())
                return result;
        }
    }
    return std::nullopt;
}

} // namespace optconf::formats
