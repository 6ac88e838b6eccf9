// SPDX-License-Identifier: MIT
// Comparing models in the app as a user does: Run > Compare Models, check two fields, Compare;
// the table's rows are the single runs' figures, a class row draws that class's curves, the
// precision-recall view overlays, and Cancel stops a comparison before it shows.
#include "gui_test_main.h"

#include "core/eval/evaluation.h"
#include "resources/bundled_example.h"
#include "ui/charts/comparison_chart.h"
#include "ui/jobs/comparison_job.h"
#include "ui/panels/comparison_panel.h"
#include "ui/window/main_window.h"

#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QLineSeries>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QScatterSeries>
#include <QSignalSpy>
#include <QTableWidget>

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
