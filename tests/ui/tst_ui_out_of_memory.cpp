// SPDX-License-Identifier: MIT
// The window when the engine runs out of memory in its worker threads: the run or the load fails
// with a message that says so, and what was shown before stays (the dataset, the result). The
// failures are real std::bad_alloc from the test's operator new (see allocation_faults.h), thrown
// on every thread the engine starts for the run or load; the window's own threads are made before.
#include "allocation_faults.h"
#include "gui_test_main.h"

#include "resources/bundled_example.h"
#include "ui/jobs/dataset_loader_job.h"
#include "ui/jobs/run_controller.h"
#include "ui/panels/settings_panel.h"
#include "ui/window/main_window.h"

#include <QLabel>
#include <QSignalSpy>
#include <QSpinBox>

#include <thread>

using namespace optconf;
using allocation_faults::FailAllocationsInNewThreads;

namespace {

constexpr int kTimeoutMs = 60000;

} // namespace

class TstUiOutOfMemory final : public QObject
{
    Q_OBJECT

private:
    /// Opens the bundled example twice at once (the first is superseded), so that both threads of
    /// the loader's pool exist and a later load reuses one instead of starting a new one.
    static bool loadTwice(MainWindow& w)
    {
        QSignalSpy loaded(&w, &MainWindow::datasetChanged);
        w.openPaths(bundledExamplePaths());
        w.openPaths(bundledExamplePaths());
        if (!loaded.wait(kTimeoutMs))
            return false;
        return QTest::qWaitFor([&] { return !w.loaderJob()->isLoading(); }, kTimeoutMs);
    }
    /// Two runs at once (the first is superseded): both threads of the run pool exist afterwards.
    static std::shared_ptr<const EvaluationResult> runTwice(MainWindow& w)
    {
        QSignalSpy done(&w, &MainWindow::resultChanged);
        if (!w.startRun() || !w.startRun() || !done.wait(kTimeoutMs))
            return nullptr;
        if (!QTest::qWaitFor([&] { return !w.runController()->isWorkerBusy(); }, kTimeoutMs))
            return nullptr;
        return w.result();
    }

private slots:
    void initTestCase()
    {
        if (std::thread::hardware_concurrency() < 2)
            QSKIP("one hardware thread: the block readers start no helper thread to fail");
    }

    void runOutOfMemoryKeepsThePreviousResult()
    {
        MainWindow w;
        w.show();
        QVERIFY(loadTwice(w));
        const auto before = runTwice(w);
        QVERIFY(before);
        const QString shownBefore = w.findChild<QLabel*>(QStringLiteral("optimumThreshold"))->text();

        w.settingsPanel()->stepsBox()->setValue(51);
        QSignalSpy failed(w.runController(), &RunController::failed);
        QSignalSpy finished(w.runController(), &RunController::finished);
        {
            FailAllocationsInNewThreads fail;
            QVERIFY(w.startRun());
            QVERIFY(failed.wait(kTimeoutMs));
            QVERIFY(FailAllocationsInNewThreads::refused() > 0);
        }
        QCOMPARE(finished.count(), 0);
        const QString message = failed.first().at(1).toString();
        QVERIFY2(message.contains(QLatin1String("out of memory")), qPrintable(message));
        QVERIFY2(w.errorText().contains(QLatin1String("out of memory")), qPrintable(w.errorText()));
        QCOMPARE(w.result(), before);
        QCOMPARE(w.findChild<QLabel*>(QStringLiteral("optimumThreshold"))->text(), shownBefore);

        // Nothing is left broken: the same run succeeds once memory is there.
        QSignalSpy done(&w, &MainWindow::resultChanged);
        QVERIFY(w.startRun());
        QVERIFY(done.wait(kTimeoutMs));
        QCOMPARE(w.result()->request.sweep.steps, 51);
    }

    void loadOutOfMemoryKeepsTheDataset()
    {
        MainWindow w;
        w.show();
        QVERIFY(loadTwice(w));
        const auto dataset = w.dataset();
        QVERIFY(runTwice(w));
        const auto result = w.result();

        QSignalSpy failed(&w, &MainWindow::loadFailed);
        {
            FailAllocationsInNewThreads fail;
            w.openPaths(bundledExamplePaths());
            QVERIFY(failed.wait(kTimeoutMs));
            QVERIFY(FailAllocationsInNewThreads::refused() > 0);
        }
        QVERIFY2(failed.first().at(0).toString().contains(QLatin1String("out of memory")),
                 qPrintable(failed.first().at(0).toString()));
        QVERIFY2(w.errorText().contains(QLatin1String("out of memory")), qPrintable(w.errorText()));
        QCOMPARE(w.dataset(), dataset);
        QCOMPARE(w.result(), result);
    }
};

OPTCONF_UI_TEST_MAIN(TstUiOutOfMemory)
#include "tst_ui_out_of_memory.moc"
