// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <vector>

namespace optconf {

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
/// counts them, keeping the first place it happened. Errors are never folded.
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
