// SPDX-License-Identifier: MIT
// TIDE error types at a threshold: one box of each type on a hand-made image, counts and F1 gains
// derived by hand at several thresholds; on the real sets the types sum to FP at every threshold.
#include "shared_data.h"
#include "test_dataset.h"

#include "core/eval/error_types.h"
#include "core/eval/score_histogram.h"

#include <QTest>

using namespace optconf;
using namespace optconf::test;

namespace {

ErrorCounts E(std::int64_t cls, std::int64_t loc, std::int64_t both, std::int64_t dup, std::int64_t bkg,
              std::int64_t missed)
{
    return {{cls, loc, both, dup, bkg}, missed};
}

/// One image, 100 x 100. Objects: cat A [0,0,20,20], dog B [50,50,20,20], cat D [0,60,20,20],
/// horse H [80,0,10,10]. Boxes, by score:
///  0.9 cat [0,0,20,20]   IoU 1 with A: true positive.
///  0.8 cat [0,0,20,21]   IoU 400/420 with A, already taken: duplicate.
///  0.7 cat [50,50,20,20] IoU 1 with the dog B, 0 with every cat: classification (aimed at B).
///  0.6 cat [10,60,20,20] IoU 200/600 with the cat D: localization (aimed at D).
///  0.5 dog [10,0,20,20]  IoU 200/600 with the cat A, 0 with the dog: both.
///  0.4 bird [90,90,5,5]  no overlap: background.
/// The horse has no box at all: missed at every threshold.
Dataset oneOfEach()
{
    return makeDataset({{{"cat", {0, 0, 20, 20}},
                         {"dog", {50, 50, 20, 20}},
                         {"cat", {0, 60, 20, 20}},
                         {"horse", {80, 0, 10, 10}}}},
                       {{{"cat", {0, 0, 20, 20}, 0.9},
                         {"cat", {0, 0, 20, 21}, 0.8},
                         {"cat", {50, 50, 20, 20}, 0.7},
                         {"cat", {10, 60, 20, 20}, 0.6},
                         {"dog", {10, 0, 20, 20}, 0.5},
                         {"bird", {90, 90, 5, 5}, 0.4}}});
}

LabelId labelOf(const Dataset& d, const std::string& name)
{
    return static_cast<LabelId>(std::find(d.labels.begin(), d.labels.end(), name) - d.labels.begin());
}

} // namespace

class TestErrorTypes : public QObject
{
    Q_OBJECT

private slots:
    void oneBoxOfEachType()
    {
        const Dataset d = oneOfEach();
        const ErrorAnalysis a(d, *d.field("ground_truth"), *d.field("predictions"), request().match);
        // At 0: all five false positives, one of each type. B and D are aimed at by the kept
        // classification and localization errors, so only the horse is "missed".
        QCOMPARE(a.at(0.0), E(1, 1, 1, 1, 1, 1));
        QCOMPARE(a.countsAt(0.0), (Counts{1, 5, 3}));
        // At 0.45: the background box is dropped.
        QCOMPARE(a.at(0.45), E(1, 1, 1, 1, 0, 1));
        // At 0.65: the localization (0.6) and both (0.5) boxes are dropped; D, no longer aimed at,
        // is missed with the horse.
        QCOMPARE(a.at(0.65), E(1, 0, 0, 1, 0, 2));
        QCOMPARE(a.countsAt(0.65), (Counts{1, 2, 3}));
        // At 0.75 the classification box goes: B is missed too.
        QCOMPARE(a.at(0.75), E(0, 0, 0, 1, 0, 3));
        // Above 0.9 nothing is kept: every object is missed, A included.
        QCOMPARE(a.at(0.95), E(0, 0, 0, 0, 0, 4));
        for (double t : {0.0, 0.45, 0.65, 0.75, 0.95})
            QCOMPARE(a.at(t).falsePositiveTotal(), a.countsAt(t).fp);

        // Per class at 0.45: the cat boxes hold the duplicate, classification and localization
        // errors; the dog box is "both"; the horse is the class with the miss.
        QCOMPARE(a.at(0.45, labelOf(d, "cat")), E(1, 1, 0, 1, 0, 0));
        QCOMPARE(a.at(0.45, labelOf(d, "dog")), E(0, 0, 1, 0, 0, 0));
        QCOMPARE(a.at(0.45, labelOf(d, "horse")), E(0, 0, 0, 0, 0, 1));
        QCOMPARE(a.at(0.0, labelOf(d, "bird")), E(0, 0, 0, 0, 1, 0));
    }

