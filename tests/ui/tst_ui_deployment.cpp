// SPDX-License-Identifier: MIT
// The Deployment tab, driven with real mouse and key events: the three rules' deployed figures
// against the engine, estimating (cross-validation and bootstrap) in the background with the band
// and plateau drawn on the confidence chart, cancelling, choosing a rule by its row, exporting.
#include "gui_test_main.h"

#include "core/eval/joint_thresholds.h"
#include "core/output/thresholds_file.h"
#include "resources/bundled_example.h"
#include "ui/charts/curve_chart.h"
#include "ui/panels/deployment_panel.h"
#include "ui/window/main_window.h"

#include <QAreaSeries>
#include <QComboBox>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineSeries>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTabBar>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>

using namespace optconf;

namespace {

constexpr int kTimeoutMs = 60000;

/// Saves what the window shows when OPTCONF_SCREENSHOTS names a folder (for looking at it).
void screenshot(QWidget& w, const char* name)
{
    const QString dir = qEnvironmentVariable("OPTCONF_SCREENSHOTS");
    if (!dir.isEmpty())
        w.grab().save(dir + QLatin1Char('/') + QLatin1String(name) + QStringLiteral(".png"));
}

void typeInto(QSpinBox* box, const QString& text)
{
    QTest::mouseClick(box, Qt::LeftButton);
    QTest::keyClick(box, Qt::Key_A, Qt::ControlModifier);
    QTest::keyClicks(box, text);
    QTest::keyClick(box, Qt::Key_Tab);
}

double cellNumber(QTableWidget* t, int row, int column)
{
    return t->item(row, column)->text().toDouble();
}

} // namespace

