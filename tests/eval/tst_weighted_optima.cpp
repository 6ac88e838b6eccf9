// SPDX-License-Identifier: MIT
// A weighted pass's optima, overall and per class, equal evaluating the weighted images as a
// dataset (each image repeated by its weight): with scores that are all distinct (each alone at
// its score, the pass's fast paths), with many ties, and with a weight above 255 (the pass's
// wide weights).
#include "core/eval/weighted_optima.h"
#include "random_detections.h"
#include "test_dataset.h"

#include <QTest>

using namespace optconf;
using namespace optconf::test;

namespace {

/// Gives every prediction a score of its own (three decimals, so a few still tie) where
/// `distinct` is drawn, else one of a short list.
void rescore(std::mt19937_64& rng, RandomImages& images, double distinct)
{
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    const double shared[] = {0.2, 0.5, 0.8};
    for (Image& image : images.pred)
        for (auto& p : image)
            p.score = unit(rng) < distinct ? std::round(unit(rng) * 1000.0) / 1000.0
                                           : shared[static_cast<int>(unit(rng) * 3.0) % 3];
}

} // namespace

class TestWeightedOptima : public QObject
{
    Q_OBJECT

private slots:
    void equalsTheWeightedDataset_data()
    {
        QTest::addColumn<double>("distinct");
        QTest::addColumn<bool>("parity");
        QTest::addColumn<QString>("objective");
        QTest::addColumn<std::uint32_t>("heaviest");
        for (const double distinct : {1.0, 0.7})
            for (const bool parity : {false, true})
                for (const char* objective : {"f1", "fbeta:2", "cost:1,3"})
                    for (const std::uint32_t heaviest : {3U, 300U})
                        QTest::addRow("distinct %g parity %d %s heaviest %u", distinct, parity, objective,
                                      heaviest)
                            << distinct << parity << QString::fromLatin1(objective) << heaviest;
    }

    void equalsTheWeightedDataset()
    {
        QFETCH(double, distinct);
        QFETCH(bool, parity);
        QFETCH(QString, objective);
        QFETCH(std::uint32_t, heaviest);
        Objective o;
        if (objective == QLatin1String("fbeta:2"))
            o.beta = 2.0;
        if (objective == QLatin1String("cost:1,3")) {
            o.kind = Objective::Kind::Cost;
            o.costFp = 1.0;
            o.costFn = 3.0;
        }
        for (std::uint64_t seed = 0; seed < 3; ++seed) {
            std::mt19937_64 rng(seed * 31 + static_cast<std::uint64_t>(heaviest));
            RandomImages images = randomImages(rng, 40);
            rescore(rng, images, distinct);
            const Dataset d = makeDataset(images.gt, images.pred);
            auto r = request();
            r.sweep.pluginParity = parity;
            r.sweep.lower = 0.1;
            r.sweep.upper = 0.9;
            r.sweep.objective = o;
            const auto result = evaluate(d, r);
            const auto events = imageEvents(d, r);
            QVERIFY(result && events);

            std::vector<std::uint32_t> weights(d.samples.size());
            std::uniform_int_distribution<std::uint32_t> weight(0, 3);
            for (auto& w : weights)
                w = weight(rng);
            weights[seed] = heaviest;
            std::vector<double> grid(result->sweep.thresholds.rbegin(), result->sweep.thresholds.rend());
            const WeightedOptima optima(*events, result->sweep.options, grid);
            WeightedOptima::Workspace workspace;
            std::vector<double> gridOut(optima.gridSize());
            optima.scan(weights, workspace, gridOut.data());

            const RandomImages weighted = repeatedImages(images, weights);
            const Dataset again = makeDataset(weighted.gt, weighted.pred);
            const auto expected = evaluate(again, r);
            QVERIFY(expected);
            // A cost is per image: the pass divides by the images of its run, the repeated
            // dataset by its own.
            const double perImage =
                o.isCost() ? static_cast<double>(again.samples.size()) / static_cast<double>(d.samples.size())
                           : 1.0;
            const QString where = QStringLiteral("seed %1").arg(seed);
            const auto& total = expected->sweep.total.optimum;
            QVERIFY2(total, qPrintable(where));
            QVERIFY2(workspace.total().threshold == total->threshold, qPrintable(where));
            QVERIFY2(workspace.total().f1 == total->f1, qPrintable(where));
            QCOMPARE(workspace.total().objective, total->objective * perImage);
            for (std::size_t g = 0; g < grid.size(); ++g) {
                const Metrics& m = expected->sweep.total.grid[grid.size() - 1 - g];
                if (m.f1Defined)
                    QCOMPARE(gridOut[g], m.objective * perImage);
            }
            int checked = 0;
            for (const ClassCurve& c : expected->sweep.classes) {
                const auto label = static_cast<LabelId>(std::find(d.labels.begin(), d.labels.end(), c.name) -
                                                        d.labels.begin());
                QVERIFY(label < optima.labelCount());
                const WeightedOptima::Optimum& got = workspace.label(label);
                if (!c.curve.optimum) {
                    QVERIFY2(std::isnan(got.threshold), qPrintable(where + QString::fromStdString(c.name)));
                    continue;
                }
                QVERIFY2(got.threshold == c.curve.optimum->threshold,
                         qPrintable(where + QString::fromStdString(c.name)));
                QCOMPARE(got.objective, c.curve.optimum->objective * perImage);
                ++checked;
            }
            QVERIFY(checked >= 2);
        }
    }
};

QTEST_GUILESS_MAIN(TestWeightedOptima)
#include "tst_weighted_optima.moc"
