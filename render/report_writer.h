// SPDX-License-Identifier: MIT
#pragma once

#include "core/eval/evaluation.h"
#include "core/output/page_size.h"
#include "core/output/report_json.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>

#include <optional>

namespace optconf {

/// What a report or an export is made from. The references must outlive the call.
struct ReportInput
{
    const Dataset& dataset;
    const EvaluationResult& result;
    ReportContext context;
    /// When the report was made (shown in HTML and PDF); invalid means "now".
    QDateTime created = {};
    /// Images in "Images with the most errors" (0 leaves the section out).
    int reportImages = 12;
    /// Where the images are, searched before the folders beside the ground truth; empty for none.
    QString imagesDir = {};
    /// The dataset is the simulator's: its images are painted from the ground truth.
    bool simulatedImages = false;
};

enum class ChartKind
{
    Confidence,     ///< precision, recall and F1 against the threshold, optimum marked
    PrecisionRecall ///< precision against recall, operating point marked
};

/// Every function returns nullopt on success, else a message naming the path and the cause.
/// Every write goes through OutputFile (core/output/output_file.h): a file is replaced atomically (on
/// failure the previous one is left untouched), a device or a FIFO is written through.

/// Writes bytes to `path`.
std::optional<QString> writeTextFile(const QString& path, const QByteArray& bytes);

/// One self-contained HTML file: charts embedded as PNG data: URIs.
std::optional<QString> writeHtmlReport(const QString& path, const ReportInput& input);
/// The HTML text itself (what writeHtmlReport writes).
QByteArray htmlReport(const ReportInput& input);

struct PdfInfo
{
    int pages = 0;
};
/// A PDF made with QPdfWriter: vector charts, tables split over pages with repeated headers.
/// Needs a QGuiApplication (fonts).
std::optional<QString> writePdfReport(const QString& path, const ReportInput& input,
                                      PageSize pageSize = PageSize::A4, PdfInfo* info = nullptr);

/// A chart as PNG; `scale` 2 gives a 2x image (same layout, twice the pixels).
std::optional<QString> writeChartPng(const QString& path, const ReportInput& input, ChartKind kind,
                                     double scale = 1.0);
/// A chart as SVG (QSvgGenerator).
std::optional<QString> writeChartSvg(const QString& path, const ReportInput& input, ChartKind kind);

/// QSvgGenerator names one font family ("DejaVu Sans", or Qt's "Sans Serif"), which a viewer
/// without DejaVu replaces with its default, often a serif: every font-family of `svg` becomes a
/// CSS fallback list ending in the generic sans-serif.
QByteArray withFontFallbacks(const QByteArray& svg);

/// The deployable per-class thresholds file (see thresholds_file.h for the rule).
std::optional<QString> writeThresholdsFile(const QString& path, const ReportInput& input);

} // namespace optconf
