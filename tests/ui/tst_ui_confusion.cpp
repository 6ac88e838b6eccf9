// SPDX-License-Identifier: MIT
// The Confusion and Errors tabs, driven with real mouse and key events on the bundled example: the
// tab is clicked, a matrix cell is clicked (its images are listed), the threshold is typed and the
// matrix, the error types and the histogram follow. Every figure is checked against the engine's
// own analysis, built here from the dataset independently of the window's.
#include "gui_test_main.h"

#include "resources/bundled_example.h"
#include "ui/charts/confusion_view.h"
#include "ui/charts/iou_curves_view.h"
#include "ui/charts/score_histogram_view.h"
#include "ui/panels/confusion_panel.h"
#include "ui/panels/errors_panel.h"
#include "ui/panels/results_panel.h"
#include "ui/window/main_window.h"

#include <QCheckBox>
#include <QDoubleSpinBox>
#include <QListWidget>
#include <QSignalSpy>
#include <QTabBar>
#include <QTabWidget>
#include <QTableWidget>

#include <set>

using namespace optconf;

namespace {

constexpr int kLoadTimeoutMs = 20000;
constexpr int kRunTimeoutMs = 60000;

std::shared_ptr<const EvaluationResult> showOpenAndRun(MainWindow& w, const QStringList& paths)
{
    w.show();
    if (!QTest::qWaitForWindowExposed(&w))
        return nullptr;
    QSignalSpy loaded(&w, &MainWindow::datasetChanged);
    w.openPaths(paths);
    if (!loaded.wait(kLoadTimeoutMs))
        return nullptr;
    QSignalSpy done(&w, &MainWindow::resultChanged);
    if (!w.startRun() || !done.wait(kRunTimeoutMs))
        return nullptr;
    return w.result();
}

void clickTab(MainWindow& w, const QString& title)
{
    auto* tabs = w.findChild<QTabWidget*>();
    QTabBar* bar = tabs->tabBar();
    for (int i = 0; i < bar->count(); ++i)
        if (bar->tabText(i) == title)
            QTest::mouseClick(bar, Qt::LeftButton, {}, bar->tabRect(i).center());
}

void typeThreshold(MainWindow& w, const QString& value)
{
    auto* spin = w.findChild<QDoubleSpinBox*>(QStringLiteral("thresholdSpin"));
    QTest::mouseClick(spin, Qt::LeftButton);
    QTest::keyClick(spin, Qt::Key_A, Qt::ControlModifier);
    QTest::keyClicks(spin, value);
    QTest::keyClick(spin, Qt::Key_Return);
}

/// The count a cell's tooltip states ("...: 5\n1.1% of the row").
qint64 shownCount(ConfusionView* view, int row, int column)
{
    const QString text = view->cellText(row, column);
    const qsizetype colon = text.lastIndexOf(QStringLiteral(": "), text.indexOf(QLatin1Char('\n')));
    return text.mid(colon + 2, text.indexOf(QLatin1Char('\n')) - colon - 2).toLongLong();
}

} // namespace

