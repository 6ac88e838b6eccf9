// SPDX-License-Identifier: MIT
// The counters a sweep hands over (SweepOptions::keepClassCounters, keepTotalCounter) against
// counters built from the matching, and the exact rows sampled from them.
#include "random_dataset.h"

#include "core/eval/evaluation.h"

#include <QTest>

#include <algorithm>
#include <random>

using namespace optconf;
using namespace optconf::test;

class TestKeptCounters : public QObject
{
    Q_OBJECT

private slots:
    void keptClassCountersAndSampledExactRows()
    {
        // With keepClassCounters each class keeps the counter its curve was made from: its counts at
        // any threshold are those of a counter built from the matching for that label alone (plugin
        // parity too), and exactRows() gives its exact rows, every one or an evenly thinned subset
        // that keeps the first and the last. Without the option no counter is kept.
        std::mt19937_64 rng(7);
        for (int trial = 0; trial < 40; ++trial) {
            const Dataset d = randomDataset(rng, 1 + trial % 9);
            auto r = request();
            r.sweep.pluginParity = trial % 2 == 1;
            const auto plain = evaluate(d, r);
            QVERIFY(std::all_of(plain->sweep.classes.begin(), plain->sweep.classes.end(),
                                [](const ClassCurve& c) { return c.counter == nullptr; }));
            r.sweep.keepClassCounters = true;
            const auto kept = evaluate(d, r);
            QCOMPARE(kept->sweep.classes.size(), plain->sweep.classes.size());
            for (const ClassCurve& c : kept->sweep.classes) {
                QVERIFY(c.counter);
                QCOMPARE(findClass(kept->sweep, c.label), &c);
                const ThresholdCounter own(kept->match, c.label, r.sweep.pluginParity);
                for (double t : {0.0, 0.1, 0.25, 0.3, 0.5, 0.7, 0.9, 1.0})
                    QCOMPARE(c.counter->at(t), own.at(t));
                SweepOptions rows = r.sweep;
                rows.keepExactRows = true;
                const Curve full = computeCurve(own, kept->sweep.thresholds, rows);
                const std::vector<Metrics> all = exactRows(*c.counter, r.sweep, 1'000'000);
                QCOMPARE(all.size(), full.exact.size());
                for (std::size_t i = 0; i < all.size(); ++i) {
                    QCOMPARE(all[i].threshold, full.exact[i].threshold);
                    QCOMPARE(all[i].counts, full.exact[i].counts);
                }
                for (std::size_t cap : {2, 3, 5}) {
                    const std::vector<Metrics> some = exactRows(*c.counter, r.sweep, cap);
                    QVERIFY(some.size() <= cap);
                    QCOMPARE(some.size() == all.size(), all.size() <= cap);
                    QCOMPARE(some.front().threshold, all.front().threshold);
                    QCOMPARE(some.back().threshold, all.back().threshold);
                }
            }
        }
        QCOMPARE(findClass(SweepResult{}, 0), nullptr);
    }

    void keptTotalCounter()
    {
        // With keepTotalCounter the sweep hands over the total counter it built its curve from: its
        // counts at any threshold are those of a counter built from the whole matching, and the
        // curves are the same with or without it. Without the option none is kept.
        std::mt19937_64 rng(11);
        for (int trial = 0; trial < 20; ++trial) {
            const Dataset d = randomDataset(rng, 1 + trial % 5);
            auto r = request();
            r.sweep.pluginParity = trial % 2 == 1;
            const auto plain = evaluate(d, r);
            QCOMPARE(plain->sweep.totalCounter, nullptr);
            r.sweep.keepTotalCounter = true;
            const auto kept = evaluate(d, r);
            QVERIFY(kept->sweep.totalCounter);
            const ThresholdCounter own(kept->match, std::nullopt, r.sweep.pluginParity);
            QCOMPARE(kept->sweep.totalCounter->predictionCount(), own.predictionCount());
            QCOMPARE(kept->sweep.totalCounter->groundTruthCount(), own.groundTruthCount());
            for (double t : {0.0, 0.1, 0.25, 0.3, 0.5, 0.7, 0.9, 1.0})
                QCOMPARE(kept->sweep.totalCounter->at(t), own.at(t));
            QCOMPARE(kept->sweep.totalCounter->distinctScores(), own.distinctScores());
            QCOMPARE(kept->sweep.total.exact.size(), plain->sweep.total.exact.size());
            for (std::size_t i = 0; i < kept->sweep.total.exact.size(); ++i)
                QCOMPARE(kept->sweep.total.exact[i].counts, plain->sweep.total.exact[i].counts);
        }
    }
};

QTEST_GUILESS_MAIN(TestKeptCounters)
#include "tst_kept_counters.moc"
