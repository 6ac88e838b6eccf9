// SPDX-License-Identifier: MIT
// The threshold rules: the jointly optimal thresholds against brute force over every combination
// of the classes' thresholds, and the independent rule against the thresholds file's own rule.
#include "core/eval/joint_thresholds.h"
#include "core/eval/plateau.h"
#include "core/output/thresholds_file.h"
#include "random_detections.h"
#include "sanitized.h"
#include "test_dataset.h"

#include <QTest>

#include <algorithm>
#include <cmath>
#include <set>

using namespace optconf;
using namespace optconf::test;

namespace {

/// Every threshold the rule may give a class, listed from the raw predictions (not from the
/// engine's rows): `lower`, each distinct score of the class in [lower, upper], the global
/// optimum (the fallback every class may keep), and "keep nothing".
std::vector<double> rawCandidates(const RandomImages& images, const Dataset& d, LabelId label, double lower,
                                  double upper, double global)
{
    std::set<double> s{lower, global};
    for (const Image& im : images.pred)
        for (const Obj& o : im)
            if (d.labels[label] == o.label && o.score >= lower && o.score <= upper)
                s.insert(o.score);
    std::vector<double> out(s.begin(), s.end());
    out.push_back(kSuppressed);
    return out;
}

/// The best overall objective over every combination of candidate thresholds, counted by the
/// deployed figures (themselves checked against re-matching in tst_deployed).
double bruteForce(const EvaluationResult& result, const std::vector<LabelId>& labels,
                  const std::vector<std::vector<double>>& candidates, const Objective& objective)
{
    double best = 0;
    bool have = false;
    std::vector<std::size_t> index(labels.size(), 0);
    while (true) {
        ClassThresholdMap map;
        for (std::size_t c = 0; c < labels.size(); ++c)
            map.byLabel[labels[c]] = candidates[c][index[c]];
        const auto f = deployedFigures(result, map);
        if (f->total.f1Defined) {
            // Written out, not through Objective::better, so that the oracle does not share it.
            const double o = objectiveAt(f->total.counts, objective);
            if (!have || (objective.isCost() ? o < best : o > best))
                best = o;
            have = true;
        }
        std::size_t c = 0;
        for (; c < labels.size(); ++c) {
            if (++index[c] < candidates[c].size())
                break;
            index[c] = 0;
        }
        if (c == labels.size())
            return have ? best : std::nan("");
    }
}

Objective cost(double fp, double fn)
{
    Objective o;
    o.kind = Objective::Kind::Cost;
    o.costFp = fp;
    o.costFn = fn;
    return o;
}

/// Whether objective value `a` is at least as good as `b` (higher F-beta, lower cost).
bool noWorse(const Objective& objective, double a, double b)
{
    return objective.isCost() ? a <= b : a >= b;
}

GuardRails noRails()
{
    GuardRails g;
    g.minGroundTruth = 0;
    g.minTruePositives = 0;
    return g;
}

/// One image. Class a: 3 objects, two found at 0.9 and 0.8, a false positive at 0.85. Class b: no
/// object, false positives at 0.95 and 0.4.
Dataset twoClassesByHand()
{
    return makeDataset({{{"a", {0, 0, 10, 10}}, {"a", {20, 0, 10, 10}}, {"a", {40, 0, 10, 10}}}},
                       {{{"a", {0, 0, 10, 10}, 0.9},
                         {"a", {80, 80, 5, 5}, 0.85},
                         {"a", {20, 0, 10, 10}, 0.8},
                         {"b", {60, 60, 5, 5}, 0.95},
                         {"b", {60, 0, 5, 5}, 0.4}}});
}

} // namespace

