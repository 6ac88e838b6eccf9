// SPDX-License-Identifier: MIT
#include "ui/charts/curve_chart.h"

#include "render/chart_painter.h"
#include "ui/format.h"

#include <QAreaSeries>
#include <QChart>
#include <QGraphicsRectItem>
#include <QGraphicsSimpleTextItem>
#include <QLegendMarker>
#include <QLineSeries>
#include <QMouseEvent>
#include <QScatterSeries>
#include <QToolTip>
#include <QValueAxis>

#include <algorithm>

namespace optconf {

namespace {

QColor withAlpha(QColor color, int alpha)
{
    color.setAlpha(alpha);
    return color;
}

QLineSeries* makeLine(const QString& name, const QColor& color, qreal width,
                      Qt::PenStyle style = Qt::SolidLine)
{
    auto* s = new QLineSeries;
    s->setName(name);
    // Flat caps and bevel joins: round ones make the stroker emit a curve per point.
    QPen pen(color, width, style, Qt::FlatCap, Qt::BevelJoin);
    s->setPen(pen);
    return s;
}

/// Min/max decimation in x order (see CurveChart::kMaxDrawnPoints).
QList<QPointF> thinned(QList<QPointF> points)
{
    const qsizetype n = points.size();
    if (n <= CurveChart::kMaxDrawnPoints)
        return points;
    const qsizetype buckets = CurveChart::kMaxDrawnPoints / 4;
    QList<QPointF> out;
    out.reserve(CurveChart::kMaxDrawnPoints);
    for (qsizetype b = 0; b < buckets; ++b) {
        const qsizetype first = n * b / buckets;
        const qsizetype last = n * (b + 1) / buckets - 1;
        qsizetype lo = first, hi = first;
        for (qsizetype i = first; i <= last; ++i) {
            if (points[i].y() < points[lo].y())
                lo = i;
            if (points[i].y() > points[hi].y())
                hi = i;
        }
        qsizetype keep[4] = {first, std::min(lo, hi), std::max(lo, hi), last};
        for (int k = 0; k < 4; ++k)
            if (out.isEmpty() || k == 0 || keep[k] != keep[k - 1])
                if (out.isEmpty() || out.last() != points[keep[k]])
                    out.append(points[keep[k]]);
    }
    return out;
}

void hideFromLegend(QChart* chart, QAbstractSeries* series)
{
    for (QLegendMarker* m : chart->legend()->markers(series))
        m->setVisible(false);
}

} // namespace

CurveChart::CurveChart(QWidget* parent)
    : QChartView(parent)
    , m_precision(makeLine(tr("Precision"), chartcolors::precision, 2))
    , m_recall(makeLine(tr("Recall"), chartcolors::recall, 2))
    , m_f1(makeLine(tr("F1"), chartcolors::f1, 3))
    , m_optimum(new QScatterSeries)
    , m_targets(new QScatterSeries)
    , m_selected(makeLine(tr("Selected threshold"), QColor(0x55, 0x55, 0x55), 1.5, Qt::DashLine))
    , m_boundsLow(new QLineSeries)
    , m_boundsHigh(new QLineSeries)
    , m_bounds(new QAreaSeries(m_boundsHigh, m_boundsLow))
    , m_x(new QValueAxis)
    , m_y(new QValueAxis)
    , m_cost(new QValueAxis)
{
    setObjectName(QStringLiteral("curveChart"));
    setRenderHint(QPainter::Antialiasing);
    setMinimumSize(320, 200);
    auto* chart = new QChart;
    chart->setTitle(tr("Precision, recall and F1 against confidence"));
    chart->setAnimationOptions(QChart::NoAnimation); // animations would replay on every live update
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->setMargins(QMargins(6, 6, 6, 6));
    setChart(chart);

    m_bounds->setName(tr("Bounds"));
    m_bounds->setBrush(withAlpha(chartcolors::precision, 22));
    m_bounds->setPen(QPen(withAlpha(chartcolors::precision, 60), 1));
    m_optimum->setName(tr("Optimum (exact)"));
    m_optimum->setMarkerSize(12);
    m_optimum->setColor(chartcolors::marker);
    m_optimum->setBorderColor(Qt::white);

    m_targets->setName(tr("Target operating points"));
    m_targets->setMarkerShape(QScatterSeries::MarkerShapeRectangle);
    m_targets->setMarkerSize(11);
    m_targets->setColor(chartcolors::objective);
    m_targets->setBorderColor(Qt::white);
    m_x->setTitleText(tr("Confidence threshold"));
    m_x->setLabelFormat(QStringLiteral("%.2f"));
    m_x->setTickCount(11);
    m_y->setRange(0.0, 1.0);
    m_y->setTickCount(6);
    m_y->setLabelFormat(QStringLiteral("%.1f"));
    chart->addAxis(m_x, Qt::AlignBottom);
    chart->addAxis(m_y, Qt::AlignLeft);
    // The cost objective is not a ratio: it gets its own axis, on the right, shown with it.
    m_cost->setObjectName(QStringLiteral("costAxis"));
    m_cost->setTitleText(tr("Cost per image"));
    m_cost->setLabelFormat(QStringLiteral("%.3g"));
    m_cost->setTickCount(6);
    m_cost->setRange(0.0, 1.0);
    chart->addAxis(m_cost, Qt::AlignRight);
    m_cost->setVisible(false);
    for (QAbstractSeries* s : std::initializer_list<QAbstractSeries*>{m_bounds, m_precision, m_recall, m_f1,
                                                                      m_selected, m_targets, m_optimum}) {
        chart->addSeries(s);
        s->attachAxis(m_x);
        s->attachAxis(m_y);
    }
    hideFromLegend(chart, m_bounds);

    m_labelBox = new QGraphicsRectItem(chart);
    m_labelBox->setBrush(QColor(255, 255, 255, 230));
    m_labelBox->setPen(QPen(chartcolors::marker, 1));
    m_labelBox->setZValue(20);
    m_label = new QGraphicsSimpleTextItem(m_labelBox);
    m_labelBox->setVisible(false);

    const QPen cross(withAlpha(chartcolors::axis, 150), 1, Qt::DotLine);
    m_crossV = new QGraphicsLineItem(chart);
    m_crossH = new QGraphicsLineItem(chart);
    for (QGraphicsLineItem* l : {m_crossV, m_crossH}) {
        l->setPen(cross);
        l->setZValue(15);
        l->setVisible(false);
    }
    m_hoverBox = new QGraphicsRectItem(chart);
    m_hoverBox->setBrush(QColor(255, 255, 255, 235));
    m_hoverBox->setPen(QPen(QColor(0x55, 0x55, 0x55), 1));
    m_hoverBox->setZValue(21);
    m_hoverLabel = new QGraphicsSimpleTextItem(m_hoverBox);
    m_hoverBox->setVisible(false);
    viewport()->setMouseTracking(true);

    m_redraw.setSingleShot(true);
    m_redraw.setInterval(40); // at most ~25 redraws a second however fast curves arrive
    connect(&m_redraw, &QTimer::timeout, this, &CurveChart::redraw);
    connect(chart, &QChart::plotAreaChanged, this, &CurveChart::placeOptimumLabel);
    setBounds(0.0, 1.0);
}

void CurveChart::setBounds(double lower, double upper)
{
    m_lower = lower;
    m_upper = upper;
    const double lo = std::min(0.0, lower);
    const double hi = std::max({1.0, upper, lo + 1e-6});
    m_x->setRange(lo, hi);
    m_boundsHigh->replace({QPointF(lower, 1.0), QPointF(upper, 1.0)});
    m_boundsLow->replace({QPointF(lower, 0.0), QPointF(upper, 0.0)});
    placeOptimumLabel();
}

void CurveChart::setOverlay(const std::vector<ClassLine>& lines, std::optional<LabelId> highlighted)
{
    // Ten distinct colours (matplotlib's tab10), repeated: the legend and tooltips tell classes apart.
    static const QRgb palette[] = {0x1f77b4, 0xff7f0e, 0x2ca02c, 0xd62728, 0x9467bd,
                                   0x8c564b, 0xe377c2, 0x7f7f7f, 0xbcbd22, 0x17becf};
    for (OverlayEntry& e : m_overlay) {
        chart()->removeSeries(e.series);
        delete e.series;
    }
    m_overlay.clear();
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const ClassLine& line = lines[i];
        const bool strong = highlighted && *highlighted == line.label;
        QColor color = QColor::fromRgb(palette[i % std::size(palette)]);
        if (highlighted && !strong)
            color.setAlpha(110);
        QLineSeries* s = makeLine(line.name, color, strong ? 3.5 : 1.5);
        s->replace(thinned(line.points));
        chart()->addSeries(s);
        s->attachAxis(m_x);
        s->attachAxis(objectiveAxis());
        const QString name = line.name;
        connect(s, &QLineSeries::hovered, this, [this, name](const QPointF&, bool state) {
            if (state)
                QToolTip::showText(QCursor::pos(), name, this);
            else
                QToolTip::hideText();
        });
        m_overlay.push_back({line.label, s, line.points});
    }
    const bool on = !m_overlay.empty();
    for (QAbstractSeries* series :
         std::initializer_list<QAbstractSeries*>{m_precision, m_recall, m_f1, m_optimum})
        series->setVisible(!on);
    // Beyond a few dozen classes the legend would take the chart's place: tooltips name the lines.
    chart()->legend()->setVisible(!on || m_overlay.size() <= 24);
    for (QAbstractSeries* series : std::initializer_list<QAbstractSeries*>{m_bounds, m_selected})
        hideFromLegend(chart(), series);
    if (!m_redraw.isActive())
        m_redraw.start();
}

