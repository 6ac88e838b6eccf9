// SPDX-License-Identifier: MIT
// The per-class analysis and the threshold controls, driven with real key and mouse events: typing a
// threshold, selecting a class (every view follows and says which), the per-class figures at the
// selected threshold, and class names that can be read.
#include "gui_test_main.h"

#include "bundled_example.h"
#include "class_panel.h"
#include "class_table_model.h"
#include "curve_chart.h"
#include "format.h"
#include "main_window.h"
#include "pr_chart.h"
#include "results_panel.h"
#include "synthetic.h"

#include <QDoubleSpinBox>
#include <QFile>
#include <QGroupBox>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineSeries>
#include <QScatterSeries>
#include <QSignalSpy>
#include <QSlider>
#include <QSortFilterProxyModel>
#include <QTableView>

using namespace optconf;

namespace {

constexpr int kLoadTimeoutMs = 20000;
constexpr int kRunTimeoutMs = 60000;

bool load(MainWindow& w, const QStringList& paths)
{
    QSignalSpy loaded(&w, &MainWindow::datasetChanged);
    w.openPaths(paths);
    return loaded.wait(kLoadTimeoutMs);
}

std::shared_ptr<const EvaluationResult> run(MainWindow& w)
{
    QSignalSpy done(&w, &MainWindow::resultChanged);
    if (!w.startRun() || !done.wait(kRunTimeoutMs))
        return nullptr;
    return w.result();
}

/// The oracle for one class: its own counter, built from the matching, not the GUI's copy.
ThresholdCounter classCounter(const EvaluationResult& r, LabelId label)
{
    return ThresholdCounter(r.match, label, r.request.sweep.pluginParity);
}

const ClassCurve* classNamed(const EvaluationResult& r, const std::string& name)
{
    for (const ClassCurve& c : r.sweep.classes)
        if (c.name == name)
            return &c;
    return nullptr;
}

QModelIndex proxyIndexOf(ClassPanel* panel, const QString& name, int column = ClassTableModel::Name)
{
    for (int row = 0; row < panel->proxy()->rowCount(); ++row)
        if (panel->proxy()->index(row, ClassTableModel::Name).data().toString() == name)
            return panel->proxy()->index(row, column);
    return {};
}

void clickCell(QTableView* view, const QModelIndex& index, Qt::KeyboardModifiers modifiers = {})
{
    view->scrollTo(index);
    QTest::mouseClick(view->viewport(), Qt::LeftButton, modifiers, view->visualRect(index).center());
}

QString groupTitle(MainWindow& w, const char* name)
{
    return w.findChild<QGroupBox*>(QString::fromLatin1(name))->title();
}

QString labelText(MainWindow& w, const char* name)
{
    return w.findChild<QLabel*>(QString::fromLatin1(name))->text();
}

} // namespace

