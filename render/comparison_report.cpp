// SPDX-License-Identifier: MIT
#include "render/comparison_report.h"

#include "core/eval/threshold_analysis.h"
#include "core/output/thresholds_file.h"

#include <cmath>
#include <limits>

namespace optconf {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
const QColor kKeyColour(0x55, 0x55, 0x55);

QString name(const ComparisonResult& r, std::size_t m)
{
    return QString::fromStdString(r.rows[m].field);
}

QString dash()
{
    return QStringLiteral("\u2013");
}

QString cell(const std::optional<double>& v)
{
    return v ? formatFixed(*v) : dash();
}

QString td(const QString& text, bool numeric = true)
{
    return numeric ? QStringLiteral("<td class=\"num\" align=\"right\">%1</td>").arg(text)
                   : QStringLiteral("<td align=\"left\">%1</td>").arg(text);
}

/// A header that may wrap (at its spaces), so that the figures below keep the width they need.
QString th(const QString& text, bool numeric = true)
{
    return QStringLiteral("<th class=\"%1\" align=\"%2\" style=\"white-space: normal;\">%3</th>")
        .arg(numeric ? QStringLiteral("num") : QStringLiteral("text"),
             numeric ? QStringLiteral("right") : QStringLiteral("left"), text);
}

QString tableOpen(bool qtText, const QString& cls)
{
    return qtText
               ? QStringLiteral("<table class=\"%1\" border=\"1\" cellspacing=\"0\" cellpadding=\"3\" "
                                "width=\"100%\" style=\"border-collapse: collapse; border-color: #b8c2cc;\">")
                     .arg(cls)
               : QStringLiteral("<table class=\"%1\">").arg(cls);
}

/// A model's name with a swatch of its colour, so that the tables read with the charts. A
/// `breakable` name may wrap after its underscores (QTextDocument breaks lines only at spaces).
QString modelName(const ComparisonResult& r, std::size_t m, bool breakable = false)
{
    QString text = name(r, m).toHtmlEscaped();
    if (breakable)
        text.replace(QLatin1Char('_'), QStringLiteral("_&#8203;"));
    return QStringLiteral("<span style=\"color: %1;\">\u25a0</span>&nbsp;%2")
        .arg(modelColour(m).name(), text);
}

/// A cell that never wraps: a name beside numbers.
QString nameCell(const QString& html)
{
    return QStringLiteral("<td class=\"model\" align=\"left\" style=\"white-space: nowrap;\">%1</td>")
        .arg(html);
}

/// One entry per model, then the key to what is drawn how.
std::vector<ChartLegendEntry> modelLegend(const ComparisonResult& result, bool metricStyles)
{
    std::vector<ChartLegendEntry> legend;
    for (std::size_t m = 0; m < result.rows.size(); ++m)
        legend.push_back({name(result, m), modelColour(m), Qt::SolidLine, false});
    if (metricStyles) {
        legend.push_back({QStringLiteral("F1"), kKeyColour, Qt::SolidLine, false});
        legend.push_back({QStringLiteral("precision"), kKeyColour, Qt::DashLine, false});
        legend.push_back({QStringLiteral("recall"), kKeyColour, Qt::DotLine, false});
    }
    legend.push_back({QStringLiteral("optimum"), kKeyColour, Qt::SolidLine, true});
    return legend;
}

double valueOr(const std::optional<double>& v)
{
    return v ? *v : kNaN;
}

} // namespace

QColor modelColour(std::size_t m)
{
    static const QColor colours[] = {QColor(0x00, 0x72, 0xB2), QColor(0xD5, 0x5E, 0x00),
                                     QColor(0x00, 0x9E, 0x73), QColor(0xCC, 0x79, 0xA7),
                                     QColor(0xE6, 0x9F, 0x00), QColor(0x56, 0xB4, 0xE9),
                                     QColor(0x00, 0x00, 0x00), QColor(0xF0, 0xE4, 0x42)};
    return colours[m % std::size(colours)];
}

