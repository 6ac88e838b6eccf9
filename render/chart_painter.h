// SPDX-License-Identifier: MIT
#pragma once

#include "core/eval/evaluation.h"

#include <QColor>
#include <QFont>
#include <QPainterPath>
#include <QPointF>
#include <QRectF>
#include <QString>

#include <functional>
#include <optional>
#include <vector>

class QPainter;

namespace optconf {

/// A line of a chart; NaN points break the line (an undefined value draws no point).
struct ChartSeries
{
    QString name;
    QColor color;
    std::vector<QPointF> points;
    qreal width = 2.0;
    Qt::PenStyle style = Qt::SolidLine; ///< several models on one chart: a style per metric
};

struct ChartMarker
{
    QPointF at;
    QString label;
    QColor color;
    bool verticalLine = false; ///< also draw a dashed line through the whole plot at at.x()
};

/// One entry of a legend given in full (ChartSpec::legend): a line of a colour and style, or a dot.
struct ChartLegendEntry
{
    QString name;
    QColor color;
    Qt::PenStyle style = Qt::SolidLine;
    bool dot = false;
};

/// What to draw, in data coordinates. Axes span [0, 1] x [0, 1].
struct ChartSpec
{
    QString title;
    QString subtitle; ///< one line or more, split at \n
    QString xLabel;
    QString yLabel;
    std::vector<ChartSeries> series;
    std::vector<ChartMarker> markers;
    /// Shade x outside [shadeBelow, shadeAbove] (the thresholds outside the swept bounds).
    std::optional<double> shadeBelow;
    std::optional<double> shadeAbove;
    QString emptyText; ///< shown in the plot when there is nothing to draw
    /// The legend in full, instead of one entry per series and marker: several models' charts name
    /// each model once and each line style once. A legend wider than the chart wraps.
    std::optional<std::vector<ChartLegendEntry>> legend;
};

/// The logical size every chart is laid out in (pixels at 1x); painters scale it.
inline constexpr qreal kChartWidth = 800;
inline constexpr qreal kChartHeight = 480;

/// P, R and F1 over the grid against the threshold, the exact optimum marked, bounds shaded.
ChartSpec confidenceChart(const EvaluationResult& result);
/// Precision against recall over the exact curve with the optimum as operating point.
ChartSpec precisionRecallChart(const EvaluationResult& result);

/// Draws a chart laid out in kChartWidth x kChartHeight logical units into `target` (the painter
/// is scaled to fit; fonts are set in pixels so they scale with it). Uses only QPainter: works on
/// QImage, QSvgGenerator and QPdfWriter alike.
void paintChart(QPainter& painter, const QRectF& target, const ChartSpec& spec);

/// The colours every chart uses for the same quantity.
namespace chartcolors {
inline const QColor precision(0x1f, 0x77, 0xb4);
inline const QColor recall(0xe6, 0x7e, 0x00);
inline const QColor f1(0x2c, 0xa0, 0x2c);
inline const QColor objective(0x94, 0x67, 0xbd);
inline const QColor marker(0xd6, 0x27, 0x28);
inline const QColor axis(0x33, 0x33, 0x33);
inline const QColor grid(0xdd, 0xdd, 0xdd);
} // namespace chartcolors

/// The charts' font at a pixel size: DejaVu Sans (any sans-serif where it is missing), unhinted and
/// unshaped so that text stays searchable in PDF and SVG.
QFont chartFont(int pixelSize, bool bold = false);

/// Whether both coordinates are finite: an undefined value (NaN) is drawn as a gap.
bool finitePoint(const QPointF& p);

/// The polyline through `points`, each placed by `map`, broken where a point is not finite.
QPainterPath seriesPath(const std::vector<QPointF>& points,
                        const std::function<QPointF(const QPointF&)>& map);

/// Saves the painter and sets it up to draw a chart laid out in kChartWidth x `layoutHeight` units
/// into `target`: scaled, antialiased, on white. The caller restores it when done.
void beginChart(QPainter& painter, const QRectF& target, qreal layoutHeight);

/// The area under a precision-recall curve by 101-point interpolation (COCO's): the mean, over
/// recall r = 0, 0.01, ..., 1, of the highest precision at recall >= r (0 where none). Rows with
/// undefined precision or recall are skipped. Nullopt when no row has both.
std::optional<double> interpolatedArea(const std::vector<Metrics>& rows);

/// Fixed-point text of a figure as every report shows it ("0.8323").
QString formatFixed(double v, int decimals = 4);

} // namespace optconf