    void fixGains()
    {
        const Dataset d = oneOfEach();
        const ErrorAnalysis a(d, *d.field("ground_truth"), *d.field("predictions"), request().match);
        // At 0.45: TP 1, FP 4, FN 3: F1 = 2 / 9.
        const auto fixes = a.fixesAt(0.45);
        QCOMPARE(fixes.size(), std::size_t{6});
        const double f1 = 2.0 / 9.0;
        // Classification fixed: its box becomes the dog's true positive: TP 2, FP 3, FN 2: 4 / 9.
        QCOMPARE(fixes[0].type, std::optional(ErrorType::Classification));
        QCOMPARE(fixes[0].counts, (Counts{2, 3, 2}));
        QCOMPARE(fixes[0].f1Gain, 4.0 / 9.0 - f1);
        // Localization fixed: D recovered, the same counts.
        QCOMPARE(fixes[1].counts, (Counts{2, 3, 2}));
        // Both and duplicate: one FP less each: 2 / 8.
        QCOMPARE(fixes[2].counts, (Counts{1, 3, 3}));
        QCOMPARE(fixes[2].f1Gain, 0.25 - f1);
        QCOMPARE(fixes[3].counts, (Counts{1, 3, 3}));
        // No background box is kept at 0.45: nothing to gain.
        QCOMPARE(fixes[4].counts, (Counts{1, 4, 3}));
        QCOMPARE(fixes[4].f1Gain, 0.0);
        // Missed fixed: the horse leaves the ground truth: TP 1, FP 4, FN 2: 2 / 8.
        QCOMPARE(fixes[5].type, std::optional<ErrorType>());
        QCOMPARE(fixes[5].counts, (Counts{1, 4, 2}));
        // At 0.65 the localization box is gone: fixing localization changes nothing.
        QCOMPARE(a.fixesAt(0.65)[1].f1Gain, 0.0);
    }

    void perClassFixGains()
    {
        const Dataset d = oneOfEach();
        const ErrorAnalysis a(d, *d.field("ground_truth"), *d.field("predictions"), request().match);
        const LabelId cat = labelOf(d, "cat"), dog = labelOf(d, "dog");
        // Cat at 0.45: its boxes 0.9 (TP), 0.8 (duplicate), 0.7 (classification), 0.6
        // (localization); its objects A (found) and D (missed): TP 1, FP 3, FN 1, F1 2 / 6.
        QCOMPARE(a.countsAt(0.45, cat), (Counts{1, 3, 1}));
        const auto catFixes = a.fixesAt(0.45, cat);
        QCOMPARE(catFixes.size(), std::size_t{6});
        // Classification: its box removed, no cat object to recover (the dog box is "both"): 2 / 5.
        QCOMPARE(catFixes[0].counts, (Counts{1, 2, 1}));
        QCOMPARE(catFixes[0].f1Gain, 0.4 - 1.0 / 3.0);
        // Localization: the 0.6 box becomes D's true positive: TP 2, FP 2, FN 0: 4 / 6.
        QCOMPARE(catFixes[1].counts, (Counts{2, 2, 0}));
        QCOMPARE(catFixes[1].f1Gain, 2.0 / 3.0 - 1.0 / 3.0);
        // No cat "both" or background box; the duplicate removed: 2 / 5; no cat missed (D is aimed at).
        QCOMPARE(catFixes[2].f1Gain, 0.0);
        QCOMPARE(catFixes[3].counts, (Counts{1, 2, 1}));
        QCOMPARE(catFixes[4].f1Gain, 0.0);
        QCOMPARE(catFixes[5].f1Gain, 0.0);
        // Dog at 0.45: its "both" box (FP) and B, missed: F1 0. Fixing classification recovers B,
        // which the cat box 0.7 is aimed at: TP 1, FP 1, FN 0: 2 / 3.
        QCOMPARE(a.countsAt(0.45, dog), (Counts{0, 1, 1}));
        const auto dogFixes = a.fixesAt(0.45, dog);
        QCOMPARE(dogFixes[0].counts, (Counts{1, 1, 0}));
        QCOMPARE(dogFixes[0].f1Gain, 2.0 / 3.0);
        QCOMPARE(dogFixes[2].counts, (Counts{0, 0, 1}));
        QCOMPARE(dogFixes[2].f1Gain, 0.0);
        // The class counts add up to the run's.
        Counts sum;
        for (LabelId l = 0; l < d.labels.size(); ++l) {
            const Counts c = a.countsAt(0.45, l);
            sum.tp += c.tp, sum.fp += c.fp, sum.fn += c.fn;
        }
        QCOMPARE(sum, a.countsAt(0.45));
    }

