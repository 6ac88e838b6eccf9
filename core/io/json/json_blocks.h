// SPDX-License-Identifier: MIT
#pragma once

// Large JSON arrays of objects (COCO results, a ground truth's annotations) are parsed in blocks
// of about 1 MiB cut between elements, each as its own small array on all cores: simdjson's DOM
// of a whole file costs several times the file in memory and builds in one thread.
//
// A cut can only fall inside a string or a nested value when that block is not valid JSON (a
// string or bracket is left open), and if every block is valid, the whole array is valid and its
// elements are exactly the blocks' elements in order. So the callers treat any failure in a
// block as "read this the whole-document way", which reports exactly as it always did.

#include <simdjson.h>

#include <cstddef>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

namespace optconf {

inline bool isJsonSpace(char c)
{
    return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

/// The size a block is cut at (the first element boundary after it).
inline constexpr std::size_t kJsonBlockBytes = 1 << 20;

struct ElementCut
{
    std::optional<std::size_t> comma; ///< a "}" "," "{" boundary (whitespace allowed between)
    std::size_t resumeAt = 0;         ///< when there is none yet: where to search once more is known
};

/// The first element boundary at or after `from` in data[first, size): a comma with "}" before
/// and "{" after it. With `complete` false, more text follows data[size), so a comma followed
/// only by whitespace up to `size` is undecided.
ElementCut findElementCut(const char* data, std::size_t first, std::size_t from, std::size_t size,
                          bool complete);

/// Cuts the elements data[begin, end) of an array (the text between its brackets) into blocks.
std::vector<std::pair<std::size_t, std::size_t>> cutArrayElements(const char* data, std::size_t begin,
                                                                  std::size_t end);

/// Copies elements into `buffer` as "[elements]" followed by simdjson's padding; returns the
/// length of the JSON text.
std::size_t wrapAsArray(std::string_view elements, std::vector<char>& buffer);

/// A member of a JSON object: its key, and where its value's text lies.
struct JsonMember
{
    std::string_view key;
    std::size_t begin = 0, end = 0;
};

/// Splits the text of one JSON object into its members without parsing their values (whose
/// spans a parser must still validate). nullopt when the text is not shaped like one object, or a
/// key holds an escape: the caller then parses the whole document.
std::optional<std::vector<JsonMember>> splitJsonObject(std::string_view text);

} // namespace optconf
