// SPDX-License-Identifier: MIT
#include "render/table_fit.h"

#include <QFontMetricsF>
#include <QTextLayout>

#include <algorithm>
#include <cmath>

namespace optconf {

TableFit::TableFit(const std::vector<QStringList>& columns, const QFont& cellFont, const QFont& headerFont,
                   QPaintDevice* device, qreal available)
    : m_cellFont(cellFont)
    , m_device(device)
{
    const QFontMetricsF cells(cellFont, device);
    const QFontMetricsF header(headerFont, device);
    m_widths.assign(columns.size(), 0);
    qreal used = 0;
    for (std::size_t c = 1; c < columns.size(); ++c) {
        qreal w = 0;
        const QStringList& column = columns[c];
        if (!column.isEmpty())
            for (const QString& word : column.front().split(u' ', Qt::SkipEmptyParts))
                for (const QString& part : word.split(QChar::SoftHyphen)) // may break there, with a hyphen
                    w = std::max(w, header.horizontalAdvance(part + u'-'));
        for (qsizetype i = 1; i < column.size(); ++i)
            w = std::max(w, cells.horizontalAdvance(column[i]));
        // Rounded up, with a pixel to spare: the layout rounds too, and a number a hair too wide
        // would wrap.
        m_widths[c] = std::ceil(w) + 1;
        used += m_widths[c] + kCellOverhead;
    }
    if (!m_widths.empty()) {
        const qreal room = std::floor(available - used - kCellOverhead);
        m_widths[0] = std::max(kMinNameWidth, room);
    }
}

QStringList TableFit::nameLines(const QString& name) const
{
    const qreal width = m_widths.empty() ? 0 : m_widths.front();
    const QFontMetricsF metrics(m_cellFont, m_device);
    if (metrics.horizontalAdvance(name) <= width)
        return {name};
    QTextLayout layout(name, m_cellFont, m_device);
    QTextOption option;
    option.setWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    layout.setTextOption(option);
    layout.beginLayout();
    QStringList lines;
    int start = 0;
    while (lines.size() + 1 < kMaxNameLines) {
        QTextLine line = layout.createLine();
        if (!line.isValid())
            break;
        line.setLineWidth(width);
        const int length = std::max(1, line.textLength());
        lines << name.mid(start, length).trimmed();
        start += length;
    }
    layout.endLayout();
    const QString rest = name.mid(start).trimmed();
    if (!rest.isEmpty())
        lines << metrics.elidedText(rest, Qt::ElideRight, width);
    return lines;
}

} // namespace optconf