    void aimedObjectAlreadyFound()
    {
        // A localization error aimed at an object a better box already recovered is only removed:
        // cat [0,0,20,20] 0.9 takes the cat; cat [10,0,20,20] 0.8 (IoU 1/3 with it) is a
        // localization error that cannot become a second true positive.
        const Dataset d = makeDataset({{{"cat", {0, 0, 20, 20}}}},
                                      {{{"cat", {0, 0, 20, 20}, 0.9}, {"cat", {10, 0, 20, 20}, 0.8}}});
        const ErrorAnalysis a(d, *d.field("ground_truth"), *d.field("predictions"), request().match);
        QCOMPARE(a.at(0.0), E(0, 1, 0, 0, 0, 0));
        QCOMPARE(a.fixesAt(0.0)[1].counts, (Counts{1, 0, 0}));
        // Above 0.8 nothing aims at or recovers... at 0.85 the cat is recovered by the 0.9 box.
        QCOMPARE(a.at(0.85), E(0, 0, 0, 0, 0, 0));
        QCOMPARE(a.at(0.95), E(0, 0, 0, 0, 0, 1));
    }

    void truePositiveIous()
    {
        const Dataset d = oneOfEach();
        const ErrorAnalysis a(d, *d.field("ground_truth"), *d.field("predictions"), request().match);
        // One true positive at IoU 1: the last of 5 bins over [0.5, 1].
        QCOMPARE(a.truePositiveIous(0.0, 0.5, 5), (std::vector<std::int64_t>{0, 0, 0, 0, 1}));
        QCOMPARE(a.truePositiveIous(0.95, 0.5, 5), (std::vector<std::int64_t>{0, 0, 0, 0, 0}));
    }

    void histogramOfScores()
    {
        const Dataset d = oneOfEach();
        const MatchResult m =
            *Matcher(d, *d.field("ground_truth"), *d.field("predictions"), request().match).run();
        const ScoreHistogram h = scoreHistogram(m, 10);
        QCOMPARE(h.lower, 0.0);
        QCOMPARE(h.upper, 1.0);
        // TP 0.9 in bin 9; FPs 0.8, 0.7, 0.6, 0.5, 0.4 in bins 8, 7, 6, 5, 4 (0.7 / 0.1 is 6.99..:
        // floor gives 6, a bin as numpy.histogram would give for this double).
        QCOMPARE(h.truePositives, (std::vector<std::int64_t>{0, 0, 0, 0, 0, 0, 0, 0, 0, 1}));
        std::int64_t fps = 0;
        for (auto n : h.falsePositives)
            fps += n;
        QCOMPARE(fps, std::int64_t{5});
        QCOMPARE(h.falsePositives[h.binOf(0.8)], std::int64_t{1});
        QCOMPARE(h.binOf(1.0), std::size_t{9});
        QCOMPARE(h.binOf(0.0), std::size_t{0});
    }

    void typesSumToFalsePositivesOnRealSets_data() { test::addSharedCocoSetRows(); }

    void typesSumToFalsePositivesOnRealSets()
    {
        QFETCH(QString, set);
        QFETCH(QString, gt);
        QFETCH(QString, dets);
        const auto loaded = test::loadSharedSet(set.toStdString(), gt.toStdString(), dets.toStdString());
        if (!loaded)
            QSKIP("shared data set not present");
        const Dataset& d = *loaded;
        for (const Protocol protocol : {Protocol::FiftyOne, Protocol::Coco}) {
            MatchOptions o;
            o.protocol = protocol;
            if (protocol == Protocol::Coco)
                o.maxDetections = 100;
            const ErrorAnalysis a(d, d.fields[0], d.fields[1], o);
            std::int64_t typed = 0;
            for (double t : {0.0, 0.2, 0.4, 0.6, 0.8}) {
                const ErrorCounts e = a.at(t);
                const Counts c = a.countsAt(t);
                QCOMPARE(e.falsePositiveTotal(), c.fp);
                QVERIFY(e.missed <= c.fn);
                QVERIFY(e.missed >= 0);
                // The per-class tallies add up to the totals.
                ErrorCounts sum;
                for (LabelId l = 0; l < d.labels.size(); ++l) {
                    const ErrorCounts pc = a.at(t, l);
                    for (std::size_t k = 0; k < kErrorTypeCount; ++k)
                        sum.falsePositives[k] += pc.falsePositives[k];
                    sum.missed += pc.missed;
                }
                QCOMPARE(sum, e);
                typed += e.falsePositiveTotal();
            }
            QVERIFY(typed > 0);
        }
    }
};

QTEST_GUILESS_MAIN(TestErrorTypes)
#include "tst_error_types.moc"
