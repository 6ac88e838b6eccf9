// SPDX-License-Identifier: MIT
// Comparing models in the app as a user does: Run > Compare Models, check two fields, Compare;
// the table's rows are the single runs' figures, a class row draws that class's curves, the
// precision-recall view overlays, and Cancel stops a comparison before it shows.
#include "gui_test_main.h"

#include "core/eval/evaluation.h"
#include "core/example/synthetic.h"
#include "resources/bundled_example.h"
#include "ui/charts/comparison_chart.h"
#include "ui/jobs/comparison_job.h"
#include "ui/panels/comparison_panel.h"
#include "ui/window/main_window.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QLineSeries>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QScatterSeries>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTimer>

using namespace optconf;

namespace {

constexpr int kTimeoutMs = 60000;

bool load(MainWindow& w, const QStringList& paths)
{
    QSignalSpy loaded(&w, &MainWindow::datasetChanged);
    w.openPaths(paths);
    return loaded.wait(kTimeoutMs);
}

/// Checks a field the way a user does with the keyboard: click the row, press Space.
void check(QListWidget* list, const QString& name)
{
    const auto found = list->findItems(name, Qt::MatchExactly);
    QVERIFY(found.size() == 1);
    QListWidgetItem* item = found.front();
    QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, list->visualItemRect(item).center());
    QTRY_VERIFY(list->currentItem() == item);
    const Qt::CheckState before = item->checkState();
    QTest::keyClick(list, Qt::Key_Space);
    QVERIFY(item->checkState() != before);
}

/// Each class row names its best model beside the class and shows that model's F1 in bold, in its
/// colour; no other F1 is bold.
void verifyWinnersMarked(ComparisonPanel* panel)
{
    QTableWidget* classes = panel->classTable();
    const ComparisonResult& r = *panel->result();
    QCOMPARE(classes->rowCount(), static_cast<int>(r.classes.size()));
    QCOMPARE(classes->horizontalHeaderItem(1)->text(), QStringLiteral("best"));
    for (std::size_t c = 0; c < r.classes.size(); ++c) {
        const ClassComparisonRow& row = r.classes[c];
        const int y = static_cast<int>(c);
        QVERIFY(row.winner);
        QCOMPARE(classes->item(y, 1)->text(), QString::fromStdString(r.rows[*row.winner].field));
        for (std::size_t m = 0; m < r.rows.size(); ++m) {
            const QTableWidgetItem* cell = classes->item(y, static_cast<int>(m) + 2);
            QCOMPARE(cell->font().bold(), m == *row.winner);
            if (m == *row.winner)
                QCOMPARE(cell->foreground().color(), ComparisonChart::modelColour(m));
        }
    }
}

void clickRow(QTableWidget* table, int row)
{
    const QRect rect = table->visualItemRect(table->item(row, 0));
    QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, rect.center());
}

} // namespace

