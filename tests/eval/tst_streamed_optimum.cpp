// SPDX-License-Identifier: MIT
// The exact optimum found without keeping the exact rows against a scan of every row.
#include "random_dataset.h"

#include "core/eval/evaluation.h"

#include <QTest>

#include <optional>
#include <random>

using namespace optconf;
using namespace optconf::test;

class TestStreamedOptimum : public QObject
{
    Q_OBJECT

private slots:
    void streamedOptimumIsTheFirstMaximumOfTheRows()
    {
        // Without kept rows, the exact optimum is found by comparing only the objective at every
        // distinct score: it must be the row a scan of all of them picks (the first maximum, so
        // the lowest threshold on ties), for the total and for every class, F1 and F-beta.
        std::mt19937_64 rng(99);
        for (int trial = 0; trial < 80; ++trial) {
            const Dataset d = randomDataset(rng, 1 + trial % 9);
            auto r = request();
            r.sweep.objective.beta = trial % 2 ? 1.0 : 0.5 + trial % 5;
            r.sweep.keepExactRows = false;
            const auto streamed = evaluate(d, r);
            r.sweep.keepExactRows = true;
            const auto kept = evaluate(d, r);
            auto firstMaximum = [](const std::vector<Metrics>& rows) {
                const Metrics* best = nullptr;
                for (const Metrics& m : rows)
                    if (m.f1Defined && (!best || m.objective > best->objective))
                        best = &m;
                return best;
            };
            auto same = [](const std::optional<Metrics>& a, const Metrics* b) {
                return a.has_value() == (b != nullptr) &&
                       (!b || (a->threshold == b->threshold && a->counts == b->counts &&
                               a->objective == b->objective && a->f1 == b->f1 &&
                               a->precision == b->precision && a->recall == b->recall));
            };
            QVERIFY(streamed->sweep.total.exact.empty());
            QVERIFY(same(streamed->sweep.total.optimum, firstMaximum(kept->sweep.total.exact)));
            QCOMPARE(streamed->sweep.classes.size(), kept->sweep.classes.size());
            for (std::size_t c = 0; c < kept->sweep.classes.size(); ++c) {
                // Per-class rows are never kept: make them to compare with.
                SweepOptions rows = r.sweep;
                const ThresholdCounter counter(kept->match, kept->sweep.classes[c].label, false);
                const Curve full = computeCurve(counter, kept->sweep.thresholds, rows);
                QVERIFY(same(streamed->sweep.classes[c].curve.optimum, firstMaximum(full.exact)));
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestStreamedOptimum)
#include "tst_streamed_optimum.moc"