ChartSpec comparisonConfidenceChart(const ComparisonResult& result)
{
    ChartSpec spec;
    spec.title =
        QStringLiteral("Precision, recall and F1 against the threshold, %1 models").arg(result.models.size());
    spec.subtitle =
        QStringLiteral("ground truth %1; each model's exact optimum marked on its F1 line (figures in the "
                       "comparison table)")
            .arg(QString::fromStdString(result.request.base.groundTruthField));
    spec.xLabel = QStringLiteral("confidence threshold (keep if confidence \u2265 threshold)");
    spec.yLabel = QStringLiteral("value");
    // Precision and recall first and thin, so that every model's F1 is drawn over them.
    std::vector<ChartSeries> precisionRecall, f1s;
    for (std::size_t m = 0; m < result.models.size(); ++m) {
        const Curve& curve = result.models[m].sweep.total;
        const QColor colour = modelColour(m);
        // Beyond two models, precision and recall fade so that the F1 lines stay readable.
        QColor faded = colour;
        if (result.models.size() > 2)
            faded.setAlpha(150);
        ChartSeries precision{name(result, m) + QStringLiteral(" precision"), faded, {}, 1.3, Qt::DashLine};
        ChartSeries recall{name(result, m) + QStringLiteral(" recall"), faded, {}, 1.3, Qt::DotLine};
        ChartSeries f1{name(result, m) + QStringLiteral(" F1"), colour, {}, 2.6, Qt::SolidLine};
        for (const Metrics& row : curve.grid) {
            precision.points.emplace_back(row.threshold, valueOr(row.precision));
            recall.points.emplace_back(row.threshold, valueOr(row.recall));
            f1.points.emplace_back(row.threshold, row.f1Defined ? row.f1 : kNaN);
        }
        precisionRecall.push_back(std::move(precision));
        precisionRecall.push_back(std::move(recall));
        f1s.push_back(std::move(f1));
        if (curve.optimum)
            spec.markers.push_back(
                {QPointF(curve.optimum->threshold, curve.optimum->f1), QString(), colour, false});
    }
    spec.series = std::move(precisionRecall);
    spec.series.insert(spec.series.end(), f1s.begin(), f1s.end());
    spec.legend = modelLegend(result, true);
    spec.emptyText = QStringLiteral("no grid point has a defined value");
    return spec;
}

ChartSpec comparisonPrecisionRecallChart(const ComparisonResult& result)
{
    ChartSpec spec;
    spec.title = QStringLiteral("Precision against recall, %1 models").arg(result.models.size());
    spec.subtitle = QStringLiteral("all classes pooled, over the threshold grid; each model's exact optimum "
                                   "marked (figures in the comparison table)");
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
    spec.legend = modelLegend(result, false);
    spec.emptyText = QStringLiteral("no grid point has a defined precision and recall");
    return spec;
}

