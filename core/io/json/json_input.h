// SPDX-License-Identifier: MIT
#pragma once

#include "core/model/diagnostics.h"

#include <simdjson.h>

#include <filesystem>
#include <optional>
#include <string>

namespace optconf {

/// A parsed JSON file. simdjson parses at GB/s; when it fails, the file is parsed once more with
/// nlohmann::json only to tell the user the line and column and what it expected there.
class JsonDocument
{
public:
    /// Reads and parses `path`; on failure adds an error naming the file and the place.
    bool load(const std::filesystem::path& path, DiagnosticList& diagnostics);
    /// Parses text already read by readJsonText() (named `file` in messages). Throws
    /// std::bad_alloc when the parser cannot get the memory it needs.
    bool parse(const std::string& file, simdjson::padded_string&& text, DiagnosticList& diagnostics);
    simdjson::dom::element root() const { return m_root; }

private:
    simdjson::dom::parser m_parser;
    simdjson::dom::element m_root;
};

/// Checks that `path` is a regular, non-empty file OptConf is willing to read (see kMaxJsonBytes)
/// and returns its size; on failure adds an error naming the file and returns nullopt.
std::optional<std::uintmax_t> checkJsonFile(const std::filesystem::path& path, DiagnosticList& diagnostics);

/// Reads a JSON file into simdjson's padded buffer, without a UTF-8 byte order mark; on failure
/// adds an error naming the file and returns false. JsonDocument::load() is this plus parse().
bool readJsonText(const std::filesystem::path& path, simdjson::padded_string& text,
                  DiagnosticList& diagnostics);

/// Streams the file through a syntax check without holding it (memory stays small whatever its
/// size) and stops at the first error: when there is one, adds the error JsonDocument::parse()
/// would give for the file, word for word, and returns true. With `within`, only the file's first
/// `within` bytes are checked, and an error that may come from the cut is not taken. False when
/// no error was found (or the file cannot be opened: readJsonText() says so).
bool findJsonSyntaxError(const std::filesystem::path& path, DiagnosticList& diagnostics,
                         std::optional<std::uintmax_t> within = std::nullopt);

/// Largest JSON file OptConf opens (simdjson's own limit is 4 GiB; the dataset needs about as much
/// memory again as the file): refuse with a message rather than be killed.
inline constexpr std::uintmax_t kMaxJsonBytes = 3ull << 30;

/// Reading one JSON value with a readable error: "/annotations/17/bbox: expected an array of 4 numbers".
std::string jsonTypeName(simdjson::dom::element_type t);

/// A number from an int64, uint64 or double element; nullopt for other types.
std::optional<double> jsonNumber(simdjson::dom::element e);
/// An integer id; nullopt unless the element is an integral number (a double like 3.0 is accepted).
std::optional<std::int64_t> jsonInteger(simdjson::dom::element e);
/// iscrowd-style truth: a number (non-zero) or a bool; nullopt for anything else.
std::optional<bool> jsonTruthy(simdjson::dom::element e);

} // namespace optconf
