// SPDX-License-Identifier: MIT
// The GUI's workers under an impatient user: 200 cycles of Run, Cancel, Run-again (superseding) and
// dataset switches (DatasetLoaderJob, sometimes cancelled), with random waits (seeded) between
// them, through ui/'s RunController and DatasetLoaderJob exactly as the window drives them.
// Checked: no crash; nothing from a stale generation is ever delivered (progress, partial curve or
// result: what would be drawn); every delivered result is the reference result of the dataset and
// request it was started with; at the end no worker is busy, the thread pools are idle and the
// process has no more threads than before.
#include "storm_common.h"

#include "ui/jobs/dataset_loader_job.h"
#include "ui/jobs/payloads.h"
#include "ui/jobs/run_controller.h"

#include <QThreadPool>

#include <random>

using namespace optconf;

class TestRunStorm : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        registerUiMetaTypes();
        QCOMPARE(storm::build(m_fixture), QString());
    }
    void storm();

private:
    storm::Fixture m_fixture;
};

void TestRunStorm::storm()
{
    const int threadsBefore = storm::threadCount();
    QStringList problems;
    int finishedCount = 0, cancelledCount = 0, progressCount = 0, partialCount = 0, loadedCount = 0;
    {
        RunController controller;
        controller.setDeliveryInterval(0); // deliver everything: the most chances to be stale
        DatasetLoaderJob loader;

        // What the window would hold: the current dataset and the run it is waiting for.
        int currentDataset = 0;
        std::shared_ptr<const Dataset> dataset = m_fixture.datasets[0];
        quint64 waitingFor = 0;                         // 0: no run is current
        std::map<quint64, std::pair<int, int>> started; // generation -> (dataset, request variant)
        quint64 loadWaitingFor = 0;
        std::map<quint64, int> loads; // load generation -> dataset

        connect(&controller, &RunController::progress, this, [&](const RunProgress& p) {
            ++progressCount;
            if (p.generation != waitingFor)
                problems << QStringLiteral("stale progress of run %1 while %2 is current")
                                .arg(p.generation)
                                .arg(waitingFor);
        });
        connect(&controller, &RunController::partialCurve, this, [&](const PartialCurve& c) {
            ++partialCount;
            if (c.generation != waitingFor)
                problems << QStringLiteral("stale partial curve of run %1").arg(c.generation);
        });
        connect(&controller, &RunController::finished, this, [&](const RunOutcome& o) {
            ++finishedCount;
            if (o.generation != waitingFor || !o.result) {
                problems << QStringLiteral("stale or empty result of run %1 while %2 is current")
                                .arg(o.generation)
                                .arg(waitingFor);
                return;
            }
            const auto [d, v] = started.at(o.generation);
            if (o.result->imageCount != m_fixture.datasets[static_cast<std::size_t>(d)]->samples.size() ||
                !o.result->sweep.total.optimum ||
                !storm::sameCounts(o.result->sweep.total.optimum->counts, m_fixture.reference.at({d, v})))
                problems << QStringLiteral("run %1 delivered a result that is not its dataset's")
                                .arg(o.generation);
            waitingFor = 0;
        });
        connect(&controller, &RunController::cancelled, this, [&](quint64) { ++cancelledCount; });
        connect(&loader, &DatasetLoaderJob::loaded, this, [&](const LoadedDataset& ld) {
            ++loadedCount;
            if (ld.generation != loadWaitingFor || !ld.dataset) {
                problems << QStringLiteral("stale dataset load %1").arg(ld.generation);
                return;
            }
            currentDataset = loads.at(ld.generation);
            if (ld.dataset->samples.size() !=
                m_fixture.datasets[static_cast<std::size_t>(currentDataset)]->samples.size())
                problems << QStringLiteral("load %1 delivered the wrong dataset").arg(ld.generation);
            dataset = ld.dataset;
            loadWaitingFor = 0;
        });
        connect(&loader, &DatasetLoaderJob::failed, this, [&](const QString& summary, const QStringList&) {
            problems << QStringLiteral("load failed: ") + summary;
        });

        auto startRun = [&](int variant) {
            const quint64 g = controller.start(dataset, m_fixture.request(currentDataset, variant));
            started[g] = {currentDataset, variant};
            waitingFor = g;
        };
        auto cancelRun = [&] {
            controller.cancel();
            waitingFor = 0;
        };
        auto switchDataset = [&] {
            const int other = 1 - currentDataset;
            QStringList paths;
            for (const auto& p : m_fixture.paths[static_cast<std::size_t>(other)])
                paths << QString::fromStdString(p.string());
            // As the window does: a new dataset ends the run on the old one.
            cancelRun();
            loadWaitingFor = loader.load(paths, QStringLiteral("storm %1").arg(other));
            loads[loadWaitingFor] = other;
        };

        std::mt19937 rng(20261125);
        constexpr int kCycles = 200;
        for (int cycle = 0; cycle < kCycles; ++cycle) {
            switch (rng() % 7) {
            case 0:
            case 1:
                if (!loadWaitingFor)
                    startRun(static_cast<int>(rng() % 2));
                break;
            case 2:
                cancelRun();
                break;
            case 3: // Run twice in a row: the second supersedes the first
                if (!loadWaitingFor) {
                    startRun(0);
                    startRun(1);
                }
                break;
            case 4: // switch, and now and then wait for the new dataset
                switchDataset();
                if (rng() % 3 == 0)
                    QTRY_VERIFY_WITH_TIMEOUT(loadWaitingFor == 0, 120'000);
                break;
            case 5: // switch and change one's mind
                switchDataset();
                QTest::qWait(static_cast<int>(rng() % 5));
                if (rng() % 2 == 0) {
                    loader.cancel();
                    loadWaitingFor = 0;
                }
                break;
            case 6: // Cancel, Run
                cancelRun();
                if (!loadWaitingFor)
                    startRun(static_cast<int>(rng() % 2));
                break;
            }
            QTest::qWait(static_cast<int>(rng() % 25));
            if (cycle % 25 == 24) {
                // Now and then the user waits for the dataset and the result: they must come, and be right.
                QTRY_VERIFY_WITH_TIMEOUT(loadWaitingFor == 0, 120'000);
                startRun(0);
                QTRY_VERIFY_WITH_TIMEOUT(waitingFor == 0, 120'000);
            }
        }
        cancelRun();
        loader.cancel();
        QTRY_VERIFY_WITH_TIMEOUT(!controller.isWorkerBusy(), 120'000);
        QVERIFY(!controller.isRunning());
        QVERIFY(!loader.isLoading());
        QCoreApplication::processEvents(); // drain deliveries still queued: all must be dropped
        QTest::qWait(50);
    } // the controller and the loader job are destroyed here: their pools wait for their threads
    QCOMPARE(QThreadPool::globalInstance()->activeThreadCount(), 0);
    qInfo("finished %d, cancelled %d, progress %d, partial curves %d, datasets loaded %d", finishedCount,
          cancelledCount, progressCount, partialCount, loadedCount);
    QVERIFY2(problems.isEmpty(), qPrintable(problems.mid(0, 10).join(QLatin1Char('\n'))));
    QVERIFY(finishedCount >= 8); // at least the waited-for runs
    QVERIFY(cancelledCount > 0);
    QVERIFY(loadedCount > 0);
    QTRY_COMPARE_WITH_TIMEOUT(storm::threadCount(), threadsBefore, 10'000);
}

QTEST_GUILESS_MAIN(TestRunStorm)
#include "tst_run_storm.moc"
