// SPDX-License-Identifier: MIT
// The confusion matrix at a threshold: hand-derived cells (cross-class matches, duplicates, crowds
// under both protocols, an image without predictions), and on the real sets cell by cell against a
// slow re-matching at each threshold, with rows and columns summing to the objects and the kept
// predictions. Also: the per-image matcher behind it counts what the Matcher counts.
#include "shared_data.h"
#include "test_dataset.h"

#include "core/eval/confusion.h"
#include "core/eval/error_types.h"
#include "core/io/loader.h"

#include <QTest>

#include <algorithm>
#include <filesystem>
#include <map>

using namespace optconf;
using namespace optconf::test;

namespace {

ConfusionMatrix matrixOf(const Dataset& d, const MatchOptions& options)
{
    return ConfusionMatrix(d, *d.field("ground_truth"), *d.field("predictions"), options);
}

/// The matrix as {"gt>pred": count} over its non-zero cells, to compare with hand-derived maps.
std::map<std::string, std::int64_t> cells(const ConfusionMatrix& m, double t)
{
    std::map<std::string, std::int64_t> out;
    const auto name = [&](std::size_t i) { return i == m.noneIndex() ? std::string("none") : m.names()[i]; };
    for (std::size_t r = 0; r < m.size(); ++r)
        for (std::size_t c = 0; c < m.size(); ++c)
            if (const auto k = m.count(r, c, t); k != 0)
                out[name(r) + ">" + name(c)] = k;
    return out;
}

/// The slow oracle: keep the predictions scoring >= t (within the per-image cap), re-match them
/// class-agnostically from scratch, and tally FiftyOne's confusion cells by label id.
std::map<std::pair<long, long>, std::int64_t> rematchConfusion(const Dataset& d, const LabelField& gtField,
                                                               const LabelField& predField,
                                                               const MatchOptions& o, double t)
{
    std::map<std::pair<long, long>, std::int64_t> out;
    const bool coco = o.protocol == Protocol::Coco;
    for (SampleIndex i = 0; i < d.samples.size(); ++i) {
        const auto gts = gtField.forSample(i);
        const auto preds = predField.forSample(i);
        const Sample& s = d.samples[i];
        const bool relative = !coco && d.boxUnits == BoxUnits::Pixels && s.width > 0 && s.height > 0;
        auto box = [&](const Box& b) {
            return relative ? Box{b.x / s.width, b.y / s.height, b.w / s.width, b.h / s.height} : b;
        };
        std::vector<std::size_t> order;
        for (std::size_t p = 0; p < preds.size(); ++p)
            if (preds[p].hasConfidence())
                order.push_back(p);
        std::stable_sort(order.begin(), order.end(),
                         [&](auto a, auto b) { return preds[a].confidence > preds[b].confidence; });
        if (o.maxDetections && order.size() > static_cast<std::size_t>(*o.maxDetections))
            order.resize(static_cast<std::size_t>(*o.maxDetections));
        std::erase_if(order, [&](std::size_t p) { return preds[p].confidence < t; });
        auto uncounted = [&](const Detection& g) {
            return g.difficult || (coco && (g.crowd || !(g.area >= 0 && g.area <= 1e10)));
        };
        auto ignoredGt = [&](const Detection& g) { return g.difficult || g.crowd || uncounted(g); };
        std::vector<std::size_t> gorder(gts.size());
        for (std::size_t g = 0; g < gts.size(); ++g)
            gorder[g] = g;
        std::stable_sort(gorder.begin(), gorder.end(),
                         [&](auto a, auto b) { return !ignoredGt(gts[a]) && ignoredGt(gts[b]); });
        std::vector<bool> taken(gts.size(), false);
        for (std::size_t p : order) {
            double best = std::min(o.iouThreshold, 1.0 - 1e-10);
            long m = -1;
            for (std::size_t g : gorder) {
                if (taken[g] && !gts[g].crowd)
                    continue;
                if (!coco && gts[g].crowd && gts[g].label != preds[p].label)
                    continue;
                if (m > -1 && !ignoredGt(gts[static_cast<std::size_t>(m)]) && ignoredGt(gts[g]))
                    break;
                const double v = iou(box(preds[p].box), box(gts[g].box), gts[g].crowd);
                if (v < best)
                    continue;
                best = v;
                m = static_cast<long>(g);
            }
            if (m < 0) {
                if (!(coco && !(preds[p].box.area() >= 0 && preds[p].box.area() <= 1e10)))
                    ++out[{-1, preds[p].label}];
                continue;
            }
            taken[static_cast<std::size_t>(m)] = true;
            if (!uncounted(gts[static_cast<std::size_t>(m)]))
                ++out[{gts[static_cast<std::size_t>(m)].label, preds[p].label}];
        }
        for (std::size_t g = 0; g < gts.size(); ++g)
            if (!taken[g] && !uncounted(gts[g]))
                ++out[{gts[g].label, -1}];
    }
    return out;
}

/// The hand-made set: a match, a cross-class match, a duplicate, a background box, an object no
/// box reaches, an image without predictions, and a crowd with two boxes of its class and one of
/// another class inside.
Dataset handMade()
{
    return makeDataset({{{"cat", {0, 0, 10, 10}}, {"dog", {50, 50, 10, 10}}, {"cat", {20, 20, 10, 10}}},
                        {{"dog", {0, 0, 10, 10}}},
                        {{"person", {0, 0, 100, 100}, kNoConfidence, true}}},
                       {{{"cat", {0, 0, 10, 10}, 0.9},
                         {"cat", {50, 50, 10, 10}, 0.8},
                         {"cat", {0, 0, 10, 11}, 0.7},
                         {"dog", {80, 80, 10, 10}, 0.3}},
                        {},
                        {{"person", {10, 10, 10, 10}, 0.6},
                         {"person", {30, 30, 10, 10}, 0.5},
                         {"cat", {60, 60, 10, 10}, 0.4}}});
}

} // namespace

