// SPDX-License-Identifier: MIT
// Cross-validation over images: a hand-derived case, seeded folds, and a slow reference that
// evaluates every fold's images as a dataset of their own.
#include "core/eval/cross_validation.h"
#include "random_detections.h"
#include "test_dataset.h"

#include <QTest>

using namespace optconf;
using namespace optconf::test;

class TestCrossValidation : public QObject
{
    Q_OBJECT

private slots:
    void handDerivedTwoFolds()
    {
        // Image 1: object g1 found at 0.9, a false positive at 0.5. Image 2: g2 found at 0.8, a
        // false positive at 0.7. On image 1 alone the optimum is 0.9 (F1 1); on image 2 alone 0.8.
        // Held out: image 2 at 0.9 keeps nothing (FN 1); image 1 at 0.8 keeps its 0.9 (TP 1).
        // Pooled TP 1, FP 0, FN 1: F1 2/3. In sample, at 0.8: TP 2, FP 0, FN 0: F1 1.
        const Dataset d = makeDataset({{{"a", {0, 0, 10, 10}}}, {{"a", {0, 0, 10, 10}}}},
                                      {{{"a", {0, 0, 10, 10}, 0.9}, {"a", {50, 50, 5, 5}, 0.5}},
                                       {{"a", {0, 0, 10, 10}, 0.8}, {"a", {50, 50, 5, 5}, 0.7}}});
        const auto r = request();
        const auto result = evaluate(d, r);
        const auto events = imageEvents(d, r);
        QVERIFY(result && events);
        CrossValidationOptions options;
        options.folds = 2;
        const auto cv = crossValidate(*events, *result, options);
        QVERIFY(cv);
        QCOMPARE(cv->rules.size(), std::size_t(3));
        QCOMPARE(cv->rules[0].rule, ThresholdRule::Global);
        QCOMPARE(cv->rules[0].heldOut.counts, (Counts{1, 0, 1}));
        QCOMPARE(cv->rules[0].heldOut.f1, 2.0 / 3.0);
        QCOMPARE(cv->rules[0].inSample.f1, 1.0);
    }

    void foldsAreSeededAndBalanced()
    {
        const auto a = foldOf(103, 5, 42), b = foldOf(103, 5, 42), c = foldOf(103, 5, 43);
        QCOMPARE(a, b);
        QVERIFY(a != c);
        std::vector<int> sizes(5, 0);
        for (auto f : a)
            ++sizes[f];
        for (int s : sizes)
            QVERIFY(s == 20 || s == 21);
    }

    void equalsEvaluatingEachFold()
    {
        for (std::uint64_t seed = 1; seed <= 6; ++seed) {
            std::mt19937_64 rng(seed + 500);
            const RandomImages images = randomImages(rng, 40);
            const Dataset d = makeDataset(images.gt, images.pred);
            auto r = request();
            // Odd seeds under the cost objective: each fold's rules minimise a miss costing 3.
            if (seed % 2) {
                r.sweep.objective.kind = Objective::Kind::Cost;
                r.sweep.objective.costFn = 3;
            }
            const auto result = evaluate(d, r);
            const auto events = imageEvents(d, r);
            CrossValidationOptions options;
            options.folds = 4;
            options.seed = seed;
            options.rails.minGroundTruth = 3;
            const auto cv = crossValidate(*events, *result, options);
            QVERIFY(cv);
            QCOMPARE(crossValidate(*events, *result, options)->rules[2].heldOut.counts,
                     cv->rules[2].heldOut.counts);
            const auto fold = foldOf(d.samples.size(), 4, seed);
            std::vector<Counts> pooled(3);
            for (std::uint32_t f = 0; f < 4; ++f) {
                RandomImages train, test;
                for (std::size_t i = 0; i < fold.size(); ++i) {
                    RandomImages& to = fold[i] == f ? test : train;
                    to.gt.push_back(images.gt[i]);
                    to.pred.push_back(images.pred[i]);
                }
                const Dataset trainSet = makeDataset(train.gt, train.pred);
                const Dataset testSet = makeDataset(test.gt, test.pred);
                const auto trained = evaluate(trainSet, r);
                const auto tested = evaluate(testSet, r);
                const auto rows = classRows(*trained);
                for (int k = 0; k < 3; ++k) {
                    const auto rule = applyRule(rows, cv->rules[std::size_t(k)].rule, options.rails,
                                                RuleSettings{0, 1, trained->sweep.options.objective});
                    // Thresholds by name: the two datasets number their labels apart.
                    ClassThresholdMap byTestLabel;
                    byTestLabel.defaultThreshold = rule->thresholdMap().defaultThreshold;
                    for (const ClassChoice& c : rule->classes)
                        for (std::size_t l = 0; l < testSet.labels.size(); ++l)
                            if (testSet.labels[l] == trainSet.labels[c.label])
                                byTestLabel.byLabel[LabelId(l)] = c.threshold;
                    const Counts c = deployedFigures(*tested, byTestLabel)->total.counts;
                    pooled[std::size_t(k)].tp += c.tp;
                    pooled[std::size_t(k)].fp += c.fp;
                    pooled[std::size_t(k)].fn += c.fn;
                }
            }
            for (int k = 0; k < 3; ++k)
                QVERIFY2(cv->rules[std::size_t(k)].heldOut.counts == pooled[std::size_t(k)],
                         qPrintable(QStringLiteral("seed %1 rule %2").arg(seed).arg(k)));
        }
    }
};

QTEST_GUILESS_MAIN(TestCrossValidation)
#include "tst_cross_validation.moc"
