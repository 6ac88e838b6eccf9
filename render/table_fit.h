// SPDX-License-Identifier: MIT
#pragma once

#include <QFont>
#include <QStringList>

#include <vector>

class QPaintDevice;

namespace optconf {

/// Column widths for a table laid out by QTextDocument on a page of fixed width. Left alone,
/// QTextDocument squeezes numeric columns until "0.6777" breaks into "0." and "6777", and a long
/// name pushes the last column off the page. Here every numeric column is as wide as its widest
/// cell (its header may wrap between words, and at soft hyphens); the first column, the names, gets what is
/// left, and a name wraps there (at most kMaxNameLines lines, the rest elided).
class TableFit
{
public:
    /// `columns[c]` holds column c's header followed by its cells, as plain text; column 0 is
    /// the name column. `available` is the table's width in `device` pixels.
    TableFit(const std::vector<QStringList>& columns, const QFont& cellFont, const QFont& headerFont,
             QPaintDevice* device, qreal available);

    /// Every column's content width in pixels (without padding and borders).
    const std::vector<qreal>& widths() const { return m_widths; }
    /// The lines a name is shown on, the last elided when the name needs more than kMaxNameLines.
    QStringList nameLines(const QString& name) const;

    /// What a cell adds to its content's width: padding on both sides and a border.
    static constexpr qreal kCellPadding = 2;
    static constexpr qreal kCellOverhead = 2 * kCellPadding + 2;
    static constexpr int kMaxNameLines = 3;
    /// The name column never gets less than this (in pixels), even if the table then overflows.
    static constexpr qreal kMinNameWidth = 48;

private:
    QFont m_cellFont;
    QPaintDevice* m_device;
    std::vector<qreal> m_widths;
};

} // namespace optconf
