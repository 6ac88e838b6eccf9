// SPDX-License-Identifier: MIT
#include "render/class_charts.h"

#include <QFontMetricsF>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>
#include <limits>

namespace optconf {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr qreal kHeaderHeight = 104; ///< title, two subtitle lines and the legend above the panels
constexpr qreal kPanelHeight = 150;
constexpr qreal kFooterHeight = 24; ///< the axis labels below the panels

double value(const std::optional<double>& v)
{
    return v ? *v : kNaN;
}

/// The classes drawn: those with ground truth or predictions, the most ground truth first (ties by
/// name, the sweep's order), at most kMaxClassesDrawn.
std::vector<const ClassCurve*> drawnClasses(const EvaluationResult& result)
{
    std::vector<const ClassCurve*> classes;
    for (const ClassCurve& c : result.sweep.classes)
        if (!c.curve.grid.empty())
            classes.push_back(&c);
    std::stable_sort(classes.begin(), classes.end(), [](const ClassCurve* a, const ClassCurve* b) {
        return a->groundTruth > b->groundTruth;
    });
    if (classes.size() > kMaxClassesDrawn)
        classes.resize(kMaxClassesDrawn);
    return classes;
}

QString panelTitle(const ClassCurve& c)
{
    return QStringLiteral("%1 (GT %2)").arg(QString::fromStdString(c.name)).arg(c.groundTruth);
}

/// Splits panels into charts of kPanelsPerChart, numbering the titles when there is more than one.
std::vector<SmallMultiplesSpec> paginate(const SmallMultiplesSpec& all)
{
    std::vector<SmallMultiplesSpec> charts;
    const std::size_t count = (all.panels.size() + kPanelsPerChart - 1) / kPanelsPerChart;
    for (std::size_t i = 0; i < count; ++i) {
        SmallMultiplesSpec chart = all;
        chart.panels.assign(all.panels.begin() + std::ptrdiff_t(i * kPanelsPerChart),
                            all.panels.begin() +
                                std::ptrdiff_t(std::min(all.panels.size(), (i + 1) * kPanelsPerChart)));
        if (count > 1)
            chart.title += QStringLiteral(" (%1 of %2)").arg(i + 1).arg(count);
        charts.push_back(std::move(chart));
    }
    return charts;
}

QString notDrawnNote(const EvaluationResult& result)
{
    const std::size_t left = classesNotDrawn(result);
    return left == 0
               ? QString()
               : QStringLiteral("\nThe %1 classes with the most ground truth are drawn; %2 more are in the "
                                "per-class CSV (--classes-csv) and the JSON report.")
                     .arg(kMaxClassesDrawn)
                     .arg(left);
}

} // namespace

std::size_t classesNotDrawn(const EvaluationResult& result)
{
    std::size_t withCurves = 0;
    for (const ClassCurve& c : result.sweep.classes)
        withCurves += !c.curve.grid.empty();
    return withCurves > kMaxClassesDrawn ? withCurves - kMaxClassesDrawn : 0;
}

std::vector<SmallMultiplesSpec> perClassConfidenceCharts(const EvaluationResult& result)
{
    const Objective& objective = result.sweep.options.objective;
    // A cost is not a ratio: these 0-1 panels draw F1 under it, the dot at the cost's optimum.
    const bool cost = objective.isCost();
    const QString objectiveName = QString::fromStdString(objective.name());
    const QString lineName = cost ? QStringLiteral("F1") : objectiveName;
    SmallMultiplesSpec spec;
    spec.title =
        QStringLiteral("Per class: precision, recall and %1 against the confidence threshold").arg(lineName);
    spec.subtitle =
        QStringLiteral("IoU %1, at the %2 grid thresholds; the dot is each class's exact %3 optimum%4")
            .arg(formatFixed(result.request.match.iouThreshold, 2))
            .arg(result.sweep.thresholds.size())
            .arg(objectiveName, notDrawnNote(result));
    spec.xLabel = QStringLiteral("confidence threshold");
    spec.yLabel = QStringLiteral("value");
    const QColor objectiveColor = objective.isF1() || cost ? chartcolors::f1 : chartcolors::objective;
    spec.legend = {{QStringLiteral("precision"), chartcolors::precision, {}, 1.4},
                   {QStringLiteral("recall"), chartcolors::recall, {}, 1.4},
                   {lineName, objectiveColor, {}, 1.8}};
    for (const ClassCurve* c : drawnClasses(result)) {
        ChartPanel panel{panelTitle(*c), spec.legend, std::nullopt};
        for (const Metrics& m : c->curve.grid) {
            panel.series[0].points.emplace_back(m.threshold, value(m.precision));
            panel.series[1].points.emplace_back(m.threshold, value(m.recall));
            panel.series[2].points.emplace_back(m.threshold,
                                                m.f1Defined ? (cost ? m.f1 : m.objective) : kNaN);
        }
        if (c->curve.optimum)
            panel.marker = QPointF(c->curve.optimum->threshold,
                                   cost ? c->curve.optimum->f1 : c->curve.optimum->objective);
        spec.panels.push_back(std::move(panel));
    }
    return paginate(spec);
}