QList<QLineSeries*> CurveChart::overlaySeries() const
{
    QList<QLineSeries*> out;
    for (const OverlayEntry& e : m_overlay)
        out << e.series;
    return out;
}

std::optional<LabelId> CurveChart::overlayLineAt(const QPointF& pos, double maxPixels) const
{
    const QPointF scene = mapToScene(pos.toPoint());
    const double t = chart()->mapToValue(scene, m_f1).x();
    std::optional<LabelId> best;
    double bestDistance = maxPixels;
    for (const OverlayEntry& e : m_overlay) {
        if (e.points.isEmpty())
            continue;
        // The line's value at t, between its two nearest points, in pixels from the click.
        auto it = std::lower_bound(e.points.begin(), e.points.end(), t,
                                   [](const QPointF& p, double x) { return p.x() < x; });
        QPointF at;
        if (it == e.points.begin())
            at = *it;
        else if (it == e.points.end())
            at = e.points.back();
        else {
            const QPointF a = *std::prev(it), b = *it;
            const double f = b.x() > a.x() ? (t - a.x()) / (b.x() - a.x()) : 0.0;
            at = QPointF(t, a.y() + f * (b.y() - a.y()));
        }
        const QPointF onScreen = chart()->mapToPosition(at, e.series);
        const double distance = std::abs(onScreen.y() - scene.y());
        if (distance <= bestDistance && std::abs(onScreen.x() - scene.x()) <= maxPixels) {
            bestDistance = distance;
            best = e.label;
        }
    }
    return best;
}

