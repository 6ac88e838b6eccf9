// SPDX-License-Identifier: MIT
// ui/export: the GUI's exports, called without their dialogs.
#include "ui/export/export_actions.h"

#include "core/io/loader.h"
#include "core/output/report_json.h"

#include <QAction>
#include <QApplication>
#include <QChart>
#include <QChartView>
#include <QDialog>
#include <QFile>
#include <QFileDialog>
#include <QImage>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QLineSeries>
#include <QMenu>
#include <QPlainTextEdit>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QXmlStreamReader>

using namespace optconf;

namespace {

QByteArray readAll(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace

class TestExport : public QObject
{
    Q_OBJECT

    ExportSnapshot m_snapshot;
    QTemporaryDir m_dir;

    QString path(const QString& name) const { return m_dir.filePath(name); }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        const std::filesystem::path dir(OPTCONF_EXAMPLE_DIR);
        std::vector<std::filesystem::path> paths{dir / "ground_truth.json", dir / "detector_large.json"};
        LoadResult loaded = loadDataset(LoadRequest{paths, {}});
        QVERIFY(loaded.ok());
        auto dataset = std::make_shared<const Dataset>(std::move(*loaded.dataset));
        EvaluationRequest request;
        request.groundTruthField = "ground_truth";
        request.predictionField = "detector_large";
        auto result = evaluate(*dataset, request);
        QVERIFY(result);
        m_snapshot.dataset = dataset;
        m_snapshot.result = std::make_shared<const EvaluationResult>(std::move(*result));
        m_snapshot.context.datasetName = "example";
    }

    void everyKindWithoutAChartView()
    {
        const ExportSnapshot& s = m_snapshot;
        const QString threshold = QString::number(s.result->sweep.total.optimum->threshold, 'f', 4);
        QVERIFY(!exportTo(ExportKind::JsonReport, path(QStringLiteral("r.json")), s));
        // The app states its settings as the optconf-cli command that reproduces them.
        ExportSnapshot completed = s;
        completeModelCard(completed);
        QVERIFY(completed.context.invokedFromApp);
        QVERIFY(completed.context.invocation.find("--pred detector_large") != std::string::npos);
        QCOMPARE(readAll(path(QStringLiteral("r.json"))),
                 QByteArray::fromStdString(reportJson(*s.dataset, *s.result, completed.context)));
        QVERIFY(!exportTo(ExportKind::GridCsv, path(QStringLiteral("g.csv")), s));
        QCOMPARE(readAll(path(QStringLiteral("g.csv"))).count('\n'),
                 qsizetype(s.result->sweep.total.grid.size() + 1));
        QVERIFY(!exportTo(ExportKind::CurveCsv, path(QStringLiteral("c.csv")), s));
        QCOMPARE(readAll(path(QStringLiteral("c.csv"))).count('\n'),
                 qsizetype(s.result->sweep.total.exact.size() + 1));
        QVERIFY(!exportTo(ExportKind::ClassesCsv, path(QStringLiteral("k.csv")), s));
        QCOMPARE(readAll(path(QStringLiteral("k.csv"))).count('\n'),
                 qsizetype(s.result->sweep.classes.size() + 3)); // header, classes, two averages
        QVERIFY(!exportTo(ExportKind::Thresholds, path(QStringLiteral("t.json")), s));
        QCOMPARE(QJsonDocument::fromJson(readAll(path(QStringLiteral("t.json"))))
                     .object()
                     .value(QStringLiteral("global_threshold"))
                     .toDouble(),
                 s.result->sweep.total.optimum->threshold);
        QVERIFY(!exportTo(ExportKind::HtmlReport, path(QStringLiteral("r.html")), s));
        QVERIFY(readAll(path(QStringLiteral("r.html"))).contains(threshold.toUtf8()));
        QVERIFY(!exportTo(ExportKind::PdfReport, path(QStringLiteral("r.pdf")), s, PageSize::Letter));
        QVERIFY(readAll(path(QStringLiteral("r.pdf"))).startsWith("%PDF-"));
        QVERIFY(!exportTo(ExportKind::ChartPng, path(QStringLiteral("a.png")), s));
        QCOMPARE(QImage(path(QStringLiteral("a.png"))).size(), QSize(800, 480));
        QVERIFY(!exportTo(ExportKind::ChartPng2x, path(QStringLiteral("b.png")), s));
        QCOMPARE(QImage(path(QStringLiteral("b.png"))).size(), QSize(1600, 960));
    }

    void theSimulatorsImagesInTheReport()
    {
        // The bundled example's report (the window says the dataset is the simulator's): its
        // worst images are painted pictures, not "image not found" canvases.
        ExportSnapshot s = m_snapshot;
        QVERIFY(!exportTo(ExportKind::HtmlReport, path(QStringLiteral("files.html")), s));
        s.simulatedImages = true;
        QVERIFY(!exportTo(ExportKind::HtmlReport, path(QStringLiteral("painted.html")), s));
        const QByteArray files = readAll(path(QStringLiteral("files.html")));
        const QByteArray painted = readAll(path(QStringLiteral("painted.html")));
        QCOMPARE(files.count("(image not found)"), 12);
        QCOMPARE(painted.count("(image not found)"), 0);
        QVERIFY(painted.contains("<section id=\"images\""));
    }

    void chartViewOnScreen()
    {
        auto* series = new QLineSeries;
        series->setName(QStringLiteral("F1 on screen"));
        for (const Metrics& m : m_snapshot.result->sweep.total.grid)
            series->append(m.threshold, m.f1);
        auto* chart = new QChart;
        chart->addSeries(series);
        chart->createDefaultAxes();
        QChartView view(chart);
        view.resize(420, 300);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        ExportSnapshot s = m_snapshot;
        s.chart = &view;
        QVERIFY(!exportTo(ExportKind::ChartPng, path(QStringLiteral("v.png")), s));
        QCOMPARE(QImage(path(QStringLiteral("v.png"))).size(), QSize(420, 300));
        QVERIFY(!exportTo(ExportKind::ChartPng2x, path(QStringLiteral("v2.png")), s));
        QCOMPARE(QImage(path(QStringLiteral("v2.png"))).size(), QSize(840, 600));
        QVERIFY(!exportTo(ExportKind::ChartSvg, path(QStringLiteral("v.svg")), s));
        // The fonts fall back to the generic sans-serif where DejaVu is missing.
        const QByteArray svg = readAll(path(QStringLiteral("v.svg")));
        QVERIFY(svg.contains("font-family="));
        QCOMPARE(svg.count("font-family="), svg.count(", sans-serif\""));
        QXmlStreamReader xml(svg);
        bool legend = false;
        while (!xml.atEnd()) {
            xml.readNext();
            if (xml.isStartElement() && xml.name() == QLatin1String("text"))
                legend = legend || xml.readElementText().contains(QStringLiteral("F1 on screen"));
        }
        QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
        QVERIFY(legend); // the on-screen chart, not the painter chart
    }

    void failuresNameThePath()
    {
        const QString out = path(QStringLiteral("missing/r.json"));
        const auto error = exportTo(ExportKind::JsonReport, out, m_snapshot);
        QVERIFY(error && error->contains(out) && error->contains(QStringLiteral("does not exist")));
        const auto empty = exportTo(ExportKind::GridCsv, path(QStringLiteral("x.csv")), ExportSnapshot{});
        QVERIFY(empty && empty->contains(QStringLiteral("run a sweep first")));
        QVERIFY(!QFile::exists(path(QStringLiteral("x.csv"))));
    }

    void reportButtonWritesPdfOnAWorker()
    {
        QWidget window;
        ExportActions actions(&window, [this] { return std::optional<ExportSnapshot>(m_snapshot); });
        QSignalSpy exported(&actions, &ExportActions::exported);
        QSignalSpy failed(&actions, &ExportActions::failed);
        const QString out = path(QStringLiteral("button.pdf"));
        // Answer the save dialog (Qt's own widget dialog on the offscreen platform) with `out`.
        bool answered = false;
        QTimer poll;
        connect(&poll, &QTimer::timeout, this, [&] {
            auto* dialog = qobject_cast<QFileDialog*>(QApplication::activeModalWidget());
            if (!dialog || !dialog->isVisible())
                return;
            poll.stop();
            // Type the name and press Save in one step once the dialog has settled (it fills in
            // the suggested name while it loads the folder).
            QTimer::singleShot(200, dialog, [dialog, out, &answered] {
                auto* name = dialog->findChild<QLineEdit*>(QStringLiteral("fileNameEdit"));
                if (name)
                    name->setText(out);
                else
                    dialog->selectFile(out);
                answered = true;
                QMetaObject::invokeMethod(dialog, "accept");
            });
        });
        poll.start(20);
        // Then the model-card fields.
        bool detailsAnswered = false;
        QTimer details;
        connect(&details, &QTimer::timeout, this, [&] {
            auto* dialog = qobject_cast<QDialog*>(QApplication::activeModalWidget());
            auto* title = dialog ? dialog->findChild<QLineEdit*>(QStringLiteral("reportTitle")) : nullptr;
            auto* notes =
                dialog ? dialog->findChild<QPlainTextEdit*>(QStringLiteral("reportNotes")) : nullptr;
            if (!title || !notes || !dialog->isVisible())
                return;
            details.stop();
            title->setText(QStringLiteral("Dock camera model"));
            notes->setPlainText(QStringLiteral("Checked before the spring release."));
            detailsAnswered = true;
            dialog->accept();
        });
        details.start(20);
        actions.reportAction()->trigger();
        QVERIFY(answered);
        QVERIFY(detailsAnswered);
        QVERIFY(!actions.reportAction()->isEnabled()); // busy until the worker is done
        QVERIFY(exported.wait(60000));
        QCOMPARE(failed.count(), 0);
        QCOMPARE(exported.value(0).value(0).toString(), out);
        QVERIFY(readAll(out).startsWith("%PDF-"));
        QVERIFY(actions.reportAction()->isEnabled());
        const QString pdftotext = QStandardPaths::findExecutable(QStringLiteral("pdftotext"));
        if (!pdftotext.isEmpty()) {
            QProcess p;
            p.start(pdftotext, {out, QStringLiteral("-")});
            QVERIFY(p.waitForFinished(60000));
            const QString text = QString::fromUtf8(p.readAllStandardOutput());
            QVERIFY2(text.startsWith(QStringLiteral("Dock camera model")), qPrintable(text.left(300)));
            QVERIFY(text.contains(QStringLiteral("Checked before the spring release.")));
            QVERIFY(text.contains(QStringLiteral("app settings, as a command")));
        }
    }

    void menuAndButton()
    {
        QWidget window;
        bool failedSignal = false;
        ExportActions actions(&window, [] { return std::optional<ExportSnapshot>(); });
        connect(&actions, &ExportActions::failed, this, [&](const QString&) { failedSignal = true; });
        const QList<QAction*> items = actions.menu()->actions();
        QStringList texts;
        for (QAction* a : items)
            if (!a->isSeparator())
                texts << a->text().remove(u'&');
        QCOMPARE(texts,
                 (QStringList{QStringLiteral("Report (HTML)…"), QStringLiteral("Report (PDF)…"),
                              QStringLiteral("Chart PNG (the chart shown)…"),
                              QStringLiteral("Chart PNG @2x (the chart shown)…"),
                              QStringLiteral("Chart SVG (the chart shown)…"), QStringLiteral("Grid CSV…"),
                              QStringLiteral("Exact curve CSV…"), QStringLiteral("Per-class CSV…"),
                              QStringLiteral("JSON report…"), QStringLiteral("Deployable thresholds…")}));
        actions.setEnabled(false);
        QVERIFY(!actions.reportAction()->isEnabled());
        for (QAction* a : items)
            QVERIFY(a->isSeparator() || !a->isEnabled());
        actions.setEnabled(true);
        QVERIFY(actions.reportAction()->isEnabled());
        actions.reportAction()->trigger(); // no result: fails before any dialog opens
        QVERIFY(failedSignal);
    }
};

QTEST_MAIN(TestExport)
#include "tst_export.moc"
