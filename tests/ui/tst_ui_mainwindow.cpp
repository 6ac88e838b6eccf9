// SPDX-License-Identifier: MIT
// The window end to end: load, pick fields, run, cancel, supersede, fail to load.
#include "gui_test_main.h"

#include "core/example/synthetic.h"
#include "resources/bundled_example.h"
#include "ui/charts/curve_chart.h"
#include "ui/charts/pr_chart.h"
#include "ui/format.h"
#include "ui/jobs/run_controller.h"
#include "ui/panels/class_panel.h"
#include "ui/panels/class_table_model.h"
#include "ui/panels/data_panel.h"
#include "ui/panels/results_panel.h"
#include "ui/panels/run_panel.h"
#include "ui/panels/settings_panel.h"
#include "ui/window/error_banner.h"
#include "ui/window/main_window.h"
#include "ui/window/start_page.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QElapsedTimer>
#include <QLabel>
#include <QLineEdit>
#include <QLineSeries>
#include <QListWidget>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScatterSeries>
#include <QSettings>
#include <QSignalSpy>
#include <QSlider>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QTableView>
#include <QToolButton>
#include <QUrl>

using namespace optconf;

namespace {

constexpr int kLoadTimeoutMs = 20000;
constexpr int kRunTimeoutMs = 60000;

int definedF1(const Curve& c)
{
    return static_cast<int>(
        std::count_if(c.grid.begin(), c.grid.end(), [](const Metrics& m) { return m.f1Defined; }));
}
int definedPrecision(const Curve& c)
{
    return static_cast<int>(std::count_if(c.grid.begin(), c.grid.end(),
                                          [](const Metrics& m) { return m.precision.has_value(); }));
}

} // namespace