void CurveChart::setObjective(const Objective& objective)
{
    m_objective = objective;
    m_f1->setName(objective.isCost() ? tr("Cost per image") : QString::fromStdString(objective.name()));
    attachObjectiveAxis();
    if (!m_redraw.isActive())
        m_redraw.start();
}

void CurveChart::setCurve(const Curve& curve, const QString& subtitle)
{
    m_grid = curve.grid;
    m_optimumPoint = curve.optimum;
    m_subtitle = subtitle;
    if (!m_redraw.isActive())
        m_redraw.start();
}

void CurveChart::setSubtitle(const QString& subtitle)
{
    if (subtitle == m_subtitle)
        return;
    m_subtitle = subtitle;
    if (!m_redraw.isActive())
        m_redraw.start();
}

void CurveChart::clearCurve(const QString& subtitle)
{
    setCurve(Curve{}, subtitle);
}

void CurveChart::setSelectedThreshold(std::optional<double> threshold)
{
    m_selectedThreshold = threshold;
    if (threshold)
        m_selected->replace({QPointF(*threshold, 0.0), QPointF(*threshold, 1.0)});
    else
        m_selected->clear();
}

void CurveChart::setTargets(const std::vector<Metrics>& points)
{
    QList<QPointF> at;
    for (const Metrics& m : points)
        if (m.f1Defined)
            at.append(QPointF(m.threshold, m.objective));
    m_targets->replace(at);
    for (QLegendMarker* marker : chart()->legend()->markers(m_targets))
        marker->setVisible(!at.isEmpty());
}