class TestConfusion : public QObject
{
    Q_OBJECT

private slots:
    void handMadeFiftyOne()
    {
        const Dataset d = handMade();
        const ConfusionMatrix m = matrixOf(d, request().match);
        // cat: 2 objects, 4 boxes; dog: 2 objects, 1 box; person: 1 object (the crowd), 2 boxes.
        QCOMPARE(m.names(), (std::vector<std::string>{"cat", "dog", "person"}));
        // At 0: cat box on the cat; cat box on the dog (cross-class); the second cat box on the
        // taken cat and the cat box in the person crowd (a crowd only takes its own class) are
        // false positives; the dog box on background; the third cat and image 2's dog are missed;
        // both person boxes fall in the crowd.
        using Cells = std::map<std::string, std::int64_t>;
        QCOMPARE(cells(m, 0.0), (Cells{{"cat>cat", 1},
                                       {"cat>none", 1},
                                       {"dog>cat", 1},
                                       {"dog>none", 1},
                                       {"person>person", 2},
                                       {"none>cat", 2},
                                       {"none>dog", 1}}));
        // At 0.55: the 0.5 person box, the 0.4 cat and the 0.3 dog are gone.
        QCOMPARE(cells(m, 0.55), (Cells{{"cat>cat", 1},
                                        {"cat>none", 1},
                                        {"dog>cat", 1},
                                        {"dog>none", 1},
                                        {"person>person", 1},
                                        {"none>cat", 1}}));
        // At 0.75: only the 0.9 and 0.8 boxes; the crowd, last taken at 0.6, is now missed.
        QCOMPARE(
            cells(m, 0.75),
            (Cells{{"cat>cat", 1}, {"cat>none", 1}, {"dog>cat", 1}, {"dog>none", 1}, {"person>none", 1}}));
        // The cells name their objects and boxes: the cross-class match is image 1's object 1
        // taken by its box 1.
        const auto cross = m.entries(1, 0, 0.75);
        QCOMPARE(cross.size(), std::size_t{1});
        QCOMPARE(cross[0].image, SampleIndex{0});
        QCOMPARE(cross[0].object, 1);
        QCOMPARE(cross[0].prediction, 1);
        const auto missed = m.entries(1, m.noneIndex(), 0.75);
        QCOMPARE(missed.size(), std::size_t{1});
        QCOMPARE(missed[0].image, SampleIndex{1});
        QCOMPARE(missed[0].prediction, -1);
        const auto pairs = m.mostConfused(0.0, 5);
        QCOMPARE(pairs.size(), std::size_t{1});
        QCOMPARE(pairs[0].row, std::size_t{1});
        QCOMPARE(pairs[0].column, std::size_t{0});
    }

    void handMadeCoco()
    {
        const Dataset d = handMade();
        const ConfusionMatrix m = matrixOf(d, request(Protocol::Coco).match);
        // Under coco the crowd counts for nothing, and neither do the three boxes it takes (any
        // class: pycocotools' crowds are not per label when matching is class-agnostic): person
        // has no counted object or box left.
        QCOMPARE(m.names(), (std::vector<std::string>{"cat", "dog"}));
        using Cells = std::map<std::string, std::int64_t>;
        QCOMPARE(cells(m, 0.0), (Cells{{"cat>cat", 1},
                                       {"cat>none", 1},
                                       {"dog>cat", 1},
                                       {"dog>none", 1},
                                       {"none>cat", 1},
                                       {"none>dog", 1}}));
        QCOMPARE(confusionCsv(m, 0.75), std::string("ground_truth\\predicted,cat,dog,(none)\n"
                                                    "cat,1,0,1\n"
                                                    "dog,1,0,1\n"
                                                    "(none),0,0,0\n"));
    }

