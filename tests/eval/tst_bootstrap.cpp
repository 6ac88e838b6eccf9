// SPDX-License-Identifier: MIT
// Bootstrap over images: each replicate's optimum equals evaluating the resampled images as a
// dataset (images repeated by their weights), results are the same for a seed, intervals hold
// the point estimate.
#include "core/eval/bootstrap.h"
#include "core/eval/plateau.h"
#include "random_detections.h"
#include "test_dataset.h"

#include <QTest>

#include <cmath>

using namespace optconf;
using namespace optconf::test;

class TestBootstrap : public QObject
{
    Q_OBJECT

private slots:
    void percentileIsNumpys()
    {
        // numpy.percentile([1, 2, 3, 4], [2.5, 50, 97.5]) -> [1.075, 2.5, 3.925]
        const std::vector<double> v{1, 2, 3, 4};
        QCOMPARE(percentile(v, 0.025), 1.075);
        QCOMPARE(percentile(v, 0.5), 2.5);
        QCOMPARE(percentile(v, 0.975), 3.925);
    }

    void weightsAreMultinomial()
    {
        const auto w = bootstrapWeights(7, 3, 1000);
        std::uint64_t sum = 0;
        for (auto x : w)
            sum += x;
        QCOMPARE(sum, std::uint64_t(1000));
        QCOMPARE(bootstrapWeights(7, 3, 1000), w);
        QVERIFY(bootstrapWeights(7, 4, 1000) != w);
        QVERIFY(bootstrapWeights(8, 3, 1000) != w);
    }

    void replicatesEqualResampledDatasets()
    {
        for (bool parity : {false, true}) {
            std::mt19937_64 rng(parity ? 11 : 12);
            const RandomImages images = randomImages(rng, 30);
            const Dataset d = makeDataset(images.gt, images.pred);
            auto r = request();
            r.sweep.pluginParity = parity;
            r.sweep.lower = 0.1;
            const auto result = evaluate(d, r);
            const auto events = imageEvents(d, r);
            BootstrapOptions options;
            options.replicates = 6;
            options.seed = 5;
            const auto boot = bootstrap(*events, *result, options);
            QVERIFY(boot);
            for (std::size_t k = 0; k < 6; ++k) {
                const RandomImages resampled =
                    repeatedImages(images, bootstrapWeights(5, k, d.samples.size()));
                const auto again = evaluate(makeDataset(resampled.gt, resampled.pred), r);
                const QString where = QStringLiteral("parity %1 replicate %2").arg(parity).arg(k);
                QVERIFY2(again->sweep.total.optimum, qPrintable(where));
                QVERIFY2(boot->replicateThresholds[k] == again->sweep.total.optimum->threshold,
                         qPrintable(where));
                QVERIFY2(boot->replicateF1[k] == again->sweep.total.optimum->f1, qPrintable(where));
            }
        }
    }

    void seededAndHoldsThePointEstimate()
    {
        std::mt19937_64 rng(99);
        const RandomImages images = randomImages(rng, 200);
        const Dataset d = makeDataset(images.gt, images.pred);
        const auto r = request();
        const auto result = evaluate(d, r);
        const auto events = imageEvents(d, r);
        BootstrapOptions options;
        options.replicates = 300;
        options.seed = 1;
        const auto a = bootstrap(*events, *result, options);
        const auto b = bootstrap(*events, *result, options);
        options.seed = 2;
        const auto c = bootstrap(*events, *result, options);
        QVERIFY(a && b && c);
        QCOMPARE(a->replicateThresholds, b->replicateThresholds);
        QCOMPARE(a->replicateF1, b->replicateF1);
        QVERIFY(a->replicateF1 != c->replicateF1);
        QCOMPARE(a->total.defined, 300);
        const Metrics& opt = *result->sweep.total.optimum;
        QVERIFY(a->total.f1->lo <= opt.f1 && opt.f1 <= a->total.f1->hi);
        QVERIFY(a->total.threshold->lo <= opt.threshold && opt.threshold <= a->total.threshold->hi);
        QVERIFY(a->total.f1->lo < a->total.f1->hi);
        QCOMPARE(a->classes.size(), result->sweep.classes.size());
        for (const auto& [label, s] : a->classes)
            QVERIFY(s.defined > 0);
        // The band brackets the curve at the grid where it is defined.
        QCOMPARE(a->band.size(), result->sweep.thresholds.size());
        int inside = 0, defined = 0;
        for (std::size_t g = 0; g < a->band.size(); ++g)
            if (a->band[g]) {
                ++defined;
                inside += a->band[g]->lo <= result->sweep.total.grid[g].objective &&
                          result->sweep.total.grid[g].objective <= a->band[g]->hi;
            }
        QVERIFY(defined > 50);
        QVERIFY(inside >= defined * 9 / 10);
    }

