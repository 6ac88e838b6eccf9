// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <vector>

namespace optconf {

/// A plain-text table with right-aligned numeric columns, for terminal output.
class TextTable
{
public:
    explicit TextTable(std::vector<std::string> header)
        : m_header(std::move(header))
    {}
    void addRow(std::vector<std::string> row) { m_rows.push_back(std::move(row)); }
    std::string render() const;

private:
    std::vector<std::string> m_header;
    std::vector<std::vector<std::string>> m_rows;
};

/// Fixed-point text for a ratio ("0.8123"), or "-" when undefined.
std::string fixed(double v, int decimals = 4);

} // namespace optconf
