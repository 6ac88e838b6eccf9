// SPDX-License-Identifier: MIT
#include "ui/charts/score_histogram_view.h"

#include <QPainter>

#include <algorithm>

namespace optconf {

ScoreHistogramView::ScoreHistogramView(QWidget* parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("scoreHistogram"));
    setMinimumSize(300, 180);
}

void ScoreHistogramView::setHistogram(const ScoreHistogram& histogram)
{
    m_histogram = histogram;
    update();
}

void ScoreHistogramView::setThreshold(std::optional<double> threshold)
{
    m_threshold = threshold;
    update();
}

void ScoreHistogramView::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    p.fillRect(rect(), palette().base());
    if (m_histogram)
        paintScoreHistogram(p, QRectF(rect()), *m_histogram, m_threshold, font());
}

void paintScoreHistogram(QPainter& p, const QRectF& area, const ScoreHistogram& h, std::optional<double> threshold,
                         const QFont& font)
{
    p.save();
    p.setFont(font);
    const QFontMetricsF fm(font);
    std::int64_t top = 1;
    for (std::size_t i = 0; i < h.bins(); ++i)
        top = std::max(top, h.truePositives[i] + h.falsePositives[i]);
    const QRectF plot = area.adjusted(fm.horizontalAdvance(QString::number(top)) + 12, fm.height() * 1.6,
                                      -10, -fm.height() * 2.4);
    const QColor tpColor(46, 139, 87), fpColor(205, 70, 60);
    auto x = [&](double score) { return plot.left() + (score - h.lower) / (h.upper - h.lower) * plot.width(); };
    auto y = [&](double count) { return plot.bottom() - count / static_cast<double>(top) * plot.height(); };
    for (std::size_t i = 0; i < h.bins(); ++i) {
        const double left = x(h.lower + static_cast<double>(i) * h.binWidth());
        const double right = x(h.lower + static_cast<double>(i + 1) * h.binWidth());
        const auto tp = static_cast<double>(h.truePositives[i]);
        const auto fp = static_cast<double>(h.falsePositives[i]);
        p.fillRect(QRectF(QPointF(left + 1, y(tp)), QPointF(right - 1, plot.bottom())), tpColor);
        p.fillRect(QRectF(QPointF(left + 1, y(tp + fp)), QPointF(right - 1, y(tp))), fpColor);
    }
    p.setPen(QColor(120, 120, 120));
    p.drawLine(plot.bottomLeft(), plot.bottomRight());
    p.drawLine(plot.bottomLeft(), plot.topLeft());
    p.setPen(Qt::black);
    for (int k = 0; k <= 4; ++k) {
        const double score = h.lower + (h.upper - h.lower) * k / 4.0;
        p.drawText(QRectF(x(score) - 30, plot.bottom() + 2, 60, fm.height()), Qt::AlignCenter,
                   QString::number(score, 'g', 3));
    }
    p.drawText(QRectF(area.left(), plot.top() - fm.height() / 2, plot.left() - area.left() - 4, fm.height()),
               Qt::AlignRight | Qt::AlignVCenter, QString::number(top));
    p.drawText(QRectF(area.left(), plot.bottom() - fm.height() / 2, plot.left() - area.left() - 4, fm.height()),
               Qt::AlignRight | Qt::AlignVCenter, QStringLiteral("0"));
    p.drawText(QRectF(plot.left(), plot.bottom() + fm.height(), plot.width(), fm.height() * 1.3), Qt::AlignCenter,
               QObject::tr("confidence"));
    // Legend.
    const double lx = plot.left() + 4, ly = area.top() + 2;
    p.fillRect(QRectF(lx, ly + 3, 12, fm.height() - 6), tpColor);
    p.drawText(QPointF(lx + 16, ly + fm.ascent()), QObject::tr("true positives"));
    const double lx2 = lx + 24 + fm.horizontalAdvance(QObject::tr("true positives"));
    p.fillRect(QRectF(lx2, ly + 3, 12, fm.height() - 6), fpColor);
    p.drawText(QPointF(lx2 + 16, ly + fm.ascent()), QObject::tr("false positives"));
    if (threshold && *threshold >= h.lower && *threshold <= h.upper) {
        p.setPen(QPen(QColor(30, 30, 30), 2, Qt::DashLine));
        p.drawLine(QPointF(x(*threshold), plot.top()), QPointF(x(*threshold), plot.bottom()));
        p.drawText(QPointF(x(*threshold) + 4, plot.top() + fm.ascent()),
                   QObject::tr("threshold %1").arg(*threshold, 0, 'f', 3));
    }
    p.restore();
}

} // namespace optconf
