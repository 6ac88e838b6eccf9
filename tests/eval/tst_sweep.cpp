// SPDX-License-Identifier: MIT
// The one-pass sweep against numpy's grid, hand-derived optima, and a slow oracle that re-matches
// from scratch at every threshold on randomised datasets. Its fast paths have their own suites:
// tst_radix_sort, tst_streamed_optimum, tst_kept_counters.
#include "random_dataset.h"
#include "rematch_oracle.h"
#include "test_dataset.h"

#include <QTest>

#include <random>

using namespace optconf;
using namespace optconf::test;

class TestSweep : public QObject
{
    Q_OBJECT

private slots:
    void linspaceMatchesNumpy()
    {
        const auto t = linspace(0.0, 1.0, 101);
        QCOMPARE(t.size(), std::size_t(101));
        // numpy.linspace(0, 1, 101)[35] == 0.35000000000000003 (35 * 0.01, not 0.35).
        QCOMPARE(t[35], 0.35000000000000003);
        QVERIFY(t[35] != 0.35);
        QCOMPARE(t[100], 1.0);
        QCOMPARE(t[1], 0.01);
        // numpy.linspace(0, 1, 11) -> [0, 0.1, 0.2, 0.30000000000000004, 0.4, 0.5, 0.6000000000000001,
        //                               0.7000000000000001, 0.8, 0.9, 1]
        const std::vector<double> expected{
            0, 0.1, 0.2, 0.30000000000000004, 0.4, 0.5, 0.6000000000000001, 0.7000000000000001, 0.8, 0.9, 1};
        const auto u = linspace(0.0, 1.0, 11);
        for (std::size_t i = 0; i < expected.size(); ++i)
            QVERIFY2(u[i] == expected[i], qPrintable(QString::number(i)));
        QCOMPARE(linspace(0.3, 0.7, 1), std::vector<double>{0.3});
        QCOMPARE(linspace(0.5, 0.5, 3), (std::vector<double>{0.5, 0.5, 0.5}));
    }

    void metricsFromCounts()
    {
        const Objective f1;
        Metrics m = metricsAt(0.5, {8, 2, 4}, f1);
        QCOMPARE(*m.precision, 0.8);
        QCOMPARE(*m.recall, 8.0 / 12.0);
        QCOMPARE(m.f1, 16.0 / 22.0);
        // The plugin's tp / (tp + 0.5 (fp + fn)) is the same double.
        QCOMPARE(m.f1, 8.0 / (8.0 + 0.5 * 6.0));
        // Nothing kept: precision undefined; nothing at all: F1 flagged undefined, reported 0.
        m = metricsAt(0.9, {0, 0, 5}, f1);
        QVERIFY(!m.precision);
        QCOMPARE(*m.recall, 0.0);
        QVERIFY(m.f1Defined);
        m = metricsAt(0.9, {0, 0, 0}, f1);
        QVERIFY(!m.precision && !m.recall && !m.f1Defined);
        QCOMPARE(m.f1, 0.0);
        // F2 = 5 TP / (5 TP + 4 FN + FP) = 40 / (40 + 16 + 2).
        m = metricsAt(0.5, {8, 2, 4}, Objective{2.0});
        QCOMPARE(m.objective, 40.0 / 58.0);
    }