QString comparisonSectionHtml(const ComparisonResult& result, bool qtText,
                              const std::function<QString(std::size_t)>& chart)
{
    const ComparisonRequest& r = result.request;
    QString h = QStringLiteral("<section id=\"comparison\">\n<h2>Model comparison</h2>\n");
    h += QStringLiteral("<p>%1 models against ground truth <b>%2</b>, on the same images with the same "
                        "settings: each model at its own exact optimum.</p>\n")
             .arg(result.models.size())
             .arg(QString::fromStdString(r.base.groundTruthField).toHtmlEscaped());

    h += tableOpen(qtText, QStringLiteral("comparison"));
    // In the PDF the long headers may break at soft hyphens: the room is the model names'.
    h += QStringLiteral("<thead><tr>") + th(QStringLiteral("model"), false) +
         th(qtText ? QStringLiteral("thresh\u00adold") : QStringLiteral("threshold")) +
         th(QStringLiteral("F1")) +
         th(qtText ? QStringLiteral("pre\u00adci\u00adsion") : QStringLiteral("precision")) +
         th(QStringLiteral("recall")) + th(QStringLiteral("TP")) + th(QStringLiteral("FP")) +
         th(QStringLiteral("FN")) + th(QStringLiteral("AP@0.5")) + th(QStringLiteral("AP@[.5:.95]")) +
         th(QStringLiteral("deployed F1")) + QStringLiteral("</tr></thead>\n<tbody>\n");
    for (std::size_t m = 0; m < result.rows.size(); ++m) {
        const ModelRow& row = result.rows[m];
        const auto& o = row.optimum;
        h += QStringLiteral("<tr>") + nameCell(modelName(result, m));
        if (o)
            h += td(formatFixed(o->threshold)) + td(o->f1Defined ? formatFixed(o->f1) : dash()) +
                 td(cell(o->precision)) + td(cell(o->recall)) + td(QString::number(o->counts.tp)) +
                 td(QString::number(o->counts.fp)) + td(QString::number(o->counts.fn));
        else
            for (int i = 0; i < 7; ++i)
                h += td(dash());
        h +=
            td(cell(row.ap50)) + td(cell(row.ap50_95)) + td(cell(row.deployedF1)) + QStringLiteral("</tr>\n");
    }
    h += QStringLiteral("</tbody></table>\n");
    h += QStringLiteral("<p class=\"note\">Deployed F1: what the model's deployable thresholds file gives "
                        "overall (a class uses its own optimum when it has at least %1 ground-truth objects "
                        "and a true positive there, else the global threshold); %2 where per-class "
                        "thresholds cannot be counted (class-agnostic matching, plugin parity).</p>\n")
             .arg(kMinGroundTruthForClassThreshold)
             .arg(dash());

    h += QStringLiteral("<h3>Is the difference real?</h3>\n<p>Paired bootstrap over images: %1 replicates "
                        "(seed %2), the same resampled images for every model, thresholds fixed at the "
                        "observed ones.</p>\n<ul>\n")
             .arg(r.bootstrapReplicates)
             .arg(r.seed);
    auto wins = [&](const PairComparison& p, const BootstrapEstimate& e) {
        return QStringLiteral(" (%1 wins %2 %, %3 wins %4 % of replicates)")
            .arg(name(result, p.a).toHtmlEscaped())
            .arg(100 * e.winShareA, 0, 'f', 1)
            .arg(name(result, p.b).toHtmlEscaped())
            .arg(100 * e.winShareB, 0, 'f', 1);
    };
    for (const PairComparison& p : result.pairs) {
        const std::string& a = result.rows[p.a].field;
        const std::string& b = result.rows[p.b].field;
        h += QStringLiteral("<li><b>%1 and %2</b><br>At each model's optimum: ")
                 .arg(QString::fromStdString(a).toHtmlEscaped(), QString::fromStdString(b).toHtmlEscaped());
        if (p.atOptimum)
            h += QString::fromStdString(plainStatement(a, b, *p.atOptimum, r.confidenceLevel))
                     .toHtmlEscaped() +
                 wins(p, *p.atOptimum);
        else
            h += QStringLiteral("one of them has no optimum");
        h += QStringLiteral("<br>At the common threshold %1: %2%3</li>\n")
                 .arg(formatFixed(r.commonThreshold, 3),
                      QString::fromStdString(plainStatement(a, b, p.atCommon, r.confidenceLevel))
                          .toHtmlEscaped(),
                      wins(p, p.atCommon));
    }
    h += QStringLiteral("</ul>\n");

    h += chart(0);
    h += chart(1);

    h += QStringLiteral("<h3>Per class: F1 at each model's optimum</h3>\n<p>Each class's F1 when each model "
                        "is deployed at its one global optimum; the best in bold.</p>\n");
    h += tableOpen(qtText, QStringLiteral("class-comparison"));
    h += QStringLiteral("<thead><tr>") + th(QStringLiteral("class"), false);
    // Long model names wrap in the header, never the figures below them.
    for (std::size_t m = 0; m < result.rows.size(); ++m)
        h += th(modelName(result, m, qtText));
    h += th(QStringLiteral("best"), false) + QStringLiteral("</tr></thead>\n<tbody>\n");
    for (const ClassComparisonRow& c : result.classes) {
        h += QStringLiteral("<tr>") + nameCell(QString::fromStdString(c.name).toHtmlEscaped());
        for (std::size_t m = 0; m < c.f1.size(); ++m)
            h += c.winner == m ? QStringLiteral("<td class=\"num best\" align=\"right\"><b>%1</b></td>")
                                     .arg(cell(c.f1[m]))
                               : td(cell(c.f1[m]));
        h += nameCell(c.winner ? modelName(result, *c.winner) : dash()) + QStringLiteral("</tr>\n");
    }
    h += QStringLiteral("</tbody></table>\n");
    // In the PDF the first model's report starts on a page of its own.
    h += QStringLiteral("<p class=\"note\"%1>The rest of this report is the first model's, <b>%2</b>; each "
                        "model's full figures are in optconf-cli's --json (models).</p>\n</section>\n")
             .arg(qtText ? QStringLiteral(" style=\"page-break-after: always;\"") : QString(),
                  name(result, 0).toHtmlEscaped());
    return h;
}

ReportContext comparisonReportContext(ReportContext context, const Dataset& dataset,
                                      const ComparisonResult& result, std::optional<double> analysisAt)
{
    context.comparison = &result;
    if (context.title.empty())
        for (const ModelRow& row : result.rows)
            context.title += (context.title.empty() ? "" : " vs ") + row.field;
    // The first model's sections are its single run's report: its error analysis included.
    const EvaluationResult& first = result.models.front();
    context.analysis = std::make_shared<const ThresholdAnalysis>(analyseThresholds(dataset, first));
    context.analysisThreshold = analysisAt.value_or(defaultAnalysisThreshold(first));
    return context;
}

} // namespace optconf
