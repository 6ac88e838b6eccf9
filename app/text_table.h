// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <vector>

namespace optconf {

/// A plain-text table with right-aligned numeric columns, for terminal output. Cells are made
/// printable (see diagnostics.h): a label with a NUL or an escape sequence cannot cut or garble it.
class TextTable
{
public:
    explicit TextTable(std::vector<std::string> header)
        : m_header(std::move(header))
    {}
    void addRow(std::vector<std::string> row);
    std::string render() const;

private:
    std::vector<std::string> m_header;
    std::vector<std::vector<std::string>> m_rows;
};

/// Fixed-point text for a ratio ("0.8123"), or "-" when undefined.
std::string fixed(double v, int decimals = 4);

} // namespace optconf
