// SPDX-License-Identifier: MIT
// The reports' comparison section: in HTML an element with id "comparison" holding the comparison
// table, the paired bootstrap's statements, the two overlaid charts and the per-class comparison,
// the rest of the report the first model's unchanged; in the PDF the same section, read back with
// poppler; and the overlaid charts' series, styles and legend.
#include "core/eval/comparison.h"
#include "core/example/synthetic.h"
#include "core/io/loader.h"
#include "render/comparison_report.h"
#include "render/report_writer.h"

#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace optconf;

namespace {

QString runTool(const QString& tool, const QStringList& arguments)
{
    QProcess p;
    p.start(tool, arguments);
    p.waitForFinished(60000);
    return QString::fromUtf8(p.readAllStandardOutput());
}

/// The text from `start` up to the first `end` after it.
QString between(const QString& text, const QString& start, const QString& end)
{
    const qsizetype from = text.indexOf(start);
    if (from < 0)
        return {};
    const qsizetype to = text.indexOf(end, from);
    return text.mid(from, to < 0 ? -1 : to + end.size() - from);
}

} // namespace

class TestComparisonReport : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<Dataset> m_dataset;
    std::optional<ComparisonResult> m_result;

    ReportInput input(const ReportContext& context) const
    {
        ReportInput in{*m_dataset, m_result->models.front(), context,
                       QDateTime::fromSecsSinceEpoch(0, Qt::UTC)};
        in.reportImages = 0;
        return in;
    }

    ReportContext comparing() const
    {
        ReportContext context;
        context.datasetName = "synthetic";
        context.comparison = &*m_result;
        return context;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        SyntheticSpec spec;
        spec.images = 200;
        spec.models = exampleModels();
        LoadResult loaded = loadDataset(LoadRequest{writeSynthetic(spec, m_dir.path().toStdString()), {}});
        QVERIFY(loaded.ok());
        m_dataset = std::make_unique<Dataset>(std::move(*loaded.dataset));
        ComparisonRequest r;
        r.base.groundTruthField = "ground_truth";
        r.predictionFields = {"detector_large", "detector_small"};
        r.bootstrapReplicates = 200;
        QVERIFY(!validate(*m_dataset, r));
        m_result = compare(*m_dataset, r);
        QVERIFY(m_result);
        QVERIFY(m_result->classes.size() >= 2);
    }

    void htmlSection()
    {
        const QString html = QString::fromUtf8(htmlReport(input(comparing())));
        QCOMPARE(html.count(QStringLiteral("id=\"comparison\"")), 1);
        const QString section =
            between(html, QStringLiteral("<section id=\"comparison\">"), QStringLiteral("</section>"));
        QVERIFY(!section.isEmpty());
        // It opens the report, before the first model's own sections.
        QVERIFY(html.indexOf(section) < html.indexOf(QStringLiteral("Recommended threshold")));

        // The comparison table: a row per model with its optimum and its deployed F1.
        const QString table =
            between(section, QStringLiteral("<table class=\"comparison\">"), QStringLiteral("</table>"));
        QCOMPARE(table.count(QStringLiteral("<tr>")), 1 + int(m_result->rows.size()));
        for (const ModelRow& row : m_result->rows) {
            const QString line = between(table, QString::fromStdString(row.field), QStringLiteral("</tr>"));
            QVERIFY2(line.contains(QStringLiteral(">%1<").arg(formatFixed(row.optimum->threshold))),
                     qPrintable(line));
            QVERIFY(line.contains(QStringLiteral(">%1<").arg(formatFixed(row.optimum->f1))));
            QVERIFY(line.contains(QStringLiteral(">%1<").arg(row.optimum->counts.fp)));
            QVERIFY(line.endsWith(QStringLiteral(">%1</td></tr>").arg(formatFixed(*row.deployedF1))));
        }
        // The bootstrap stated plainly, for each pair at each optimum and at the common threshold.
        const ComparisonRequest& r = m_result->request;
        for (const PairComparison& p : m_result->pairs) {
            const std::string& a = m_result->rows[p.a].field;
            const std::string& b = m_result->rows[p.b].field;
            QVERIFY(
                section.contains(QString::fromStdString(plainStatement(a, b, *p.atOptimum, r.confidenceLevel))
                                     .toHtmlEscaped()));
            QVERIFY(section.contains(
                QString::fromStdString(plainStatement(a, b, p.atCommon, r.confidenceLevel)).toHtmlEscaped()));
        }
        QVERIFY(section.contains(QStringLiteral("detector_large better than detector_small by")));
        // The overlaid P/R/F1 chart and the overlaid PR chart, titled as their specs.
        QCOMPARE(section.count(QStringLiteral("<img src=\"data:image/png;base64,")), 2);
        QVERIFY(
            section.contains(QStringLiteral("alt=\"%1\"").arg(comparisonConfidenceChart(*m_result).title)));
        QVERIFY(section.contains(
            QStringLiteral("alt=\"%1\"").arg(comparisonPrecisionRecallChart(*m_result).title)));
        // The per-class comparison: a row per class, its winner's F1 in bold and named.
        const QString classes = between(section, QStringLiteral("<table class=\"class-comparison\">"),
                                        QStringLiteral("</table>"));
        QCOMPARE(classes.count(QStringLiteral("<tr>")), 1 + int(m_result->classes.size()));
        for (const ClassComparisonRow& c : m_result->classes) {
            const QString row =
                between(classes, QStringLiteral(">%1</td>").arg(QString::fromStdString(c.name)),
                        QStringLiteral("</tr>"));
            QVERIFY(c.winner);
            QVERIFY2(row.contains(QStringLiteral("<b>%1</b>").arg(formatFixed(*c.f1[*c.winner]))),
                     qPrintable(row));
            QCOMPARE(row.count(QStringLiteral("<b>")), 1);
            QVERIFY(row.contains(QString::fromStdString(m_result->rows[*c.winner].field) +
                                 QStringLiteral("</td></tr>")));
        }
    }

    void restIsTheFirstModelsReport()
    {
        ReportContext plain;
        plain.datasetName = "synthetic";
        const QString alone = QString::fromUtf8(htmlReport(input(plain)));
        const QString compared = QString::fromUtf8(htmlReport(input(comparing())));
        QVERIFY(!alone.contains(QStringLiteral("id=\"comparison\"")));
        const QString section =
            between(compared, QStringLiteral("<section id=\"comparison\">"), QStringLiteral("</section>\n"));
        QString rest = compared;
        rest.remove(section);
        QCOMPARE(rest, alone);
    }

    void pdfSection()
    {
        const QString pdftotext = QStandardPaths::findExecutable(QStringLiteral("pdftotext"));
        if (pdftotext.isEmpty())
            QSKIP("pdftotext (poppler-utils) is not installed");
        const QString path = m_dir.filePath(QStringLiteral("comparison.pdf"));
        PdfInfo info;
        QVERIFY(!writePdfReport(path, input(comparing()), PageSize::A4, &info));
        ReportContext plain;
        PdfInfo alone;
        QVERIFY(
            !writePdfReport(m_dir.filePath(QStringLiteral("alone.pdf")), input(plain), PageSize::A4, &alone));
        QVERIFY(info.pages > alone.pages);
        const QString text = runTool(pdftotext, {QStringLiteral("-layout"), path, QStringLiteral("-")});
        // The section's text, in order, before the first model's recommended threshold.
        const QStringList inOrder{QStringLiteral("Model comparison"),
                                  QStringLiteral("Deployed F1: what the model's deployable thresholds file"),
                                  QStringLiteral("Is the difference real?"),
                                  QStringLiteral("detector_large better than detector_small by"),
                                  comparisonConfidenceChart(*m_result).title,
                                  comparisonPrecisionRecallChart(*m_result).title,
                                  QStringLiteral("Per class: F1 at each model's optimum"),
                                  QStringLiteral("Recommended threshold")};
        qsizetype at = 0;
        for (const QString& s : inOrder) {
            const qsizetype found = text.indexOf(s, at);
            QVERIFY2(found >= 0, qPrintable(QStringLiteral("'%1' missing or out of order").arg(s)));
            at = found + s.size();
        }
        // The table's figures, as the HTML's.
        const qsizetype table = text.indexOf(QStringLiteral("Model comparison"));
        for (const ModelRow& row : m_result->rows) {
            const qsizetype line = text.indexOf(QString::fromStdString(row.field) + QLatin1Char(' '), table);
            QVERIFY(line >= 0);
            const QString rowText = text.mid(line, text.indexOf(QLatin1Char('\n'), line) - line);
            QVERIFY2(rowText.contains(formatFixed(row.optimum->threshold)), qPrintable(rowText));
            QVERIFY(rowText.contains(formatFixed(*row.deployedF1)));
        }
    }

    void overlaidCharts()
    {
        const ChartSpec spec = comparisonConfidenceChart(*m_result);
        const std::size_t models = m_result->models.size();
        QCOMPARE(spec.series.size(), 3 * models);
        // Precision (dashed) and recall (dotted) under every model's F1 (solid), a colour per model.
        for (std::size_t m = 0; m < models; ++m) {
            const ChartSeries& precision = spec.series[2 * m];
            const ChartSeries& recall = spec.series[2 * m + 1];
            const ChartSeries& f1 = spec.series[2 * models + m];
            QCOMPARE(precision.style, Qt::DashLine);
            QCOMPARE(recall.style, Qt::DotLine);
            QCOMPARE(f1.style, Qt::SolidLine);
            for (const ChartSeries* s : {&precision, &recall, &f1})
                QCOMPARE(s->color, modelColour(m));
            const Curve& curve = m_result->models[m].sweep.total;
            QCOMPARE(f1.points.size(), curve.grid.size());
            QCOMPARE(f1.points[10].y(), curve.grid[10].f1);
            QCOMPARE(recall.points[10].y(), *curve.grid[10].recall);
            QCOMPARE(spec.markers[m].at, QPointF(curve.optimum->threshold, curve.optimum->f1));
        }
        QVERIFY(modelColour(0) != modelColour(1));
        // The legend names each model once, then the line styles and the optimum.
        QVERIFY(spec.legend);
        QCOMPARE(spec.legend->size(), models + 4);
        QCOMPARE(spec.legend->at(0).name, QStringLiteral("detector_large"));
        QCOMPARE(spec.legend->at(models + 1).style, Qt::DashLine);
        QVERIFY(spec.legend->back().dot);

        const ChartSpec pr = comparisonPrecisionRecallChart(*m_result);
        QCOMPARE(pr.series.size(), models);
        QCOMPARE(pr.markers.size(), models);
        QCOMPARE(pr.markers[1].at,
                 QPointF(*m_result->rows[1].optimum->recall, *m_result->rows[1].optimum->precision));
    }
};

QTEST_MAIN(TestComparisonReport)
#include "tst_comparison_report.moc"