    void everyClassAndTheCostEqualResampledDatasets()
    {
        // One replicate at a time: its interval is that replicate's optimum, per class as well.
        Objective cost;
        cost.kind = Objective::Kind::Cost;
        cost.costFp = 1;
        cost.costFn = 2.5;
        for (const Objective& objective : {Objective{}, Objective{2.0}, cost}) {
            for (bool parity : {false, true}) {
                std::mt19937_64 rng(parity ? 21 : 22);
                const RandomImages images = randomImages(rng, 25);
                const Dataset d = makeDataset(images.gt, images.pred);
                auto r = request();
                r.sweep.pluginParity = parity;
                r.sweep.lower = 0.05;
                r.sweep.upper = 0.95;
                r.sweep.objective = objective;
                const auto result = evaluate(d, r);
                const auto events = imageEvents(d, r);
                QVERIFY(result && events);
                for (std::uint64_t seed = 0; seed < 4; ++seed) {
                    BootstrapOptions options;
                    options.replicates = 1;
                    options.seed = seed;
                    const auto boot = bootstrap(*events, *result, options);
                    QVERIFY(boot);
                    const RandomImages resampled =
                        repeatedImages(images, bootstrapWeights(seed, 0, d.samples.size()));
                    const Dataset again = makeDataset(resampled.gt, resampled.pred);
                    // The cost is per image of the original run: the resampled set has as many.
                    QCOMPARE(again.samples.size(), d.samples.size());
                    const auto expected = evaluate(again, r);
                    QVERIFY(expected);
                    const QString where = QStringLiteral("%1 parity %2 seed %3")
                                              .arg(QString::fromStdString(objective.spec()))
                                              .arg(parity)
                                              .arg(seed);
                    const auto& total = expected->sweep.total.optimum;
                    QVERIFY2(total && boot->total.threshold, qPrintable(where));
                    QVERIFY2(boot->total.threshold->lo == total->threshold, qPrintable(where));
                    QVERIFY2(boot->total.objective->lo == total->objective, qPrintable(where));
                    for (const auto& [label, stats] : boot->classes) {
                        const ClassCurve* c = nullptr;
                        for (const ClassCurve& k : expected->sweep.classes)
                            if (d.labels[label] == k.name)
                                c = &k;
                        const QString cw =
                            where + QStringLiteral(" class %1").arg(QString::fromStdString(d.labels[label]));
                        if (!c || !c->curve.optimum) {
                            QVERIFY2(!stats.threshold, qPrintable(cw));
                            continue;
                        }
                        QVERIFY2(stats.threshold, qPrintable(cw));
                        QVERIFY2(stats.threshold->lo == c->curve.optimum->threshold,
                                 qPrintable(cw + QStringLiteral(": %1 against %2")
                                                     .arg(stats.threshold->lo)
                                                     .arg(c->curve.optimum->threshold)));
                        QVERIFY2(stats.f1->lo == c->curve.optimum->f1, qPrintable(cw));
                        QVERIFY2(stats.objective->lo == c->curve.optimum->objective, qPrintable(cw));
                    }
                }
            }
        }
    }

    void sameOnAnyNumberOfThreads()
    {
        std::mt19937_64 rng(5);
        const RandomImages images = randomImages(rng, 150);
        const Dataset d = makeDataset(images.gt, images.pred);
        const auto r = request();
        const auto result = evaluate(d, r);
        const auto events = imageEvents(d, r);
        BootstrapOptions options;
        options.replicates = 200;
        options.seed = 9;
        options.threads = 1;
        const auto one = bootstrap(*events, *result, options);
        options.threads = 3;
        const auto three = bootstrap(*events, *result, options);
        options.threads = 0;
        const auto all = bootstrap(*events, *result, options);
        QVERIFY(one && three && all);
        for (const auto* other : {&*three, &*all}) {
            QCOMPARE(other->replicateThresholds, one->replicateThresholds);
            QCOMPARE(other->replicateF1, one->replicateF1);
            QCOMPARE(other->classes.size(), one->classes.size());
            for (std::size_t c = 0; c < one->classes.size(); ++c) {
                const BootstrapStats& a = one->classes[c].second;
                const BootstrapStats& b = other->classes[c].second;
                QCOMPARE(a.defined, b.defined);
                QCOMPARE(a.threshold.has_value(), b.threshold.has_value());
                if (a.threshold) {
                    QCOMPARE(a.threshold->lo, b.threshold->lo);
                    QCOMPARE(a.threshold->hi, b.threshold->hi);
                }
            }
            QCOMPARE(other->band.size(), one->band.size());
            for (std::size_t g = 0; g < one->band.size(); ++g) {
                QCOMPARE(other->band[g].has_value(), one->band[g].has_value());
                if (one->band[g])
                    QCOMPARE(other->band[g]->lo, one->band[g]->lo);
            }
        }
    }

    void plateauAroundTheOptimum()
    {
        // Exact rows (threshold, F1): 0 -> 0.6, 0.3 -> 0.7, 0.5 -> 0.71, 0.6 -> 0.705, 0.9 -> 0.4.
        Curve curve;
        auto row = [](double t, double f) {
            Metrics m;
            m.threshold = t;
            m.f1 = m.objective = f;
            m.f1Defined = true;
            return m;
        };
        curve.exact = {row(0, 0.6), row(0.3, 0.7), row(0.5, 0.71), row(0.6, 0.705), row(0.9, 0.4)};
        curve.optimum = curve.exact[2];
        const auto p = plateau(curve, 0.01);
        QVERIFY(p);
        QCOMPARE(p->lo, 0.3);
        QCOMPARE(p->hi, 0.6);
        const auto narrow = plateau(curve, 0.001);
        QCOMPARE(narrow->lo, 0.5);
        QCOMPARE(narrow->hi, 0.5);
    }
};

QTEST_GUILESS_MAIN(TestBootstrap)
#include "tst_bootstrap.moc"
