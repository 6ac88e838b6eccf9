// SPDX-License-Identifier: MIT
// The GUI thread never stalls: a heartbeat timer measures the longest gap between its ticks while
// a large input (20,000 images, 80 classes) loads and runs with a 10,001-step grid, live curve on.
#include "gui_test_main.h"

#include "curve_chart.h"
#include "data_panel.h"
#include "main_window.h"
#include "run_controller.h"
#include "settings_panel.h"
#include "synthetic.h"

#include <QElapsedTimer>
#include <QLineSeries>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTimer>

using namespace optconf;

namespace {

/// Ticks every 5 ms and records the longest time between two ticks.
class Heartbeat
{
public:
    Heartbeat()
    {
        m_timer.setInterval(5);
        QObject::connect(&m_timer, &QTimer::timeout, [this] {
            m_maxGapMs = std::max(m_maxGapMs, m_clock.restart());
            ++m_ticks;
        });
    }
    void start()
    {
        m_maxGapMs = 0;
        m_ticks = 0;
        m_clock.start();
        m_timer.start();
    }
    qint64 maxGapMs() const { return m_maxGapMs; }
    int ticks() const { return m_ticks; }

private:
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_maxGapMs = 0;
    int m_ticks = 0;
};

} // namespace

class TstResponsiveness final : public QObject
{
    Q_OBJECT
private slots:
    void largeInputDoesNotStallTheEventLoop()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        SyntheticSpec spec;
        spec.images = 20000;
        spec.classes = 80;
        spec.objectsPerImage = 4;
        spec.models = {exampleModels().front()};
        QStringList inputs;
        for (const auto& p : writeSynthetic(spec, dir.path().toStdString()))
            inputs << QString::fromStdString(p.string());

        MainWindow w;
        w.resize(1280, 800);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        Heartbeat heartbeat;

        heartbeat.start();
        QSignalSpy loaded(&w, &MainWindow::datasetChanged);
        w.openPaths(inputs);
        QVERIFY(loaded.wait(60000));
        const qint64 loadGap = heartbeat.maxGapMs();
        qInfo("load: longest event-loop gap %lld ms over %d ticks", loadGap, heartbeat.ticks());

        w.settingsPanel()->stepsBox()->setValue(10001);
        QSignalSpy partial(w.runController(), &RunController::partialCurve);
        QSignalSpy redrawn(w.curveChart(), &CurveChart::redrawn);
        QSignalSpy done(&w, &MainWindow::resultChanged);
        heartbeat.start();
        QElapsedTimer runClock;
        runClock.start();
        QVERIFY(w.startRun());
        QVERIFY(done.wait(120000));
        QTRY_VERIFY(!w.curveChart()->redrawPending());
        // Let the final redraw paint too, inside the measured window.
        QTest::qWait(0);
        const qint64 runGap = heartbeat.maxGapMs();
        qInfo("run (%lld ms, %d partial curves, %d redraws): longest event-loop gap %lld ms over %d ticks",
              runClock.elapsed(), int(partial.count()), int(redrawn.count()), runGap, heartbeat.ticks());
        QCOMPARE(int(w.result()->sweep.total.grid.size()), 10001);
        QVERIFY(w.curveChart()->f1Series()->count() > CurveChart::kMaxDrawnPoints / 2);
        QVERIFY(partial.count() >= 1); // the curve was live
        QVERIFY2(loadGap < 100, qPrintable(QStringLiteral("load stalled %1 ms").arg(loadGap)));
        QVERIFY2(runGap < 100, qPrintable(QStringLiteral("run stalled %1 ms").arg(runGap)));
    }
};

OPTCONF_UI_TEST_MAIN(TstResponsiveness)
#include "tst_ui_responsiveness.moc"
