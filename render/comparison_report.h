// SPDX-License-Identifier: MIT
#pragma once

#include "core/eval/comparison.h"
#include "core/output/report_json.h"
#include "render/chart_painter.h"

#include <QColor>
#include <QString>

#include <functional>

namespace optconf {

/// A colour per model (Okabe and Ito's palette: told apart also with the common colour-vision
/// deficiencies); the app's comparison chart uses the same.
QColor modelColour(std::size_t m);

/// Every model's precision, recall and F1 against the threshold on one chart: a colour per model,
/// a line style per metric (F1 solid, precision dashed, recall dotted), each optimum marked.
ChartSpec comparisonConfidenceChart(const ComparisonResult& result);
/// Every model's precision-recall curve on one chart, each optimum marked.
ChartSpec comparisonPrecisionRecallChart(const ComparisonResult& result);

/// The reports' comparison section (<section id="comparison">): the comparison table, the paired
/// bootstrap's statements, the two overlaid charts (`chart(0)` and `chart(1)` give their blocks)
/// and the per-class comparison with each class's winner. `qtText`: QTextDocument's HTML subset
/// (PDF). The rest of such a report is the first model's.
QString comparisonSectionHtml(const ComparisonResult& result, bool qtText,
                              const std::function<QString(std::size_t)>& chart);

/// The context of a comparison's report: `context` with the comparison set, titled "A vs B" unless
/// it has a title, and its error analysis made for the first model (whose report the rest is) at
/// `analysisAt`, else at that model's default.
ReportContext comparisonReportContext(ReportContext context, const Dataset& dataset,
                                      const ComparisonResult& result,
                                      std::optional<double> analysisAt = std::nullopt);

} // namespace optconf
