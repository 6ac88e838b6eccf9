// SPDX-License-Identifier: MIT
// Cancel storm on the engine itself (no GUI): several std::threads run optconf::evaluate at once on
// shared datasets, each cancelling through the progress callback at a random point (seeded), while
// another thread flips a shared "cancel everything" flag at random times. A cancelled run returns
// nothing; every run that is not cancelled returns exactly the reference counts; nothing crashes,
// and (under the asan preset) nothing races or leaks memory.
#include "storm_common.h"

#include <atomic>
#include <random>
#include <thread>

class TestCancelStorm : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QCOMPARE(storm::build(m_fixture), QString()); }
    void storm();

private:
    storm::Fixture m_fixture;
};

void TestCancelStorm::storm()
{
    using namespace optconf;
    constexpr int kThreads = 4;
    constexpr int kRunsPerThread = 50; // 200 runs in all
    const int threadsBefore = storm::threadCount();
    std::atomic<bool> cancelAll{false};
    std::atomic<bool> stop{false};
    std::atomic<int> completed{0}, cancelled{0}, wrong{0};

    std::thread flipper([&] {
        std::mt19937 rng(99);
        while (!stop.load()) {
            std::this_thread::sleep_for(std::chrono::microseconds(rng() % 3000));
            cancelAll = (rng() % 4 == 0);
        }
        cancelAll = false;
    });
    std::vector<std::thread> workers;
    for (int t = 0; t < kThreads; ++t) {
        workers.emplace_back([&, t] {
            std::mt19937 rng(20261125u + static_cast<unsigned>(t));
            for (int run = 0; run < kRunsPerThread; ++run) {
                const int d = static_cast<int>(rng() % 2), v = static_cast<int>(rng() % 2);
                // Cancel after 0..N callbacks, or never (one run in three).
                const int cancelAfter = rng() % 3 == 0 ? -1 : static_cast<int>(rng() % 40);
                const bool obeyGlobal = rng() % 2 == 0;
                int calls = 0;
                bool askedToCancel = false;
                auto callback = [&](const EvaluationProgress& p) {
                    if (p.fraction < 0.0 || p.fraction > 1.0 + 1e-9)
                        ++wrong;
                    if ((cancelAfter >= 0 && calls++ >= cancelAfter) || (obeyGlobal && cancelAll.load()))
                        askedToCancel = true;
                    return !askedToCancel;
                };
                auto result = evaluate(*m_fixture.datasets[static_cast<std::size_t>(d)],
                                       m_fixture.request(d, v), callback, 50);
                if (!result) {
                    if (!askedToCancel)
                        ++wrong; // returned nothing without being cancelled
                    ++cancelled;
                    continue;
                }
                ++completed;
                if (!result->sweep.total.optimum ||
                    !storm::sameCounts(result->sweep.total.optimum->counts, m_fixture.reference.at({d, v})))
                    ++wrong;
            }
        });
    }
    for (auto& w : workers)
        w.join();
    stop = true;
    flipper.join();
    qInfo("%d runs completed, %d cancelled", completed.load(), cancelled.load());
    QCOMPARE(wrong.load(), 0);
    QCOMPARE(completed.load() + cancelled.load(), kThreads * kRunsPerThread);
    QVERIFY(completed.load() > 0);
    QVERIFY(cancelled.load() > 0);
    QCOMPARE(storm::threadCount(), threadsBefore);
}

QTEST_GUILESS_MAIN(TestCancelStorm)
#include "tst_cancel_storm.moc"