std::vector<SmallMultiplesSpec> perClassPrecisionRecallCharts(const EvaluationResult& result)
{
    SmallMultiplesSpec spec;
    spec.title = QStringLiteral("Per class: precision against recall");
    spec.subtitle =
        QStringLiteral("IoU %1, at the %2 grid thresholds; the dot is each class's exact %3 optimum%4")
            .arg(formatFixed(result.request.match.iouThreshold, 2))
            .arg(result.sweep.thresholds.size())
            .arg(QString::fromStdString(result.sweep.options.objective.name()), notDrawnNote(result));
    spec.xLabel = QStringLiteral("recall");
    spec.yLabel = QStringLiteral("precision");
    spec.legend = {{QStringLiteral("precision against recall"), chartcolors::precision, {}, 1.6}};
    for (const ClassCurve* c : drawnClasses(result)) {
        ChartPanel panel{panelTitle(*c), spec.legend, std::nullopt};
        for (const Metrics& m : c->curve.grid)
            if (m.precision && m.recall)
                panel.series[0].points.emplace_back(*m.recall, *m.precision);
        const auto& o = c->curve.optimum;
        if (o && o->precision && o->recall)
            panel.marker = QPointF(*o->recall, *o->precision);
        spec.panels.push_back(std::move(panel));
    }
    return paginate(spec);
}

qreal smallMultiplesHeight(const SmallMultiplesSpec& spec)
{
    const std::size_t columns = std::size_t(std::max(1, spec.columns));
    const std::size_t rows = std::max<std::size_t>(1, (spec.panels.size() + columns - 1) / columns);
    return kHeaderHeight + qreal(rows) * kPanelHeight + kFooterHeight;
}

