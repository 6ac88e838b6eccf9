// SPDX-License-Identifier: MIT
#pragma once

#include "render/chart_painter.h"

#include <QString>

#include <optional>
#include <vector>

class QPainter;

namespace optconf {

/// One small chart of a grid: one class's curves in data coordinates ([0, 1] x [0, 1]).
struct ChartPanel
{
    QString title;
    std::vector<ChartSeries> series;
    std::optional<QPointF> marker; ///< the class's own optimum
};

/// Small multiples: one panel per class, sharing axes, legend and caption.
struct SmallMultiplesSpec
{
    QString title;
    QString subtitle; ///< up to two lines, split at \n
    QString xLabel;
    QString yLabel;
    std::vector<ChartSeries> legend; ///< names and colours of the panels' series (no points)
    std::vector<ChartPanel> panels;
    int columns = 4;
};

/// Panels per chart: a chart beyond this many classes continues in the next one (a PDF page holds
/// one chart).
inline constexpr std::size_t kPanelsPerChart = 16;
/// Classes drawn at most (those with the most ground truth); the per-class CSV has them all.
inline constexpr std::size_t kMaxClassesDrawn = 64;

/// Precision, recall and the objective against the threshold, per class, over the grid; each
/// class's exact optimum marked. One spec per kPanelsPerChart classes.
std::vector<SmallMultiplesSpec> perClassConfidenceCharts(const EvaluationResult& result);
/// Precision against recall per class, at the grid thresholds; each class's optimum marked.
std::vector<SmallMultiplesSpec> perClassPrecisionRecallCharts(const EvaluationResult& result);
/// How many classes the per-class charts leave out (beyond kMaxClassesDrawn).
std::size_t classesNotDrawn(const EvaluationResult& result);

/// The logical height of a spec laid out kChartWidth wide.
qreal smallMultiplesHeight(const SmallMultiplesSpec& spec);
/// Draws `spec` laid out in kChartWidth x smallMultiplesHeight(spec) into `target`.
void paintSmallMultiples(QPainter& painter, const QRectF& target, const SmallMultiplesSpec& spec);

} // namespace optconf
