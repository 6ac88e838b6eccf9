// SPDX-License-Identifier: MIT
#include "core/io/json/json_input.h"

#include <nlohmann/json.hpp>

#include <array>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <new>
#include <streambuf>
#include <system_error>
#include <vector>

namespace optconf {

namespace {

/// Where a byte of a text is, counted on as the text comes in pieces.
class LineCounter
{
public:
    void add(std::string_view piece)
    {
        for (const char c : piece) {
            if (c == '\n') {
                ++m_line;
                m_column = 1;
            } else {
                ++m_column;
            }
        }
    }
    std::string text() const
    {
        return "line " + std::to_string(m_line) + ", column " + std::to_string(m_column);
    }

private:
    std::size_t m_line = 1, m_column = 1;
};

std::string lineAndColumn(const simdjson::padded_string& text, std::size_t byte)
{
    LineCounter counter;
    counter.add(std::string_view(text.data(), std::min(byte, text.size())));
    return counter.text();
}

/// Accepts every value and remembers the first syntax error: nlohmann's SAX parser walks the text
/// without building a DOM, and its messages say what it expected where.
struct ErrorFinder final : nlohmann::json_sax<nlohmann::json>
{
    std::size_t byte = 0;
    std::string message;
    bool null() override { return true; }
    bool boolean(bool) override { return true; }
    bool number_integer(number_integer_t) override { return true; }
    bool number_unsigned(number_unsigned_t) override { return true; }
    bool number_float(number_float_t, const string_t&) override { return true; }
    bool string(string_t&) override { return true; }
    bool binary(binary_t&) override { return true; }
    bool start_object(std::size_t) override { return true; }
    bool key(string_t&) override { return true; }
    bool end_object() override { return true; }
    bool start_array(std::size_t) override { return true; }
    bool end_array() override { return true; }
    bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& e) override
    {
        byte = position;
        message = e.what();
        return false;
    }
};

/// Reliability (issue 7): simdjson refuses some JSON that nlohmann accepts, nesting deeper than the
/// parser's limit and integers beyond 64 bits (99999999999999999999). Finds the first such place
/// so that the message names it instead of only the file.
std::optional<std::size_t> findRefusedPlace(std::string_view text, std::size_t maxDepth, std::string& what)
{
    std::size_t depth = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '"') {
            for (++i; i < text.size() && text[i] != '"'; ++i)
                if (text[i] == '\\')
                    ++i;
        } else if (c == '[' || c == '{') {
            if (++depth > maxDepth) {
                what = "nested more than " + std::to_string(maxDepth) + " levels deep";
                return i;
            }
        } else if (c == ']' || c == '}') {
            depth -= depth > 0 ? 1 : 0;
        } else if (c == '-' || (c >= '0' && c <= '9')) {
            std::size_t j = i + 1;
            while (j < text.size() && ((text[j] >= '0' && text[j] <= '9') || text[j] == '.' ||
                                       text[j] == 'e' || text[j] == 'E' || text[j] == '+' || text[j] == '-'))
                ++j;
            const std::string_view token = text.substr(i, j - i);
            const std::string shown =
                token.size() > 40 ? std::string(token.substr(0, 40)) + "..." : std::string(token);
            if (token.find_first_of(".eE") == std::string_view::npos) {
                std::int64_t si;
                std::uint64_t ui;
                const bool fits =
                    std::from_chars(token.data(), token.data() + token.size(), si).ec == std::errc() ||
                    std::from_chars(token.data(), token.data() + token.size(), ui).ec == std::errc();
                if (!fits) {
                    what = "the integer " + shown + " does not fit in 64 bits";
                    return i;
                }
            } else if (!std::isfinite(std::strtod(std::string(token).c_str(), nullptr))) {
                what = "the number " + shown + " is beyond the range of double";
                return i;
            }
            i = j - 1;
        }
    }
    return std::nullopt;
}

/// The cause of nlohmann's error as the message gives it ("unexpected end of input; expected ']'").
std::string causeOf(const ErrorFinder& finder)
{
    std::string what = finder.message;
    // Keep the explanation, drop the "[json.exception.parse_error.101] parse error at line x, column y: "
    // prefix.
    if (auto colon = what.find(": "); colon != std::string::npos && what.find("parse error") < colon)
        what = what.substr(colon + 2);
    // ...and the "[json.exception.out_of_range.406] " of the other kinds ("number overflow parsing
    // '1e400'").
    else if (what.starts_with("[json.exception.") && what.find("] ") != std::string::npos)
        what = what.substr(what.find("] ") + 2);
    return "not valid JSON: " + what;
}