QString CurveChart::optimumLabel() const
{
    return m_labelBox->isVisible() ? m_label->text() : QString();
}

void CurveChart::redraw()
{
    QList<QPointF> p, r, f;
    p.reserve(static_cast<qsizetype>(m_grid.size()));
    r.reserve(static_cast<qsizetype>(m_grid.size()));
    f.reserve(static_cast<qsizetype>(m_grid.size()));
    for (const Metrics& m : m_grid) {
        if (m.precision)
            p.append(QPointF(m.threshold, *m.precision));
        if (m.recall)
            r.append(QPointF(m.threshold, *m.recall));
        if (m.f1Defined) // F-beta is defined where F1 is (TP + FP + FN > 0)
            f.append(QPointF(m.threshold, m.objective));
    }
    m_precision->replace(thinned(std::move(p)));
    m_recall->replace(thinned(std::move(r)));
    m_f1->replace(thinned(std::move(f)));
    fitCostAxis();
    if (m_optimumPoint && m_optimumPoint->f1Defined && m_overlay.empty()) {
        const Metrics& o = *m_optimumPoint;
        m_optimum->replace({QPointF(o.threshold, o.objective)});
        const QString ratios = tr("P %1   R %2").arg(formatRatio(o.precision), formatRatio(o.recall));
        m_label->setText(
            m_objective.isF1()
                ? tr("Optimum  t = %1\nF1 %2   %3").arg(formatThreshold(o.threshold), formatF1(o), ratios)
                : tr("Optimum of %1  t = %2\n%1 %3   F1 %4   %5")
                      .arg(QString::fromStdString(m_objective.name()), formatThreshold(o.threshold),
                           QString::number(o.objective, 'f', 4), formatF1(o), ratios));
        m_labelBox->setVisible(true);
    } else {
        m_optimum->clear();
        m_labelBox->setVisible(false);
    }
    const QString objective = QString::fromStdString(m_objective.name());
    QString title = m_overlay.empty() ? tr("Precision, recall and %1 against confidence").arg(objective)
                                      : tr("%1 of every class against confidence").arg(objective);
    if (!m_subtitle.isEmpty())
        title += QStringLiteral(" — ") + m_subtitle;
    chart()->setTitle(title);
    placeOptimumLabel();
    hoverAt(QPointF(-1, -1)); // what it read may be gone: the next move shows the new curve's row
    ++m_redraws;
    emit redrawn();
}

QValueAxis* CurveChart::objectiveAxis() const
{
    return m_objective.isCost() ? m_cost : m_y;
}

void CurveChart::attachObjectiveAxis()
{
    QValueAxis* want = objectiveAxis();
    QValueAxis* other = want == m_y ? m_cost : m_y;
    std::vector<QAbstractSeries*> series{m_f1, m_optimum, m_targets};
    if (m_band)
        series.push_back(m_band);
    for (const OverlayEntry& e : m_overlay)
        series.push_back(e.series);
    for (QAbstractSeries* s : series) {
        if (s->attachedAxes().contains(other))
            s->detachAxis(other);
        if (!s->attachedAxes().contains(want))
            s->attachAxis(want);
    }
    m_cost->setVisible(m_objective.isCost());
    fitCostAxis();
}

void CurveChart::fitCostAxis()
{
    if (!m_objective.isCost())
        return;
    double top = 0;
    auto take = [&](const QList<QPointF>& points) {
        for (const QPointF& p : points)
            top = std::max(top, p.y());
    };
    take(m_f1->points());
    if (m_band && m_band->isVisible())
        take(m_band->upperSeries()->points());
    for (const OverlayEntry& e : m_overlay)
        take(e.points);
    m_cost->setRange(0.0, top > 0 ? top * 1.05 : 1.0);
    m_cost->applyNiceNumbers();
}