    void exactOptimumAndGrid()
    {
        // One image, class a: objects g1..g3. Predictions: 0.95 on g1, 0.8 FP, 0.6 on g2,
        // 0.3 on g3, 0.2 FP.
        //   t in (0.8, 0.95]: TP1 FP0 FN2 -> F1 2/(2+2)   = 0.5
        //   t in (0.6, 0.8]:  TP1 FP1 FN2 -> 2/(2+3)      = 0.4
        //   t in (0.3, 0.6]:  TP2 FP1 FN1 -> 4/(4+2)      = 0.667
        //   t in (0.2, 0.3]:  TP3 FP1 FN0 -> 6/(6+1)      = 0.857  <- exact optimum at 0.3
        //   t <= 0.2:         TP3 FP2 FN0 -> 6/8          = 0.75
        const Dataset d =
            makeDataset({{{"a", {0, 0, 10, 10}}, {"a", {20, 0, 10, 10}}, {"a", {40, 0, 10, 10}}}},
                        {{{"a", {0, 0, 10, 10}, 0.95},
                          {"a", {60, 60, 5, 5}, 0.8},
                          {"a", {20, 0, 10, 10}, 0.6},
                          {"a", {40, 0, 10, 10}, 0.3},
                          {"a", {80, 80, 5, 5}, 0.2}}});
        auto r = request();
        r.sweep.steps = 11; // 0, 0.1, ..., 1
        const auto result = evaluate(d, r);
        QVERIFY(result);
        const Curve& c = result->sweep.total;
        QCOMPARE(c.grid.size(), std::size_t(11));
        QVERIFY(c.optimum->threshold == 0.3);
        QCOMPARE(c.optimum->counts, (Counts{3, 1, 0}));
        QCOMPARE(c.optimum->f1, 6.0 / 7.0);
        // On the grid, 0.3 is 3 * 0.1 = 0.30000000000000004 > 0.3: it drops the 0.3 box (F1 0.667
        // there), so the grid never sees the 0.857 plateau: its best is t = 0 .. 0.2 at 0.75,
        // and ties go to the lowest, 0. The exact search is what finds 0.3.
        QVERIFY(c.grid[3].threshold == 0.30000000000000004);
        QCOMPARE(c.grid[3].counts, (Counts{2, 1, 1}));
        QVERIFY(c.best->threshold == 0.0);
        QCOMPARE(c.best->counts, (Counts{3, 2, 0}));
        QCOMPARE(c.best->f1, 0.75);
        // Exact rows: lower bound 0 plus the 5 distinct scores.
        QCOMPARE(c.exact.size(), std::size_t(6));
        // Upper bound 0.25 restricts the exact search to [0, 0.25]: 0 and 0.2 (both F1 0.75): 0.
        r.sweep.upper = 0.25;
        const auto restricted = evaluate(d, r);
        QVERIFY(restricted->sweep.total.optimum->threshold == 0.0);
        QCOMPARE(restricted->sweep.total.exact.size(), std::size_t(2));
        // Operating points: highest recall with P >= 0.7: t=0.3 (P 0.75, R 1).
        r.sweep.upper = 1.0;
        r.sweep.minPrecision = 0.7;
        r.sweep.minRecall = 0.5;
        auto points = evaluate(d, r);
        QCOMPARE(points->sweep.operatingPoints.maxRecallAtPrecision->threshold, 0.3);
        // Highest precision with R >= 0.5: 0.6 gives P 2/3 (R 2/3), 0.3 gives P 3/4 (R 1): 0.3.
        // 0.95 has P 1 but R 1/3.
        QVERIFY(points->sweep.operatingPoints.maxPrecisionAtRecall->threshold == 0.3);
        QCOMPARE(*points->sweep.operatingPoints.maxPrecisionAtRecall->precision, 0.75);
        points = evaluate(d, [&] {
            auto q = r;
            q.sweep.minRecall = 0.3;
            return q;
        }());
        QVERIFY(points->sweep.operatingPoints.maxPrecisionAtRecall->threshold == 0.95);
    }

    void tiesInObjectiveGoToLowestThreshold()
    {
        // g1 found at 0.9; at 0.5 g2 is found together with two FPs.
        //   t in (0.5, 0.9]: TP1 FP0 FN1 -> 2/3;  t <= 0.5: TP2 FP2 FN0 -> 4/6 = 2/3.
        // A tie: the lowest threshold (the lower bound, 0) wins, on the grid and exactly.
        const Dataset d =
            makeDataset({{{"a", {0, 0, 10, 10}}, {"a", {20, 0, 10, 10}}}}, {{{"a", {0, 0, 10, 10}, 0.9},
                                                                             {"a", {20, 0, 10, 10}, 0.5},
                                                                             {"a", {60, 60, 5, 5}, 0.5},
                                                                             {"a", {80, 80, 5, 5}, 0.5}}});
        auto r = request();
        const auto result = evaluate(d, r);
        QCOMPARE(result->sweep.total.optimum->f1, 2.0 / 3.0);
        QCOMPARE(result->sweep.total.optimum->threshold, 0.0);
        QCOMPARE(result->sweep.total.best->threshold, 0.0);
    }