/// The byte nlohmann's error is about (its position counts the character it stopped after).
std::size_t errorByte(const ErrorFinder& finder)
{
    return finder.byte > 0 ? finder.byte - 1 : 0;
}

/// Where and why the text is not JSON, in nlohmann's words ("unexpected end of input; expected ']'").
void explainParseError(const std::string& file, const simdjson::padded_string& text,
                       simdjson::error_code code, std::size_t maxDepth, DiagnosticList& diagnostics)
{
    ErrorFinder finder;
    const bool parsed = nlohmann::json::sax_parse(text.data(), text.data() + text.size(), &finder);
    if (!parsed && !finder.message.empty()) {
        diagnostics.error(file, lineAndColumn(text, errorByte(finder)), causeOf(finder));
        return;
    }
    // nlohmann accepted what simdjson refused (a number beyond double range, deep nesting...).
    std::string what;
    if (auto at = findRefusedPlace(std::string_view(text.data(), text.size()), maxDepth, what)) {
        diagnostics.error(file, lineAndColumn(text, *at), "OptConf cannot read this JSON: " + what);
        return;
    }
    diagnostics.error(file, {}, std::string("not valid JSON: ") + simdjson::error_message(code));
}

} // namespace

bool JsonDocument::load(const std::filesystem::path& path, DiagnosticList& diagnostics)
{
    simdjson::padded_string text;
    if (!readJsonText(path, text, diagnostics))
        return false;
    return parse(path.string(), std::move(text), diagnostics);
}

std::optional<std::uintmax_t> checkJsonFile(const std::filesystem::path& path, DiagnosticList& diagnostics)
{
    const std::string file = path.string();
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) {
        diagnostics.error(file, {}, "the file does not exist");
        return std::nullopt;
    }
    if (!std::filesystem::is_regular_file(path, ec)) {
        diagnostics.error(file, {}, "not a regular file");
        return std::nullopt;
    }
    const auto size = std::filesystem::file_size(path, ec);
    if (ec) {
        diagnostics.error(file, {}, "cannot read the file size: " + ec.message());
        return std::nullopt;
    }
    if (size == 0) {
        diagnostics.error(file, {}, "the file is empty");
        return std::nullopt;
    }
    if (size > kMaxJsonBytes) {
        diagnostics.error(file, {},
                          "the file is " + std::to_string(size >> 20) +
                              " MiB; OptConf reads JSON files up to " + std::to_string(kMaxJsonBytes >> 20) +
                              " MiB");
        return std::nullopt;
    }
    return size;
}

bool readJsonText(const std::filesystem::path& path, simdjson::padded_string& text,
                  DiagnosticList& diagnostics)
{
    const std::string file = path.string();
    if (!checkJsonFile(path, diagnostics))
        return false;
    if (auto error = simdjson::padded_string::load(file).get(text); error) {
        if (error == simdjson::MEMALLOC)
            throw std::bad_alloc(); // the file is fine; this machine (or its limit) is short of memory
        std::ifstream probe(path);
        diagnostics.error(file, {},
                          probe ? std::string("cannot read the file: ") + simdjson::error_message(error)
                                : std::string("cannot open the file for reading (permission denied?)"));
        return false;
    }
    // A UTF-8 byte order mark is legal in files written on Windows, but not JSON: skip it.
    std::string_view view(text.data(), text.size());
    if (view.starts_with("\xEF\xBB\xBF"))
        text = simdjson::padded_string(view.substr(3));
    return true;
}

namespace {

/// A file's bytes from where `in` stands, up to `limit` of them, for a parser that reads a stream.
class BoundedFileBuffer final : public std::streambuf
{
public:
    BoundedFileBuffer(std::ifstream& in, std::uintmax_t limit)
        : m_in(in)
        , m_left(limit)
    {}

private:
    int_type underflow() override
    {
        if (gptr() < egptr())
            return traits_type::to_int_type(*gptr());
        if (m_left == 0)
            return traits_type::eof();
        m_in.read(m_buffer.data(),
                  static_cast<std::streamsize>(std::min<std::uintmax_t>(m_left, m_buffer.size())));
        const auto got = static_cast<std::size_t>(m_in.gcount());
        if (got == 0)
            return traits_type::eof();
        m_left -= got;
        setg(m_buffer.data(), m_buffer.data(), m_buffer.data() + got);
        return traits_type::to_int_type(*gptr());
    }

