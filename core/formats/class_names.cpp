// SPDX-License-Identifier: MIT
#include "class_names.h"
#include "format_common.h"
#include "loader.h"

#include <vector>

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

std::size_t indentOf(std::string_view s)
{
    std::size_t i = 0;
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t'))
        ++i;
    return i;
}

/// A scalar: trimmed, quotes removed ('' in single quotes, \" and \\ in double quotes).
std::optional<std::string> scalar(std::string_view s)
{
    s = trim(s);
    if (s.size() >= 2 && s.front() == '\'' && s.back() == '\'') {
        std::string out;
        s = s.substr(1, s.size() - 2);
        for (std::size_t i = 0; i < s.size(); ++i) {
            out += s[i];
            if (s[i] == '\'' && i + 1 < s.size() && s[i + 1] == '\'')
                ++i;
        }
        return out;
    }
    if (s.size() >= 2 && s.front() == '"' && s.back() == '"') {
        std::string out;
        s = s.substr(1, s.size() - 2);
        for (std::size_t i = 0; i < s.size(); ++i) {
            if (s[i] == '\\' && i + 1 < s.size())
                ++i;
            out += s[i];
        }
        return out;
    }
    if (!s.empty() && (s.front() == '\'' || s.front() == '"'))
        return std::nullopt; // an opening quote without its closing one
    return std::string(s);
}

/// Splits flow-style items at top-level commas (outside quotes).
std::vector<std::string_view> splitFlow(std::string_view s)
{
    std::vector<std::string_view> items;
    char quote = 0;
    std::size_t start = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        if (quote) {
            if (c == quote)
                quote = 0;
        } else if (c == '\'' || c == '"') {
            quote = c;
        } else if (c == ',') {
            items.push_back(s.substr(start, i - start));
            start = i + 1;
        }
    }
    items.push_back(s.substr(start));
    if (!items.empty() && trim(items.back()).empty())
        items.pop_back(); // a trailing comma
    return items;
}

/// "key: value" of a map entry; the colon must be followed by a blank or end the text.
std::optional<std::pair<std::string_view, std::string_view>> splitKeyValue(std::string_view s)
{
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == ':' && (i + 1 == s.size() || s[i + 1] == ' ' || s[i + 1] == '\t'))
            return std::pair{trim(s.substr(0, i)), trim(s.substr(i + 1))};
    }
    return std::nullopt;
}

} // namespace

std::optional<std::map<std::int64_t, std::string>>
parseYamlNames(std::string_view text, const std::string& file, DiagnosticList& diagnostics)
{
    const auto lines = splitLines(stripBom(text));
    std::map<std::int64_t, std::string> names;
    std::size_t k = 0;
    std::string_view rest;
    for (; k < lines.size(); ++k) {
        const std::string_view l = lines[k].text;
        if (!l.starts_with("names"))
            continue;
        const std::string_view after = trim(l.substr(5));
        if (after.starts_with(':')) {
            rest = trim(after.substr(1));
            break;
        }
    }
    if (k == lines.size())
        return names; // no names key
    const std::size_t keyLine = lines[k].number;
    auto fail = [&](std::size_t line, const std::string& cause) {
        diagnostics.error(file, lineLocation(line), "cannot read the class names: " + cause);
        return std::nullopt;
    };
    auto addMapEntry = [&](std::string_view entry, std::size_t line) -> bool {
        auto kv = splitKeyValue(entry);
        if (!kv) {
            fail(line, "expected 'index: name', found '" + std::string(trim(entry)) + "'");
            return false;
        }
        auto key = parseInteger(kv->first);
        if (!key || *key < 0) {
            fail(line, "the class index '" + std::string(kv->first) + "' is not a whole number >= 0");
            return false;
        }
        auto value = scalar(kv->second);
        if (!value || value->empty()) {
            fail(line, "class " + std::to_string(*key) + " has no name");
            return false;
        }
        names[*key] = *value;
        return true;
    };
    auto addListItem = [&](std::string_view item, std::size_t line) -> bool {
        auto value = scalar(item);
        if (!value || value->empty()) {
            fail(line, "an empty or unterminated class name in the list");
            return false;
        }
        names[static_cast<std::int64_t>(names.size())] = *value;
        return true;
    };

    if (rest.starts_with('[') || rest.starts_with('{')) {
        // Flow style, possibly over several lines, up to the closing bracket.
        const char close = rest.front() == '[' ? ']' : '}';
        std::string flow(rest.substr(1));
        std::size_t j = k;
        while (flow.find(close) == std::string::npos) {
            if (++j == lines.size())
                return fail(keyLine,
                            std::string("'") + rest.front() + "' without its closing '" + close + "'");
            flow += ' ';
            flow += lines[j].text;
        }
        // The last closing bracket ends the value (names may contain brackets inside quotes).
        const std::size_t end = flow.rfind(close);
        if (!trim(std::string_view(flow).substr(end + 1)).empty())
            return fail(lines[j].number, "unexpected text after '" + std::string(1, close) + "'");
        for (std::string_view item : splitFlow(std::string_view(flow).substr(0, end))) {
            if (!(close == ']' ? addListItem(item, keyLine) : addMapEntry(item, keyLine)))
                return std::nullopt;
        }
        return names;
    }
    if (!rest.empty())
        return fail(keyLine,
                    "expected a list or a map of names after 'names:', found '" + std::string(rest) + "'");

    // Block style: "- name" items (which may sit at the key's own indentation) or "index: name".
    for (std::size_t j = k + 1; j < lines.size(); ++j) {
        const std::string_view l = lines[j].text;
        if (trim(l).empty())
            continue;
        const std::size_t indent = indentOf(l);
        const std::string_view item = l.substr(indent);
        const bool listItem = item == "-" || item.starts_with("- ");
        if (indent == 0 && !listItem)
            break; // the next top-level key
        if (listItem) {
            if (!addListItem(item.substr(1), lines[j].number))
                return std::nullopt;
        } else if (!addMapEntry(item, lines[j].number)) {
            return std::nullopt;
        }
    }
    if (names.empty())
        return fail(keyLine, "'names:' is followed by no names");
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
    for (const fs::path& dir : {normalised, normalised.parent_path()}) {
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