    void oneFieldOfManyClassesPerClassOptima()
    {
        // Per-class optima come from each class's own curve.
        const Dataset d = makeDataset(
            {{{"a", {0, 0, 10, 10}}, {"b", {20, 0, 10, 10}}}},
            {{{"a", {0, 0, 10, 10}, 0.9}, {"b", {20, 0, 10, 10}, 0.4}, {"b", {50, 50, 5, 5}, 0.6}}});
        const auto result = evaluate(d, request());
        QCOMPARE(result->sweep.classes.size(), std::size_t(2));
        const ClassCurve& a = result->sweep.classes[0];
        const ClassCurve& b = result->sweep.classes[1];
        QCOMPARE(a.name, std::string("a"));
        QCOMPARE(a.curve.optimum->threshold, 0.0); // F1 1 everywhere up to 0.9: lowest wins
        QCOMPARE(a.curve.optimum->f1, 1.0);
        // b: (0.4, 0.6]: TP0 FP1 FN1 -> 0; <= 0.4: TP1 FP1 -> 2/3; above 0.6: TP0 FN1 -> 0.
        QCOMPARE(b.curve.optimum->threshold, 0.0);
        QCOMPARE(b.curve.optimum->f1, 2.0 / 3.0);
        QCOMPARE(b.groundTruth, 1);
        // Global optimum 0 (TP2 FP1 FN0); b's F1 there is 2/3.
        QCOMPARE(b.atGlobalOptimum->f1, 2.0 / 3.0);
    }

    void averagePrecisionPerProtocol()
    {
        // One class, two objects, all boxes exact (IoU 1 at every threshold, so AP50 = AP).
        // Predictions in file order: 0.9 FP, 0.9 TP, 0.5 TP.
        // pycocotools keeps file order on the tie: FP (R 0, P 0), TP (R .5, P .5), TP (R 1, P 2/3);
        //   the precision envelope is 2/3 everywhere: AP = 2/3.
        // FiftyOne puts true positives first on ties: TP (R .5, P 1), FP (R .5, P .5), TP (R 1, P 2/3);
        //   recall thresholds 0 .. 0.5 (51 of them) read P 1, the 50 above read 2/3:
        //   AP = (51 + 50 * 2/3) / 101.
        const Dataset d = makeDataset(
            {{{"a", {0, 0, 10, 10}}, {"a", {50, 50, 10, 10}}}},
            {{{"a", {80, 80, 10, 10}, 0.9}, {"a", {0, 0, 10, 10}, 0.9}, {"a", {50, 50, 10, 10}, 0.5}}});
        const auto coco = evaluate(d, request(Protocol::Coco));
        QCOMPARE(*coco->ap.ap50, 2.0 / 3.0);
        QCOMPARE(*coco->ap.ap50_95, 2.0 / 3.0);
        const auto fiftyOne = evaluate(d, request(Protocol::FiftyOne));
        QCOMPARE(*fiftyOne->ap.ap50, (51.0 + 50.0 * 2.0 / 3.0) / 101.0);
        QCOMPARE(*fiftyOne->ap.ap50_95, (51.0 + 50.0 * 2.0 / 3.0) / 101.0);
        // A crowd is left out of FiftyOne's PR curves: adding a crowd with a box inside it changes nothing.
        const Dataset withCrowd = makeDataset({{{"a", {0, 0, 10, 10}},
                                                {"a", {50, 50, 10, 10}},
                                                {"a", {200, 200, 100, 100}, kNoConfidence, true}}},
                                              {{{"a", {80, 80, 10, 10}, 0.9},
                                                {"a", {0, 0, 10, 10}, 0.9},
                                                {"a", {50, 50, 10, 10}, 0.5},
                                                {"a", {210, 210, 10, 10}, 0.95}}});
        QCOMPARE(*evaluate(withCrowd, request(Protocol::FiftyOne))->ap.ap50,
                 (51.0 + 50.0 * 2.0 / 3.0) / 101.0);
    }

