// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace optconf {

/// `text` with every control character (a NUL, a tab, an escape sequence...) written as \xNN, so
/// a label or a value printed to a terminal or a log can neither cut the line short nor rewrite
/// the screen. Line breaks are kept when `keepLineBreaks` (messages that list things on lines).
std::string printable(std::string_view text, bool keepLineBreaks = false);

/// A value quoted for a message: 'value', printable, and cut after `limit` bytes (on a UTF-8
/// boundary) as 'first bytes…' (N bytes), so a 10 MB field gives a one-line message.
std::string quotedValue(std::string_view value, std::size_t limit = 80);

/// One problem found in an input, carried as data so every front end can show it its own way.
struct Diagnostic
{
    enum class Severity
    {
        Warning,
        Error
    };
    Severity severity = Severity::Error;
    std::string file;     ///< the file or folder that holds the problem
    std::string location; ///< JSON path ("/annotations/17/bbox"), "line 12", "byte 4096", or empty
    std::string message;  ///< what is wrong, in words a user can act on
    /// How many times the same problem occurred (warnings of one kind are folded together).
    long long count = 1;

    bool isError() const { return severity == Severity::Error; }
    /// "file: location: message" (with "(N times)" when folded).
    std::string toString() const;
};

/// Collects diagnostics and folds repeated warnings of the same kind and file into one entry that
/// counts them, keeping the first place it happened. Errors are never folded. Every message is made
/// printable and any quoted value in it longer than 80 bytes is cut (see quotedValue()), whoever wrote it.
class DiagnosticList
{
public:
    void error(std::string file, std::string location, std::string message);
    void warning(std::string file, std::string location, std::string message);
    void add(Diagnostic d);

    bool hasErrors() const;
    const std::vector<Diagnostic>& items() const { return m_items; }
    std::vector<Diagnostic> take() { return std::move(m_items); }

private:
    std::vector<Diagnostic> m_items;
};

} // namespace optconf
