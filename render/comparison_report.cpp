// SPDX-License-Identifier: MIT
#include "render/comparison_report.h"

#include "render/report_writer.h"

#include <QBuffer>
#include <QFileInfo>
#include <QImage>
#include <QPainter>

#include <cmath>
#include <limits>

namespace optconf {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// Okabe and Ito's palette, as the app's comparison chart.
QColor modelColour(std::size_t m)
{
    static const QColor colours[] = {QColor(0x00, 0x72, 0xB2), QColor(0xD5, 0x5E, 0x00),
                                     QColor(0x00, 0x9E, 0x73), QColor(0xCC, 0x79, 0xA7),
                                     QColor(0xE6, 0x9F, 0x00), QColor(0x56, 0xB4, 0xE9),
                                     QColor(0x00, 0x00, 0x00), QColor(0xF0, 0xE4, 0x42)};
    return colours[m % std::size(colours)];
}

QString name(const ComparisonResult& r, std::size_t m)
{
    return QString::fromStdString(r.rows[m].field);
}

QString cell(const std::optional<double>& v)
{
    return v ? formatFixed(*v) : QStringLiteral("&ndash;");
}

QString chartPng(const ChartSpec& spec)
{
    constexpr double kScale = 2.0;
    QImage image(QSize(qRound(kChartWidth * kScale), qRound(kChartHeight * kScale)),
                 QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::white);
    {
        QPainter painter(&image);
        paintChart(painter, QRectF(0, 0, image.width(), image.height()), spec);
    }
    QByteArray png;
    QBuffer buffer(&png);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG");
    return QStringLiteral("<figure><img src=\"data:image/png;base64,%1\" width=\"%2\" height=\"%3\" "
                          "alt=\"%4\"></figure>")
        .arg(QString::fromLatin1(png.toBase64()))
        .arg(qRound(kChartWidth))
        .arg(qRound(kChartHeight))
        .arg(spec.title.toHtmlEscaped());
}

} // namespace

ChartSpec comparisonConfidenceChart(const ComparisonResult& result)
{
    ChartSpec spec;
    spec.title = QStringLiteral("F1 against the confidence threshold, %1 models").arg(result.models.size());
    spec.subtitle =
        QStringLiteral(
            "ground truth %1; each model's exact optimum marked (\u25cf, figures in the table below)")
            .arg(QString::fromStdString(result.request.base.groundTruthField));
    spec.xLabel = QStringLiteral("confidence threshold (keep if confidence \u2265 threshold)");
    spec.yLabel = QStringLiteral("F1");
    for (std::size_t m = 0; m < result.models.size(); ++m) {
        const Curve& curve = result.models[m].sweep.total;
        ChartSeries f1{name(result, m), modelColour(m), {}, 2.4};
        for (const Metrics& row : curve.grid)
            f1.points.emplace_back(row.threshold, row.f1Defined ? row.f1 : kNaN);
        spec.series.push_back(std::move(f1));
        if (curve.optimum)
            spec.markers.push_back(
                {QPointF(curve.optimum->threshold, curve.optimum->f1), QString(), modelColour(m), false});
    }
    spec.emptyText = QStringLiteral("no grid point has a defined value");
    return spec;
}

ChartSpec comparisonPrecisionRecallChart(const ComparisonResult& result)
{
    ChartSpec spec;
    spec.title = QStringLiteral("Precision against recall, %1 models").arg(result.models.size());
    spec.subtitle = QStringLiteral(
        "over the threshold grid; each model's exact optimum marked (\u25cf, figures in the table below)");
    spec.xLabel = QStringLiteral("recall");
    spec.yLabel = QStringLiteral("precision");
    for (std::size_t m = 0; m < result.models.size(); ++m) {
        const Curve& curve = result.models[m].sweep.total;
        ChartSeries pr{name(result, m), modelColour(m), {}, 2.2};
        for (const Metrics& row : curve.grid)
            if (row.precision && row.recall)
                pr.points.emplace_back(*row.recall, *row.precision);
        spec.series.push_back(std::move(pr));
        if (curve.optimum && curve.optimum->precision && curve.optimum->recall)
            spec.markers.push_back({QPointF(*curve.optimum->recall, *curve.optimum->precision), QString(),
                                    modelColour(m), false});
    }
    spec.emptyText = QStringLiteral("no grid point has a defined precision and recall");
    return spec;
}