class TestJointThresholds : public QObject
{
    Q_OBJECT

private slots:
    void jointEqualsBruteForce()
    {
        Objective f2, f05;
        f2.beta = 2.0;
        f05.beta = 0.5;
        // The cost objective too: each class at its cheapest threshold must be the cheapest
        // combination; integer and fractional prices, and prices that make suppressing pay.
        for (const Objective& objective :
             {Objective{}, f2, f05, cost(1, 1), cost(1, 3), cost(2.5, 0.5), cost(0, 1), cost(1, 0)}) {
            // The brute force deploys every candidate of every class: under sanitizers 4 sets.
            for (std::uint64_t seed = 1; seed <= (test::kSanitized ? 4U : 10U); ++seed) {
                std::mt19937_64 rng(seed * 7 + 3);
                const RandomImages images = randomImages(rng, 20);
                const Dataset d = makeDataset(images.gt, images.pred);
                auto r = request();
                r.sweep.objective = objective;
                r.sweep.lower = seed % 2 ? 0.0 : 0.1;
                r.sweep.upper = seed % 3 ? 1.0 : 0.9;
                const auto result = evaluate(d, r);
                QVERIFY(result);
                const auto rows = classRows(*result);
                // The run's objective: under cost it divides by the run's images.
                const Objective& used = result->sweep.options.objective;
                QCOMPARE(used.images, std::int64_t{20});
                const RuleSettings settings{r.sweep.lower, r.sweep.upper, used};
                const auto joint = applyRule(rows, ThresholdRule::Joint, noRails(), settings);
                const auto independent = applyRule(rows, ThresholdRule::Independent, noRails(), settings);
                const auto global = applyRule(rows, ThresholdRule::Global, noRails(), settings);
                QVERIFY(joint && independent && global);
                std::vector<LabelId> labels;
                std::vector<std::vector<double>> candidates;
                for (const ClassRows& row : rows) {
                    labels.push_back(row.label);
                    candidates.push_back(rawCandidates(images, d, row.label, r.sweep.lower, r.sweep.upper,
                                                       result->sweep.total.optimum->threshold));
                }
                const QString where =
                    QStringLiteral("%1 seed %2").arg(QString::fromStdString(objective.spec())).arg(seed);
                const double brute = bruteForce(*result, labels, candidates, used);
                QVERIFY2(joint->deployed.objective == brute,
                         qPrintable(where + QStringLiteral(": joint %1, brute force %2")
                                                .arg(joint->deployed.objective, 0, 'g', 17)
                                                .arg(brute, 0, 'g', 17)));
                // The rule's own figures are what deploying its thresholds gives.
                QCOMPARE(deployedFigures(*result, joint->thresholdMap())->total.counts,
                         joint->deployed.counts);
                QVERIFY2(noWorse(used, joint->deployed.objective, independent->deployed.objective),
                         qPrintable(where));
                QVERIFY2(noWorse(used, joint->deployed.objective, global->deployed.objective),
                         qPrintable(where));
                // No single class can move to another of its thresholds and do better.
                for (std::size_t c = 0; c < labels.size(); ++c) {
                    for (double t : candidates[c]) {
                        ClassThresholdMap map = joint->thresholdMap();
                        map.byLabel[labels[c]] = t;
                        const auto f = deployedFigures(*result, map);
                        QVERIFY2(!f->total.f1Defined || noWorse(used, joint->deployed.objective,
                                                                objectiveAt(f->total.counts, used)),
                                 qPrintable(where));
                    }
                }
            }
        }
    }

    void costRulesByHand()
    {
        // Class a: 3 objects, found at 0.9 and 0.8, a false positive at 0.85. Class b: no object,
        // false positives at 0.95 and 0.4. One image; a false positive costs 1, a miss 2.
        const Dataset d = twoClassesByHand();
        auto r = request();
        r.sweep.objective = cost(1, 2);
        const auto result = evaluate(d, r);
        QVERIFY(result && result->sweep.total.optimum);
        // One threshold: 0 and 0.4 keep TP 2, FP 3, FN 1 (cost 5); 0.8 drops b's 0.4: TP 2, FP 2,
        // FN 1 (4); 0.85: 1, 2, 2 (6); 0.9: 1, 1, 2 (5); 0.95: 0, 1, 3 (7). Least: 0.8.
        const Metrics& o = *result->sweep.total.optimum;
        QCOMPARE(o.threshold, 0.8);
        QCOMPARE(o.counts, (Counts{2, 2, 1}));
        QCOMPARE(o.objective, 4.0);
        // Within 1 of the least cost: 0, 0.4 (5) and 0.8; 0.85 (6) ends it.
        const auto p = plateau(result->sweep.total, 1.0, result->sweep.options.objective);
        QVERIFY(p);
        QCOMPARE(p->lo, 0.0);
        QCOMPARE(p->hi, 0.8);

        const auto rows = classRows(*result);
        const RuleSettings settings{0, 1, result->sweep.options.objective};
        // Independent: a's rows cost 3 (0 and 0.8, TP 2 FP 1 FN 1), 5 (0.85), 4 (0.9): the
        // lowest of the tie, 0; b's cost 2, 2, 1 (0.95): 0.95. Total TP 2, FP 2, FN 1: 4.
        const auto independent = applyRule(rows, ThresholdRule::Independent, noRails(), settings);
        QVERIFY(independent);
        QCOMPARE(independent->deployed.counts, (Counts{2, 2, 1}));
        QCOMPARE(independent->deployed.objective, 4.0);
        // Joint: b may keep nothing (cost 0); a stays at 0 (3). Total TP 2, FP 1, FN 1: 3.
        const auto joint = applyRule(rows, ThresholdRule::Joint, noRails(), settings);
        QVERIFY(joint);
        QCOMPARE(joint->deployed.counts, (Counts{2, 1, 1}));
        QCOMPARE(joint->deployed.objective, 3.0);
        for (const ClassChoice& c : joint->classes) {
            if (d.labels[c.label] == "b") {
                QCOMPARE(c.source, ClassChoice::Source::Suppressed);
            } else {
                QCOMPARE(c.threshold, 0.0);
                QCOMPARE(c.counts, (Counts{2, 1, 1}));
            }
        }
    }

