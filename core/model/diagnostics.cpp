// SPDX-License-Identifier: MIT
#include "core/model/diagnostics.h"

#include <algorithm>
#include <cctype>

namespace optconf {

namespace {

constexpr std::size_t kQuotedLimit = 80;
/// Past this, a message is cut whatever its quotes: a value with quotes of its own can hide from
/// the per-value cut, and no message needs more to be understood.
constexpr std::size_t kMessageLimit = 2000;

bool isContinuationByte(char c)
{
    return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

/// The length of `text` cut to at most `limit` bytes without splitting a UTF-8 sequence.
std::size_t cutPoint(std::string_view text, std::size_t limit)
{
    if (text.size() <= limit)
        return text.size();
    std::size_t n = limit;
    while (n > 0 && isContinuationByte(text[n]))
        --n;
    return n;
}

std::string elided(std::string_view text, std::size_t limit)
{
    return std::string(text.substr(0, cutPoint(text, limit))) + "\u2026 (" + std::to_string(text.size()) +
           " bytes)";
}

bool isWordByte(std::string_view text, std::size_t i)
{
    if (i >= text.size())
        return false;
    const auto c = static_cast<unsigned char>(text[i]);
    return std::isalnum(c) || c >= 0x80;
}

/// Finds the next quote that opens a value ('value', not the apostrophe of "image's").
std::size_t findOpeningQuote(std::string_view text, std::size_t from)
{
    for (std::size_t i = text.find('\'', from); i != std::string_view::npos; i = text.find('\'', i + 1))
        if (i == 0 || !isWordByte(text, i - 1))
            return i;
    return std::string_view::npos;
}

/// Finds the quote that closes a value opened before `from` (followed by no letter or digit).
std::size_t findClosingQuote(std::string_view text, std::size_t from)
{
    for (std::size_t i = text.find('\'', from); i != std::string_view::npos; i = text.find('\'', i + 1))
        if (!isWordByte(text, i + 1))
            return i;
    return std::string_view::npos;
}

/// Cuts every quoted value longer than the limit, then the whole message if still too long.
std::string shortened(std::string_view message)
{
    std::string out;
    std::size_t i = 0;
    while (i < message.size()) {
        const std::size_t open = findOpeningQuote(message, i);
        if (open == std::string_view::npos)
            break;
        const std::size_t close = findClosingQuote(message, open + 1);
        if (close == std::string_view::npos)
            break;
        const std::string_view value = message.substr(open + 1, close - open - 1);
        out.append(message.substr(i, open - i));
        out += value.size() > kQuotedLimit
                   ? "'" + std::string(value.substr(0, cutPoint(value, kQuotedLimit))) + "\u2026' (" +
                         std::to_string(value.size()) + " bytes)"
                   : "'" + std::string(value) + "'";
        i = close + 1;
    }
    out.append(message.substr(i));
    return out.size() > kMessageLimit ? elided(out, kMessageLimit) : out;
}

} // namespace

std::string printable(std::string_view text, bool keepLineBreaks)
{
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if ((byte < 0x20 && !(keepLineBreaks && c == '\n')) || byte == 0x7F) {
            static const char* const kHex = "0123456789abcdef";
            out += "\\x";
            out += kHex[byte >> 4];
            out += kHex[byte & 0xF];
        } else {
            out += c;
        }
    }
    return out;
}

std::string quotedValue(std::string_view value, std::size_t limit)
{
    if (value.size() <= limit)
        return "'" + printable(value) + "'";
    const std::size_t cut = cutPoint(value, limit);
    return "'" + printable(value.substr(0, cut)) + "\u2026' (" + std::to_string(value.size()) + " bytes)";
}

std::string Diagnostic::toString() const
{
    std::string s = file;
    if (!location.empty())
        s += ": " + location;
    s += ": ";
    s += isError() ? "error: " : "warning: ";
    s += message;
    if (count > 1)
        s += " (" + std::to_string(count) + " times)";
    return s;
}

void DiagnosticList::error(std::string file, std::string location, std::string message)
{
    add({Diagnostic::Severity::Error, std::move(file), std::move(location), std::move(message), 1});
}

void DiagnosticList::warning(std::string file, std::string location, std::string message)
{
    add({Diagnostic::Severity::Warning, std::move(file), std::move(location), std::move(message), 1});
}

void DiagnosticList::add(Diagnostic d)
{
    d.file = printable(d.file);
    d.location = printable(shortened(d.location));
    d.message = printable(shortened(d.message), true);
    if (!d.isError()) {
        auto same = std::find_if(m_items.begin(), m_items.end(), [&](const Diagnostic& e) {
            return !e.isError() && e.file == d.file && e.message == d.message;
        });
        if (same != m_items.end()) {
            same->count += d.count;
            return;
        }
    }
    m_items.push_back(std::move(d));
}

bool DiagnosticList::hasErrors() const
{
    return std::any_of(m_items.begin(), m_items.end(), [](const Diagnostic& d) { return d.isError(); });
}

} // namespace optconf