class TstMainWindow final : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QStringList m_mediumInputs; // big enough that a run is still busy when it is cancelled

    /// Opens `paths` and waits until the window has the dataset.
    static bool load(MainWindow& w, const QStringList& paths)
    {
        QSignalSpy loaded(&w, &MainWindow::datasetChanged);
        w.openPaths(paths);
        return loaded.wait(kLoadTimeoutMs);
    }
    /// Runs and waits for the result; returns it.
    static std::shared_ptr<const EvaluationResult> run(MainWindow& w)
    {
        QSignalSpy done(&w, &MainWindow::resultChanged);
        if (!w.startRun() || !done.wait(kRunTimeoutMs))
            return nullptr;
        return w.result();
    }
    static EvaluationRequest requestFor(MainWindow& w)
    {
        EvaluationRequest r;
        r.groundTruthField = w.dataPanel()->groundTruthField().toStdString();
        r.predictionField = w.dataPanel()->predictionField().toStdString();
        w.settingsPanel()->applyTo(r);
        return r;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        SyntheticSpec spec;
        spec.images = 8000;
        spec.classes = 30;
        spec.models = exampleModels();
        for (const auto& p : writeSynthetic(spec, m_dir.filePath(QStringLiteral("medium")).toStdString()))
            m_mediumInputs << QString::fromStdString(p.string());
        QCOMPARE(m_mediumInputs.size(), 3);
    }

    void loadPopulatesFieldLists()
    {
        MainWindow w;
        w.show();
        QVERIFY(!w.runButton()->isEnabled()); // nothing open yet
        QVERIFY(load(w, bundledExamplePaths()));
        QVERIFY(w.dataset());
        QVERIFY(w.errorText().isEmpty());
        const QComboBox* gt = w.dataPanel()->groundTruthCombo();
        const QComboBox* pred = w.dataPanel()->predictionCombo();
        // Every field may be ground truth; only scored fields are offered as predictions.
        QCOMPARE(gt->count(), 3);
        QCOMPARE(pred->count(), 2);
        QCOMPARE(w.dataPanel()->groundTruthField(), QStringLiteral("ground_truth"));
        QCOMPARE(w.dataPanel()->predictionField(), QStringLiteral("detector_large"));
        // Each entry names the field, its object count, and (tooltip) its format and source.
        const LabelField* f = w.dataset()->field("detector_large");
        QVERIFY(f);
        QVERIFY(pred->itemText(0).contains(formatCount(static_cast<std::int64_t>(f->objectCount()))));
        const QString tip = pred->itemData(0, Qt::ToolTipRole).toString();
        QVERIFY2(tip.contains(QString::fromStdString(f->format)) &&
                     tip.contains(QString::fromStdString(f->source)),
                 qPrintable(tip));
        QVERIFY(w.runButton()->isEnabled());
    }

    void dropOpensEverythingDroppedTogether()
    {
        // Dropping the ground truth and both results files at once opens them as one dataset,
        // as File > Open Files would.
        MainWindow w;
        w.show();
        QMimeData mime;
        QList<QUrl> urls;
        for (const QString& p : bundledExamplePaths())
            urls << QUrl::fromLocalFile(p);
        mime.setUrls(urls);
        QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(&w, &enter);
        QVERIFY(enter.isAccepted());
        QSignalSpy loaded(&w, &MainWindow::datasetChanged);
        QDropEvent drop(QPointF(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(&w, &drop);
        QVERIFY(loaded.wait(kLoadTimeoutMs));
        QCOMPARE(w.dataset()->fields.size(), std::size_t(3));
        QCOMPARE(w.dataPanel()->predictionCombo()->count(), 2);
    }

    void init()
    {
        // Each test starts from defaults: nothing a previous window saved.
        QSettings(QStringLiteral("OptConf"), QStringLiteral("OptConf")).clear();
    }

    void startPageOpensExampleInOneClick()
    {
        MainWindow w;
        w.show();
        auto* start = w.findChild<StartPage*>();
        QVERIFY(start && start->isVisible());
        QSignalSpy loaded(&w, &MainWindow::datasetChanged);
        start->exampleButton()->click();
        QVERIFY(loaded.wait(kLoadTimeoutMs));
        QVERIFY(!start->isVisible());
        // Labelled as synthetic wherever the data is described.
        const QString summary = w.findChild<QLabel*>(QStringLiteral("datasetSummary"))->text();
        QVERIFY2(summary.contains(QStringLiteral("Synthetic")), qPrintable(summary));
        QVERIFY(w.windowTitle().contains(QStringLiteral("Synthetic")));
        QVERIFY(w.runButton()->isEnabled());
    }

    void settingsAndRecentInputsPersist()
    {
        const QStringList inputs = m_mediumInputs;
        {
            MainWindow w;
            w.show();
            QVERIFY(load(w, inputs));
            w.settingsPanel()->stepsBox()->setValue(77);
            w.dataPanel()->selectFields(QStringLiteral("ground_truth"), QStringLiteral("detector_small"));
            w.resize(1111, 777);
            w.close(); // saves
        }
        MainWindow again;
        QCOMPARE(again.settingsPanel()->stepsBox()->value(), 77);
        QCOMPARE(again.size(), QSize(1111, 777));
        auto* recent = again.findChild<QListWidget*>(QStringLiteral("recentList"));
        QVERIFY(recent && recent->count() >= 1);
        QCOMPARE(recent->item(0)->data(Qt::UserRole).toStringList(), inputs);
        again.show();
        QVERIFY(load(again, inputs));
        QCOMPARE(again.dataPanel()->predictionField(), QStringLiteral("detector_small"));
    }

    void keyboardRunsAndCancels()
    {
        MainWindow w;
        w.show();
        QApplication::setActiveWindow(&w);
        QVERIFY(QTest::qWaitForWindowActive(&w));
        QVERIFY(load(w, m_mediumInputs));
        QSignalSpy started(w.runController(), &RunController::started);
        QSignalSpy cancelled(w.runController(), &RunController::cancelled);
        QSignalSpy changed(&w, &MainWindow::resultChanged);
        QTest::keyClick(&w, Qt::Key_R, Qt::ControlModifier);
        QCOMPARE(started.count(), 1);
        QTest::keyClick(&w, Qt::Key_Escape);
        QCOMPARE(cancelled.count(), 1);
        QTest::keyClick(&w, Qt::Key_F5);
        QCOMPARE(started.count(), 2);
        QVERIFY(changed.wait(kRunTimeoutMs));
    }

    void sameFieldDisablesRunWithMessage()
    {
        MainWindow w;
        w.show();
        QVERIFY(load(w, bundledExamplePaths()));
        QVERIFY(w.runButton()->isEnabled());
        // A scored field picked as ground truth and as predictions.
        w.dataPanel()->selectFields(QStringLiteral("detector_large"), QStringLiteral("detector_large"));
        QVERIFY(!w.runButton()->isEnabled());
        const auto* message = w.findChild<QLabel*>(QStringLiteral("fieldProblem"));
        QVERIFY(message);
        QVERIFY(message->isVisible());
        QVERIFY2(message->text().contains(QStringLiteral("different")), qPrintable(message->text()));
        QVERIFY(!w.startRun());
        w.dataPanel()->selectFields(QStringLiteral("ground_truth"), QStringLiteral("detector_small"));
        QVERIFY(w.runButton()->isEnabled());
        QVERIFY(!message->isVisible());

        // Settings the combination makes invalid are explained with validate()'s message.
        w.settingsPanel()->lowerBox()->setValue(0.8);
        w.settingsPanel()->upperBox()->setValue(0.2);
        QVERIFY(!w.runButton()->isEnabled());
        const auto* settingsMessage = w.findChild<QLabel*>(QStringLiteral("settingsProblem"));
        QVERIFY(settingsMessage && settingsMessage->isVisible());
        QVERIFY2(settingsMessage->text().contains(QStringLiteral("lower bound must not exceed")),
                 qPrintable(settingsMessage->text()));
    }

    void runDrawsEngineCurveAndOptimum_data()
    {
        QTest::addColumn<int>("steps");
        QTest::addColumn<bool>("pluginParity");
        QTest::newRow("101 steps") << 101 << false;
        QTest::newRow("37 steps, plugin parity") << 37 << true;
        QTest::newRow("10001 steps") << 10001 << false;
    }
    void runDrawsEngineCurveAndOptimum()
    {
        QFETCH(int, steps);
        QFETCH(bool, pluginParity);
        MainWindow w;
        w.show();
        QVERIFY(load(w, bundledExamplePaths()));
        w.settingsPanel()->stepsBox()->setValue(steps);
        EvaluationRequest request = requestFor(w);
        request.sweep.pluginParity = pluginParity;
        w.settingsPanel()->setFrom(request);

        QSignalSpy progress(w.runController(), &RunController::progress);
        const auto result = run(w);
        QVERIFY(result);
        QVERIFY(progress.count() >= 1);
        const auto last = progress.last().first().value<RunProgress>();
        QCOMPARE(last.fraction, 1.0);

        // The engine, called directly, is the oracle.
        const std::optional<EvaluationResult> expected = evaluate(*w.dataset(), requestFor(w));
        QVERIFY(expected);
        QCOMPARE(int(result->sweep.total.grid.size()), steps);
        QVERIFY(expected->sweep.total.optimum && result->sweep.total.optimum);
        QCOMPARE(result->sweep.total.optimum->threshold, expected->sweep.total.optimum->threshold);
        QCOMPARE(result->sweep.total.optimum->counts, expected->sweep.total.optimum->counts);
        QCOMPARE(result->sweep.total.optimum->f1, expected->sweep.total.optimum->f1);

        // The chart shows the grid's points (undefined ones are not drawn) and the exact optimum.
        CurveChart* chart = w.curveChart();
        QTRY_VERIFY(!chart->redrawPending());
        if (definedF1(expected->sweep.total) <= CurveChart::kMaxDrawnPoints) {
            QCOMPARE(chart->f1Series()->count(), definedF1(expected->sweep.total));
            QCOMPARE(chart->precisionSeries()->count(), definedPrecision(expected->sweep.total));
        } else {
            // Thinned for drawing: the envelope keeps the ends and every extreme of the grid.
            QVERIFY(chart->f1Series()->count() <= CurveChart::kMaxDrawnPoints);
            QVERIFY(chart->f1Series()->count() >= CurveChart::kMaxDrawnPoints / 2);
            const auto points = chart->f1Series()->points();
            QCOMPARE(points.first().x(), expected->sweep.total.grid.front().threshold);
            double maxF1 = 0, maxDrawn = 0;
            for (const Metrics& m : expected->sweep.total.grid)
                maxF1 = std::max(maxF1, m.f1);
            for (const QPointF& pt : points)
                maxDrawn = std::max(maxDrawn, pt.y());
            QCOMPARE(maxDrawn, maxF1);
        }
        QCOMPARE(chart->optimumSeries()->count(), 1);
        QCOMPARE(chart->optimumSeries()->at(0).x(), expected->sweep.total.optimum->threshold);
        QVERIFY(chart->optimumLabel().contains(formatThreshold(expected->sweep.total.optimum->threshold)));
        QVERIFY(chart->optimumLabel().contains(formatF1(*expected->sweep.total.optimum)));

        // Results panel: the optimum, and the selected threshold at the optimum.
        QVERIFY(w.findChild<QLabel*>(QStringLiteral("optimumThreshold"))
                    ->text()
                    .contains(formatThreshold(expected->sweep.total.optimum->threshold)));
        const auto sel = w.resultsPanel()->selectedMetrics();
        QVERIFY(sel);
        QCOMPARE(sel->counts, expected->sweep.total.optimum->counts);
    }

    void selectedThresholdIsInstant()
    {
        MainWindow w;
        w.show();
        QVERIFY(load(w, bundledExamplePaths()));
        const auto result = run(w);
        QVERIFY(result);
        const ThresholdCounter counter(result->match, std::nullopt, result->request.sweep.pluginParity);
        QSignalSpy started(w.runController(), &RunController::started);
        for (double t : {0.0, 0.25, 0.5, 0.9, 1.0}) {
            w.resultsPanel()->setSelectedThreshold(t);
            const auto m = w.resultsPanel()->selectedMetrics();
            QVERIFY(m);
            QCOMPARE(m->counts, counter.at(t));
            const QString shown = w.findChild<QLabel*>(QStringLiteral("selectedCounts"))->text();
            QVERIFY2(shown.contains(QStringLiteral("TP ") + formatCount(m->counts.tp)), qPrintable(shown));
        }
        // The slider maps onto [lower, upper] and moves the same figures.
        auto* slider = w.findChild<QSlider*>(QStringLiteral("thresholdSlider"));
        QVERIFY(slider);
        slider->setValue(slider->maximum() / 2);
        QCOMPARE(w.resultsPanel()->selectedMetrics()->counts, counter.at(0.5));
        // Clicking the chart selects the threshold under the cursor.
        CurveChart* chart = w.curveChart();
        QTRY_VERIFY(!chart->redrawPending());
        const QPointF scene = chart->chart()->mapToPosition(QPointF(0.3, 0.5), chart->f1Series());
        QTest::mouseClick(chart->viewport(), Qt::LeftButton, {}, chart->mapFromScene(scene));
        QVERIFY(w.resultsPanel()->selectedThreshold());
        QVERIFY2(std::abs(*w.resultsPanel()->selectedThreshold() - 0.3) < 0.01,
                 qPrintable(QString::number(*w.resultsPanel()->selectedThreshold())));
        QCOMPARE(w.resultsPanel()->selectedMetrics()->counts,
                 counter.at(*w.resultsPanel()->selectedThreshold()));
        // The vertical line follows.
        const auto all = chart->chart()->series();
        QVERIFY(std::any_of(all.begin(), all.end(), [&](QAbstractSeries* series) {
            auto* s = qobject_cast<QLineSeries*>(series);
            return s && s->count() == 2 && s->at(0).x() == *w.resultsPanel()->selectedThreshold() &&
                   s->at(1).x() == s->at(0).x();
        }));
        QCOMPARE(started.count(), 0); // no re-run
    }

    void liveCurveWhileRunning()
    {
        MainWindow w;
        w.show();
        w.runController()->setDeliveryInterval(0); // no GUI-side throttle: the engine decides
        QVERIFY(load(w, m_mediumInputs));
        QSignalSpy partial(w.runController(), &RunController::partialCurve);
        // Connected after the window's own slot: by now the window has handed the curve to the chart.
        QStringList chartSubtitles;
        connect(w.runController(), &RunController::partialCurve, this, [&](const PartialCurve& pc) {
            QVERIFY(pc.imagesDone < pc.imageCount);
            QCOMPARE(int(pc.curve->grid.size()), 101);
            chartSubtitles << w.curveChart()->subtitle();
            QVERIFY(w.curveChart()->redrawPending()); // batched: drawn on the next timer tick
        });
        QVERIFY(run(w));
        // The engine streams at least the curve after the first chunk of images.
        QVERIFY2(partial.count() >= 1, qPrintable(QString::number(partial.count())));
        QCOMPARE(chartSubtitles.size(), int(partial.count()));
        for (const QString& s : std::as_const(chartSubtitles))
            QVERIFY2(s.startsWith(QStringLiteral("partial: ")), qPrintable(s));
        // Partial curves cover a growing number of images; the final curve replaces them.
        for (qsizetype i = 1; i < partial.count(); ++i)
            QVERIFY(partial.at(i - 1).first().value<PartialCurve>().imagesDone <
                    partial.at(i).first().value<PartialCurve>().imagesDone);
        QTRY_VERIFY(!w.curveChart()->redrawPending());
        QVERIFY(!w.curveChart()->chart()->title().contains(QStringLiteral("partial")));
        QCOMPARE(w.curveChart()->f1Series()->count(), definedF1(w.result()->sweep.total));
    }

    void cancelKeepsPreviousResult()
    {
        MainWindow w;
        w.show();
        QVERIFY(load(w, m_mediumInputs));
        const auto before = run(w);
        QVERIFY(before);
        const QString shownBefore = w.findChild<QLabel*>(QStringLiteral("optimumThreshold"))->text();

        w.settingsPanel()->stepsBox()->setValue(51);
        QSignalSpy cancelled(w.runController(), &RunController::cancelled);
        QSignalSpy idle(w.runController(), &RunController::workerIdle);
        QSignalSpy finished(w.runController(), &RunController::finished);
        QElapsedTimer sinceCancel;
        // Cancel as soon as the first progress arrives: mid-run, deterministically.
        bool once = false;
        double fractionAtCancel = -1;
        connect(w.runController(), &RunController::progress, this, [&](const RunProgress& p) {
            if (!std::exchange(once, true)) {
                fractionAtCancel = p.fraction;
                sinceCancel.start();
                w.cancelRun();
            }
        });
        qint64 stopMs = -1; // from Cancel until the worker has left the engine
        connect(w.runController(), &RunController::workerIdle, this, [&] { stopMs = sinceCancel.elapsed(); });
        QVERIFY(w.startRun());
        QVERIFY(cancelled.wait(kRunTimeoutMs));
        QTRY_COMPARE_WITH_TIMEOUT(idle.count(), 1, kRunTimeoutMs);
        QVERIFY(stopMs >= 0);
        qInfo("worker left the engine %lld ms after Cancel", stopMs);
        QVERIFY2(stopMs < 500, qPrintable(QString::number(stopMs)));
        QVERIFY2(fractionAtCancel >= 0 && fractionAtCancel < 0.9,
                 qPrintable(QString::number(fractionAtCancel)));
        QCOMPARE(finished.count(), 0);
        QCOMPARE(w.result(), before); // the previous result, untouched
        QCOMPARE(w.findChild<QLabel*>(QStringLiteral("optimumThreshold"))->text(), shownBefore);
        QTRY_VERIFY(!w.curveChart()->redrawPending());
        QCOMPARE(w.curveChart()->f1Series()->count(), definedF1(before->sweep.total)); // 101-step curve again
        QVERIFY(!w.findChild<QPushButton*>(QStringLiteral("cancelButton"))->isEnabled());
    }

    void twoQuickRunsDrawOnlyTheSecond()
    {
        MainWindow w;
        w.show();
        w.runController()->setDeliveryInterval(0);
        QVERIFY(load(w, m_mediumInputs));
        QSignalSpy partial(w.runController(), &RunController::partialCurve);
        QSignalSpy progress(w.runController(), &RunController::progress);
        QSignalSpy finished(w.runController(), &RunController::finished);
        QSignalSpy changed(&w, &MainWindow::resultChanged);
        w.settingsPanel()->stepsBox()->setValue(101);
        QVERIFY(w.startRun());
        const quint64 first = w.runController()->currentGeneration();
        w.settingsPanel()->stepsBox()->setValue(57);
        QVERIFY(w.startRun());
        const quint64 second = w.runController()->currentGeneration();
        QVERIFY(second > first);
        QVERIFY(changed.wait(kRunTimeoutMs));
        QTRY_VERIFY(!w.runController()->isWorkerBusy()); // the first run has wound down too
        QCOMPARE(finished.count(), 1);
        QCOMPARE(finished.first().first().value<RunOutcome>().generation, second);
        for (const auto& args : std::as_const(partial))
            QCOMPARE(args.first().value<PartialCurve>().generation, second);
        for (const auto& args : std::as_const(progress))
            QCOMPARE(args.first().value<RunProgress>().generation, second);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(w.result()->request.sweep.steps, 57);
        QTRY_VERIFY(!w.curveChart()->redrawPending());
        QCOMPARE(w.curveChart()->f1Series()->count(), definedF1(w.result()->sweep.total));
        QVERIFY(w.curveChart()->f1Series()->count() <= 57);
    }

    void badInputShowsErrorAndKeepsDataset_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("fragment");
        QVERIFY(m_dir.isValid());
        const QString broken = m_dir.filePath(QStringLiteral("broken.json"));
        QFile f(broken);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("{\"images\": [\n");
        f.close();
        const QString folder = m_dir.filePath(QStringLiteral("unknown_folder"));
        QVERIFY(QDir().mkpath(folder));
        QFile notes(folder + QStringLiteral("/notes.txt"));
        QVERIFY(notes.open(QIODevice::WriteOnly));
        notes.write("hello world\n");
        notes.close();
        const QString empty = m_dir.filePath(QStringLiteral("empty_folder"));
        QVERIFY(QDir().mkpath(empty));
        QTest::newRow("missing") << m_dir.filePath(QStringLiteral("no_such_file.json"))
                                 << QStringLiteral("does not exist");
        QTest::newRow("invalid JSON") << broken << QStringLiteral("line 2");
        QTest::newRow("unknown folder") << folder << QStringLiteral("not a dataset format");
        QTest::newRow("empty folder") << empty << QStringLiteral("the folder is empty");
    }
    void badInputShowsErrorAndKeepsDataset()
    {
        QFETCH(QString, path);
        QFETCH(QString, fragment);
        MainWindow w;
        w.show();
        QVERIFY(load(w, bundledExamplePaths()));
        const auto dataset = w.dataset();
        QVERIFY(run(w));
        const auto result = w.result();
        QSignalSpy failed(&w, &MainWindow::loadFailed);
        w.openPaths({path});
        QVERIFY(failed.wait(kLoadTimeoutMs));
        QCOMPARE(failed.count(), 1);
        const QString error = w.errorText();
        QVERIFY2(error.contains(path.toHtmlEscaped()) && error.contains(fragment), qPrintable(error));
        QCOMPARE(w.dataset(), dataset);
        QCOMPARE(w.result(), result);
        QCOMPARE(w.dataPanel()->predictionCombo()->count(), 2);
        QVERIFY(w.runButton()->isEnabled());
        // A later good load clears the error.
        QVERIFY(load(w, bundledExamplePaths()));
        QVERIFY(w.errorText().isEmpty());
    }

    void longErrorIsCutAndCanBeClosed()
    {
        MainWindow w;
        w.show();
        // A 10 MB value in a CSV: the message quotes its start and its size, in a banner of a few lines.
        const QString gt = m_dir.filePath(QStringLiteral("banner_gt.csv"));
        const QString det = m_dir.filePath(QStringLiteral("banner_det.csv"));
        QFile g(gt), d(det);
        QVERIFY(g.open(QIODevice::WriteOnly) && d.open(QIODevice::WriteOnly));
        g.write("image,label,x,y,w,h\nimg1.jpg,cat,10,10,40,40\n");
        d.write("image,label,x,y,w,h,confidence\nimg1.jpg,cat,10,10,40,40," + QByteArray(10000000, '9') +
                "x\n");
        g.close();
        d.close();
        QSignalSpy failed(&w, &MainWindow::loadFailed);
        w.openPaths({gt, det});
        QVERIFY(failed.wait(kLoadTimeoutMs));
        QVERIFY2(w.errorText().size() < 2000, qPrintable(w.errorText().left(2000)));
        QVERIFY2(w.errorText().contains(QStringLiteral("(10000001 bytes)")), qPrintable(w.errorText()));
        // Said once: the summary is the first error, which is not listed again under it.
        QCOMPARE(w.errorText().count(QStringLiteral("(10000001 bytes)")), 1);

        // Whatever a message holds, the banner shows a cut line, and Details… the whole of it.
        auto* banner = w.findChild<ErrorBanner*>(QStringLiteral("errorBanner"));
        QVERIFY(banner);
        const QString huge(1000000, u'x');
        banner->showError(QStringLiteral("Could not open the data."),
                          {QStringLiteral("first\nsecond"), huge});
        QVERIFY(w.errorText().size() < 1000);
        QVERIFY2(w.errorText().contains(QStringLiteral("first\n")),
                 qPrintable(w.errorText())); // line breaks kept
        auto* details = banner->findChild<QToolButton*>(QStringLiteral("errorBannerDetails"));
        QVERIFY(details && details->isVisible());
        QTest::mouseClick(details, Qt::LeftButton);
        QPlainTextEdit* full = nullptr;
        QTRY_VERIFY((full = w.findChild<QPlainTextEdit*>(QStringLiteral("errorDetailsText"))) != nullptr);
        QVERIFY(full->toPlainText().contains(huge));
        full->window()->close();
        auto* close = banner->findChild<QToolButton*>(QStringLiteral("errorBannerClose"));
        QVERIFY(close);
        QTest::mouseClick(close, Qt::LeftButton);
        QVERIFY(w.errorText().isEmpty());
        QVERIFY(!banner->isVisible());
    }

    void degenerateOptimumIsNoRecommendation()
    {
        // Predictions that never overlap the ground truth: the optimum keeps no true positive.
        Dataset d;
        d.labels = {"thing"};
        LabelField gt{"gt", "test", "", {}, {0}};
        LabelField pred{"pred", "test", "", {}, {0}};
        for (int i = 0; i < 4; ++i) {
            d.samples.push_back({"s" + std::to_string(i), "", 100, 100});
            Detection g;
            g.box = {0, 0, 10, 10};
            g.area = 100;
            gt.detections.push_back(g);
            Detection p = g;
            p.box.x = 60;
            p.confidence = 0.2 + 0.1 * i;
            pred.detections.push_back(p);
            gt.offsets.push_back(std::uint32_t(gt.detections.size()));
            pred.offsets.push_back(std::uint32_t(pred.detections.size()));
        }
        d.fields = {std::move(gt), std::move(pred)};
        EvaluationRequest request;
        request.groundTruthField = "gt";
        request.predictionField = "pred";
        QVERIFY(!validate(d, request));
        auto result = evaluate(d, request);
        QVERIFY(result && result->sweep.total.optimum && result->sweep.total.optimum->counts.tp == 0);
        auto shared = std::make_shared<const EvaluationResult>(std::move(*result));
        auto counter = std::make_shared<const ThresholdCounter>(shared->match, std::nullopt, false);
        ResultsPanel panel;
        panel.show();
        panel.setResult(shared, counter);
        const QString headline = panel.findChild<QLabel*>(QStringLiteral("optimumThreshold"))->text();
        QVERIFY2(headline.startsWith(QStringLiteral("No threshold to recommend")), qPrintable(headline));
        auto* warning = panel.findChild<QLabel*>(QStringLiteral("resultsWarning"));
        QVERIFY(warning && warning->isVisible());
        QVERIFY2(warning->text().contains(QStringLiteral("no true positive")), qPrintable(warning->text()));
        panel.clear(QStringLiteral("cleared"));
        QVERIFY(!warning->isVisible());
    }

    void classTableSortsFiltersAndSelects()
    {
        MainWindow w;
        w.show();
        ClassPanel* panel = w.classPanel();
        QAbstractItemModelTester sourceTester(panel->model(),
                                              QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester proxyTester(panel->proxy(),
                                             QAbstractItemModelTester::FailureReportingMode::QtTest);
        QVERIFY(load(w, bundledExamplePaths()));
        const auto result = run(w);
        QVERIFY(result);
        QCOMPARE(panel->model()->rowCount(), int(result->sweep.classes.size()));
        // Every row carries the engine's per-class figures.
        for (int row = 0; row < panel->model()->rowCount(); ++row) {
            const ClassCurve& c = result->sweep.classes[std::size_t(row)];
            const auto cell = [&](int column) {
                return panel->model()->index(row, column).data().toString();
            };
            QCOMPARE(cell(ClassTableModel::Name), QString::fromStdString(c.name));
            QCOMPARE(cell(ClassTableModel::GroundTruth), formatCount(c.groundTruth));
            QVERIFY(c.curve.optimum && c.atGlobalOptimum);
            QCOMPARE(cell(ClassTableModel::Threshold), formatThreshold(c.curve.optimum->threshold));
            QCOMPARE(cell(ClassTableModel::F1AtOwn), formatF1(*c.curve.optimum));
            QCOMPARE(cell(ClassTableModel::F1AtGlobal), formatF1(*c.atGlobalOptimum));
        }
        // Sort by ground truth, descending: numbers, not strings.
        panel->view()->sortByColumn(ClassTableModel::GroundTruth, Qt::DescendingOrder);
        for (int row = 1; row < panel->proxy()->rowCount(); ++row)
            QVERIFY(panel->proxy()
                        ->index(row - 1, ClassTableModel::GroundTruth)
                        .data(ClassTableModel::SortRole)
                        .toLongLong() >= panel->proxy()
                                             ->index(row, ClassTableModel::GroundTruth)
                                             .data(ClassTableModel::SortRole)
                                             .toLongLong());
        // Filter.
        panel->filter()->setText(QStringLiteral("TRUCK"));
        QCOMPARE(panel->proxy()->rowCount(), 1);
        // Selecting the class draws its own curve.
        QSignalSpy selected(panel, &ClassPanel::classSelected);
        panel->view()->selectRow(0);
        QCOMPARE(selected.count(), 1);
        const ClassCurve* truck = nullptr;
        for (const ClassCurve& c : result->sweep.classes)
            if (c.name == "truck")
                truck = &c;
        QVERIFY(truck);
        QTRY_VERIFY(!w.curveChart()->redrawPending());
        QCOMPARE(w.curveChart()->optimumSeries()->at(0).x(), truck->curve.optimum->threshold);
        QCOMPARE(w.curveChart()->f1Series()->count(), definedF1(truck->curve));
        QVERIFY(w.curveChart()->chart()->title().contains(QStringLiteral("truck")));
        panel->view()->clearSelection();
        QTRY_VERIFY(!w.curveChart()->redrawPending());
        QCOMPARE(w.curveChart()->optimumSeries()->at(0).x(), result->sweep.total.optimum->threshold);
        // The precision–recall tab marks the operating point.
        QCOMPARE(w.prChart()->operatingPointSeries()->count(), 1);
    }
};

OPTCONF_UI_TEST_MAIN(TstMainWindow)
#include "tst_ui_mainwindow.moc"