class TstClassAnalysis final : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void typingAThresholdSelectsIt()
    {
        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(load(w, bundledExamplePaths()));
        const auto result = run(w);
        QVERIFY(result);
        auto* spin = w.findChild<QDoubleSpinBox*>(QStringLiteral("thresholdSpin"));
        QVERIFY(spin && spin->isEnabled());
        QTest::mouseClick(spin, Qt::LeftButton);
        QTRY_VERIFY(spin->hasFocus());
        QTest::keyClick(spin, Qt::Key_A, Qt::ControlModifier);
        QTest::keyClicks(spin, QStringLiteral("0.6"));
        QTest::keyClick(spin, Qt::Key_Return);
        QVERIFY(w.resultsPanel()->selectedThreshold());
        QCOMPARE(*w.resultsPanel()->selectedThreshold(), 0.6);
        QCOMPARE(spin->value(), 0.6);
        const ThresholdCounter total(result->match, std::nullopt, result->request.sweep.pluginParity);
        QCOMPARE(w.resultsPanel()->selectedMetrics()->counts, total.at(0.6));
        QVERIFY(labelText(w, "selectedCounts").contains(formatCount(total.at(0.6).tp)));

        // A second value, typed over the first, and the chart's line follows.
        QTest::keyClick(spin, Qt::Key_A, Qt::ControlModifier);
        QTest::keyClicks(spin, QStringLiteral("0.35"));
        QTest::keyClick(spin, Qt::Key_Enter);
        QCOMPARE(*w.resultsPanel()->selectedThreshold(), 0.35);
    }

    void selectingAClassSwitchesEveryView()
    {
        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(load(w, bundledExamplePaths()));
        const auto result = run(w);
        QVERIFY(result);
        // Nothing selected: every view says "all classes".
        QVERIFY(groupTitle(w, "optimumBox").contains(QStringLiteral("all classes")));
        QVERIFY(groupTitle(w, "selectedBox").contains(QStringLiteral("all classes")));
        QTRY_VERIFY(!w.curveChart()->redrawPending());
        QVERIFY(w.curveChart()->chart()->title().contains(QStringLiteral("all classes")));
        QVERIFY(w.prChart()->chart()->title().contains(QStringLiteral("all classes")));

        const ClassCurve* truck = classNamed(*result, "truck");
        QVERIFY(truck && truck->curve.optimum);
        ClassPanel* panel = w.classPanel();
        clickCell(panel->view(), proxyIndexOf(panel, QStringLiteral("truck")));
        const QString name = QStringLiteral("“truck”");

        // P/R/F1 chart.
        QTRY_VERIFY(!w.curveChart()->redrawPending());
        QVERIFY(w.curveChart()->chart()->title().contains(name));
        QCOMPARE(w.curveChart()->optimumSeries()->at(0).x(), truck->curve.optimum->threshold);

        // Precision–recall tab: the class's whole curve, every exact row of its own counter.
        const ThresholdCounter oracle = classCounter(*result, truck->label);
        SweepOptions options = result->sweep.options;
        options.keepExactRows = true;
        const Curve exact = computeCurve(oracle, result->sweep.thresholds, options);
        QList<QPointF> expected;
        for (const Metrics& m : exact.exact)
            if (m.precision && m.recall)
                expected.append(QPointF(*m.recall, *m.precision));
        QVERIFY(expected.size() > 50);
        QVERIFY(std::size_t(expected.size()) <= PrChart::kMaxDrawnPoints);
        QCOMPARE(w.prChart()->curveSeries()->points(), expected);
        QVERIFY(w.prChart()->chart()->title().contains(name));
        QCOMPARE(w.prChart()->optimumSeries()->at(0),
                 QPointF(*truck->curve.optimum->recall, *truck->curve.optimum->precision));

        // Optimum panel: the class's own optimum, labelled.
        QVERIFY(groupTitle(w, "optimumBox").contains(name));
        QVERIFY(labelText(w, "optimumThreshold").contains(formatThreshold(truck->curve.optimum->threshold)));
        QCOMPARE(labelText(w, "optimumF1"), formatF1(*truck->curve.optimum));

        // Selected threshold: the class's exact counts there, labelled; the PR tab marks that point.
        QVERIFY(groupTitle(w, "selectedBox").contains(name));
        const double t = *w.resultsPanel()->selectedThreshold();
        const Counts atT = oracle.at(t);
        QCOMPARE(w.resultsPanel()->selectedMetrics()->counts, atT);
        QVERIFY2(labelText(w, "selectedCounts").contains(QStringLiteral("TP %1").arg(formatCount(atT.tp))),
                 qPrintable(labelText(w, "selectedCounts")));
        const Metrics mt = metricsAt(oracle, t, result->sweep.options.objective);
        QCOMPARE(w.prChart()->operatingPointSeries()->at(0), QPointF(*mt.recall, *mt.precision));
        // Moving the slider keeps to the class.
        auto* slider = w.findChild<QSlider*>(QStringLiteral("thresholdSlider"));
        slider->setFocus();
        QTest::keyClick(slider, Qt::Key_PageUp);
        const double t2 = *w.resultsPanel()->selectedThreshold();
        QVERIFY(t2 != t);
        QCOMPARE(w.resultsPanel()->selectedMetrics()->counts, oracle.at(t2));

        // Ctrl+click on the selected row: back to all classes everywhere.
        clickCell(panel->view(), proxyIndexOf(panel, QStringLiteral("truck")), Qt::ControlModifier);
        QTRY_VERIFY(!w.curveChart()->redrawPending());
        QVERIFY(w.curveChart()->chart()->title().contains(QStringLiteral("all classes")));
        QVERIFY(w.prChart()->chart()->title().contains(QStringLiteral("all classes")));
        QVERIFY(groupTitle(w, "optimumBox").contains(QStringLiteral("all classes")));
        QVERIFY(groupTitle(w, "selectedBox").contains(QStringLiteral("all classes")));
        const ThresholdCounter total(result->match, std::nullopt, result->request.sweep.pluginParity);
        QCOMPARE(w.resultsPanel()->selectedMetrics()->counts, total.at(t2));
        const Metrics& o = *result->sweep.total.optimum;
        QCOMPARE(w.prChart()->optimumSeries()->at(0), QPointF(*o.recall, *o.precision));
    }
};

OPTCONF_UI_TEST_MAIN(TstClassAnalysis)
#include "tst_ui_class_analysis.moc"