    std::ifstream& m_in;
    std::uintmax_t m_left;
    std::array<char, 1 << 16> m_buffer{};
};

} // namespace

bool findJsonSyntaxError(const std::filesystem::path& path, DiagnosticList& diagnostics,
                         std::optional<std::uintmax_t> within)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return false; // readJsonText() says why
    // Positions count from after a byte order mark, as in the text readJsonText() keeps.
    char bom[3] = {};
    if (!in.read(bom, 3) || std::string_view(bom, 3) != "\xEF\xBB\xBF") {
        in.clear();
        in.seekg(0);
    }
    const std::streamoff start = in.tellg();
    const std::uintmax_t limit =
        within ? *within - std::min<std::uintmax_t>(*within, static_cast<std::uintmax_t>(start))
               : std::numeric_limits<std::uintmax_t>::max();
    ErrorFinder finder;
    {
        BoundedFileBuffer bounded(in, limit);
        std::istream text(&bounded);
        if (nlohmann::json::sax_parse(text, &finder) || finder.message.empty())
            return false;
        // An error at the end of a cut-off text may be the cut itself (a token or the input
        // ending early, seen where the text ends): only one well before it is the file's own.
        std::error_code ec;
        const std::uintmax_t size = std::filesystem::file_size(path, ec);
        const bool cutOff =
            ec || limit < size - std::min<std::uintmax_t>(size, static_cast<std::uintmax_t>(start));
        if (cutOff && errorByte(finder) + 64 >= limit)
            return false;
    }
    // The place, counted over the text up to it: read once more, a piece at a time.
    in.clear();
    in.seekg(start);
    LineCounter counter;
    std::vector<char> piece(1 << 16);
    for (std::size_t left = errorByte(finder); left > 0 && in;) {
        in.read(piece.data(), static_cast<std::streamsize>(std::min(left, piece.size())));
        const auto got = static_cast<std::size_t>(in.gcount());
        counter.add(std::string_view(piece.data(), got));
        left -= std::min(left, got);
        if (got == 0)
            break;
    }
    diagnostics.error(path.string(), counter.text(), causeOf(finder));
    return true;
}

bool JsonDocument::parse(const std::string& file, simdjson::padded_string&& text, DiagnosticList& diagnostics)
{
    if (auto error = m_parser.parse(text).get(m_root); error) {
        // The parser could not get memory for its tape: nothing is wrong with the text, and what
        // the parser reports then (its depth limit reads 0) would mislead.
        if (error == simdjson::MEMALLOC)
            throw std::bad_alloc();
        explainParseError(file, text, error, m_parser.max_depth(), diagnostics);
        return false;
    }
    return true;
}

std::string jsonTypeName(simdjson::dom::element_type t)
{
    using T = simdjson::dom::element_type;
    switch (t) {
    case T::ARRAY:
        return "an array";
    case T::OBJECT:
        return "an object";
    case T::INT64:
    case T::UINT64:
    case T::DOUBLE:
        return "a number";
    case T::STRING:
        return "a string";
    case T::BOOL:
        return "a boolean";
    case T::NULL_VALUE:
        return "null";
    }
    return "an unknown value";
}

std::optional<double> jsonNumber(simdjson::dom::element e)
{
    switch (e.type()) {
    case simdjson::dom::element_type::DOUBLE:
        return double(e);
    case simdjson::dom::element_type::INT64:
        return static_cast<double>(int64_t(e));
    case simdjson::dom::element_type::UINT64:
        return static_cast<double>(uint64_t(e));
    default:
        return std::nullopt;
    }
}

std::optional<std::int64_t> jsonInteger(simdjson::dom::element e)
{
    switch (e.type()) {
    case simdjson::dom::element_type::INT64:
        return int64_t(e);
    case simdjson::dom::element_type::UINT64: {
        const uint64_t v = e;
        if (v > static_cast<uint64_t>(INT64_MAX))
            return std::nullopt;
        return static_cast<std::int64_t>(v);
    }
    case simdjson::dom::element_type::DOUBLE: {
        const double v = e;
        if (std::isfinite(v) && v == std::floor(v) && std::fabs(v) < 9.0e15)
            return static_cast<std::int64_t>(v);
        return std::nullopt;
    }
    default:
        return std::nullopt;
    }
}

std::optional<bool> jsonTruthy(simdjson::dom::element e)
{
    if (e.is_bool())
        return bool(e);
    if (auto n = jsonNumber(e))
        return *n != 0.0;
    return std::nullopt;
}

} // namespace optconf