class TestUiDeployment : public QObject
{
    Q_OBJECT

private slots:
    void rulesEstimatesAndExport()
    {
        MainWindow w;
        w.resize(1500, 950);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QSignalSpy loaded(&w, &MainWindow::datasetChanged);
        w.openPaths(bundledExamplePaths());
        QVERIFY(loaded.wait(kTimeoutMs));
        QSignalSpy done(&w, &MainWindow::resultChanged);
        QVERIFY(w.startRun());
        QVERIFY(done.wait(kTimeoutMs));
        const auto result = w.result();
        QVERIFY(result);

        auto* panel = w.findChild<DeploymentPanel*>();
        QVERIFY(panel);
        // Reach the tab as a user does: a click on its title.
        QTabWidget* tabs = nullptr;
        for (auto* t : w.findChildren<QTabWidget*>())
            if (t->indexOf(panel) >= 0)
                tabs = t;
        QVERIFY(tabs);
        QTabBar* bar = tabs->tabBar();
        QTest::mouseClick(bar, Qt::LeftButton, {}, bar->tabRect(tabs->indexOf(panel)).center());
        QCOMPARE(tabs->currentWidget(), panel);

        // The rules fill in by themselves once the run ended; their figures are the engine's.
        QTableWidget* table = panel->rulesTable();
        QTRY_COMPARE_WITH_TIMEOUT(table->rowCount(), 3, kTimeoutMs);
        const auto rows = classRows(*result);
        const SweepOptions& so = result->sweep.options;
        const RuleSettings settings{so.lower, so.upper, so.objective};
        const auto joint = applyRule(rows, ThresholdRule::Joint, GuardRails{}, settings);
        QVERIFY(joint);
        QCOMPARE(table->item(2, 4)->text().toLongLong(), joint->deployed.counts.tp);
        QCOMPARE(table->item(2, 5)->text().toLongLong(), joint->deployed.counts.fp);
        QCOMPARE(table->item(0, 4)->text().toLongLong(), result->sweep.total.optimum->counts.tp);
        // The independent rule is the thresholds file OptConf writes: its deployed figures.
        const auto file = deployableThresholds(*result);
        ClassThresholdMap map;
        map.defaultThreshold = file->globalThreshold;
        for (const DeployedThreshold& d : file->classes)
            map.byLabel[d.classIndex] = d.threshold;
        QCOMPARE(table->item(1, 4)->text().toLongLong(), deployedFigures(*result, map)->total.counts.tp);
        QVERIFY(cellNumber(table, 2, 1) >= cellNumber(table, 1, 1));
        QVERIFY(cellNumber(table, 2, 1) >= cellNumber(table, 0, 1));
        QVERIFY(panel->summary()->text().contains(QStringLiteral("Plateau")));

        // Estimate: 300 replicates, 5 folds, in the background; the chart gets the band.
        typeInto(panel->replicatesBox(), QStringLiteral("300"));
        QCOMPARE(panel->replicatesBox()->value(), 300);
        QSignalSpy ended(panel, &DeploymentPanel::jobEnded);
        QVERIFY(panel->estimateButton()->isEnabled());
        QTest::mouseClick(panel->estimateButton(), Qt::LeftButton);
        QVERIFY(ended.wait(kTimeoutMs));
        QVERIFY2(panel->summary()->text().contains(QStringLiteral("Bootstrap (300 replicates")),
                 qPrintable(panel->summary()->text()));
        QVERIFY(table->item(2, 7)->text() != QStringLiteral("–"));
        QCOMPARE(panel->report()->crossValidation->folds, 5);
        auto* chart = w.findChild<CurveChart*>(QStringLiteral("curveChart"));
        QVERIFY(chart->bandSeries() && chart->bandSeries()->isVisible());
        QVERIFY(chart->bandSeries()->upperSeries()->count() > 10);
        QVERIFY(chart->plateauSeries()->isVisible());
        QCOMPARE(chart->plateauSeries()->upperSeries()->at(0).x(), panel->report()->plateau->lo);
        screenshot(w, "deployment-rules");
        QTest::mouseClick(bar, Qt::LeftButton, {}, bar->tabRect(tabs->indexOf(chart)).center());
        screenshot(w, "deployment-chart");
        QTest::mouseClick(bar, Qt::LeftButton, {}, bar->tabRect(tabs->indexOf(panel)).center());

        // A long estimate can be cancelled: the figures before it stay.
        const double heldOut = cellNumber(table, 2, 7);
        typeInto(panel->replicatesBox(), QStringLiteral("100000"));
        ended.clear();
        QTest::mouseClick(panel->estimateButton(), Qt::LeftButton);
        QTRY_VERIFY(panel->cancelButton()->isEnabled());
        QTest::mouseClick(panel->cancelButton(), Qt::LeftButton);
        QVERIFY(ended.wait(kTimeoutMs));
        QVERIFY(panel->summary()->text().startsWith(QStringLiteral("Cancelled")));
        QCOMPARE(cellNumber(table, 2, 7), heldOut);
        QVERIFY(!panel->busy());

        // A click on a rule's row chooses it for the export.
        QTest::mouseClick(table->viewport(), Qt::LeftButton, {},
                          table->visualItemRect(table->item(0, 1)).center());
        QCOMPARE(panel->ruleChoice()->currentIndex(), 0);
        QTest::mouseClick(table->viewport(), Qt::LeftButton, {},
                          table->visualItemRect(table->item(2, 1)).center());
        QCOMPARE(panel->ruleChoice()->currentIndex(), 2);
        // The export button asks where (a file dialog); the writing behind it:
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("t.json"));
        QVERIFY(panel->exportThresholds(path));
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QJsonObject j = QJsonDocument::fromJson(f.readAll()).object();
        QCOMPARE(j.value(QStringLiteral("thresholds_rule")).toString(), QStringLiteral("joint"));
        QCOMPARE(j.value(QStringLiteral("deployed")).toObject().value(QStringLiteral("tp")).toInteger(),
                 joint->deployed.counts.tp);
    }
};

OPTCONF_UI_TEST_MAIN(TestUiDeployment)
#include "tst_ui_deployment.moc"
