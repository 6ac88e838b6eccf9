// SPDX-License-Identifier: MIT
// The per-class analysis and the threshold controls, driven with real key and mouse events: typing a
// threshold, selecting a class (every view follows and says which), the per-class figures at the
// selected threshold, and class names that can be read.
#include "gui_test_main.h"

#include "core/example/synthetic.h"
#include "resources/bundled_example.h"
#include "ui/charts/curve_chart.h"
#include "ui/charts/pr_chart.h"
#include "ui/format.h"
#include "ui/panels/class_panel.h"
#include "ui/panels/class_table_model.h"
#include "ui/panels/results_panel.h"
#include "ui/panels/settings_panel.h"
#include "ui/window/main_window.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFile>
#include <QFileDialog>
#include <QGroupBox>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLegend>
#include <QLineEdit>
#include <QLineSeries>
#include <QListWidget>
#include <QMenu>
#include <QMenuBar>
#include <QMouseEvent>
#include <QPointer>
#include <QPushButton>
#include <QRadioButton>
#include <QScatterSeries>
#include <QScopeGuard>
#include <QSet>
#include <QSignalSpy>
#include <QSlider>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QTabBar>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QToolButton>
#include <QValueAxis>

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

/// Shows the window, waits until it is on screen, opens `paths` and runs: the result, or null when
/// any of these failed.
std::shared_ptr<const EvaluationResult> showOpenAndRun(MainWindow& w, const QStringList& paths)
{
    w.show();
    if (!QTest::qWaitForWindowExposed(&w) || !load(w, paths))
        return nullptr;
    return run(w);
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

/// The 80 COCO category names, for a table as wide as a COCO model's.
const char* const kCocoNames[] = {"person",        "bicycle",      "car",
                                  "motorcycle",    "airplane",     "bus",
                                  "train",         "truck",        "boat",
                                  "traffic light", "fire hydrant", "stop sign",
                                  "parking meter", "bench",        "bird",
                                  "cat",           "dog",          "horse",
                                  "sheep",         "cow",          "elephant",
                                  "bear",          "zebra",        "giraffe",
                                  "backpack",      "umbrella",     "handbag",
                                  "tie",           "suitcase",     "frisbee",
                                  "skis",          "snowboard",    "sports ball",
                                  "kite",          "baseball bat", "baseball glove",
                                  "skateboard",    "surfboard",    "tennis racket",
                                  "bottle",        "wine glass",   "cup",
                                  "fork",          "knife",        "spoon",
                                  "bowl",          "banana",       "apple",
                                  "sandwich",      "orange",       "broccoli",
                                  "carrot",        "hot dog",      "pizza",
                                  "donut",         "cake",         "chair",
                                  "couch",         "potted plant", "bed",
                                  "dining table",  "toilet",       "tv",
                                  "laptop",        "mouse",        "remote",
                                  "keyboard",      "cell phone",   "microwave",
                                  "oven",          "toaster",      "sink",
                                  "refrigerator",  "book",         "clock",
                                  "vase",          "scissors",     "teddy bear",
                                  "hair drier",    "toothbrush"};

/// Answers the dialogs an export opens as a user would: types `path` into the save dialog, then, in
/// the dialog asking at which point to write, clicks "the selected threshold" and OK. Returns
/// whether that choice was offered and clicked.
class ExportDialogAnswerer : public QObject
{
public:
    explicit ExportDialogAnswerer(QString path)
        : m_path(std::move(path))
    {
        connect(&m_poll, &QTimer::timeout, this, &ExportDialogAnswerer::poll);
        m_poll.start(20);
    }
    bool choseSelected() const { return m_choseSelected; }
    bool savedAs() const { return m_saved; }

private:
    void poll()
    {
        auto* modal = QApplication::activeModalWidget();
        if (!modal || !modal->isVisible() || modal == m_handled)
            return;
        m_handled = modal;
        if (auto* files = qobject_cast<QFileDialog*>(modal)) {
            // Once the dialog has settled (it fills in the suggested name while it loads the folder).
            QTimer::singleShot(200, files, [this, files] {
                auto* name = files->findChild<QLineEdit*>(QStringLiteral("fileNameEdit"));
                if (name)
                    name->setText(m_path);
                else
                    files->selectFile(m_path);
                m_saved = true;
                QMetaObject::invokeMethod(files, "accept");
            });
            return;
        }
        auto* selected = modal->findChild<QRadioButton*>(QStringLiteral("atSelected"));
        auto* buttons = modal->findChild<QDialogButtonBox*>();
        if (selected && buttons) {
            QTest::mouseClick(selected, Qt::LeftButton, {}, QPoint(8, selected->height() / 2));
            m_choseSelected = selected->isChecked();
            QTest::mouseClick(buttons->button(QDialogButtonBox::Ok), Qt::LeftButton);
        }
    }

    QString m_path;
    QTimer m_poll;
    QPointer<QWidget> m_handled;
    bool m_choseSelected = false;
    bool m_saved = false;
};

/// Every class name of the table that its Name column cuts short (or that is off screen), as one
/// message; empty when all are shown whole.
QString namesCutShort(ClassPanel* panel)
{
    QTableView* view = panel->view();
    const int nameWidth = view->columnWidth(ClassTableModel::Name);
    QStringList cut;
    for (int row = 0; row < panel->proxy()->rowCount(); ++row) {
        const QModelIndex index = panel->proxy()->index(row, ClassTableModel::Name);
        QStyleOptionViewItem option;
        option.initFrom(view);
        option.font = view->font();
        const int needed = std::max(view->itemDelegateForIndex(index)->sizeHint(option, index).width(),
                                    view->fontMetrics().horizontalAdvance(index.data().toString()));
        if (needed > nameWidth)
            cut << QStringLiteral("%1 needs %2 px").arg(index.data().toString()).arg(needed);
    }
    if (view->columnViewportPosition(ClassTableModel::Name) + nameWidth > view->viewport()->width())
        cut << QStringLiteral("the column is not wholly on screen");
    return cut.isEmpty() ? QString() : QStringLiteral("column %1 px: %2").arg(nameWidth).arg(cut.join(u", "));
}

QAction* exportAction(MainWindow& w, const QString& text)
{
    for (QAction* top : w.menuBar()->actions())
        if (top->menu())
            for (QAction* a : top->menu()->actions())
                if (a->menu())
                    for (QAction* e : a->menu()->actions())
                        if (e->text().remove(u'&') == text)
                            return e;
    return nullptr;
}

QByteArray readBytes(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool writeFile(const QString& path, const QByteArray& bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
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
        const auto result = showOpenAndRun(w, bundledExamplePaths());
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
        const auto result = showOpenAndRun(w, bundledExamplePaths());
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
    void perClassColumnsAtTheSelectedThreshold()
    {
        // A class with ground truth and predictions, and "ghost" with predictions only.
        const QString gt = m_dir.filePath(QStringLiteral("gt.json"));
        const QString pred = m_dir.filePath(QStringLiteral("model.json"));
        QVERIFY(
            writeFile(gt, R"({"images":[{"id":1,"width":100,"height":100},{"id":2,"width":100,"height":100}],
            "annotations":[{"id":1,"image_id":1,"category_id":1,"bbox":[10,10,20,20],"area":400,"iscrowd":0},
                           {"id":2,"image_id":1,"category_id":1,"bbox":[50,50,20,20],"area":400,"iscrowd":0},
                           {"id":3,"image_id":2,"category_id":1,"bbox":[10,10,30,30],"area":900,"iscrowd":0}],
            "categories":[{"id":1,"name":"cat"},{"id":2,"name":"ghost"}]})"));
        QVERIFY(writeFile(pred, R"([{"image_id":1,"category_id":1,"bbox":[10,10,20,20],"score":0.9},
            {"image_id":1,"category_id":1,"bbox":[52,50,20,20],"score":0.4},
            {"image_id":1,"category_id":1,"bbox":[80,80,10,10],"score":0.7},
            {"image_id":2,"category_id":1,"bbox":[10,10,30,28],"score":0.2},
            {"image_id":1,"category_id":2,"bbox":[0,0,10,10],"score":0.8},
            {"image_id":2,"category_id":2,"bbox":[0,0,10,10],"score":0.3},
            {"image_id":2,"category_id":2,"bbox":[5,5,10,10],"score":0.65}])"));
        MainWindow w;
        const auto result = showOpenAndRun(w, {gt, pred});
        QVERIFY(result);
        QCOMPARE(int(result->sweep.classes.size()), 2);
        ClassPanel* panel = w.classPanel();
        auto* slider = w.findChild<QSlider*>(QStringLiteral("thresholdSlider"));
        slider->setFocus();
        auto cell = [&](const QString& name, int column) {
            return proxyIndexOf(panel, name, column).data().toString();
        };
        // Every step of the slider, driven by keys, updates every class's columns.
        QTest::keyClick(slider, Qt::Key_Home);
        for (int step = 0; step < 12; ++step) {
            const double t = *w.resultsPanel()->selectedThreshold();
            for (const ClassCurve& c : result->sweep.classes) {
                const QString name = QString::fromStdString(c.name);
                const Metrics m =
                    metricsAt(classCounter(*result, c.label), t, result->sweep.options.objective);
                QCOMPARE(cell(name, ClassTableModel::TpAtSelected), formatCount(m.counts.tp));
                QCOMPARE(cell(name, ClassTableModel::FpAtSelected), formatCount(m.counts.fp));
                QCOMPARE(cell(name, ClassTableModel::FnAtSelected), formatCount(m.counts.fn));
                if (c.groundTruth > 0) {
                    QCOMPARE(cell(name, ClassTableModel::PrecisionAtSelected), formatRatio(m.precision));
                    QCOMPARE(cell(name, ClassTableModel::RecallAtSelected), formatRatio(m.recall));
                    QCOMPARE(cell(name, ClassTableModel::F1AtSelected), formatF1(m));
                }
            }
            QTest::keyClick(slider, Qt::Key_PageUp);
        }
        // The class without ground truth: its predictions are false positives, no figure reads as a
        // recommendation.
        QTest::keyClick(slider, Qt::Key_Home);
        QCOMPARE(cell(QStringLiteral("ghost"), ClassTableModel::FpAtSelected), QStringLiteral("3"));
        for (int column : {int(ClassTableModel::Threshold), int(ClassTableModel::F1AtOwn),
                           int(ClassTableModel::F1AtGlobal), int(ClassTableModel::PrecisionAtSelected),
                           int(ClassTableModel::RecallAtSelected), int(ClassTableModel::F1AtSelected)})
            QCOMPARE(cell(QStringLiteral("ghost"), column), QStringLiteral("—"));
        QCOMPARE(cell(QStringLiteral("cat"), ClassTableModel::Threshold),
                 formatThreshold(classNamed(*result, "cat")->curve.optimum->threshold));

        // A click on the "FP at sel." header sorts by it (twice: both ways).
        QHeaderView* header = panel->view()->horizontalHeader();
        const int column = ClassTableModel::FpAtSelected;
        const QPoint at(header->sectionViewportPosition(column) + header->sectionSize(column) / 2,
                        header->height() / 2);
        QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, at);
        const auto order = [&] { return panel->proxy()->index(0, ClassTableModel::Name).data().toString(); };
        const QString first = order();
        QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, at);
        QVERIFY(order() != first);
        QCOMPARE(header->sortIndicatorSection(), column);
    }

    void fBetaIsDrawnWithItsOptimumOnIt()
    {
        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(load(w, bundledExamplePaths()));
        auto* objective = w.findChild<QComboBox*>(QStringLiteral("objective"));
        auto* beta = w.findChild<QDoubleSpinBox*>(QStringLiteral("beta"));
        QVERIFY(objective && beta);
        objective->setFocus();
        QTest::keyClick(objective, Qt::Key_Down);
        QCOMPARE(objective->currentIndex(), 1);
        QTRY_VERIFY(beta->isEnabled());
        QTest::mouseClick(beta, Qt::LeftButton);
        QTest::keyClick(beta, Qt::Key_A, Qt::ControlModifier);
        QTest::keyClicks(beta, QStringLiteral("2"));
        QTest::keyClick(beta, Qt::Key_Return);
        QCOMPARE(beta->value(), 2.0);
        const auto result = run(w);
        QVERIFY(result);
        QCOMPARE(result->sweep.options.objective.beta, 2.0);
        const Curve& total = result->sweep.total;
        QVERIFY(total.optimum);

        CurveChart* chart = w.curveChart();
        QTRY_VERIFY(!chart->redrawPending());
        QCOMPARE(chart->f1Series()->name(), QStringLiteral("F2"));
        QList<QPointF> expected;
        for (const Metrics& m : total.grid)
            if (m.f1Defined)
                expected.append(QPointF(m.threshold, m.objective));
        QCOMPARE(chart->f1Series()->points(), expected);
        // The optimum sits on the F2 line, at F2's value, and its label says F2.
        QCOMPARE(chart->optimumSeries()->at(0), QPointF(total.optimum->threshold, total.optimum->objective));
        QVERIFY(total.optimum->objective != total.optimum->f1);
        QVERIFY2(chart->optimumLabel().contains(QStringLiteral("F2 ") +
                                                QString::number(total.optimum->objective, 'f', 4)),
                 qPrintable(chart->optimumLabel()));
        QVERIFY(chart->chart()->title().contains(QStringLiteral("F2")));
    }

    void costIsChosenTypedAndDrawnOnItsOwnAxis()
    {
        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(load(w, bundledExamplePaths()));
        auto* objective = w.findChild<QComboBox*>(QStringLiteral("objective"));
        auto* costFp = w.findChild<QDoubleSpinBox*>(QStringLiteral("costFp"));
        auto* costFn = w.findChild<QDoubleSpinBox*>(QStringLiteral("costFn"));
        QVERIFY(objective && costFp && costFn);
        QVERIFY(!costFp->isVisible());
        objective->setFocus();
        QTest::keyClick(objective, Qt::Key_Down);
        QTest::keyClick(objective, Qt::Key_Down);
        QCOMPARE(objective->currentText(), QStringLiteral("Cost"));
        QTRY_VERIFY(costFp->isVisible() && costFn->isVisible());
        auto type = [](QDoubleSpinBox* box, const QString& text) {
            QTest::mouseClick(box, Qt::LeftButton);
            QTest::keyClick(box, Qt::Key_A, Qt::ControlModifier);
            QTest::keyClicks(box, text);
            QTest::keyClick(box, Qt::Key_Return);
        };
        type(costFp, QStringLiteral("0.5"));
        type(costFn, QStringLiteral("4"));
        QCOMPARE(costFp->value(), 0.5);
        QCOMPARE(costFn->value(), 4.0);
        const auto result = run(w);
        QVERIFY(result);
        const Objective& o = result->sweep.options.objective;
        QVERIFY(o.isCost());
        QCOMPARE(o.costFp, 0.5);
        QCOMPARE(o.costFn, 4.0);
        QCOMPARE(o.images, static_cast<std::int64_t>(result->imageCount));
        // The optimum is the least cost per image over the exact rows, the lowest threshold on ties.
        const Curve& total = result->sweep.total;
        QVERIFY(total.optimum && !total.exact.empty());
        const Metrics* least = nullptr;
        auto costOf = [&](const Metrics& m) {
            return (0.5 * static_cast<double>(m.counts.fp) + 4.0 * static_cast<double>(m.counts.fn)) /
                   static_cast<double>(result->imageCount);
        };
        for (const Metrics& m : total.exact)
            if (m.f1Defined && (!least || costOf(m) < costOf(*least)))
                least = &m;
        QVERIFY(least);
        QCOMPARE(total.optimum->threshold, least->threshold);
        QCOMPARE(total.optimum->objective, costOf(*least));

        CurveChart* chart = w.curveChart();
        QTRY_VERIFY(!chart->redrawPending());
        QCOMPARE(chart->f1Series()->name(), QStringLiteral("Cost per image"));
        QValueAxis* costAxis = nullptr;
        for (QAbstractAxis* a : chart->chart()->axes())
            if (a->objectName() == QLatin1String("costAxis"))
                costAxis = qobject_cast<QValueAxis*>(a);
        QVERIFY(costAxis && costAxis->isVisible());
        QVERIFY(chart->f1Series()->attachedAxes().contains(costAxis));
        QVERIFY(chart->optimumSeries()->attachedAxes().contains(costAxis));
        double top = 0;
        for (const Metrics& m : total.grid)
            if (m.f1Defined)
                top = std::max(top, m.objective);
        QVERIFY2(costAxis->max() >= top && costAxis->min() == 0.0,
                 qPrintable(QString::number(costAxis->max())));
        QCOMPARE(chart->optimumSeries()->at(0), QPointF(total.optimum->threshold, total.optimum->objective));
        // The results panel states the cost on its own row; the F1 value stays an F1 value.
        QCOMPARE(labelText(w, "optimumObjective"), QString::number(total.optimum->objective, 'f', 4));
        QCOMPARE(labelText(w, "optimumF1"), formatF1(*total.optimum));
        QVERIFY(w.findChild<QLabel*>(QStringLiteral("optimumObjective"))->isVisible());
        QVERIFY2(chart->optimumLabel().contains(QStringLiteral("cost ") +
                                                QString::number(total.optimum->objective, 'f', 4)),
                 qPrintable(chart->optimumLabel()));
        // Back to F1: the objective returns to the ratios' axis and the cost axis goes.
        objective->setFocus();
        QTest::keyClick(objective, Qt::Key_Up);
        QTest::keyClick(objective, Qt::Key_Up);
        QVERIFY(run(w));
        QTRY_VERIFY(!chart->redrawPending());
        QVERIFY(!costAxis->isVisible());
        QVERIFY(!chart->f1Series()->attachedAxes().contains(costAxis));
        QVERIFY(!w.findChild<QLabel*>(QStringLiteral("optimumObjective"))->isVisible());
    }

    void resultsFromPreviousSettingsAreMarked()
    {
        MainWindow w;
        QVERIFY(showOpenAndRun(w, bundledExamplePaths()));
        auto* stale = w.findChild<QLabel*>(QStringLiteral("staleNote"));
        QVERIFY(stale && !stale->isVisible());
        QToolButton* report = nullptr;
        for (QToolButton* b : w.resultsPanel()->findChildren<QToolButton*>())
            if (b->defaultAction() && b->defaultAction()->text().startsWith(QStringLiteral("Export Report")))
                report = b;
        QVERIFY(report);
        QVERIFY(!report->text().contains(QStringLiteral("previous")));

        auto* steps = w.findChild<QSpinBox*>(QStringLiteral("steps"));
        QTest::mouseClick(steps, Qt::LeftButton);
        QTest::keyClick(steps, Qt::Key_A, Qt::ControlModifier);
        QTest::keyClicks(steps, QStringLiteral("51"));
        QTest::keyClick(steps, Qt::Key_Return);
        QVERIFY(stale->isVisible());
        QVERIFY2(stale->text().contains(QStringLiteral("previous settings")), qPrintable(stale->text()));
        QVERIFY2(stale->text().contains(QStringLiteral("steps 101 → 51")), qPrintable(stale->text()));
        QVERIFY(report->text().contains(QStringLiteral("previous settings")));
        QVERIFY(report->toolTip().contains(QStringLiteral("steps 101 → 51")));

        // A second change is listed too; undoing both clears the mark.
        auto* protocol = w.findChild<QComboBox*>(QStringLiteral("protocol"));
        protocol->setFocus();
        QTest::keyClick(protocol, Qt::Key_Down);
        QVERIFY2(stale->text().contains(QStringLiteral("protocol FiftyOne → pycocotools")),
                 qPrintable(stale->text()));
        QTest::keyClick(protocol, Qt::Key_Up);
        QTest::mouseClick(steps, Qt::LeftButton);
        QTest::keyClick(steps, Qt::Key_A, Qt::ControlModifier);
        QTest::keyClicks(steps, QStringLiteral("101"));
        QVERIFY(!stale->isVisible());
        QVERIFY(!report->text().contains(QStringLiteral("previous")));

        // Changed again and run: the new result is current.
        QTest::keyClick(steps, Qt::Key_A, Qt::ControlModifier);
        QTest::keyClicks(steps, QStringLiteral("51"));
        QVERIFY(stale->isVisible());
        const auto result = run(w);
        QVERIFY(result);
        QCOMPARE(result->sweep.options.steps, 51);
        QVERIFY(!stale->isVisible());
    }

    void overlayDrawsEveryClassAndAClickSelectsOne()
    {
        MainWindow w;
        const auto result = showOpenAndRun(w, bundledExamplePaths());
        QVERIFY(result);
        auto* toggle = w.findChild<QCheckBox*>(QStringLiteral("overlayToggle"));
        QVERIFY(toggle && toggle->isVisible());
        QTest::mouseClick(toggle, Qt::LeftButton, {}, QPoint(8, toggle->height() / 2));
        QVERIFY(toggle->isChecked());
        CurveChart* chart = w.curveChart();
        QTRY_VERIFY(!chart->redrawPending());
        const QList<QLineSeries*> lines = chart->overlaySeries();
        QCOMPARE(lines.size(), int(result->sweep.classes.size()));
        for (int i = 0; i < lines.size(); ++i) {
            const ClassCurve& c = result->sweep.classes[std::size_t(i)];
            QCOMPARE(lines[i]->name(), QString::fromStdString(c.name));
            QVERIFY(lines[i]->isVisible());
            QCOMPARE(lines[i]->count(), int(c.curve.grid.size())); // every grid row is defined here
            QCOMPARE(lines[i]->at(10), QPointF(c.curve.grid[10].threshold, c.curve.grid[10].objective));
        }
        QVERIFY(!chart->f1Series()->isVisible());
        QVERIFY(chart->chart()->legend()->isVisible());
        QVERIFY(chart->chart()->title().contains(QStringLiteral("every class")));

        // Click on one class's line where it stands apart from every other: that class is selected.
        const ClassCurve* target = nullptr;
        std::size_t row = 0;
        for (const ClassCurve& c : result->sweep.classes)
            for (std::size_t k = 5; k + 5 < c.curve.grid.size() && !target; ++k) {
                double gap = 1.0;
                for (const ClassCurve& other : result->sweep.classes)
                    if (&other != &c)
                        gap = std::min(gap,
                                       std::abs(other.curve.grid[k].objective - c.curve.grid[k].objective));
                if (gap > 0.05) {
                    target = &c;
                    row = k;
                }
            }
        QVERIFY(target);
        const Metrics& m = target->curve.grid[row];
        const QPointF scene =
            chart->chart()->mapToPosition(QPointF(m.threshold, m.objective), chart->f1Series());
        QTest::mouseClick(chart->viewport(), Qt::LeftButton, {}, chart->mapFromScene(scene));
        QCOMPARE(w.resultsPanel()->selectedClass(), std::optional<LabelId>(target->label));
        const QModelIndexList selected = w.classPanel()->view()->selectionModel()->selectedRows();
        QCOMPARE(selected.size(), 1);
        QCOMPARE(selected.first().data().toString(), QString::fromStdString(target->name));
        // The selected class's line is drawn thicker than the others.
        QTRY_VERIFY(!chart->redrawPending());
        for (QLineSeries* s : chart->overlaySeries())
            QCOMPARE(s->pen().widthF() > 2.0, s->name() == QString::fromStdString(target->name));

        // Off again: precision, recall and F1 of the selected class.
        QTest::mouseClick(toggle, Qt::LeftButton, {}, QPoint(8, toggle->height() / 2));
        QTRY_VERIFY(!chart->redrawPending());
        QVERIFY(chart->overlaySeries().isEmpty());
        QVERIFY(chart->f1Series()->isVisible());
        QVERIFY(chart->chart()->title().contains(QString::fromStdString(target->name)));
    }

    void hoverSnapsToTheNearestGridRow()
    {
        MainWindow w;
        const auto result = showOpenAndRun(w, bundledExamplePaths());
        QVERIFY(result);
        CurveChart* chart = w.curveChart();
        QTRY_VERIFY(!chart->redrawPending());
        const std::vector<Metrics>& grid = result->sweep.total.grid; // 101 rows, 0.01 apart
        for (const double t : {0.437, 0.503, 0.02}) {
            // Anywhere vertically, far from every line: it snaps by threshold.
            const QPointF scene = chart->chart()->mapToPosition(QPointF(t, 0.05), chart->f1Series());
            QTest::mouseMove(chart->viewport(), chart->mapFromScene(scene));
            QTRY_VERIFY(chart->hoveredRow());
            const auto nearest =
                std::min_element(grid.begin(), grid.end(), [t](const Metrics& a, const Metrics& b) {
                    return std::abs(a.threshold - t) < std::abs(b.threshold - t);
                });
            QCOMPARE(chart->hoveredRow()->threshold, nearest->threshold);
            QCOMPARE(chart->hoveredRow()->counts, nearest->counts);
            const QString text = chart->hoverText();
            QVERIFY2(text.contains(formatThreshold(nearest->threshold)) &&
                         text.contains(QStringLiteral("TP %1").arg(formatCount(nearest->counts.tp))) &&
                         text.contains(QStringLiteral("F1 %1").arg(formatF1(*nearest))),
                     qPrintable(text));
        }
        // Off the plot: no crosshair.
        QTest::mouseMove(chart->viewport(), QPoint(2, 2));
        QTRY_VERIFY(!chart->hoveredRow());
        QVERIFY(chart->hoverText().isEmpty());
    }

    void prChartShowsThresholdsAndAClickSelectsOne()
    {
        MainWindow w;
        const auto result = showOpenAndRun(w, bundledExamplePaths());
        QVERIFY(result);
        ClassPanel* panel = w.classPanel();
        clickCell(panel->view(), proxyIndexOf(panel, QStringLiteral("dog")));
        const ClassCurve* dog = classNamed(*result, "dog");
        QVERIFY(dog);
        auto* tabs = w.findChild<QTabWidget*>();
        QTest::mouseClick(tabs->tabBar(), Qt::LeftButton, {}, tabs->tabBar()->tabRect(1).center());
        PrChart* pr = w.prChart();
        QTRY_VERIFY(pr->isVisible());
        // A row of the class's exact curve, about a third of the way along it.
        SweepOptions options = result->sweep.options;
        options.keepExactRows = true;
        const Curve exact =
            computeCurve(classCounter(*result, dog->label), result->sweep.thresholds, options);
        std::vector<Metrics> rows;
        for (const Metrics& m : exact.exact)
            if (m.precision && m.recall)
                rows.push_back(m);
        const Metrics& target = rows[rows.size() / 3];
        const QPointF scene =
            pr->chart()->mapToPosition(QPointF(*target.recall, *target.precision), pr->curveSeries());
        const QPoint at = pr->mapFromScene(scene);
        QTest::mouseMove(pr->viewport(), at);
        QTRY_VERIFY(pr->hoveredRow());
        // Several exact rows can sit on one pixel: the one read out is one of them, and says its t.
        const Metrics hovered = *pr->hoveredRow();
        const QPointF hoveredAt =
            pr->chart()->mapToPosition(QPointF(*hovered.recall, *hovered.precision), pr->curveSeries());
        QVERIFY((hoveredAt - scene).manhattanLength() < 3);
        QVERIFY2(pr->hoverText().contains(QStringLiteral("t = ") + formatThreshold(hovered.threshold)),
                 qPrintable(pr->hoverText()));
        QTest::mouseClick(pr->viewport(), Qt::LeftButton, {}, at);
        QCOMPARE(*w.resultsPanel()->selectedThreshold(), hovered.threshold);
        // The class's counts there, and the operating point drawn at that row.
        QCOMPARE(w.resultsPanel()->selectedMetrics()->counts, hovered.counts);
        QCOMPARE(pr->operatingPointSeries()->at(0), QPointF(*hovered.recall, *hovered.precision));
    }

    void countsAreInTheSingularForOne()
    {
        const QString gt = m_dir.filePath(QStringLiteral("one.json"));
        const QString pred = m_dir.filePath(QStringLiteral("one-model.json"));
        QVERIFY(writeFile(gt, R"({"images":[{"id":1,"width":100,"height":100}],
            "annotations":[{"id":1,"image_id":1,"category_id":1,"bbox":[10,10,20,20],"area":400,"iscrowd":0}],
            "categories":[{"id":1,"name":"cat"}]})"));
        QVERIFY(writeFile(pred, R"([{"image_id":1,"category_id":1,"bbox":[10,10,20,20],"score":0.9}])"));
        MainWindow w;
        w.show();
        QVERIFY(load(w, {gt, pred}));
        const QString summary = w.findChild<QLabel*>(QStringLiteral("datasetSummary"))->text();
        QVERIFY2(summary.contains(QStringLiteral("1 image, 1 class, 2 fields")), qPrintable(summary));
    }

    void precisionAndRecallTargets()
    {
        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(load(w, bundledExamplePaths()));
        const auto type = [](QDoubleSpinBox* box, const QString& text) {
            QTest::mouseClick(box, Qt::LeftButton);
            QTest::keyClick(box, Qt::Key_A, Qt::ControlModifier);
            QTest::keyClicks(box, text);
            QTest::keyClick(box, Qt::Key_Return);
        };
        type(w.findChild<QDoubleSpinBox*>(QStringLiteral("minPrecision")), QStringLiteral("0.9"));
        type(w.findChild<QDoubleSpinBox*>(QStringLiteral("minRecall")), QStringLiteral("0.8"));
        const auto result = run(w);
        QVERIFY(result);
        QCOMPARE(result->sweep.options.minPrecision, std::optional<double>(0.9));
        QCOMPARE(result->sweep.options.minRecall, std::optional<double>(0.8));
        // The engine, as the CLI calls it, is the oracle.
        EvaluationRequest request = result->request;
        request.sweep.keepClassCounters = false;
        const auto expected = evaluate(*w.dataset(), request);
        const auto& p = expected->sweep.operatingPoints.maxRecallAtPrecision;
        const auto& r = expected->sweep.operatingPoints.maxPrecisionAtRecall;
        QVERIFY(p && r);
        const QString shown = labelText(w, "targetPoints");
        QVERIFY2(shown.contains(QStringLiteral("precision ≥ 0.9: t = %1").arg(formatThreshold(p->threshold))),
                 qPrintable(shown));
        QVERIFY2(shown.contains(QStringLiteral("recall ≥ 0.8: t = %1").arg(formatThreshold(r->threshold))),
                 qPrintable(shown));
        QTRY_VERIFY(!w.curveChart()->redrawPending());
        const QList<QPointF> onCurve{QPointF(p->threshold, p->objective),
                                     QPointF(r->threshold, r->objective)};
        QCOMPARE(w.curveChart()->targetSeries()->points(), onCurve);
        const QList<QPointF> onPr{QPointF(*p->recall, *p->precision), QPointF(*r->recall, *r->precision)};
        QCOMPARE(w.prChart()->targetSeries()->points(), onPr);
    }

    void exportsAtTheSelectedThreshold()
    {
        MainWindow w;
        const auto result = showOpenAndRun(w, bundledExamplePaths());
        QVERIFY(result);
        auto* spin = w.findChild<QDoubleSpinBox*>(QStringLiteral("thresholdSpin"));
        QTest::mouseClick(spin, Qt::LeftButton);
        QTRY_VERIFY(spin->hasFocus());
        QTest::keyClick(spin, Qt::Key_A, Qt::ControlModifier);
        QTest::keyClicks(spin, QStringLiteral("0.6"));
        QTest::keyClick(spin, Qt::Key_Return);
        QCOMPARE(*w.resultsPanel()->selectedThreshold(), 0.6);
        const ThresholdCounter total(result->match, std::nullopt, result->request.sweep.pluginParity);
        const Counts at = total.at(0.6);
        QVERIFY(at != result->sweep.total.optimum->counts); // a point of its own

        // The thresholds file: the dialog asks, the file says which and states the counts there.
        const QString thresholdsPath = m_dir.filePath(QStringLiteral("selected-thresholds.json"));
        {
            ExportDialogAnswerer answer(thresholdsPath);
            QAction* action = exportAction(w, QStringLiteral("Deployable thresholds…"));
            QVERIFY(action);
            action->trigger();
            QVERIFY(answer.savedAs());
            QVERIFY(answer.choseSelected());
        }
        const QJsonObject t = QJsonDocument::fromJson(readBytes(thresholdsPath)).object();
        QCOMPARE(t.value(QStringLiteral("operating_point")).toString(), QStringLiteral("selected"));
        QCOMPARE(t.value(QStringLiteral("selected_threshold")).toDouble(), 0.6);
        QCOMPARE(t.value(QStringLiteral("default_threshold")).toDouble(), 0.6);
        QCOMPARE(t.value(QStringLiteral("optimum_threshold")).toDouble(),
                 result->sweep.total.optimum->threshold);
        const QJsonObject sel = t.value(QStringLiteral("selected")).toObject();
        QCOMPARE(sel.value(QStringLiteral("tp")).toInteger(), at.tp);
        QCOMPARE(sel.value(QStringLiteral("fp")).toInteger(), at.fp);
        QCOMPARE(sel.value(QStringLiteral("fn")).toInteger(), at.fn);
        const QJsonArray classes = t.value(QStringLiteral("classes")).toArray();
        QCOMPARE(classes.size(), qsizetype(result->sweep.classes.size()));
        for (const QJsonValue& v : classes) {
            const QJsonObject c = v.toObject();
            const ClassCurve* curve =
                classNamed(*result, c.value(QStringLiteral("label")).toString().toStdString());
            QVERIFY(curve);
            const Counts k = classCounter(*result, curve->label).at(0.6);
            QCOMPARE(c.value(QStringLiteral("threshold")).toDouble(), 0.6);
            QCOMPARE(c.value(QStringLiteral("source")).toString(), QStringLiteral("selected threshold"));
            QCOMPARE(c.value(QStringLiteral("tp_at_threshold")).toInteger(), k.tp);
            QCOMPARE(c.value(QStringLiteral("fp_at_threshold")).toInteger(), k.fp);
            QCOMPARE(c.value(QStringLiteral("fn_at_threshold")).toInteger(), k.fn);
        }

        // The HTML report: its first section is the selected point, with the counts there.
        const QString reportPath = m_dir.filePath(QStringLiteral("selected-report.html"));
        {
            ExportDialogAnswerer answer(reportPath);
            QAction* action = exportAction(w, QStringLiteral("Report (HTML)…"));
            QVERIFY(action);
            action->trigger();
            QVERIFY(answer.choseSelected());
            QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(reportPath), 30000);
        }
        QTRY_VERIFY(!readBytes(reportPath).isEmpty());
        const QString html = QString::fromUtf8(readBytes(reportPath));
        QVERIFY(html.contains(QStringLiteral("Operating point: selected threshold 0.6000")));
        const QString totalRow =
            QStringLiteral("<td align=\"left\">all classes</td><td class=\"num\" "
                           "align=\"right\">%1</td><td class=\"num\" "
                           "align=\"right\">%2</td><td class=\"num\" "
                           "align=\"right\">%3</td><td class=\"num\" align=\"right\">%4</td>")
                .arg(at.tp + at.fn)
                .arg(at.tp)
                .arg(at.fp)
                .arg(at.fn);
        QVERIFY2(html.contains(totalRow), qPrintable(totalRow));
        QVERIFY(html.indexOf(QStringLiteral("Operating point")) <
                html.indexOf(QStringLiteral("Recommended threshold")));
    }

    void chartExportWritesTheChartShown()
    {
        MainWindow w;
        QVERIFY(showOpenAndRun(w, bundledExamplePaths()));
        QTRY_VERIFY(!w.curveChart()->redrawPending());
        const auto svgOf = [&](const QString& name) {
            const auto snapshot = w.exportSnapshot();
            const QString path = m_dir.filePath(name);
            if (!snapshot || exportTo(ExportKind::ChartSvg, path, *snapshot))
                return QByteArray();
            QFile f(path);
            return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
        };
        const QByteArray confidence = svgOf(QStringLiteral("confidence.svg"));
        QVERIFY(confidence.contains("against confidence"));
        QVERIFY(!confidence.contains("Precision against recall"));
        auto* tabs = w.findChild<QTabWidget*>();
        QTest::mouseClick(tabs->tabBar(), Qt::LeftButton, {}, tabs->tabBar()->tabRect(1).center());
        QCOMPARE(tabs->currentWidget(), static_cast<QWidget*>(w.prChart()));
        const QByteArray pr = svgOf(QStringLiteral("pr.svg"));
        QVERIFY(pr.contains("Precision against recall"));
        QVERIFY(!pr.contains("against confidence"));
    }

    void windowFitsA1024By600Screen()
    {
        MainWindow w;
        QVERIFY(showOpenAndRun(w, bundledExamplePaths()));
        w.resize(1024, 600);
        QCoreApplication::processEvents();
        QVERIFY2(w.minimumSizeHint().width() <= 1024 && w.minimumSizeHint().height() <= 600,
                 qPrintable(QStringLiteral("%1 x %2")
                                .arg(w.minimumSizeHint().width())
                                .arg(w.minimumSizeHint().height())));
        QCOMPARE(w.size(), QSize(1024, 600));
        // What a run needs stays on screen: the chart and the Run button.
        for (QWidget* x : {static_cast<QWidget*>(w.curveChart()), static_cast<QWidget*>(w.runButton())}) {
            const QRect r(x->mapTo(&w, QPoint(0, 0)), x->size());
            QVERIFY2(w.rect().contains(r) && x->isVisible(), x->metaObject()->className());
        }
    }

    void recentEntriesAreAbsoluteAndToldApart()
    {
        // The same two file names in two folders, opened by relative paths from their parent.
        SyntheticSpec spec;
        spec.images = 20;
        spec.models = exampleModels();
        spec.models.resize(1);
        for (const char* folder : {"first", "second"})
            writeSynthetic(spec, QDir(m_dir.filePath(QStringLiteral("recent")))
                                     .filePath(QString::fromLatin1(folder))
                                     .toStdString());
        const QString previous = QDir::currentPath();
        QVERIFY(QDir::setCurrent(m_dir.filePath(QStringLiteral("recent"))));
        const auto restore = qScopeGuard([&] { QDir::setCurrent(previous); });
        const QString model = QString::fromStdString(spec.models[0].name) + QStringLiteral(".json");
        MainWindow w;
        w.show();
        for (const char* folder : {"first", "second"})
            QVERIFY(load(w, {QStringLiteral("%1/ground_truth.json").arg(QString::fromLatin1(folder)),
                             QStringLiteral("%1/%2").arg(QString::fromLatin1(folder), model)}));
        auto* list = w.findChild<QListWidget*>(QStringLiteral("recentList"));
        QVERIFY(list && list->count() >= 2);
        const QStringList newest = list->item(0)->data(Qt::UserRole).toStringList();
        QCOMPARE(newest,
                 QStringList({QDir::current().absoluteFilePath(QStringLiteral("second/ground_truth.json")),
                              QDir::current().absoluteFilePath(QStringLiteral("second/") + model)}));
        for (const QString& p : newest)
            QVERIFY(QFileInfo(p).isAbsolute());
        QVERIFY(list->item(0)->text() != list->item(1)->text());
        QVERIFY2(list->item(0)->text().contains(QStringLiteral("second")), qPrintable(list->item(0)->text()));
    }

    void fileMenuMnemonicsAreUniqueAndAddNeedsData()
    {
        MainWindow w;
        w.show();
        QMenu* file = nullptr;
        for (QAction* a : w.menuBar()->actions())
            if (a->text() == QStringLiteral("&File"))
                file = a->menu();
        QVERIFY(file);
        QSet<QChar> keys;
        QAction* add = nullptr;
        for (QAction* a : file->actions()) {
            if (a->isSeparator())
                continue;
            const QString text = a->text();
            const qsizetype amp = text.indexOf(u'&');
            QVERIFY2(amp >= 0 && amp + 1 < text.size(), qPrintable(text));
            const QChar key = text.at(amp + 1).toLower();
            QVERIFY2(!keys.contains(key), qPrintable(QStringLiteral("%1 repeats &%2").arg(text, key)));
            keys.insert(key);
            if (text.startsWith(QStringLiteral("&Add Prediction Files")))
                add = a;
        }
        QVERIFY(add);
        QVERIFY(!add->isEnabled());
        QVERIFY(load(w, bundledExamplePaths()));
        QVERIFY(add->isEnabled());
    }

    void datasetIsNamedAfterTheGroundTruth()
    {
        SyntheticSpec spec;
        spec.images = 20;
        spec.models = exampleModels();
        spec.models.resize(1);
        const auto paths = writeSynthetic(spec, m_dir.filePath(QStringLiteral("named")).toStdString());
        MainWindow w;
        w.show();
        // The results file first, as a file dialog may list them.
        QVERIFY(
            load(w, {QString::fromStdString(paths[1].string()), QString::fromStdString(paths[0].string())}));
        QVERIFY2(w.windowTitle().startsWith(QStringLiteral("ground_truth — ")), qPrintable(w.windowTitle()));
        const QString summary = w.findChild<QLabel*>(QStringLiteral("datasetSummary"))->text();
        QVERIFY2(summary.contains(QStringLiteral("<b>ground_truth</b>")), qPrintable(summary));
    }

    void cocoVal2014ClassNamesAreReadable()
    {
        // The real 80-category COCO set, at the default window size.
        const QString dir = QStringLiteral(OPTCONF_SHARED_DATA "/coco-val2014-100/");
        const QString gt = dir + QStringLiteral("instances_val2014_100.json");
        const QString results = dir + QStringLiteral("instances_val2014_fakebbox100_results.json");
        if (!QFile::exists(gt) || !QFile::exists(results))
            QSKIP("the shared coco-val2014-100 set is not here");
        MainWindow w;
        const auto result = showOpenAndRun(w, {gt, results});
        QVERIFY(result);
        QCOMPARE(w.dataset()->labels.size(), std::size_t(80));
        QCOMPARE(w.classPanel()->proxy()->rowCount(), static_cast<int>(result->sweep.classes.size()));
        QVERIFY(w.classPanel()->proxy()->rowCount() > 70);
        const QString cut = namesCutShort(w.classPanel());
        QVERIFY2(cut.isEmpty(), qPrintable(cut));
    }

    void eightyClassNamesAreReadable()
    {
        SyntheticSpec spec;
        spec.images = 400;
        spec.classes = 80;
        spec.models = exampleModels();
        spec.models.resize(1);
        const auto paths = writeSynthetic(spec, m_dir.filePath(QStringLiteral("coco80")).toStdString());
        // The generator names ten classes: give all 80 COCO's names.
        const QString gtPath = QString::fromStdString(paths[0].string());
        QFile gtFile(gtPath);
        QVERIFY(gtFile.open(QIODevice::ReadOnly));
        QJsonObject gt = QJsonDocument::fromJson(gtFile.readAll()).object();
        gtFile.close();
        QJsonArray categories = gt.value(QStringLiteral("categories")).toArray();
        QCOMPARE(categories.size(), 80);
        for (int i = 0; i < categories.size(); ++i) {
            QJsonObject c = categories[i].toObject();
            c[QStringLiteral("name")] = QString::fromLatin1(kCocoNames[i]);
            categories[i] = c;
        }
        gt[QStringLiteral("categories")] = categories;
        QVERIFY(writeFile(gtPath, QJsonDocument(gt).toJson()));

        MainWindow w; // the default size: no saved geometry in the test's settings folder
        QVERIFY(showOpenAndRun(w, {gtPath, QString::fromStdString(paths[1].string())}));
        ClassPanel* panel = w.classPanel();
        QTableView* view = panel->view();
        QCOMPARE(panel->proxy()->rowCount(), 80);
        const int nameWidth = view->columnWidth(ClassTableModel::Name);
        const QString cut = namesCutShort(panel);
        QVERIFY2(cut.isEmpty(), qPrintable(cut));

        // The user can drag its edge wider.
        QHeaderView* header = view->horizontalHeader();
        QCOMPARE(header->sectionResizeMode(ClassTableModel::Name), QHeaderView::Interactive);
        const QPoint edge(header->sectionViewportPosition(ClassTableModel::Name) + nameWidth - 1,
                          header->height() / 2);
        QTest::mousePress(header->viewport(), Qt::LeftButton, {}, edge);
        QMouseEvent move(QEvent::MouseMove, QPointF(edge + QPoint(40, 0)),
                         header->viewport()->mapToGlobal(QPointF(edge + QPoint(40, 0))), Qt::NoButton,
                         Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(header->viewport(), &move);
        QTest::mouseRelease(header->viewport(), Qt::LeftButton, {}, edge + QPoint(40, 0));
        QCOMPARE(view->columnWidth(ClassTableModel::Name), nameWidth + 40);
    }
};

OPTCONF_UI_TEST_MAIN(TstClassAnalysis)
#include "tst_ui_class_analysis.moc"
