// SPDX-License-Identifier: MIT
#include "json_blocks.h"

#include <algorithm>
#include <array>
#include <cstring>

namespace optconf {

ElementCut findElementCut(const char* data, std::size_t first, std::size_t from, std::size_t size,
                          bool complete)
{
    for (std::size_t at = from; at < size;) {
        const void* found = std::memchr(data + at, ',', size - at);
        if (!found)
            break;
        const auto comma = static_cast<std::size_t>(static_cast<const char*>(found) - data);
        std::size_t before = comma, after = comma + 1;
        while (before > first && isJsonSpace(data[before - 1]))
            --before;
        while (after < size && isJsonSpace(data[after]))
            ++after;
        if (after == size && !complete)
            return {std::nullopt, comma}; // what follows the comma is not known yet
        if (before > first && data[before - 1] == '}' && after < size && data[after] == '{')
            return {comma, 0};
        at = comma + 1;
    }
    return {std::nullopt, std::max(from, size)};
}

std::vector<std::pair<std::size_t, std::size_t>> cutArrayElements(const char* data, std::size_t begin,
                                                                  std::size_t end)
{
    std::vector<std::pair<std::size_t, std::size_t>> blocks;
    for (std::size_t pos = begin; pos < end || blocks.empty();) {
        const ElementCut cut = findElementCut(data, pos, std::min(pos + kJsonBlockBytes, end), end, true);
        const std::size_t stop = cut.comma.value_or(end);
        blocks.emplace_back(pos, stop);
        pos = stop + 1;
    }
    return blocks;
}

std::size_t wrapAsArray(std::string_view elements, std::vector<char>& buffer)
{
    const std::size_t length = elements.size() + 2;
    buffer.resize(length + simdjson::SIMDJSON_PADDING);
    buffer[0] = '[';
    std::memcpy(buffer.data() + 1, elements.data(), elements.size());
    buffer[length - 1] = ']';
    std::memset(buffer.data() + length, 0, simdjson::SIMDJSON_PADDING);
    return length;
}

namespace {

/// Past the string that starts at text[i] (a quote); npos when it does not end. `escaped` tells
/// whether it holds a backslash. Jumps from quote to quote: a quote ends the string unless an odd
/// number of backslashes precede it.
std::size_t skipString(std::string_view text, std::size_t i, bool* escaped = nullptr)
{
    for (std::size_t from = i + 1;;) {
        const void* found = std::memchr(text.data() + from, '"', text.size() - from);
        if (!found)
            return std::string_view::npos;
        const auto quote = static_cast<std::size_t>(static_cast<const char*>(found) - text.data());
        std::size_t backslashes = 0;
        while (quote - backslashes > i + 1 && text[quote - backslashes - 1] == '\\')
            ++backslashes;
        if (escaped && std::memchr(text.data() + from, '\\', quote - from))
            *escaped = true;
        if (backslashes % 2 == 0)
            return quote + 1;
        from = quote + 1;
    }
}

/// Past the value that starts at text[i], matching brackets and skipping strings; npos when it
/// does not end. Its content is not checked.
std::size_t skipValue(std::string_view text, std::size_t i)
{
    if (i >= text.size())
        return std::string_view::npos;
    if (text[i] == '"')
        return skipString(text, i);
    if (text[i] == '[' || text[i] == '{') {
        // Only quotes and brackets matter here: a table finds them without a branch per kind.
        static constexpr auto kStructural = [] {
            std::array<bool, 256> table{};
            for (unsigned char c : {'"', '[', ']', '{', '}'})
                table[c] = true;
            return table;
        }();
        std::size_t depth = 0;
        const std::size_t size = text.size();
        while (i < size) {
            while (i < size && !kStructural[static_cast<unsigned char>(text[i])])
                ++i;
            if (i >= size)
                break;
            const char c = text[i];
            if (c == '"') {
                i = skipString(text, i);
                if (i == std::string_view::npos)
                    return i;
                continue;
            }
            if (c == '[' || c == '{') {
                ++depth;
            } else if (--depth == 0) {
                return i + 1;
            }
            ++i;
        }
        return std::string_view::npos;
    }
    const std::size_t start = i;
    while (i < text.size() && !isJsonSpace(text[i]) && text[i] != ',' && text[i] != '}' && text[i] != ']')
        ++i;
    return i > start ? i : std::string_view::npos;
}

std::size_t skipSpace(std::string_view text, std::size_t i)
{
    while (i < text.size() && isJsonSpace(text[i]))
        ++i;
    return i;
}

} // namespace

std::optional<std::vector<JsonMember>> splitJsonObject(std::string_view text)
{
    std::vector<JsonMember> members;
    std::size_t i = skipSpace(text, 0);
    if (i >= text.size() || text[i] != '{')
        return std::nullopt;
    i = skipSpace(text, i + 1);
    if (i < text.size() && text[i] == '}') {
        i = skipSpace(text, i + 1);
    } else {
        for (;;) {
            if (i >= text.size() || text[i] != '"')
                return std::nullopt;
            bool escaped = false;
            const std::size_t keyEnd = skipString(text, i, &escaped);
            if (keyEnd == std::string_view::npos || escaped)
                return std::nullopt;
            JsonMember m;
            m.key = text.substr(i + 1, keyEnd - i - 2);
            i = skipSpace(text, keyEnd);
            if (i >= text.size() || text[i] != ':')
                return std::nullopt;
            m.begin = skipSpace(text, i + 1);
            m.end = skipValue(text, m.begin);
            if (m.end == std::string_view::npos)
                return std::nullopt;
            members.push_back(m);
            i = skipSpace(text, m.end);
            if (i < text.size() && text[i] == ',') {
                i = skipSpace(text, i + 1);
                continue;
            }
            if (i >= text.size() || text[i] != '}')
                return std::nullopt;
            i = skipSpace(text, i + 1);
            break;
        }
    }
    if (i != text.size())
        return std::nullopt;
    return members;
}

} // namespace optconf
