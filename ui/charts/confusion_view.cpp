// SPDX-License-Identifier: MIT
#include "ui/charts/confusion_view.h"

#include <QHelpEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>

#include <algorithm>
#include <cmath>

namespace optconf {

namespace {
constexpr int kMaxLabelWidth = 150;

QColor mix(const QColor& from, const QColor& to, double f)
{
    f = std::clamp(f, 0.0, 1.0);
    return QColor::fromRgbF(static_cast<float>(from.redF() + (to.redF() - from.redF()) * f),
                            static_cast<float>(from.greenF() + (to.greenF() - from.greenF()) * f),
                            static_cast<float>(from.blueF() + (to.blueF() - from.blueF()) * f));
}
} // namespace

ConfusionView::ConfusionView(QWidget* parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("confusionView"));
    setMouseTracking(true);
    setAttribute(Qt::WA_OpaquePaintEvent, false);
}

void ConfusionView::setMatrix(const QStringList& names, std::vector<std::int64_t> counts)
{
    m_names = names;
    m_counts = std::move(counts);
    const int n = size();
    m_rowSums.assign(static_cast<std::size_t>(n), 0);
    for (int r = 0; r < n; ++r)
        for (int c = 0; c < n; ++c)
            m_rowSums[static_cast<std::size_t>(r)] += count(r, c);
    if (m_selected && (m_selected->first >= n || m_selected->second >= n))
        m_selected.reset();
    updateGeometryFromContent();
    update();
}

void ConfusionView::setRowNormalised(bool normalised)
{
    m_normalised = normalised;
    update();
}

void ConfusionView::setSelectedCell(std::optional<std::pair<int, int>> cell)
{
    m_selected = cell;
    update();
}

QString ConfusionView::label(int index) const
{
    return index == size() - 1 ? tr("(none)") : m_names.value(index);
}

std::int64_t ConfusionView::count(int row, int column) const
{
    const auto i =
        static_cast<std::size_t>(row) * static_cast<std::size_t>(size()) + static_cast<std::size_t>(column);
    return i < m_counts.size() ? m_counts[i] : 0;
}

std::int64_t ConfusionView::rowSum(int row) const
{
    return row < static_cast<int>(m_rowSums.size()) ? m_rowSums[static_cast<std::size_t>(row)] : 0;
}

void ConfusionView::updateGeometryFromContent()
{
    // Few classes: large cells with their numbers; many: compact cells, numbers in the tooltip.
    m_cell = size() <= 12 ? 44 : (size() <= 30 ? 30 : 22);
    const QFontMetrics fm(font());
    int widest = fm.horizontalAdvance(tr("(none)"));
    for (const QString& n : m_names)
        widest = std::max(widest, fm.horizontalAdvance(n));
    m_margin = std::min(widest, kMaxLabelWidth) + 12;
    updateGeometry();
    resize(sizeHint());
}

QSize ConfusionView::sizeHint() const
{
    const int side = m_margin + m_cell * size() + 8;
    return {side + QFontMetrics(font()).height(), side + QFontMetrics(font()).height()};
}

std::optional<std::pair<int, int>> ConfusionView::cellAt(QPoint p) const
{
    const int x = p.x() - m_margin, y = p.y() - m_margin;
    if (x < 0 || y < 0)
        return std::nullopt;
    const int column = x / m_cell, row = y / m_cell;
    if (row >= size() || column >= size())
        return std::nullopt;
    return std::pair(row, column);
}

QPoint ConfusionView::cellCenter(int row, int column) const
{
    return {m_margin + column * m_cell + m_cell / 2, m_margin + row * m_cell + m_cell / 2};
}

QString ConfusionView::cellText(int row, int column) const
{
    const std::int64_t k = count(row, column);
    const std::int64_t sum = rowSum(row);
    const QString share =
        sum > 0 ? QString::number(100.0 * static_cast<double>(k) / static_cast<double>(sum), 'f', 1)
                : QStringLiteral("–");
    const QString what = row == size() - 1      ? tr("false positives predicted as %1").arg(label(column))
                         : column == size() - 1 ? tr("%1 objects missed").arg(label(row))
                         : row == column        ? tr("%1 found as %1").arg(label(row))
                                         : tr("%1 objects predicted as %2").arg(label(row), label(column));
    return tr("%1: %2\n%3% of the row").arg(what, QString::number(k), share);
}

