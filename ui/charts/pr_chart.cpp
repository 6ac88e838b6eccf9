// SPDX-License-Identifier: MIT
#include "ui/charts/pr_chart.h"

#include "render/chart_painter.h"
#include "ui/format.h"

#include <QChart>
#include <QGraphicsEllipseItem>
#include <QGraphicsRectItem>
#include <QGraphicsSimpleTextItem>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QMouseEvent>
#include <QScatterSeries>
#include <QValueAxis>

namespace optconf {

PrChart::PrChart(QWidget* parent)
    : QChartView(parent)
    , m_curve(new QLineSeries)
    , m_optimum(new QScatterSeries)
    , m_targets(new QScatterSeries)
    , m_selected(new QScatterSeries)
    , m_x(new QValueAxis)
    , m_y(new QValueAxis)
{
    setObjectName(QStringLiteral("prChart"));
    setRenderHint(QPainter::Antialiasing);
    auto* chart = new QChart;
    chart->setTitle(tr("Precision against recall"));
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->legend()->setAlignment(Qt::AlignBottom);
    setChart(chart);
    m_curve->setName(tr("Precision–recall (every distinct score)"));
    m_curve->setPen(QPen(chartcolors::precision, 2, Qt::SolidLine, Qt::FlatCap, Qt::BevelJoin));
    m_optimum->setName(tr("Optimum"));
    m_optimum->setColor(chartcolors::marker);
    m_optimum->setMarkerSize(12);
    m_selected->setName(tr("Selected threshold"));
    // A hollow square drawn under the optimum's dot: both stay visible when they coincide.
    m_selected->setMarkerShape(QScatterSeries::MarkerShapeRectangle);
    m_selected->setColor(Qt::transparent);
    m_selected->setBorderColor(chartcolors::axis);
    m_selected->setPen(QPen(chartcolors::axis, 2));
    m_selected->setMarkerSize(18);
    m_targets->setName(tr("Target operating points"));
    m_targets->setMarkerShape(QScatterSeries::MarkerShapeRectangle);
    m_targets->setMarkerSize(11);
    m_targets->setColor(chartcolors::objective);
    m_targets->setBorderColor(Qt::white);
    m_x->setTitleText(tr("Recall"));
    m_y->setTitleText(tr("Precision"));
    for (QValueAxis* a : {m_x, m_y}) {
        a->setRange(0.0, 1.0);
        a->setTickCount(6);
        a->setLabelFormat(QStringLiteral("%.1f"));
    }
    chart->addAxis(m_x, Qt::AlignBottom);
    chart->addAxis(m_y, Qt::AlignLeft);
    for (QAbstractSeries* s :
         std::initializer_list<QAbstractSeries*>{m_curve, m_selected, m_targets, m_optimum}) {
        chart->addSeries(s);
        s->attachAxis(m_x);
        s->attachAxis(m_y);
    }
    m_hoverDot = new QGraphicsEllipseItem(chart);
    m_hoverDot->setPen(QPen(chartcolors::precision, 2));
    m_hoverDot->setBrush(Qt::white);
    m_hoverDot->setZValue(20);
    m_hoverBox = new QGraphicsRectItem(chart);
    m_hoverBox->setBrush(QColor(255, 255, 255, 235));
    m_hoverBox->setPen(QPen(QColor(0x55, 0x55, 0x55), 1));
    m_hoverBox->setZValue(21);
    m_hoverLabel = new QGraphicsSimpleTextItem(m_hoverBox);
    m_hoverDot->setVisible(false);
    m_hoverBox->setVisible(false);
    viewport()->setMouseTracking(true);
    setToolTip(tr("Point at the curve to read its threshold; click to select that threshold"));
}

void PrChart::setTargets(const std::vector<Metrics>& points)
{
    QList<QPointF> at;
    for (const Metrics& m : points)
        if (m.precision && m.recall)
            at.append(QPointF(*m.recall, *m.precision));
    m_targets->replace(at);
    for (QLegendMarker* marker : chart()->legend()->markers(m_targets))
        marker->setVisible(!at.isEmpty());
}

QString PrChart::hoverText() const
{
    return m_hoverBox->isVisible() ? m_hoverLabel->text() : QString();
}

std::optional<Metrics> PrChart::rowAt(const QPointF& pos) const
{
    constexpr double kMaxPixels = 10.0;
    const Metrics* best = nullptr;
    double bestDistance = kMaxPixels * kMaxPixels;
    for (const Metrics& m : m_drawn) {
        const QPointF at = chart()->mapToPosition(QPointF(*m.recall, *m.precision), m_curve);
        const double dx = at.x() - pos.x(), dy = at.y() - pos.y();
        if (dx * dx + dy * dy < bestDistance) {
            bestDistance = dx * dx + dy * dy;
            best = &m;
        }
    }
    return best ? std::optional<Metrics>(*best) : std::nullopt;
}

void PrChart::hoverAt(const QPointF& pos)
{
    m_hovered = rowAt(pos);
    m_hoverDot->setVisible(m_hovered.has_value());
    m_hoverBox->setVisible(m_hovered.has_value());
    if (!m_hovered)
        return;
    const Metrics& m = *m_hovered;
    const QPointF at = chart()->mapToPosition(QPointF(*m.recall, *m.precision), m_curve);
    m_hoverDot->setRect(QRectF(at - QPointF(5, 5), QSizeF(10, 10)));
    m_hoverLabel->setText(tr("t = %1\nP %2   R %3\nTP %4   FP %5   FN %6")
                              .arg(formatThreshold(m.threshold), formatRatio(m.precision),
                                   formatRatio(m.recall), formatCount(m.counts.tp), formatCount(m.counts.fp),
                                   formatCount(m.counts.fn)));
    const QRectF text = m_hoverLabel->boundingRect();
    const QSizeF size(text.width() + 12, text.height() + 8);
    const QRectF area = chart()->plotArea();
    QPointF topLeft(at.x() - size.width() - 12, at.y() + 12);
    if (topLeft.x() < area.left() + 4)
        topLeft.setX(at.x() + 12);
    if (topLeft.y() + size.height() > area.bottom() - 4)
        topLeft.setY(at.y() - 12 - size.height());
    m_hoverBox->setRect(QRectF(QPointF(0, 0), size));
    m_hoverBox->setPos(topLeft);
    m_hoverLabel->setPos(6, 4);
}

void PrChart::mouseMoveEvent(QMouseEvent* event)
{
    hoverAt(event->position());
    QChartView::mouseMoveEvent(event);
}

void PrChart::leaveEvent(QEvent* event)
{
    hoverAt(QPointF(-1000, -1000));
    QChartView::leaveEvent(event);
}

void PrChart::mousePressEvent(QMouseEvent* event)
{
    if (event->button() == Qt::LeftButton) {
        if (const std::optional<Metrics> row = rowAt(event->position())) {
            emit thresholdClicked(row->threshold);
            event->accept();
            return;
        }
    }
    QChartView::mousePressEvent(event);
}

void PrChart::setCurve(const std::vector<Metrics>& rows, const std::optional<Metrics>& optimum,
                       const QString& subtitle)
{
    // Beyond kMaxDrawnPoints the line keeps every n-th row: a screen cannot show more, and a PR
    // line of a million points would stall the GUI.
    const std::size_t n = rows.size();
    const std::size_t stride = n > kMaxDrawnPoints ? (n + kMaxDrawnPoints - 1) / kMaxDrawnPoints : 1;
    QList<QPointF> points;
    points.reserve(static_cast<qsizetype>(n / stride + 2));
    m_drawn.clear();
    for (std::size_t i = 0; i < n; ++i) {
        const Metrics& m = rows[i];
        if ((i % stride == 0 || i + 1 == n) && m.precision && m.recall) {
            points.append(QPointF(*m.recall, *m.precision));
            m_drawn.push_back(m);
        }
    }
    hoverAt(QPointF(-1000, -1000));
    m_curve->replace(points);
    if (optimum && optimum->precision && optimum->recall)
        m_optimum->replace({QPointF(*optimum->recall, *optimum->precision)});
    else
        m_optimum->clear();
    chart()->setTitle(subtitle.isEmpty() ? tr("Precision against recall")
                                         : tr("Precision against recall — %1").arg(subtitle));
}

void PrChart::clearCurve()
{
    m_drawn.clear();
    hoverAt(QPointF(-1000, -1000));
    m_targets->clear();
    m_curve->clear();
    m_optimum->clear();
    m_selected->clear();
    chart()->setTitle(tr("Precision against recall"));
}

void PrChart::setOperatingPoint(const std::optional<Metrics>& m)
{
    if (m && m->precision && m->recall)
        m_selected->replace({QPointF(*m->recall, *m->precision)});
    else
        m_selected->clear();
}

} // namespace optconf