    void averagePrecisionKeepsTheTop100PerImageAndClass()
    {
        // One object. 100 boxes far from it score 0.9 down to 0.801, then the 101st (0.5) finds it.
        // The counts keep every prediction: at t = 0, TP 1, FP 100. FiftyOne's AP keeps the 100
        // highest per image and class: all false positives, recall never leaves 0: AP 0. (With the
        // 101st, precision would be 1/101 at recall 1: AP 1/101.)
        Image pred;
        for (int k = 0; k < 100; ++k)
            pred.push_back({"a", {50, 50, 5, 5}, 0.9 - 0.001 * k});
        pred.push_back({"a", {0, 0, 10, 10}, 0.5});
        const Image gt = {{"a", {0, 0, 10, 10}}};
        const auto capped = evaluate(makeDataset({gt}, {pred}), request());
        QCOMPARE(capped->sweep.total.grid[0].counts, (Counts{1, 100, 0}));
        QCOMPARE(*capped->ap.ap50, 0.0);
        QCOMPARE(*capped->ap.ap50_95, 0.0);
        // One false positive fewer: the true positive is among the 100, at precision 1/100.
        const Image fewer(pred.begin() + 1, pred.end());
        const auto hundred = evaluate(makeDataset({gt}, {fewer}), request());
        QCOMPARE(*hundred->ap.ap50, 0.01);
        // The cap is per class: 100 "b" boxes do not push "a"'s box out, except with
        // class-agnostic matching, where the image is one bucket.
        Image mixed;
        for (int k = 0; k < 100; ++k)
            mixed.push_back({"b", {50, 50, 5, 5}, 0.9 - 0.001 * k});
        mixed.push_back({"a", {0, 0, 10, 10}, 0.5});
        const Dataset twoClasses = makeDataset({gt}, {mixed});
        QCOMPARE(*evaluate(twoClasses, request())->ap.ap50, 1.0);
        QCOMPARE(*evaluate(twoClasses, request(Protocol::FiftyOne, false))->ap.ap50, 0.0);
        // The cap as reports state it: FiftyOne's 100, or the per-image cap when it keeps fewer;
        // pycocotools' maxDets under coco.
        auto r = request();
        QCOMPARE(apMaxDetections(r.match), std::optional<int>(100));
        r.match.maxDetections = 10;
        QCOMPARE(apMaxDetections(r.match), std::optional<int>(10));
        r.match.maxDetections = 300;
        QCOMPARE(apMaxDetections(r.match), std::optional<int>(100));
        QCOMPARE(apMaxDetections(request(Protocol::Coco).match), std::optional<int>(100));
    }

    void averagePrecisionIouThresholdsPerProtocol()
    {
        // FiftyOne: [x / 100 for x in range(50, 100, 5)], the decimals. pycocotools:
        // numpy.linspace(.5, 0.95, 10), whose ninth is 0.8999999999999999.
        for (std::size_t k = 0; k < 10; ++k)
            QVERIFY(fiftyOneIouThresholds()[k] == static_cast<double>(50 + 5 * k) / 100.0);
        QVERIFY(fiftyOneIouThresholds()[8] == 0.9);
        QVERIFY(cocoIouThresholds()[8] == 0.8999999999999999);
        QVERIFY(cocoIouThresholds()[9] == 0.95);
        // A prediction at IoU 0.8999999999999999 (0.27 x 0.7 over 0.3 x 0.7 in doubles) is matched
        // at the ninth threshold under coco only: AP 9/10 there, 8/10 under fiftyone.
        const Dataset d = makeDataset({{{"a", {0, 0, 0.3, 0.7}}}}, {{{"a", {0, 0, 0.27, 0.7}, 0.9}}});
        QVERIFY(iou({0, 0, 0.27, 0.7}, {0, 0, 0.3, 0.7}, false) == 0.8999999999999999);
        QCOMPARE(*evaluate(d, request(Protocol::FiftyOne))->ap.ap50_95, 0.8);
        QCOMPARE(*evaluate(d, request(Protocol::Coco))->ap.ap50_95, 0.9);
    }

