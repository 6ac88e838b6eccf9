// SPDX-License-Identifier: MIT
#pragma once

#include "core/eval/comparison.h"
#include "render/chart_painter.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>

#include <optional>

namespace optconf {

/// Every model's F1 against the threshold on one chart, a colour per model, each optimum marked.
ChartSpec comparisonConfidenceChart(const ComparisonResult& result);
/// Every model's precision-recall curve on one chart, each optimum marked.
ChartSpec comparisonPrecisionRecallChart(const ComparisonResult& result);

/// A self-contained HTML page: the overlaid charts, the comparison table, the per-class
/// comparison and the bootstrap's statements.
QByteArray comparisonReportHtml(const Dataset& dataset, const ComparisonResult& result,
                                const QDateTime& created);

/// Writes comparisonReportHtml() to `path` (.html); nullopt on success, else the message.
std::optional<QString> writeComparisonReport(const QString& path, const Dataset& dataset,
                                             const ComparisonResult& result, const QDateTime& created);

} // namespace optconf
