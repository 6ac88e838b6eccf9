// SPDX-License-Identifier: MIT
// Deployed figures of per-class thresholds: hand-derived counts, and the slow oracle that filters
// the predictions by the thresholds and matches every image again, on random datasets.
#include "core/eval/deployed.h"
#include "random_detections.h"
#include "rematch_oracle.h"
#include "test_dataset.h"

#include <QTest>

#include <limits>

using namespace optconf;
using namespace optconf::test;

namespace {

LabelId labelOf(const Dataset& d, const std::string& name)
{
    for (std::size_t i = 0; i < d.labels.size(); ++i)
        if (d.labels[i] == name)
            return static_cast<LabelId>(i);
    return 0;
}

} // namespace

class TestDeployed : public QObject
{
    Q_OBJECT

private slots:
    void handCounts()
    {
        // Class a: objects A1, A2; predictions 0.9 on A1, 0.6 elsewhere (FP), 0.4 on A2.
        // Class b: object B1; predictions 0.8 elsewhere (FP), 0.3 on B1.
        // a at 0.5 keeps 0.9 (TP) and 0.6 (FP), misses A2: TP 1, FP 1, FN 1.
        // b at 0.2 keeps both: TP 1, FP 1, FN 0.  Total TP 2, FP 2, FN 1: F1 = 4 / 7.
        const Dataset d =
            makeDataset({{{"a", {0, 0, 10, 10}}, {"a", {20, 0, 10, 10}}, {"b", {40, 40, 10, 10}}}},
                        {{{"a", {0, 0, 10, 10}, 0.9},
                          {"a", {70, 70, 5, 5}, 0.6},
                          {"a", {20, 0, 10, 10}, 0.4},
                          {"b", {80, 0, 5, 5}, 0.8},
                          {"b", {40, 40, 10, 10}, 0.3}}});
        const auto result = evaluate(d, request());
        QVERIFY(result);
        ClassThresholdMap map;
        map.defaultThreshold = 0.5;
        map.byLabel[labelOf(d, "b")] = 0.2;
        const auto figures = deployedFigures(*result, map);
        QVERIFY(figures);
        QCOMPARE(figures->total.counts, (Counts{2, 2, 1}));
        QCOMPARE(figures->total.f1, 4.0 / 7.0);
        QCOMPARE(*figures->total.precision, 0.5);
        QCOMPARE(*figures->total.recall, 2.0 / 3.0);
        QCOMPARE(figures->classes.size(), std::size_t(2));
        QCOMPARE(figures->classes[labelOf(d, "a")].second, (Counts{1, 1, 1}));
        QCOMPARE(figures->classes[labelOf(d, "b")].second, (Counts{1, 1, 0}));
        // Suppressing b: TP 1, FP 1, FN 2.
        map.byLabel[labelOf(d, "b")] = kSuppressed;
        QCOMPARE(deployedFigures(*result, map)->total.counts, (Counts{1, 1, 2}));
    }

    void refusesWhereClassesAreTied()
    {
        const Dataset d = makeDataset({{{"a", {0, 0, 10, 10}}}}, {{{"b", {0, 0, 10, 10}, 0.9}}});
        ClassThresholdMap map;
        map.defaultThreshold = 0.5;
        map.byLabel[0] = 0.7;
        auto r = request(Protocol::FiftyOne, false);
        const auto agnostic = evaluate(d, r);
        QVERIFY(perClassRefusal(r.match, false));
        QVERIFY(!deployedFigures(*agnostic, map));
        // One threshold for all is still exact: the total counter.
        map.byLabel[0] = 0.5;
        QCOMPARE(deployedFigures(*agnostic, map)->total.counts, (Counts{0, 1, 1}));
        r = request();
        r.sweep.pluginParity = true;
        QVERIFY(perClassRefusal(r.match, true));
        QVERIFY(!perClassRefusal(request().match, false));
    }

    void equalsFilterAndRematch()
    {
        for (std::uint64_t seed = 1; seed <= 12; ++seed) {
            std::mt19937_64 rng(seed);
            const RandomImages images = randomImages(rng, 25);
            const Dataset d = makeDataset(images.gt, images.pred);
            for (Protocol protocol : {Protocol::FiftyOne, Protocol::Coco}) {
                const auto r = request(protocol);
                const auto result = evaluate(d, r);
                QVERIFY(result);
                std::uniform_int_distribution<int> pick(0, 5);
                const double choices[] = {0.0, 0.2, 0.3, 0.6, 0.95, kSuppressed};
                for (int trial = 0; trial < 8; ++trial) {
                    ClassThresholdMap map;
                    map.defaultThreshold = choices[pick(rng) % 5];
                    for (const char* name : {"a", "b"})
                        map.byLabel[labelOf(d, name)] = choices[pick(rng)];
                    std::vector<Image> kept(images.pred.size());
                    for (std::size_t i = 0; i < images.pred.size(); ++i)
                        for (const Obj& o : images.pred[i])
                            if (o.score >= map.at(labelOf(d, o.label)))
                                kept[i].push_back(o);
                    const Dataset filtered = makeDataset(images.gt, kept);
                    const Counts oracle =
                        oracleCounts(filtered, r, -std::numeric_limits<double>::infinity(), false);
                    const auto figures = deployedFigures(*result, map);
                    QVERIFY(figures);
                    QVERIFY2(figures->total.counts == oracle,
                             qPrintable(QStringLiteral("seed %1 trial %2").arg(seed).arg(trial)));
                }
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestDeployed)
#include "tst_deployed.moc"
