// SPDX-License-Identifier: MIT
#include "diagnostics.h"

#include <algorithm>

namespace optconf {

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