class TestUiCompare : public QObject
{
    Q_OBJECT

private slots:
    void compareTwoFieldsAsSingleRuns()
    {
        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(load(w, bundledExamplePaths()));
        QTest::keyClick(&w, Qt::Key_M, Qt::ControlModifier);
        ComparisonPanel* panel = w.comparisonPanel();
        QVERIFY(panel);
        QTRY_VERIFY(panel->isVisible());
        QVERIFY(QTest::qWaitForWindowExposed(panel));
        QCOMPARE(panel->fieldList()->count(), 2);
        QVERIFY(!panel->runButton()->isEnabled()); // nothing checked yet
        check(panel->fieldList(), QStringLiteral("detector_large"));
        QVERIFY(!panel->runButton()->isEnabled()); // one is not a comparison
        check(panel->fieldList(), QStringLiteral("detector_small"));
        QVERIFY(panel->runButton()->isEnabled());

        QSignalSpy done(panel, &ComparisonPanel::comparisonFinished);
        QTest::mouseClick(panel->runButton(), Qt::LeftButton);
        QVERIFY(panel->cancelButton()->isEnabled());
        QVERIFY(done.wait(kTimeoutMs));
        QVERIFY(!panel->cancelButton()->isEnabled());
        QCOMPARE(panel->progressBar()->value(), panel->progressBar()->maximum());

        // One row per model, each the single run's figures.
        QTableWidget* table = panel->table();
        QCOMPARE(table->rowCount(), 2);
        const auto dataset = w.dataset();
        for (int row = 0; row < 2; ++row) {
            const QString name = table->item(row, 0)->text();
            EvaluationRequest request = panel->result()->request.base;
            request.predictionField = name.toStdString();
            const auto single = evaluate(*dataset, request);
            QVERIFY(single && single->sweep.total.optimum);
            const Metrics& o = *single->sweep.total.optimum;
            QCOMPARE(table->item(row, 1)->text(), QString::number(o.threshold, 'f', 4));
            QCOMPARE(table->item(row, 2)->text(), QString::number(o.f1, 'f', 4));
            QCOMPARE(table->item(row, 5)->text(), QString::number(o.counts.tp));
            QCOMPARE(table->item(row, 6)->text(), QString::number(o.counts.fp));
            QCOMPARE(table->item(row, 7)->text(), QString::number(o.counts.fn));
            QCOMPARE(table->item(row, 8)->text(), QString::number(*single->ap.ap50, 'f', 4));
        }
        QVERIFY(panel->statements()->toPlainText().contains(
            QStringLiteral("detector_large better than detector_small by")));

        // Every model's F1 line over the grid, each optimum marked.
        ComparisonChart* chart = panel->chart();
        QCOMPARE(chart->modelCount(), std::size_t{2});
        for (std::size_t m = 0; m < 2; ++m) {
            const EvaluationResult& model = panel->result()->models[m];
            QCOMPARE(chart->f1Series(m)->count(), static_cast<int>(model.sweep.total.grid.size()));
            QCOMPARE(chart->optimumSeries(m)->count(), 1);
            QCOMPARE(chart->optimumSeries(m)->at(0).x(), model.sweep.total.optimum->threshold);
        }

        // Two models start with precision and recall drawn; the toggle leaves F1 and the optima.
        QVERIFY(panel->precisionRecallToggle()->isChecked());
        QCOMPARE(chart->chart()->series().size(), 2 * 4);
        QTest::mouseClick(panel->precisionRecallToggle(), Qt::LeftButton);
        QVERIFY(!chart->precisionRecallShown());
        QCOMPARE(chart->chart()->series().size(), 2 * 2);

        // Selecting a class draws every model's curve for it.
        QTableWidget* classes = panel->classTable();
        QVERIFY(classes->rowCount() > 1);
        clickRow(classes, 1);
        const ClassComparisonRow& second = panel->result()->classes[1];
        QTRY_COMPARE(chart->shownClass(), std::optional<LabelId>(second.label));
        for (std::size_t m = 0; m < 2; ++m) {
            const ClassCurve* c = findClass(panel->result()->models[m].sweep, second.label);
            QVERIFY(c && c->curve.optimum);
            QCOMPARE(chart->optimumSeries(m)->at(0).x(), c->curve.optimum->threshold);
            QCOMPARE(chart->optimumSeries(m)->at(0).y(), c->curve.optimum->f1);
        }

        // The arrow key moves to the next class, and the chart follows it.
        QTest::keyClick(classes, Qt::Key_Down);
        const ClassComparisonRow& third = panel->result()->classes[2];
        QTRY_COMPARE(chart->shownClass(), std::optional<LabelId>(third.label));
        for (std::size_t m = 0; m < 2; ++m) {
            const ClassCurve* c = findClass(panel->result()->models[m].sweep, third.label);
            QCOMPARE(chart->f1Series(m)->count(), static_cast<int>(c->curve.grid.size()));
            QCOMPARE(chart->f1Series(m)->at(10).y(), c->curve.grid[10].f1);
        }
        verifyWinnersMarked(panel);

        // The precision-recall view overlays the models the same way.
        panel->viewChoice()->setFocus();
        QTest::keyClick(panel->viewChoice(), Qt::Key_Down);
        QCOMPARE(chart->view(), ComparisonChart::View::PrecisionRecall);
        for (std::size_t m = 0; m < 2; ++m) {
            QVERIFY(chart->prSeries(m));
            QVERIFY(chart->prSeries(m)->count() > 10);
            QCOMPARE(chart->prSeries(m)->pen().color(), ComparisonChart::modelColour(m));
        }
    }