class TstUiConfusion : public QObject
{
    Q_OBJECT

private slots:
    void matrixFollowsTheThresholdAndListsACellsImages()
    {
        MainWindow w;
        w.resize(1600, 1000);
        const auto result = showOpenAndRun(w, bundledExamplePaths());
        QVERIFY(result);
        auto* panel = w.findChild<ConfusionPanel*>();
        QVERIFY(panel);
        clickTab(w, QStringLiteral("Confusion"));
        QCOMPARE(w.findChild<QTabWidget*>()->currentWidget(), panel);
        QTRY_VERIFY_WITH_TIMEOUT(panel->analysis() != nullptr, kRunTimeoutMs);

        // The oracle: the engine's matrix built here from the window's dataset and settings.
        const Dataset& d = *w.dataset();
        const ConfusionMatrix oracle(d, *d.field(result->request.groundTruthField),
                                     *d.field(result->request.predictionField), result->request.match);
        ConfusionView* view = panel->view();
        const double t0 = *w.resultsPanel()->selectedThreshold();
        for (std::size_t r = 0; r < oracle.size(); ++r)
            for (std::size_t c = 0; c < oracle.size(); ++c)
                QCOMPARE(shownCount(view, static_cast<int>(r), static_cast<int>(c)), oracle.count(r, c, t0));

        // The most confused pair at t0, clicked in the matrix: the cell is selected and its images
        // are listed, each once.
        const auto pairs = oracle.mostConfused(t0, 1);
        QVERIFY(!pairs.empty());
        const int row = static_cast<int>(pairs[0].row), column = static_cast<int>(pairs[0].column);
        QSignalSpy selected(panel, &ConfusionPanel::cellSelected);
        QTest::mouseClick(view, Qt::LeftButton, {}, view->cellCenter(row, column));
        QCOMPARE(selected.count(), 1);
        QCOMPARE(selected.at(0).at(0).toInt(), row);
        QCOMPARE(selected.at(0).at(1).toInt(), column);
        const auto entries = oracle.entries(pairs[0].row, pairs[0].column, t0);
        std::set<SampleIndex> images;
        for (const ConfusionEntry& e : entries)
            images.insert(e.image);
        QCOMPARE(panel->cellImages()->count(), static_cast<int>(images.size()));
        QCOMPARE(panel->selectedEntries().size(), entries.size());
        const QString firstId = QString::fromStdString(d.samples[entries.front().image].id);
        QVERIFY(panel->cellImages()->item(0)->text().startsWith(firstId + QLatin1Char(' ')));

        // A new threshold, typed: every cell follows, and the (none) column grows.
        typeThreshold(w, QStringLiteral("0.7"));
        QCOMPARE(*w.resultsPanel()->selectedThreshold(), 0.7);
        std::int64_t missedBefore = 0, missedAfter = 0;
        for (std::size_t r = 0; r < oracle.size(); ++r) {
            for (std::size_t c = 0; c < oracle.size(); ++c)
                QCOMPARE(shownCount(view, static_cast<int>(r), static_cast<int>(c)), oracle.count(r, c, 0.7));
            missedBefore += oracle.count(r, oracle.noneIndex(), t0);
            missedAfter += shownCount(view, static_cast<int>(r), static_cast<int>(oracle.noneIndex()));
        }
        QVERIFY(missedAfter > missedBefore);
        // The selected cell's images are those at the new threshold.
        std::set<SampleIndex> imagesAfter;
        for (const ConfusionEntry& e : oracle.entries(pairs[0].row, pairs[0].column, 0.7))
            imagesAfter.insert(e.image);
        QCOMPARE(panel->cellImages()->count(), static_cast<int>(imagesAfter.size()));

        // Row-normalised, by a click on its check box.
        QTest::mouseClick(panel->rowNormalisedToggle(), Qt::LeftButton);
        QVERIFY(view->rowNormalised());

        // A pair picked from the most-confused list selects its cell.
        QListWidget* list = panel->mostConfused();
        QVERIFY(list->count() > 0);
        QListWidgetItem* item = list->item(0);
        QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, list->visualItemRect(item).center());
        const auto top = oracle.mostConfused(0.7, 1);
        QVERIFY(view->selectedCell());
        QCOMPARE(view->selectedCell()->first, static_cast<int>(top[0].row));
        QCOMPARE(view->selectedCell()->second, static_cast<int>(top[0].column));
    }

    void errorTypesFollowTheThreshold()
    {
        MainWindow w;
        w.resize(1600, 1000);
        const auto result = showOpenAndRun(w, bundledExamplePaths());
        QVERIFY(result);
        auto* panel = w.findChild<ErrorsPanel*>();
        QVERIFY(panel);
        clickTab(w, QStringLiteral("Errors"));
        QCOMPARE(w.findChild<QTabWidget*>()->currentWidget(), panel);
        QTRY_VERIFY_WITH_TIMEOUT(!panel->table()->item(0, 0)->text().isEmpty(), kRunTimeoutMs);

        const Dataset& d = *w.dataset();
        const ErrorAnalysis oracle(d, *d.field(result->request.groundTruthField),
                                   *d.field(result->request.predictionField), result->request.match);
        for (const QString& typed : {QStringLiteral("0.3"), QStringLiteral("0.85")}) {
            typeThreshold(w, typed);
            const double t = typed.toDouble();
            const ErrorCounts e = oracle.at(t);
            std::int64_t sum = 0;
            for (std::size_t k = 0; k < kErrorTypeCount; ++k) {
                QCOMPARE(panel->table()->item(static_cast<int>(k), 0)->text().toLongLong(),
                         e.falsePositives[k]);
                sum += panel->table()->item(static_cast<int>(k), 0)->text().toLongLong();
            }
            QCOMPARE(panel->table()->item(static_cast<int>(kErrorTypeCount), 0)->text().toLongLong(),
                     e.missed);
            // The types add up to the false positives the results panel shows.
            QCOMPARE(sum, w.resultsPanel()->selectedMetrics()->counts.fp);
            QCOMPARE(panel->histogram()->threshold(), std::optional<double>(t));
        }
    }

    void sizesCurvesAndClassGainsFollowTheThreshold()
    {
        MainWindow w;
        w.resize(1600, 1000);
        const auto result = showOpenAndRun(w, bundledExamplePaths());
        QVERIFY(result);
        auto* panel = w.findChild<ErrorsPanel*>();
        clickTab(w, QStringLiteral("Errors"));
        QTRY_VERIFY_WITH_TIMEOUT(panel->classTable()->rowCount() > 0, kRunTimeoutMs);

        const Dataset& d = *w.dataset();
        const LabelField& gt = *d.field(result->request.groundTruthField);
        const LabelField& pred = *d.field(result->request.predictionField);
        const SizeBreakdown sizes(d, gt, pred, result->request.match);
        const IouCurves curves(d, gt, pred, result->request.match);
        const ErrorAnalysis errors(d, gt, pred, result->request.match);
        const ConfusionMatrix order(d, gt, pred, result->request.match);
        QCOMPARE(panel->classTable()->rowCount(), static_cast<int>(order.labels().size()));
        for (const QString& typed : {QStringLiteral("0.3"), QStringLiteral("0.85")}) {
            typeThreshold(w, typed);
            const double t = typed.toDouble();
            for (std::size_t k = 0; k < kObjectSizeCount; ++k) {
                const Counts c = sizes.at(t, static_cast<ObjectSize>(k));
                const int r = static_cast<int>(k);
                QCOMPARE(panel->sizeTable()->item(r, 0)->text().toLongLong(), c.tp);
                QCOMPARE(panel->sizeTable()->item(r, 1)->text().toLongLong(), c.fp);
                QCOMPARE(panel->sizeTable()->item(r, 2)->text().toLongLong(), c.fn);
                QCOMPARE(panel->sizeTable()->item(r, 5)->text(), QString::number(f1At(c), 'f', 4));
            }
            QCOMPARE(panel->iouCurves()->threshold(), std::optional<double>(t));
            // The per-class table: F1 and the localization gain of the first class.
            const LabelId first = order.labels()[0];
            QCOMPARE(panel->classTable()->item(0, 0)->text(),
                     QString::number(f1At(errors.countsAt(t, first)), 'f', 4));
            const double gain = errors.fixesAt(t, first)[1].f1Gain;
            QCOMPARE(panel->classTable()->item(0, 2)->text(),
                     (gain >= 0 ? QStringLiteral("+") : QString()) + QString::number(gain, 'f', 4));
        }
        // A click on a class's row shows that class's errors and its own F1 if fixed above.
        QTableWidget* classes = panel->classTable();
        const int row = classes->rowCount() - 1;
        classes->scrollToItem(classes->item(row, 0));
        QTest::mouseClick(classes->viewport(), Qt::LeftButton, {},
                          classes->visualRect(classes->model()->index(row, 0)).center());
        const LabelId label = order.labels()[static_cast<std::size_t>(row)];
        QCOMPARE(panel->selectedClass(), std::optional<LabelId>(label));
        const auto fixes = errors.fixesAt(0.85, label);
        QCOMPARE(panel->table()->item(1, 1)->text(), QString::number(f1At(fixes[1].counts), 'f', 4));
        QCOMPARE(panel->table()->item(0, 0)->text().toLongLong(), errors.at(0.85, label).falsePositives[0]);
        // The view's values at IoU 0.5 are the run's at its IoU (0.5 here).
        QCOMPARE(result->request.match.iouThreshold, 0.5);
        QCOMPARE(curves.at(0.85, IouCurves::kIou50).tp, w.resultsPanel()->selectedMetrics()->counts.tp);
    }
};

OPTCONF_UI_TEST_MAIN(TstUiConfusion)
#include "tst_ui_confusion.moc"