    void globalRuleIsTheSweepOptimum()
    {
        for (std::uint64_t seed = 1; seed <= 10; ++seed) {
            std::mt19937_64 rng(seed);
            const RandomImages images = randomImages(rng, 30);
            const Dataset d = makeDataset(images.gt, images.pred);
            const auto result = evaluate(d, request());
            const auto global =
                applyRule(classRows(*result), ThresholdRule::Global, GuardRails{}, RuleSettings{0, 1, {}});
            QVERIFY(global && result->sweep.total.optimum);
            QCOMPARE(global->globalThreshold, result->sweep.total.optimum->threshold);
            QCOMPARE(global->deployed.counts, result->sweep.total.optimum->counts);
        }
    }

    void independentRuleIsTheThresholdsFileRule()
    {
        for (std::uint64_t seed = 1; seed <= 10; ++seed) {
            std::mt19937_64 rng(seed + 100);
            const RandomImages images = randomImages(rng, 40);
            const Dataset d = makeDataset(images.gt, images.pred);
            const auto result = evaluate(d, request());
            const auto file = deployableThresholds(*result);
            const auto rule = applyRule(classRows(*result), ThresholdRule::Independent, GuardRails{},
                                        RuleSettings{0, 1, {}});
            QVERIFY(file && rule);
            QCOMPARE(rule->classes.size(), file->classes.size());
            for (std::size_t i = 0; i < file->classes.size(); ++i) {
                QCOMPARE(rule->classes[i].threshold, file->classes[i].threshold);
                QCOMPARE(rule->classes[i].reason, file->classes[i].reason);
            }
        }
    }

    void guardRailsHold()
    {
        // Class a: 3 objects, two found at 0.9 and 0.8, a false positive at 0.85.
        // Class b: no object, two false positives at 0.95 and 0.4.
        const Dataset d = twoClassesByHand();
        const auto result = evaluate(d, request());
        const auto rows = classRows(*result);
        const RuleSettings settings{0, 1, {}};
        GuardRails rails;
        rails.minGroundTruth = 1;
        rails.suppressWithoutGroundTruth = true;
        rails.floor = 0.82;
        for (ThresholdRule rule : {ThresholdRule::Independent, ThresholdRule::Joint}) {
            const auto out = applyRule(rows, rule, rails, settings);
            QVERIFY(out);
            for (const ClassChoice& c : out->classes) {
                if (d.labels[c.label] == "b") {
                    QCOMPARE(c.source, ClassChoice::Source::Suppressed);
                    QVERIFY(std::isinf(c.threshold));
                } else {
                    // Its own optimum 0.8 (TP 2, FP 1, FN 1) lies below the floor: at 0.82 the
                    // best is 0.85 (TP 1, FP 1) or 0.9 (TP 1, FP 0, FN 2): F1 2 / 4 = 0.5.
                    QVERIFY(c.threshold >= 0.82);
                    QCOMPARE(c.threshold, 0.9);
                    QCOMPARE(c.counts, (Counts{1, 0, 2}));
                }
            }
            QCOMPARE(out->deployed.counts, (Counts{1, 0, 2}));
        }
        // Too few objects: the class keeps the global threshold, with the reason.
        rails = GuardRails{};
        const auto out = applyRule(rows, ThresholdRule::Joint, rails, settings);
        for (const ClassChoice& c : out->classes) {
            QCOMPARE(c.threshold, out->globalThreshold);
            QVERIFY(c.reason.starts_with("fewer than 10"));
        }
    }
};

QTEST_GUILESS_MAIN(TestJointThresholds)
#include "tst_joint_thresholds.moc"