QByteArray comparisonReportHtml(const Dataset& dataset, const ComparisonResult& result,
                                const QDateTime& created)
{
    const ComparisonRequest& r = result.request;
    QString html = QStringLiteral(
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>OptConf model comparison</title>"
        "<style>body{font-family:\"DejaVu Sans\",Arial,sans-serif;font-size:14px;color:#222;max-width:960px;"
        "margin:24px auto;padding:0 16px}table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid "
        "#ccc;padding:3px 8px;text-align:right}td:first-child,th:first-child{text-align:left}"
        "figure{margin:8px 0}img{max-width:100%;height:auto}.best{font-weight:bold}</style></head><body>\n");
    html += QStringLiteral(
                "<h1>Model comparison</h1>\n<p>%1 images, ground truth <b>%2</b>; %3 models; made %4</p>\n")
                .arg(dataset.samples.size())
                .arg(QString::fromStdString(r.base.groundTruthField).toHtmlEscaped())
                .arg(result.models.size())
                .arg((created.isValid() ? created : QDateTime::currentDateTimeUtc()).toString(Qt::ISODate));
    html += chartPng(comparisonConfidenceChart(result));
    html += chartPng(comparisonPrecisionRecallChart(result));

    html += QStringLiteral(
        "<h2>Each model at its optimum</h2>\n<table><tr><th>model</th><th>threshold</th><th>F1</th>"
        "<th>precision</th><th>recall</th><th>TP</th><th>FP</th><th>FN</th><th>AP@0.5</th>"
        "<th>AP@[.5:.95]</th><th>deployed F1</th></tr>\n");
    for (std::size_t m = 0; m < result.rows.size(); ++m) {
        const ModelRow& row = result.rows[m];
        const auto& o = row.optimum;
        html += QStringLiteral("<tr><td style=\"color:%1\">%2</td>")
                    .arg(modelColour(m).name(), name(result, m).toHtmlEscaped());
        html +=
            QStringLiteral("<td>%1</td><td>%2</td><td>%3</td><td>%4</td><td>%5</td><td>%6</td><td>%7</td>")
                .arg(o ? formatFixed(o->threshold) : QStringLiteral("&ndash;"),
                     o && o->f1Defined ? formatFixed(o->f1) : QStringLiteral("&ndash;"),
                     o ? cell(o->precision) : QStringLiteral("&ndash;"),
                     o ? cell(o->recall) : QStringLiteral("&ndash;"),
                     o ? QString::number(o->counts.tp) : QStringLiteral("&ndash;"),
                     o ? QString::number(o->counts.fp) : QStringLiteral("&ndash;"),
                     o ? QString::number(o->counts.fn) : QStringLiteral("&ndash;"));
        html += QStringLiteral("<td>%1</td><td>%2</td><td>%3</td></tr>\n")
                    .arg(cell(row.ap50), cell(row.ap50_95), cell(row.deployedF1));
    }
    html += QStringLiteral("</table>\n<p>Deployed F1: every class at its own optimum threshold.</p>\n");

    html += QStringLiteral("<h2>Is the difference real?</h2>\n<p>Paired bootstrap over images: %1 replicates "
                           "(seed %2), the same resampled images for every model, thresholds fixed at the "
                           "observed optima.</p>\n<ul>\n")
                .arg(r.bootstrapReplicates)
                .arg(r.seed);
    for (const PairComparison& p : result.pairs) {
        const std::string& a = result.rows[p.a].field;
        const std::string& b = result.rows[p.b].field;
        if (p.atOptimum)
            html += QStringLiteral("<li>At each optimum: %1 (%2 wins %3 %, %4 wins %5 %)</li>\n")
                        .arg(QString::fromStdString(plainStatement(a, b, *p.atOptimum, r.confidenceLevel))
                                 .toHtmlEscaped(),
                             QString::fromStdString(a).toHtmlEscaped())
                        .arg(100 * p.atOptimum->winShareA, 0, 'f', 1)
                        .arg(QString::fromStdString(b).toHtmlEscaped())
                        .arg(100 * p.atOptimum->winShareB, 0, 'f', 1);
        html += QStringLiteral("<li>At threshold %1: %2</li>\n")
                    .arg(formatFixed(r.commonThreshold, 2),
                         QString::fromStdString(plainStatement(a, b, p.atCommon, r.confidenceLevel))
                             .toHtmlEscaped());
    }
    html +=
        QStringLiteral("</ul>\n<h2>Per class: F1 at each model's optimum</h2>\n<table><tr><th>class</th>");
    for (std::size_t m = 0; m < result.rows.size(); ++m)
        html += QStringLiteral("<th>%1</th>").arg(name(result, m).toHtmlEscaped());
    html += QStringLiteral("<th>best</th></tr>\n");
    for (const ClassComparisonRow& c : result.classes) {
        html += QStringLiteral("<tr><td>%1</td>").arg(QString::fromStdString(c.name).toHtmlEscaped());
        for (std::size_t m = 0; m < c.f1.size(); ++m)
            html += QStringLiteral("<td%1>%2</td>")
                        .arg(c.winner == m ? QStringLiteral(" class=\"best\"") : QString(), cell(c.f1[m]));
        html += QStringLiteral("<td>%1</td></tr>\n")
                    .arg(c.winner ? name(result, *c.winner).toHtmlEscaped() : QStringLiteral("&ndash;"));
    }
    html += QStringLiteral("</table>\n</body></html>\n");
    return html.toUtf8();
}

std::optional<QString> writeComparisonReport(const QString& path, const Dataset& dataset,
                                             const ComparisonResult& result, const QDateTime& created)
{
    const QString ext = QFileInfo(path).suffix().toLower();
    if (ext != QLatin1String("html") && ext != QLatin1String("htm"))
        return QStringLiteral("%1: a comparison report is written as HTML (.html); PDF takes one --pred")
            .arg(path);
    return writeTextFile(path, comparisonReportHtml(dataset, result, created));
}

} // namespace optconf