void paintSmallMultiples(QPainter& painter, const QRectF& target, const SmallMultiplesSpec& spec)
{
    const qreal height = smallMultiplesHeight(spec);
    beginChart(painter, target, height);

    const QFont titleFont = chartFont(18, true);
    const QFont textFont = chartFont(13);
    const QFont smallFont = chartFont(11);
    const QFontMetricsF small(smallFont, painter.device());
    const QFontMetricsF text(textFont, painter.device());

    qreal y = 10;
    painter.setPen(chartcolors::axis);
    painter.setFont(titleFont);
    const qreal titleHeight = QFontMetricsF(titleFont, painter.device()).height();
    painter.drawText(
        QRectF(12, y, kChartWidth - 24, titleHeight), Qt::AlignLeft | Qt::AlignVCenter,
        QFontMetricsF(titleFont, painter.device()).elidedText(spec.title, Qt::ElideRight, kChartWidth - 24));
    y += titleHeight + 2;
    painter.setFont(smallFont);
    painter.setPen(QColor(0x55, 0x55, 0x55));
    for (const QString& line : spec.subtitle.split(u'\n').mid(0, 2)) {
        painter.drawText(QRectF(12, y, kChartWidth - 24, small.height()), Qt::AlignLeft | Qt::AlignVCenter,
                         small.elidedText(line, Qt::ElideRight, kChartWidth - 24));
        y += small.height() + 2;
    }
    y = std::max(y + 6, kHeaderHeight - 24 - text.height());
    painter.setFont(textFont);
    qreal x = 12;
    for (const ChartSeries& s : spec.legend) {
        const qreal mid = y + text.height() / 2;
        painter.setPen(QPen(s.color, 3, Qt::SolidLine, Qt::FlatCap));
        painter.drawLine(QPointF(x, mid), QPointF(x + 22, mid));
        painter.setPen(chartcolors::axis);
        const qreal w = text.horizontalAdvance(s.name);
        painter.drawText(QRectF(x + 28, y, w + 4, text.height()), Qt::AlignLeft | Qt::AlignVCenter, s.name);
        x += 28 + w + 22;
    }
    painter.setBrush(chartcolors::marker);
    painter.setPen(Qt::NoPen);
    painter.drawEllipse(QPointF(x + 11, y + text.height() / 2), 4, 4);
    painter.setBrush(Qt::NoBrush);
    painter.setPen(chartcolors::axis);
    const QString optimumName = QStringLiteral("class optimum");
    painter.drawText(QRectF(x + 22, y, text.horizontalAdvance(optimumName) + 4, text.height()),
                     Qt::AlignLeft | Qt::AlignVCenter, optimumName);

    const int columns = std::max(1, spec.columns);
    const qreal cellWidth = (kChartWidth - 24) / columns;
    for (std::size_t i = 0; i < spec.panels.size(); ++i) {
        const ChartPanel& panel = spec.panels[i];
        const QRectF cell(12 + qreal(i % std::size_t(columns)) * cellWidth,
                          kHeaderHeight + qreal(i / std::size_t(columns)) * kPanelHeight, cellWidth,
                          kPanelHeight);
        painter.setFont(smallFont);
        painter.setPen(chartcolors::axis);
        painter.drawText(QRectF(cell.left() + 26, cell.top(), cell.width() - 30, small.height()),
                         Qt::AlignLeft | Qt::AlignVCenter,
                         small.elidedText(panel.title, Qt::ElideMiddle, cell.width() - 30));
        const QRectF plot(cell.left() + 26, cell.top() + small.height() + 4, cell.width() - 36,
                          cell.height() - 2 * small.height() - 14);
        auto map = [&](const QPointF& p) {
            return QPointF(plot.left() + p.x() * plot.width(), plot.bottom() - p.y() * plot.height());
        };
        for (int k = 0; k <= 4; ++k) {
            const double v = k / 4.0;
            painter.setPen(QPen(chartcolors::grid, 0.6));
            painter.drawLine(map({v, 0}), map({v, 1}));
            painter.drawLine(map({0, v}), map({1, v}));
        }
        painter.setPen(chartcolors::axis);
        for (const double v : {0.0, 0.5, 1.0}) {
            const QString label = formatFixed(v, 1);
            const QPointF bx = map({v, 0});
            painter.drawText(QRectF(bx.x() - 15, bx.y() + 1, 30, small.height()),
                             Qt::AlignHCenter | Qt::AlignTop, label);
            const QPointF ly = map({0, v});
            painter.drawText(QRectF(ly.x() - 26, ly.y() - small.height() / 2, 23, small.height()),
                             Qt::AlignRight | Qt::AlignVCenter, label);
        }
        painter.setPen(QPen(chartcolors::axis, 1.0));
        painter.drawRect(plot);
        painter.save();
        painter.setClipRect(plot.adjusted(-2, -2, 2, 2));
        for (const ChartSeries& s : panel.series) {
            painter.setPen(QPen(s.color, s.width, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
            painter.drawPath(seriesPath(s.points, map));
        }
        if (panel.marker && finitePoint(*panel.marker)) {
            painter.setPen(QPen(Qt::white, 1));
            painter.setBrush(chartcolors::marker);
            painter.drawEllipse(map(*panel.marker), 4, 4);
            painter.setBrush(Qt::NoBrush);
        }
        painter.restore();
    }
    painter.setFont(textFont);
    painter.setPen(chartcolors::axis);
    painter.drawText(QRectF(12, height - kFooterHeight, kChartWidth - 24, kFooterHeight),
                     Qt::AlignHCenter | Qt::AlignVCenter,
                     QStringLiteral("x: %1, y: %2, both from 0 to 1").arg(spec.xLabel, spec.yLabel));
    painter.restore();
}

} // namespace optconf