    void undefinedF1NeverWins()
    {
        // Class a: an object found at 0.9. Class b: no object, one box at 0.3. Within the bounds
        // [0.5, 1] b keeps nothing and has nothing to find: TP + FP + FN = 0 at every threshold, F1
        // undefined everywhere, so b has no optimum, on the grid or exactly, with the exact rows
        // kept or not, for F1 and F-beta.
        const Dataset d = makeDataset({{{"a", {0, 0, 10, 10}}}},
                                      {{{"a", {0, 0, 10, 10}, 0.9}, {"b", {50, 50, 10, 10}, 0.3}}});
        for (const bool keepRows : {true, false}) {
            for (const double beta : {1.0, 2.0}) {
                auto r = request();
                r.sweep.lower = 0.5;
                r.sweep.steps = 6;
                r.sweep.keepExactRows = keepRows;
                r.sweep.objective.beta = beta;
                const auto result = evaluate(d, r);
                QCOMPARE(result->sweep.classes.size(), std::size_t(2));
                const ClassCurve& b = result->sweep.classes[1];
                QCOMPARE(b.name, std::string("b"));
                for (const Metrics& m : b.curve.grid)
                    QVERIFY(!m.f1Defined);
                QVERIFY(!b.curve.best);
                QVERIFY(!b.curve.optimum);
                QVERIFY(b.atGlobalOptimum && !b.atGlobalOptimum->f1Defined);
                // The total has a's object: defined everywhere, optimum at 0.5 (F1 1).
                QCOMPARE(result->sweep.total.optimum->threshold, 0.5);
                QCOMPARE(result->sweep.total.best->threshold, 0.5);
            }
        }
        // Nothing to find and nothing kept in the bounds: no optimum for the whole run either.
        const Dataset nothing = makeDataset({{}}, {{{"b", {50, 50, 10, 10}, 0.3}}});
        auto r = request();
        r.sweep.lower = 0.5;
        const auto none = evaluate(nothing, r);
        QVERIFY(!none->sweep.total.optimum && !none->sweep.total.best);
        // From 0, the box is kept (an FP, F1 0, defined): the lowest such threshold is the optimum.
        r.sweep.lower = 0.0;
        const auto fromZero = evaluate(nothing, r);
        QCOMPARE(fromZero->sweep.total.optimum->threshold, 0.0);
        QVERIFY(fromZero->sweep.total.optimum->f1Defined);
    }

    void oracleAgreesOnRandomDatasets_data()
    {
        QTest::addColumn<int>("protocol");
        QTest::addColumn<bool>("classwise");
        QTest::addColumn<bool>("parity");
        QTest::addColumn<int>("maxDets");
        QTest::addColumn<bool>("pixels");
        QTest::newRow("fiftyone classwise") << int(Protocol::FiftyOne) << true << false << 0 << false;
        QTest::newRow("fiftyone agnostic") << int(Protocol::FiftyOne) << false << false << 0 << false;
        QTest::newRow("fiftyone parity") << int(Protocol::FiftyOne) << true << true << 0 << false;
        QTest::newRow("fiftyone max 3") << int(Protocol::FiftyOne) << true << false << 3 << false;
        QTest::newRow("fiftyone pixels") << int(Protocol::FiftyOne) << true << false << 0 << true;
        QTest::newRow("fiftyone pixels agnostic") << int(Protocol::FiftyOne) << false << false << 0 << true;
        QTest::newRow("coco classwise") << int(Protocol::Coco) << true << false << 2 << false;
        QTest::newRow("coco agnostic") << int(Protocol::Coco) << false << false << 100 << false;
        QTest::newRow("coco parity") << int(Protocol::Coco) << true << true << 100 << false;
        QTest::newRow("coco pixels") << int(Protocol::Coco) << true << false << 100 << true;
    }

    void oracleAgreesOnRandomDatasets()
    {
        QFETCH(int, protocol);
        QFETCH(bool, classwise);
        QFETCH(bool, parity);
        QFETCH(int, maxDets);
        QFETCH(bool, pixels);
        std::mt19937_64 rng(12345 + static_cast<unsigned>(protocol * 7 + classwise * 3 + parity + maxDets) +
                            (pixels ? 1000u : 0u));
        for (int trial = 0; trial < 60; ++trial) {
            const Dataset d =
                randomDataset(rng, 1 + trial % 7, pixels ? BoxUnits::Pixels : BoxUnits::Unknown);
            auto r = request(Protocol(protocol), classwise, trial % 3 == 0 ? 0.3 : 0.5);
            r.match.maxDetections.reset();
            if (maxDets > 0)
                r.match.maxDetections = maxDets;
            const MatchResult m =
                *Matcher(d, *d.field("ground_truth"), *d.field("predictions"), r.match).run();
            const ThresholdCounter counter(m, std::nullopt, parity);
            for (double t : {0.0, 0.05, 0.1, 0.2, 0.25, 0.3, 0.5, 0.6, 0.7, 0.9, 0.95, 1.0, 1.5}) {
                const Counts expected = oracleCounts(d, r, t, parity);
                const Counts got = counter.at(t);
                if (!(got == expected))
                    qWarning("trial %d threshold %g", trial, t);
                QCOMPARE(got, expected);
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestSweep)
#include "tst_sweep.moc"
