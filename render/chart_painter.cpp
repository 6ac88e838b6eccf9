// SPDX-License-Identifier: MIT
#include "render/chart_painter.h"

#include <QFontMetricsF>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>
#include <limits>

namespace optconf {

namespace {

const QColor kPrecisionColor = chartcolors::precision;
const QColor kRecallColor = chartcolors::recall;
const QColor kF1Color = chartcolors::f1;
const QColor kMarkerColor = chartcolors::marker;
const QColor kAxisColor = chartcolors::axis;
const QColor kGridColor = chartcolors::grid;
const QColor kShadeColor(0xee, 0xee, 0xee);

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
/// Long curves are thinned to about this many points for drawing (the optimum is never dropped).
constexpr std::size_t kMaxDrawnPoints = 3000;

double value(const std::optional<double>& v)
{
    return v ? *v : kNaN;
}

} // namespace

bool finitePoint(const QPointF& p)
{
    return std::isfinite(p.x()) && std::isfinite(p.y());
}

QPainterPath seriesPath(const std::vector<QPointF>& points, const std::function<QPointF(const QPointF&)>& map)
{
    QPainterPath path;
    bool open = false;
    for (const QPointF& p : points) {
        if (!finitePoint(p)) {
            open = false;
            continue;
        }
        if (open)
            path.lineTo(map(p));
        else
            path.moveTo(map(p));
        open = true;
    }
    return path;
}

QFont chartFont(int pixelSize, bool bold)
{
    QFont f(QStringLiteral("DejaVu Sans"));
    f.setStyleHint(QFont::SansSerif);
    f.setPixelSize(pixelSize);
    f.setBold(bold);
    f.setHintingPreference(QFont::PreferNoHinting);
    f.setStyleStrategy(QFont::PreferNoShaping); // no ligatures: text stays searchable in PDF and SVG
    return f;
}

std::optional<double> interpolatedArea(const std::vector<Metrics>& rows)
{
    std::vector<std::pair<double, double>> points; // recall, precision
    for (const Metrics& m : rows)
        if (m.precision && m.recall)
            points.emplace_back(*m.recall, *m.precision);
    if (points.empty())
        return std::nullopt;
    // Highest precision at recall >= r: sort by recall descending and keep a running maximum.
    std::sort(points.begin(), points.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    double sum = 0;
    std::size_t i = 0;
    double best = 0;
    for (int k = 100; k >= 0; --k) {
        const double r = k / 100.0;
        while (i < points.size() && points[i].first >= r)
            best = std::max(best, points[i++].second);
        sum += best;
    }
    return sum / 101.0;
}

QString formatFixed(double v, int decimals)
{
    return QString::number(v, 'f', decimals);
}

ChartSpec confidenceChart(const EvaluationResult& result)
{
    const SweepResult& s = result.sweep;
    ChartSpec spec;
    spec.title = QStringLiteral("Precision, recall and F1 against the confidence threshold");
    spec.subtitle = QStringLiteral("%1 vs %2, IoU %3, %4 grid points")
                        .arg(QString::fromStdString(result.request.predictionField),
                             QString::fromStdString(result.request.groundTruthField),
                             formatFixed(result.request.match.iouThreshold, 2))
                        .arg(s.thresholds.size());
    spec.xLabel = QStringLiteral("confidence threshold (keep if confidence \u2265 threshold)");
    spec.yLabel = QStringLiteral("value");
    ChartSeries precision{QStringLiteral("precision"), kPrecisionColor, {}, 2.0};
    ChartSeries recall{QStringLiteral("recall"), kRecallColor, {}, 2.0};
    ChartSeries f1{
        s.options.objective.isF1() ? QStringLiteral("F1") : QStringLiteral("F1"), kF1Color, {}, 2.6};
    for (const Metrics& m : s.total.grid) {
        precision.points.emplace_back(m.threshold, value(m.precision));
        recall.points.emplace_back(m.threshold, value(m.recall));
        f1.points.emplace_back(m.threshold, m.f1Defined ? m.f1 : kNaN);
    }
    spec.series = {precision, recall, f1};
    // A cost is not a ratio: on this chart's 0-1 axis it is drawn divided by its highest value,
    // which the legend states.
    const bool cost = s.options.objective.isCost();
    double scale = 1;
    if (cost) {
        double top = 0;
        for (const Metrics& m : s.total.grid)
            if (m.f1Defined)
                top = std::max(top, m.objective);
        if (top > 0)
            scale = top;
    }
    if (!s.options.objective.isF1()) {
        ChartSeries objective{
            cost ? QStringLiteral("cost per image / %1 (its highest)").arg(formatFixed(scale))
                 : QString::fromStdString(s.options.objective.name()),
            chartcolors::objective,
            {},
            2.0};
        for (const Metrics& m : s.total.grid)
            objective.points.emplace_back(m.threshold, m.f1Defined || !cost ? m.objective / scale : kNaN);
        spec.series.push_back(objective);
    }
    if (s.total.optimum) {
        const Metrics& o = *s.total.optimum;
        const QString name = QString::fromStdString(s.options.objective.name());
        spec.markers.push_back({QPointF(o.threshold, s.options.objective.isF1() ? o.f1 : o.objective / scale),
                                QStringLiteral("optimum %1 = %2 at threshold %3")
                                    .arg(name, formatFixed(s.options.objective.isF1() ? o.f1 : o.objective),
                                         formatFixed(o.threshold)),
                                kMarkerColor, true});
    }
    if (s.options.lower > 0)
        spec.shadeBelow = s.options.lower;
    if (s.options.upper < 1)
        spec.shadeAbove = s.options.upper;
    spec.emptyText = QStringLiteral("no grid point has a defined value");
    return spec;
}

ChartSpec precisionRecallChart(const EvaluationResult& result)
{
    const SweepResult& s = result.sweep;
    ChartSpec spec;
    const auto pooledArea = interpolatedArea(s.total.exact);
    spec.title = QStringLiteral("Precision against recall, all classes pooled");
    // What is drawn (one curve of every class's predictions together, at the run's IoU) is not
    // what AP averages (one curve per class): the caption says which figure belongs to which.
    spec.subtitle =
        QStringLiteral("Pooled curve at IoU %1, every distinct confidence in [%2, %3]: area %4 "
                       "(101-point interpolated)\nNot drawn here: AP is the mean of the per-class curves: "
                       "AP@0.5 %5, AP@[.5:.95] %6")
            .arg(formatFixed(result.request.match.iouThreshold, 2), formatFixed(s.options.lower, 2),
                 formatFixed(s.options.upper, 2),
                 pooledArea ? formatFixed(*pooledArea) : QStringLiteral("n/a"),
                 result.ap.ap50 ? formatFixed(*result.ap.ap50) : QStringLiteral("n/a"),
                 result.ap.ap50_95 ? formatFixed(*result.ap.ap50_95) : QStringLiteral("n/a"));
    spec.xLabel = QStringLiteral("recall");
    spec.yLabel = QStringLiteral("precision");
    ChartSeries pr{QStringLiteral("all classes pooled"), kPrecisionColor, {}, 2.0};
    const auto& exact = s.total.exact;
    const std::size_t stride = std::max<std::size_t>(1, exact.size() / kMaxDrawnPoints);
    for (std::size_t i = 0; i < exact.size(); ++i) {
        const Metrics& m = exact[i];
        if (i % stride != 0 && i + 1 != exact.size())
            continue;
        if (m.precision && m.recall)
            pr.points.emplace_back(*m.recall, *m.precision);
    }
    spec.series = {pr};
    if (s.total.optimum && s.total.optimum->precision && s.total.optimum->recall) {
        const Metrics& o = *s.total.optimum;
        spec.markers.push_back(
            {QPointF(*o.recall, *o.precision),
             QStringLiteral("operating point at threshold %1: P %2, R %3")
                 .arg(formatFixed(o.threshold), formatFixed(*o.precision), formatFixed(*o.recall)),
             kMarkerColor, false});
    }
    spec.emptyText = QStringLiteral("no threshold has both precision and recall defined");
    return spec;
}

void beginChart(QPainter& painter, const QRectF& target, qreal layoutHeight)
{
    painter.save();
    painter.translate(target.topLeft());
    painter.scale(target.width() / kChartWidth, target.height() / layoutHeight);
    painter.setRenderHint(QPainter::Antialiasing, true);
    painter.setRenderHint(QPainter::TextAntialiasing, true);
    painter.fillRect(QRectF(0, 0, kChartWidth, layoutHeight), Qt::white);
}

void paintChart(QPainter& painter, const QRectF& target, const ChartSpec& spec)
{
    beginChart(painter, target, kChartHeight);

    const QFont titleFont = chartFont(18, true);
    const QFont textFont = chartFont(13);
    const QFont smallFont = chartFont(12);

    // Vertical layout: title, subtitle, legend row, plot, tick labels, axis label.
    qreal y = 10;
    painter.setPen(kAxisColor);
    painter.setFont(titleFont);
    const qreal titleHeight = QFontMetricsF(titleFont, painter.device()).height();
    painter.drawText(QRectF(12, y, kChartWidth - 24, titleHeight), Qt::AlignLeft | Qt::AlignVCenter,
                     spec.title);
    y += titleHeight + 2;
    painter.setFont(smallFont);
    const QFontMetricsF smallMetrics(smallFont, painter.device());
    if (!spec.subtitle.isEmpty()) {
        painter.setPen(QColor(0x55, 0x55, 0x55));
        for (const QString& line : spec.subtitle.split(u'\n')) {
            painter.drawText(QRectF(12, y, kChartWidth - 24, smallMetrics.height()),
                             Qt::AlignLeft | Qt::AlignVCenter,
                             smallMetrics.elidedText(line, Qt::ElideRight, kChartWidth - 24));
            y += smallMetrics.height() + 2;
        }
        y += 4;
    }

    // Legend: one row of swatches and names.
    painter.setFont(textFont);
    const QFontMetricsF textMetrics(textFont, painter.device());
    qreal x = 12;
    qreal legendY = y + textMetrics.height() / 2;
    auto legendEntry = [&](const QColor& color, const QString& name, bool dot,
                           Qt::PenStyle style = Qt::SolidLine) {
        const qreal w = textMetrics.horizontalAdvance(name);
        // An entry that would run off the chart starts a new row (no single-model chart has one).
        if (x > 12 && x + 28 + w > kChartWidth - 12) {
            x = 12;
            y += textMetrics.height() + 4;
            legendY = y + textMetrics.height() / 2;
        }
        if (dot) {
            painter.setPen(QPen(color, 1.5));
            painter.setBrush(color);
            painter.drawEllipse(QPointF(x + 11, legendY), 4.5, 4.5);
        } else {
            painter.setPen(QPen(color, style == Qt::SolidLine ? 3 : 2, style, Qt::FlatCap));
            painter.drawLine(QPointF(x, legendY), QPointF(x + 22, legendY));
        }
        painter.setPen(kAxisColor);
        painter.setBrush(Qt::NoBrush);
        painter.drawText(QRectF(x + 28, y, w + 4, textMetrics.height()), Qt::AlignLeft | Qt::AlignVCenter,
                         name);
        x += 28 + w + 22;
    };
    if (spec.legend) {
        for (const ChartLegendEntry& e : *spec.legend)
            legendEntry(e.color, e.name, e.dot, e.style);
    } else {
        for (const ChartSeries& s : spec.series)
            legendEntry(s.color, s.name, false);
        for (const ChartMarker& m : spec.markers)
            legendEntry(m.color,
                        m.verticalLine ? QStringLiteral("exact optimum") : QStringLiteral("operating point"),
                        true);
    }
    if (spec.shadeBelow || spec.shadeAbove) {
        painter.fillRect(QRectF(x, legendY - 7, 22, 14), kShadeColor);
        painter.setPen(QColor(0xbb, 0xbb, 0xbb));
        painter.drawRect(QRectF(x, legendY - 7, 22, 14));
        painter.setPen(kAxisColor);
        const QString name = QStringLiteral("outside the swept bounds");
        painter.drawText(QRectF(x + 28, y, textMetrics.horizontalAdvance(name) + 4, textMetrics.height()),
                         Qt::AlignLeft | Qt::AlignVCenter, name);
    }
    y += textMetrics.height() + 8;

    // Plot area: room on the left for the y tick labels and the rotated axis label.
    const qreal tickLabelWidth = smallMetrics.horizontalAdvance(QStringLiteral("0.0")) + 8;
    const qreal left = 12 + textMetrics.height() + 6 + tickLabelWidth;
    const qreal right = kChartWidth - 24;
    const qreal bottom = kChartHeight - 12 - textMetrics.height() - 6 - smallMetrics.height() - 6;
    const QRectF plot(QPointF(left, y + 4), QPointF(right, bottom));
    auto map = [&](const QPointF& p) {
        return QPointF(plot.left() + p.x() * plot.width(), plot.bottom() - p.y() * plot.height());
    };

    // Shaded thresholds outside the bounds.
    if (spec.shadeBelow)
        painter.fillRect(QRectF(map({0, 1}), map({*spec.shadeBelow, 0})), kShadeColor);
    if (spec.shadeAbove)
        painter.fillRect(QRectF(map({*spec.shadeAbove, 1}), map({1, 0})), kShadeColor);

    // Grid lines, ticks and tick labels at 0, 0.1, ..., 1.
    painter.setFont(smallFont);
    for (int i = 0; i <= 10; ++i) {
        const double v = i / 10.0;
        painter.setPen(QPen(kGridColor, i % 5 == 0 ? 1.0 : 0.6));
        painter.drawLine(map({v, 0}), map({v, 1}));
        painter.drawLine(map({0, v}), map({1, v}));
        if (i % 2 != 0)
            continue;
        painter.setPen(kAxisColor);
        const QString label = formatFixed(v, 1);
        const QPointF bx = map({v, 0});
        painter.drawLine(bx, bx + QPointF(0, 4));
        painter.drawText(QRectF(bx.x() - 30, bx.y() + 5, 60, smallMetrics.height()),
                         Qt::AlignHCenter | Qt::AlignTop, label);
        const QPointF ly = map({0, v});
        painter.drawLine(ly, ly - QPointF(4, 0));
        painter.drawText(QRectF(ly.x() - 6 - tickLabelWidth, ly.y() - smallMetrics.height() / 2,
                                tickLabelWidth, smallMetrics.height()),
                         Qt::AlignRight | Qt::AlignVCenter, label);
    }
    painter.setPen(QPen(kAxisColor, 1.2));
    painter.setBrush(Qt::NoBrush);
    painter.drawRect(plot);

    // Axis labels.
    painter.setFont(textFont);
    painter.drawText(
        QRectF(plot.left(), kChartHeight - 10 - textMetrics.height(), plot.width(), textMetrics.height()),
        Qt::AlignHCenter | Qt::AlignVCenter, spec.xLabel);
    painter.save();
    painter.translate(12, plot.center().y());
    painter.rotate(-90);
    painter.drawText(QRectF(-plot.height() / 2, 0, plot.height(), textMetrics.height()),
                     Qt::AlignHCenter | Qt::AlignVCenter, spec.yLabel);
    painter.restore();

    // Series, clipped to the plot.
    painter.save();
    painter.setClipRect(plot.adjusted(-2, -2, 2, 2));
    bool anyPoint = false;
    for (const ChartSeries& s : spec.series) {
        anyPoint = anyPoint || std::any_of(s.points.begin(), s.points.end(), finitePoint);
        painter.setPen(QPen(s.color, s.width, s.style, s.style == Qt::SolidLine ? Qt::RoundCap : Qt::FlatCap,
                            Qt::RoundJoin));
        painter.drawPath(seriesPath(s.points, map));
        // A single point of a series would be invisible as a path.
        if (s.points.size() == 1 && finitePoint(s.points.front())) {
            painter.setBrush(s.color);
            painter.drawEllipse(map(s.points.front()), 3, 3);
            painter.setBrush(Qt::NoBrush);
        }
    }
    painter.restore();
    if (!anyPoint && !spec.emptyText.isEmpty()) {
        painter.setPen(QColor(0x77, 0x77, 0x77));
        painter.drawText(plot, Qt::AlignCenter, spec.emptyText);
    }

    // Markers with a boxed label that stays inside the plot.
    for (const ChartMarker& m : spec.markers) {
        if (!finitePoint(m.at))
            continue;
        const QPointF p = map(m.at);
        if (m.verticalLine) {
            painter.setPen(QPen(m.color, 1.2, Qt::DashLine));
            painter.drawLine(QPointF(p.x(), plot.top()), QPointF(p.x(), plot.bottom()));
        }
        painter.setPen(QPen(Qt::white, 1.5));
        painter.setBrush(m.color);
        painter.drawEllipse(p, 6, 6);
        painter.setBrush(Qt::NoBrush);
        if (m.label.isEmpty()) // several models' optima: the dots alone, the figures in the table
            continue;

        painter.setFont(textFont);
        const qreal w = textMetrics.horizontalAdvance(m.label) + 14;
        const qreal h = textMetrics.height() + 8;
        // Of the four corners around the point, the box goes where it hides the fewest curve points
        // (first candidate on ties: above right), always inside the plot.
        auto clampBox = [&](qreal bx, qreal by) {
            bx = std::clamp(bx, plot.left() + 4, std::max(plot.left() + 4, plot.right() - 4 - w));
            by = std::clamp(by, plot.top() + 4, std::max(plot.top() + 4, plot.bottom() - 4 - h));
            return QRectF(bx, by, w, h);
        };
        const QRectF candidates[] = {clampBox(p.x() + 12, p.y() - 14 - h),
                                     clampBox(p.x() - 12 - w, p.y() - 14 - h),
                                     clampBox(p.x() + 12, p.y() + 14), clampBox(p.x() - 12 - w, p.y() + 14)};
        QRectF best = candidates[0];
        int fewest = std::numeric_limits<int>::max();
        for (const QRectF& candidate : candidates) {
            int hidden = candidate.adjusted(-4, -4, 4, 4).contains(p) ? 1000 : 0;
            for (const ChartSeries& s : spec.series)
                for (const QPointF& q : s.points)
                    hidden += finitePoint(q) && candidate.adjusted(-3, -3, 3, 3).contains(map(q));
            if (hidden < fewest) {
                fewest = hidden;
                best = candidate;
            }
        }
        const qreal lx = best.x(), ly = best.y();
        const QRectF box(lx, ly, w, h);
        painter.setPen(QPen(m.color, 1.2));
        painter.setBrush(QColor(255, 255, 255, 235));
        painter.drawRoundedRect(box, 4, 4);
        painter.setBrush(Qt::NoBrush);
        painter.setPen(kAxisColor);
        painter.drawText(box, Qt::AlignCenter, m.label);
    }
    painter.restore();
}

} // namespace optconf