    void fourModelsAndTheReport()
    {
        // Four simulated detectors of one ground truth, each its own results file.
        QTemporaryDir dir;
        SyntheticSpec spec;
        spec.images = 1500; // enough that comparing them takes many event-loop turns
        spec.models = exampleModels();
        SyntheticModel pruned = spec.models.front();
        pruned.name = "detector_pruned";
        pruned.recall = 0.7;
        SyntheticModel noisy = spec.models.back();
        noisy.name = "detector_noisy";
        noisy.falsePositivesPerImage = 3;
        spec.models.push_back(pruned);
        spec.models.push_back(noisy);
        QStringList paths;
        for (const auto& p : writeSynthetic(spec, dir.path().toStdString()))
            paths << QString::fromStdString(p.string());

        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(load(w, paths));
        QTest::keyClick(&w, Qt::Key_M, Qt::ControlModifier);
        ComparisonPanel* panel = w.comparisonPanel();
        QTRY_VERIFY(panel->isVisible());
        QVERIFY(QTest::qWaitForWindowExposed(panel));
        QCOMPARE(panel->fieldList()->count(), 4);
        QVERIFY(!panel->exportButton()->isEnabled()); // nothing to export yet
        for (const char* name : {"detector_large", "detector_small", "detector_pruned", "detector_noisy"})
            check(panel->fieldList(), QString::fromLatin1(name));
        QSignalSpy progress(panel->job(), &ComparisonJob::progress);
        QSignalSpy done(panel, &ComparisonPanel::comparisonFinished);
        // The comparison runs in the worker: the GUI thread's timer keeps ticking until it ends
        // (run on the GUI thread, it would end before the event loop turned once).
        int ticks = 0, ticksAtFinish = -1;
        QTimer heartbeat;
        heartbeat.setInterval(2);
        connect(&heartbeat, &QTimer::timeout, this, [&ticks] { ++ticks; });
        connect(panel, &ComparisonPanel::comparisonFinished, this, [&] { ticksAtFinish = ticks; });
        heartbeat.start();
        QTest::mouseClick(panel->runButton(), Qt::LeftButton);
        QVERIFY(panel->job()->isRunning());
        QVERIFY(done.wait(kTimeoutMs));
        heartbeat.stop();
        QVERIFY2(ticksAtFinish >= 3, qPrintable(QString::number(ticksAtFinish)));
        QVERIFY(progress.count() > 0); // the worker reported its progress

        // Four models: F1 alone at first (twelve lines crowd the chart), a colour each.
        ComparisonChart* chart = panel->chart();
        QCOMPARE(chart->modelCount(), std::size_t{4});
        QVERIFY(!panel->precisionRecallToggle()->isChecked());
        QCOMPARE(chart->chart()->series().size(), 4 * 2);
        for (std::size_t m = 0; m < 4; ++m)
            for (std::size_t k = 0; k < m; ++k)
                QVERIFY(ComparisonChart::modelColour(m) != ComparisonChart::modelColour(k));

        // A class selected with the mouse: every model's curve for that class.
        QTableWidget* classes = panel->classTable();
        clickRow(classes, 0);
        const ClassComparisonRow& first = panel->result()->classes[0];
        QTRY_COMPARE(chart->shownClass(), std::optional<LabelId>(first.label));
        for (std::size_t m = 0; m < 4; ++m) {
            const ClassCurve* c = findClass(panel->result()->models[m].sweep, first.label);
            QVERIFY(c && c->curve.optimum);
            QCOMPARE(chart->f1Series(m)->count(), static_cast<int>(c->curve.grid.size()));
            QCOMPARE(chart->optimumSeries(m)->at(0).x(), c->curve.optimum->threshold);
        }
        verifyWinnersMarked(panel);

        // Export Report writes what optconf-cli --report writes: the comparison section first.
        const QString path = dir.filePath(QStringLiteral("comparison.html"));
        panel->setReportPathChooser([path] { return path; });
        QVERIFY(panel->exportButton()->isEnabled());
        QSignalSpy exported(panel, &ComparisonPanel::reportExported);
        QTest::mouseClick(panel->exportButton(), Qt::LeftButton);
        QVERIFY(exported.wait(kTimeoutMs));
        QCOMPARE(exported.at(0).at(0).toString(), path);
        QCOMPARE(exported.at(0).at(1).toString(), QString());
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray html = file.readAll();
        QVERIFY(
            html.contains("<h1>detector_large vs detector_small vs detector_pruned vs detector_noisy</h1>"));
        const qsizetype section = html.indexOf("<section id=\"comparison\">");
        QVERIFY(section > 0);
        QCOMPARE(html.count("<table class=\"comparison\">"), 1);
        QVERIFY(html.indexOf("Recommended threshold") > section);
        QVERIFY(panel->problem()->text().contains(path));
    }

    void cancelStopsTheComparison()
    {
        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(load(w, bundledExamplePaths()));
        ComparisonPanel* panel = w.comparisonPanel();
        panel->show();
        QVERIFY(QTest::qWaitForWindowExposed(panel));
        check(panel->fieldList(), QStringLiteral("detector_large"));
        check(panel->fieldList(), QStringLiteral("detector_small"));
        QSignalSpy cancelled(panel->job(), &ComparisonJob::cancelled);
        QSignalSpy done(panel, &ComparisonPanel::comparisonFinished);
        // Compare, then Cancel before the worker's result is delivered: it is dropped.
        QTest::mouseClick(panel->runButton(), Qt::LeftButton);
        QTest::mouseClick(panel->cancelButton(), Qt::LeftButton);
        QCOMPARE(cancelled.count(), 1);
        panel->job()->waitForIdle();
        QCoreApplication::processEvents();
        QCOMPARE(done.count(), 0);
        QVERIFY(!panel->result());
        QCOMPARE(panel->table()->rowCount(), 0);
        QCOMPARE(panel->problem()->text(), QStringLiteral("Comparison cancelled."));
        QVERIFY(panel->runButton()->isEnabled());
        QVERIFY(!panel->cancelButton()->isEnabled());
    }
};

OPTCONF_UI_TEST_MAIN(TestUiCompare)
#include "tst_ui_compare.moc"