void CurveChart::placeOptimumLabel()
{
    if (!m_labelBox->isVisible() || m_optimum->count() == 0)
        return;
    const QRectF area = chart()->plotArea();
    const QPointF at = chart()->mapToPosition(m_optimum->at(0), m_optimum);
    const QRectF text = m_label->boundingRect();
    const QSizeF size(text.width() + 12, text.height() + 8);
    // Right of and below the point when it fits, mirrored otherwise, always inside the plot.
    QPointF topLeft(at.x() + 12, at.y() + 14);
    if (topLeft.x() + size.width() > area.right() - 4)
        topLeft.setX(at.x() - 12 - size.width());
    if (topLeft.y() + size.height() > area.bottom() - 4)
        topLeft.setY(at.y() - 14 - size.height());
    topLeft.setX(
        std::clamp(topLeft.x(), area.left() + 4, std::max(area.left() + 4, area.right() - size.width() - 4)));
    topLeft.setY(
        std::clamp(topLeft.y(), area.top() + 4, std::max(area.top() + 4, area.bottom() - size.height() - 4)));
    m_labelBox->setRect(QRectF(QPointF(0, 0), size));
    m_labelBox->setPos(topLeft);
    m_label->setPos(6, 4);
}

QString CurveChart::hoverText() const
{
    return m_hoverBox->isVisible() ? m_hoverLabel->text() : QString();
}

void CurveChart::hoverAt(const QPointF& pos)
{
    const QRectF area = chart()->plotArea();
    if (m_grid.empty() || !m_overlay.empty() || !area.contains(pos)) {
        m_hovered.reset();
        for (QGraphicsItem* item : std::initializer_list<QGraphicsItem*>{m_crossV, m_crossH, m_hoverBox})
            item->setVisible(false);
        return;
    }
    // The grid row nearest to the pointer's threshold, wherever the pointer is vertically.
    const double t = chart()->mapToValue(pos, m_f1).x();
    auto it = std::lower_bound(m_grid.begin(), m_grid.end(), t,
                               [](const Metrics& m, double x) { return m.threshold < x; });
    if (it == m_grid.end() || (it != m_grid.begin() && t - std::prev(it)->threshold < it->threshold - t))
        it = std::prev(it);
    const Metrics& m = *it;
    m_hovered = m;
    const QPointF at = chart()->mapToPosition(QPointF(m.threshold, m.f1Defined ? m.objective : 0.0), m_f1);
    m_crossV->setLine(at.x(), area.top(), at.x(), area.bottom());
    m_crossV->setVisible(true);
    m_crossH->setLine(area.left(), at.y(), area.right(), at.y());
    m_crossH->setVisible(m.f1Defined);
    const QString objective = QString::fromStdString(m_objective.name());
    m_hoverLabel->setText(
        tr("t = %1\nP %2   R %3   %4 %5\nTP %6   FP %7   FN %8")
            .arg(formatThreshold(m.threshold), formatRatio(m.precision), formatRatio(m.recall), objective,
                 m.f1Defined ? QString::number(m.objective, 'f', 4) : QStringLiteral("—"),
                 formatCount(m.counts.tp), formatCount(m.counts.fp), formatCount(m.counts.fn)));
    const QRectF text = m_hoverLabel->boundingRect();
    const QSizeF size(text.width() + 12, text.height() + 8);
    // Beside the crosshair, on the side with room, near the top of the plot.
    QPointF topLeft(at.x() + 10, area.top() + 6);
    if (topLeft.x() + size.width() > area.right() - 4)
        topLeft.setX(at.x() - 10 - size.width());
    m_hoverBox->setRect(QRectF(QPointF(0, 0), size));
    m_hoverBox->setPos(topLeft);
    m_hoverLabel->setPos(6, 4);
    m_hoverBox->setVisible(true);
}

void CurveChart::mouseMoveEvent(QMouseEvent* event)
{
    hoverAt(event->position());
    QChartView::mouseMoveEvent(event);
}

void CurveChart::leaveEvent(QEvent* event)
{
    hoverAt(QPointF(-1, -1));
    QChartView::leaveEvent(event);
}

void CurveChart::mousePressEvent(QMouseEvent* event)
{
    if (event->button() == Qt::LeftButton && chart()->plotArea().contains(event->position())) {
        if (const std::optional<LabelId> label = overlayLineAt(event->position(), 6.0)) {
            emit classClicked(*label);
            event->accept();
            return;
        }
        const double t = chart()->mapToValue(event->position(), m_f1).x();
        emit thresholdClicked(std::clamp(t, m_lower, m_upper));
        event->accept();
        return;
    }
    QChartView::mousePressEvent(event);
}

void CurveChart::resizeEvent(QResizeEvent* event)
{
    QChartView::resizeEvent(event);
    placeOptimumLabel();
}

} // namespace optconf
