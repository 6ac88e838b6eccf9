// SPDX-License-Identifier: MIT
#include "app/text_table.h"

#include "core/model/diagnostics.h"

#include <algorithm>
#include <cstdio>

namespace optconf {

std::string fixed(double v, int decimals)
{
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return buf;
}

void TextTable::addRow(std::vector<std::string> row)
{
    for (std::string& cell : row)
        cell = printable(cell);
    m_rows.push_back(std::move(row));
}

std::string TextTable::render() const
{
    std::vector<std::size_t> width(m_header.size(), 0);
    auto measure = [&](const std::vector<std::string>& row) {
        for (std::size_t c = 0; c < row.size() && c < width.size(); ++c)
            width[c] = std::max(width[c], row[c].size());
    };
    measure(m_header);
    for (const auto& r : m_rows)
        measure(r);
    auto line = [&](const std::vector<std::string>& row) {
        std::string s;
        for (std::size_t c = 0; c < width.size(); ++c) {
            const std::string cell = c < row.size() ? row[c] : std::string();
            const std::string pad(width[c] - cell.size(), ' ');
            // First column (names) left-aligned, numbers right-aligned.
            s += c == 0 ? cell + pad : pad + cell;
            if (c + 1 < width.size())
                s += "  ";
        }
        while (!s.empty() && s.back() == ' ')
            s.pop_back();
        return s + "\n";
    };
    std::string out = line(m_header);
    std::size_t total = 0;
    for (auto w : width)
        total += w + 2;
    out += std::string(total > 2 ? total - 2 : 0, '-') + "\n";
    for (const auto& r : m_rows)
        out += line(r);
    return out;
}

} // namespace optconf