void ConfusionView::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    p.fillRect(rect(), palette().base());
    const int n = size();
    const QFontMetrics fm(font());
    // Shading: each cell against the largest off-diagonal / diagonal / (none) cell, or its row share.
    std::int64_t maxCount = 1;
    for (std::int64_t k : m_counts)
        maxCount = std::max(maxCount, k);
    const QColor white(Qt::white), diagonal(46, 139, 87), confused(230, 120, 30), none(90, 110, 150);
    for (int r = 0; r < n; ++r) {
        for (int c = 0; c < n; ++c) {
            const std::int64_t k = count(r, c);
            const double f =
                m_normalised ? (rowSum(r) > 0 ? static_cast<double>(k) / static_cast<double>(rowSum(r)) : 0)
                             : static_cast<double>(k) / static_cast<double>(maxCount);
            const bool isNone = r == n - 1 || c == n - 1;
            const QColor& base = isNone ? none : (r == c ? diagonal : confused);
            const QRect cell(m_margin + c * m_cell, m_margin + r * m_cell, m_cell, m_cell);
            // A floor of 8% keeps every non-empty cell visibly tinted.
            p.fillRect(cell, k > 0 ? mix(white, base, 0.08 + 0.92 * std::sqrt(f)) : white);
            p.setPen(QColor(220, 220, 220));
            p.drawRect(cell.adjusted(0, 0, -1, -1));
            if (m_cell >= 30 && k > 0) {
                const QString text = m_normalised ? QString::number(f, 'f', 2) : QString::number(k);
                if (fm.horizontalAdvance(text) < m_cell - 2) {
                    p.setPen(f > 0.45 ? Qt::white : Qt::black);
                    p.drawText(cell, Qt::AlignCenter, text);
                }
            }
        }
    }
    // The (none) row and column set apart by a heavier rule.
    p.setPen(QPen(QColor(90, 90, 90), 2));
    const int edge = m_margin + (n - 1) * m_cell;
    p.drawLine(m_margin, edge, m_margin + n * m_cell, edge);
    p.drawLine(edge, m_margin, edge, m_margin + n * m_cell);
    if (m_selected) {
        p.setPen(QPen(palette().highlight().color(), 3));
        p.drawRect(QRect(m_margin + m_selected->second * m_cell, m_margin + m_selected->first * m_cell,
                         m_cell, m_cell)
                       .adjusted(1, 1, -1, -1));
    }
    // Labels: rows at the left, columns at the top turned upright; elided, never overlapping, as
    // each one has its cell's width.
    p.setPen(palette().text().color());
    for (int i = 0; i < n; ++i) {
        const QString text = fm.elidedText(label(i), Qt::ElideRight, m_margin - 10);
        p.drawText(QRect(2, m_margin + i * m_cell, m_margin - 8, m_cell), Qt::AlignRight | Qt::AlignVCenter,
                   text);
        p.save();
        p.translate(m_margin + i * m_cell + m_cell / 2, m_margin - 6);
        p.rotate(-90);
        p.drawText(QRect(0, -fm.height() / 2, m_margin - 8, fm.height()), Qt::AlignLeft | Qt::AlignVCenter,
                   text);
        p.restore();
    }
    p.setPen(palette().placeholderText().color());
    p.drawText(QRect(2, 2, m_margin, m_margin - 4), Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap,
               tr("truth ↓\npredicted →"));
}

void ConfusionView::mousePressEvent(QMouseEvent* event)
{
    if (event->button() != Qt::LeftButton)
        return QWidget::mousePressEvent(event);
    if (const auto cell = cellAt(event->position().toPoint())) {
        setSelectedCell(cell);
        emit cellClicked(cell->first, cell->second);
    }
}

void ConfusionView::mouseDoubleClickEvent(QMouseEvent* event)
{
    if (event->button() != Qt::LeftButton)
        return QWidget::mouseDoubleClickEvent(event);
    if (const auto cell = cellAt(event->position().toPoint()))
        emit cellDoubleClicked(cell->first, cell->second);
}

bool ConfusionView::event(QEvent* event)
{
    if (event->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(event);
        if (const auto cell = cellAt(help->pos()))
            QToolTip::showText(help->globalPos(), cellText(cell->first, cell->second), this);
        else
            QToolTip::hideText();
        return true;
    }
    return QWidget::event(event);
}

} // namespace optconf
