// SPDX-License-Identifier: MIT
#pragma once

#include "core/eval/threshold_analysis.h"

#include <QFont>
#include <QRectF>
#include <QString>

#include <functional>
#include <optional>
#include <vector>

class QPainter;

namespace optconf {

/// The TP/FP score histogram as stacked bars (true positives at the bottom), the threshold drawn
/// across: shared by the GUI's Errors tab and the reports.
void paintScoreHistogram(QPainter& painter, const QRectF& area, const ScoreHistogram& histogram,
                         std::optional<double> threshold, const QFont& font);

/// One horizontal bar per error type (and missed) at a threshold, with its count and F1 gain.
void paintErrorBars(QPainter& painter, const QRectF& area, const ErrorAnalysis& errors, double threshold,
                    const QFont& font);

/// The confusion matrix as a heat map (diagonal green, confusions orange, "(none)" blue-grey), with
/// counts written in cells large enough to hold them.
void paintConfusionMatrix(QPainter& painter, const QRectF& area, const ConfusionMatrix& matrix,
                          double threshold, const QFont& font);

/// F1 against the confidence threshold at IoU 0.5, 0.75 and 0.5:0.95 (the mean of the ten AP IoU
/// thresholds' F1) over [lower, upper], the threshold drawn across with the three values.
void paintIouCurves(QPainter& painter, const QRectF& area, const IouCurves& curves, double lower,
                    double upper, std::optional<double> threshold, const QFont& font);

/// A figure of the reports' error section: title, logical size and painter.
struct AnalysisFigure
{
    QString title;
    QSizeF size;
    std::function<void(QPainter&, const QRectF&)> paint;
};

/// How many figures analysisFigures() gives.
inline constexpr std::size_t kAnalysisFigureCount = 4;

/// The figures of the error section, in the order analysisSectionHtml() places them.
std::vector<AnalysisFigure> analysisFigures(const ThresholdAnalysis& analysis, double threshold,
                                            double width);

/// The report section "Errors at the threshold": the error table with F1 gains, the counts per
/// object size, F1 at the three IoU thresholds, the most confused pairs, and the figures, each
/// written by `figureBlock(i)` (i into analysisFigures()).
QString analysisSectionHtml(const ThresholdAnalysis& analysis, double threshold, bool qtText,
                            const std::function<QString(std::size_t)>& figureBlock);

} // namespace optconf