    void realSetsEqualRematching_data()
    {
        QTest::addColumn<QString>("set");
        QTest::addColumn<QString>("gt");
        QTest::addColumn<QString>("dets");
        QTest::addColumn<bool>("coco");
        for (bool coco : {false, true}) {
            const char* p = coco ? " coco" : " fiftyone";
            QTest::newRow((std::string("bdd100k") + p).c_str())
                << QStringLiteral("bdd100k-scalabel-202") << QStringLiteral("gt_coco.json")
                << QStringLiteral("dets_coco.json") << coco;
            QTest::newRow((std::string("coco-val2014-100") + p).c_str())
                << QStringLiteral("coco-val2014-100") << QStringLiteral("instances_val2014_100.json")
                << QStringLiteral("instances_val2014_fakebbox100_results.json") << coco;
        }
    }

    void realSetsEqualRematching()
    {
        QFETCH(QString, set);
        QFETCH(QString, gt);
        QFETCH(QString, dets);
        QFETCH(bool, coco);
        const auto d = test::loadSharedSet(set.toStdString(), gt.toStdString(), dets.toStdString());
        if (!d)
            QSKIP("shared data absent");
        const LabelField& gtField = d->fields[0];
        const LabelField& predField = d->fields[1];
        MatchOptions o;
        o.protocol = coco ? Protocol::Coco : Protocol::FiftyOne;
        if (coco)
            o.maxDetections = 100;
        const ConfusionMatrix m(*d, gtField, predField, o);
        MatchOptions agnosticOptions = o;
        agnosticOptions.classwise = false;
        const ErrorAnalysis agnostic(*d, gtField, predField, agnosticOptions);
        for (double t : {0.05, 0.3, 0.72}) {
            const auto oracle = rematchConfusion(*d, gtField, predField, o, t);
            std::map<std::pair<long, long>, std::int64_t> ours;
            const std::vector<std::int64_t> counts = m.counts(t);
            const std::size_t n = m.size();
            std::vector<std::int64_t> rows(n, 0), columns(n, 0);
            for (std::size_t r = 0; r < n; ++r) {
                for (std::size_t c = 0; c < n; ++c) {
                    const std::int64_t k = counts[r * n + c];
                    rows[r] += k;
                    columns[c] += k;
                    if (k == 0)
                        continue;
                    const long rl = r == m.noneIndex() ? -1 : static_cast<long>(m.labels()[r]);
                    const long cl = c == m.noneIndex() ? -1 : static_cast<long>(m.labels()[c]);
                    ours[{rl, cl}] = k;
                }
            }
            QCOMPARE(ours.size(), oracle.size());
            QVERIFY2(ours == oracle, qPrintable(QStringLiteral("cells differ at t = %1").arg(t)));
            // Columns sum to the kept predictions that count; rows to the counted objects, plus
            // crowds taken again (fiftyone).
            std::int64_t kept = 0;
            std::int64_t diagonal = 0;
            for (std::size_t c = 0; c < m.noneIndex(); ++c)
                kept += columns[c];
            for (std::size_t r = 0; r < m.noneIndex(); ++r)
                diagonal += counts[r * n + r];
            QVERIFY(kept > 0);
            QVERIFY(diagonal > 0);
            std::int64_t objects = 0;
            for (std::size_t r = 0; r < m.noneIndex(); ++r)
                objects += rows[r];
            const Counts c = agnostic.countsAt(t);
            QCOMPARE(kept, c.tp + c.fp);
            // Rows: every counted object once, plus (fiftyone) a crowd once more per further box it
            // takes, which the class-agnostic counts hold as true positives: TP + FN either way.
            QCOMPARE(objects, c.tp + c.fn);
        }
    }

    void pairsCountLikeTheMatcher_data() { test::addSharedCocoSetRows(); }

    void pairsCountLikeTheMatcher()
    {
        QFETCH(QString, set);
        QFETCH(QString, gt);
        QFETCH(QString, dets);
        const auto d = test::loadSharedSet(set.toStdString(), gt.toStdString(), dets.toStdString());
        if (!d)
            QSKIP("shared data absent");
        for (const Protocol protocol : {Protocol::FiftyOne, Protocol::Coco}) {
            for (const bool classwise : {true, false}) {
                MatchOptions o;
                o.protocol = protocol;
                o.classwise = classwise;
                o.computeAp = false;
                if (protocol == Protocol::Coco)
                    o.maxDetections = 100;
                const MatchResult match = *Matcher(*d, d->fields[0], d->fields[1], o).run();
                const ThresholdCounter counter(match, std::nullopt, false);
                const ErrorAnalysis errors(*d, d->fields[0], d->fields[1], o);
                for (double t : {0.0, 0.1, 0.25, 0.5, 0.8, 0.95})
                    QCOMPARE(errors.countsAt(t), counter.at(t));
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestConfusion)
#include "tst_confusion.moc"
