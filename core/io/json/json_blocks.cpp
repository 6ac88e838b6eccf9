// SPDX-License-Identifier: MIT
#include "core/io/json/json_blocks.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

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

/// Where a scan of nested brackets stands: the depth so far, and whether it is inside a string.
struct NestingState
{
    std::size_t depth = 0;
    bool inString = false;
};

/// Past the bracket that closes the nesting, scanning text[i...) from `state` one byte at a time;
/// npos when it does not close. Strings are skipped quote to quote.
std::size_t closeNestingBytewise(std::string_view text, std::size_t i, NestingState state)
{
    // Only quotes and brackets matter here: a table finds them without a branch per kind.
    static constexpr auto kStructural = [] {
        std::array<bool, 256> table{};
        for (unsigned char c : {'"', '[', ']', '{', '}'})
            table[c] = true;
        return table;
    }();
    const std::size_t size = text.size();
    if (state.inString) {
        // The string began in text that held no backslash, so one before `i` cannot escape.
        i = skipString(text, i - 1);
        if (i == std::string_view::npos)
            return i;
    }
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
            ++state.depth;
        } else if (--state.depth == 0) {
            return i + 1;
        }
        ++i;
    }
    return std::string_view::npos;
}

#if defined(__SSE2__)
/// Bit k set where data[k] == c, for the 64 bytes at data.
std::uint64_t bytesEqual(const char* data, char c)
{
    const __m128i needle = _mm_set1_epi8(c);
    std::uint64_t mask = 0;
    for (int k = 0; k < 4; ++k) {
        const __m128i chunk = _mm_loadu_si128(reinterpret_cast<const __m128i*>(data + 16 * k));
        const auto bits = static_cast<std::uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(chunk, needle)));
        mask |= static_cast<std::uint64_t>(bits) << (16 * k);
    }
    return mask;
}

/// Bit k set where data[k] is c or c - 0x20 ('{' or '[', '}' or ']': they differ in that bit).
std::uint64_t bracketsEqual(const char* data, char c)
{
    const __m128i needle = _mm_set1_epi8(c), caseBit = _mm_set1_epi8(0x20);
    std::uint64_t mask = 0;
    for (int k = 0; k < 4; ++k) {
        const __m128i chunk = _mm_loadu_si128(reinterpret_cast<const __m128i*>(data + 16 * k));
        const __m128i folded = _mm_or_si128(chunk, caseBit);
        const auto bits = static_cast<std::uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(folded, needle)));
        mask |= static_cast<std::uint64_t>(bits) << (16 * k);
    }
    return mask;
}

/// Bit k set where an odd number of the bits 0..k of `quotes` are set: the bytes from an opening
/// quote up to (not including) its closing one.
std::uint64_t insideQuotes(std::uint64_t quotes)
{
    for (int shift = 1; shift < 64; shift *= 2)
        quotes ^= quotes << shift;
    return quotes;
}
#endif

/// Past the bracket that closes the one at text[i] ('[' or '{'); npos when it does not close.
/// The annotations of a large ground truth are nearly all of its text, so this is taken 64 bytes
/// at a time: quote masks tell what is inside strings, and only a block where the depth could
/// return to zero is walked bracket by bracket. A block with a backslash (an escaped quote would
/// fool the masks) and the tail are left to the bytewise scan, which resumes from the same state.
std::size_t closeNesting(std::string_view text, std::size_t i)
{
    NestingState state;
#if defined(__SSE2__)
    const char* data = text.data();
    for (; i + 64 <= text.size(); i += 64) {
        if (bytesEqual(data + i, '\\') != 0)
            break;
        const std::uint64_t inside =
            insideQuotes(bytesEqual(data + i, '"')) ^ (state.inString ? ~0ull : 0ull);
        const std::uint64_t opens = bracketsEqual(data + i, '{') & ~inside;
        const std::uint64_t closes = bracketsEqual(data + i, '}') & ~inside;
        state.inString = (inside >> 63) != 0;
        const auto closeCount = static_cast<std::size_t>(std::popcount(closes));
        if (closeCount < state.depth) { // cannot reach zero in this block, in any order
            state.depth += static_cast<std::size_t>(std::popcount(opens)) - closeCount;
            continue;
        }
        for (std::uint64_t brackets = opens | closes; brackets != 0; brackets &= brackets - 1) {
            const auto bit = static_cast<unsigned>(std::countr_zero(brackets));
            if ((opens >> bit) & 1u) {
                ++state.depth;
            } else if (--state.depth == 0) {
                return i + bit + 1;
            }
        }
    }
#endif
    return closeNestingBytewise(text, i, state);
}

/// Past the value that starts at text[i], matching brackets and skipping strings; npos when it
/// does not end. Its content is not checked.
std::size_t skipValue(std::string_view text, std::size_t i)
{
    if (i >= text.size())
        return std::string_view::npos;
    if (text[i] == '"')
        return skipString(text, i);
    if (text[i] == '[' || text[i] == '{')
        return closeNesting(text, i);
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
