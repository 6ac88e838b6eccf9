// SPDX-License-Identifier: MIT
// Hand-derived matching cases: every expected count below is worked out in the comment above it.
#include "test_dataset.h"

#include <QTest>

using namespace optconf;
using namespace optconf::test;

namespace {
constexpr bool kParity = true;
Counts C(std::int64_t tp, std::int64_t fp, std::int64_t fn)
{
    return {tp, fp, fn};
}
} // namespace

class TestMatching : public QObject
{
    Q_OBJECT

private slots:
    void iouOfBoxes()
    {
        // 10x10 boxes shifted by 1: intersection 9*10 = 90, union 100+100-90 = 110.
        QCOMPARE(iou({1, 0, 10, 10}, {0, 0, 10, 10}, false), 90.0 / 110.0);
        // Crowd: the union is the prediction's area: 90 / 100.
        QCOMPARE(iou({1, 0, 10, 10}, {0, 0, 10, 10}, true), 0.9);
        // A small prediction inside a crowd region: 100 / 100.
        QCOMPARE(iou({10, 10, 10, 10}, {0, 0, 100, 100}, true), 1.0);
        // Touching edges do not intersect; negative or zero sizes give 0.
        QCOMPARE(iou({10, 0, 10, 10}, {0, 0, 10, 10}, false), 0.0);
        QCOMPARE(iou({0, 0, -5, 10}, {0, 0, 10, 10}, false), 0.0);
        QCOMPARE(iou({0, 0, 0, 0}, {0, 0, 0, 0}, false), 0.0);
    }

    void duplicates()
    {
        // One object, two boxes on it: d1 (0.9, IoU 1) takes it, d2 (0.8, IoU 100/110) is a
        // duplicate and an FP. Above 0.9 nothing is kept and the object is missed.
        const Dataset d = makeDataset({{{"a", {0, 0, 10, 10}}}},
                                      {{{"a", {0, 0, 10, 10}, 0.9}, {"a", {0, 0, 10, 11}, 0.8}}});
        QCOMPARE(countsAt(d, request(), 0.0), C(1, 1, 0));
        QCOMPARE(countsAt(d, request(), 0.85), C(1, 0, 0));
        QCOMPARE(countsAt(d, request(), 0.9), C(1, 0, 0));
        QCOMPARE(countsAt(d, request(), 0.95), C(0, 0, 1));
    }

    void highestIouWins()
    {
        // g1 = [0,0,10,10], g2 = [2,0,10,10]. p (0.9) = [2,0,10,10]: IoU g1 = 80/120, g2 = 1 -> g2.
        // p2 (0.8) = [-3,0,10,10]: IoU g1 = 70/130 = 0.538 -> g1. A first-fit matcher would give
        // p -> g1 and leave p2 with g2 at IoU 50/150: one TP, one FP, one FN instead.
        const Dataset d = makeDataset({{{"a", {0, 0, 10, 10}}, {"a", {2, 0, 10, 10}}}},
                                      {{{"a", {2, 0, 10, 10}, 0.9}, {"a", {-3, 0, 10, 10}, 0.8}}});
        QCOMPARE(countsAt(d, request(), 0.0), C(2, 0, 0));
        QCOMPARE(countsAt(d, request(), 0.85), C(1, 0, 1));
    }

    void equalIouLaterObjectWins()
    {
        // At IoU threshold 0.3: g1 = [0,0,10,10], g2 = [10,0,10,10]; p (0.9) = [5,0,10,10] has
        // IoU 50/150 with both: the later object, g2, wins. Then p2 (0.8) = [0,0,10,10] takes g1.
        // Had p taken g1, p2 would find g1 used and g2 at IoU 0: TP 1, FP 1, FN 1.
        const Dataset d = makeDataset({{{"a", {0, 0, 10, 10}}, {"a", {10, 0, 10, 10}}}},
                                      {{{"a", {5, 0, 10, 10}, 0.9}, {"a", {0, 0, 10, 10}, 0.8}}});
        QCOMPARE(countsAt(d, request(Protocol::FiftyOne, true, 0.3), 0.0), C(2, 0, 0));
    }

    void tiesKeepFileOrder()
    {
        // Class-agnostic. One object "a"; two predictions with the same score 0.9 on it. Ties keep
        // file order: the first listed takes the object.
        // (1) "b" first: cross-class match -> FP + the object is used up (FN); "a" then finds no
        //     free object -> FP. TP 0, FP 2, FN 1.
        // (2) "a" first: TP; "b" finds nothing -> FP. TP 1, FP 1, FN 0.
        const Image gt = {{"a", {0, 0, 10, 10}}};
        const Dataset bFirst = makeDataset({gt}, {{{"b", {0, 0, 10, 10}, 0.9}, {"a", {1, 0, 10, 10}, 0.9}}});
        const Dataset aFirst = makeDataset({gt}, {{{"a", {1, 0, 10, 10}, 0.9}, {"b", {0, 0, 10, 10}, 0.9}}});
        const auto agnostic = request(Protocol::FiftyOne, false);
        QCOMPARE(countsAt(bFirst, agnostic, 0.5), C(0, 2, 1));
        QCOMPARE(countsAt(aFirst, agnostic, 0.5), C(1, 1, 0));
        // Classwise, "b" never competes for "a": TP 1 ("a"), FP 1 ("b") in both orders.
        QCOMPARE(countsAt(bFirst, request(), 0.5), C(1, 1, 0));
        QCOMPARE(countsAt(aFirst, request(), 0.5), C(1, 1, 0));
    }

    void crowdsMatchedManyTimes()
    {
        // Image 1: a crowd region [0,0,100,100] of "a". q1 (0.8) and q2 (0.7) lie inside (crowd
        // IoU = 1), q3 (0.6) is far away. Image 2: one ordinary "a" found by a 0.95 box.
        // fiftyone: q1, q2 TP (crowds take many), q3 FP; img2 TP.       t=0:    TP 3 FP 1 FN 0
        //   t=0.75: q1 + img2 TP, crowd matched.                          TP 2 FP 0 FN 0
        //   t=0.85: only img2; the crowd is unmatched -> FN.             TP 1 FP 0 FN 1
        // coco: matches to the crowd are ignored, an unmatched crowd is not missed.
        //   t=0: q3 FP, img2 TP.                                          TP 1 FP 1 FN 0
        //   t=0.85:                                                       TP 1 FP 0 FN 0
        const Dataset d = makeDataset(
            {{{"a", {0, 0, 100, 100}, kNoConfidence, true}}, {{"a", {0, 0, 10, 10}}}},
            {{{"a", {0, 0, 10, 10}, 0.8}, {"a", {20, 20, 10, 10}, 0.7}, {"a", {200, 200, 10, 10}, 0.6}},
             {{"a", {0, 0, 10, 10}, 0.95}}});
        QCOMPARE(countsAt(d, request(), 0.0), C(3, 1, 0));
        QCOMPARE(countsAt(d, request(), 0.75), C(2, 0, 0));
        QCOMPARE(countsAt(d, request(), 0.85), C(1, 0, 1));
        QCOMPARE(countsAt(d, request(Protocol::Coco), 0.0), C(1, 1, 0));
        QCOMPARE(countsAt(d, request(Protocol::Coco), 0.85), C(1, 0, 0));
    }

    void classAgnosticCrowdsTakeTheirOwnClassOnly()
    {
        // Class-agnostic, fiftyone: a "b" box inside an "a" crowd does not match it (FiftyOne's
        // _compute_matches: "only objects with the same class can match a crowd"): FP, and the
        // crowd stays missed. An "a" box inside it is a TP.
        const Dataset d = makeDataset({{{"a", {0, 0, 100, 100}, kNoConfidence, true}}},
                                      {{{"b", {10, 10, 10, 10}, 0.9}, {"a", {50, 50, 10, 10}, 0.8}}});
        const auto agnostic = request(Protocol::FiftyOne, false);
        QCOMPARE(countsAt(d, agnostic, 0.85), C(0, 1, 1));
        QCOMPARE(countsAt(d, agnostic, 0.0), C(1, 1, 0));
    }

    void ordinaryObjectBeforeCrowd()
    {
        // n = [0,0,10,10] ordinary, c = [0,0,100,100] crowd, both "a". r1 (0.9) = n's box: IoU 1
        // with both; n is visited first and, once an ordinary object is held, the first crowd
        // stops the search: r1 -> n. r2 (0.8) same box: n is used, c takes it.
        // fiftyone: both TP, nothing missed.  coco: r1 TP, r2 ignored.
        const Dataset d = makeDataset({{{"a", {0, 0, 100, 100}, kNoConfidence, true}, {"a", {0, 0, 10, 10}}}},
                                      {{{"a", {0, 0, 10, 10}, 0.9}, {"a", {0, 0, 10, 10}, 0.8}}});
        QCOMPARE(countsAt(d, request(), 0.0), C(2, 0, 0));
        QCOMPARE(countsAt(d, request(Protocol::Coco), 0.0), C(1, 0, 0));
        // Above 0.9: fiftyone misses both objects (the crowd too); coco misses only n.
        QCOMPARE(countsAt(d, request(), 0.95), C(0, 0, 2));
        QCOMPARE(countsAt(d, request(Protocol::Coco), 0.95), C(0, 0, 1));
    }

    void imagesWithoutGroundTruthOrPredictions()
    {
        // Image 1: object found at 0.9. Image 2: no objects, one 0.4 box (FP). Image 3: one
        // object, no predictions (FN at every threshold, except under plugin parity, where an
        // image without kept predictions is filtered out). Image 4: one object and one 0.3 box
        // elsewhere (FP; the object is missed).
        const Dataset d = makeDataset(
            {{{"a", {0, 0, 10, 10}}}, {}, {{"a", {0, 0, 10, 10}}}, {{"a", {0, 0, 10, 10}}}},
            {{{"a", {0, 0, 10, 10}, 0.9}}, {{"a", {0, 0, 10, 10}, 0.4}}, {}, {{"a", {50, 50, 10, 10}, 0.3}}});
        QCOMPARE(countsAt(d, request(), 0.0), C(1, 2, 2));
        QCOMPARE(countsAt(d, request(), 0.35), C(1, 1, 2));
        QCOMPARE(countsAt(d, request(), 0.5), C(1, 0, 2));
        QCOMPARE(countsAt(d, request(), 0.95), C(0, 0, 3));
        // Parity: image 3 never counts; image 4's object counts while its 0.3 box is kept.
        QCOMPARE(countsAt(d, request(), 0.0, kParity), C(1, 2, 1));
        QCOMPARE(countsAt(d, request(), 0.35, kParity), C(1, 1, 0));
        // t=0.95: no image keeps a prediction: everything is filtered out.
        QCOMPARE(countsAt(d, request(), 0.95, kParity), C(0, 0, 0));
    }

    void cocoPerImageCap()
    {
        // Three boxes on one object under coco with max 2 detections per image and class: the
        // 0.5 box is dropped; 0.9 TP, 0.7 FP (duplicate).
        const Dataset d = makeDataset(
            {{{"a", {0, 0, 10, 10}}}},
            {{{"a", {0, 0, 10, 10}, 0.5}, {"a", {0, 0, 10, 10}, 0.9}, {"a", {0, 0, 10, 10}, 0.7}}});
        auto r = request(Protocol::Coco);
        r.match.maxDetections = 2;
        QCOMPARE(countsAt(d, r, 0.0), C(1, 1, 0));
        r.match.maxDetections.reset();
        QCOMPARE(countsAt(d, r, 0.0), C(1, 2, 0));
    }

    void cocoAreaRuleAndMissingCategories()
    {
        // coco: an object with negative width has area < 0, outside [0, 1e10]: ignored, not a
        // miss. An unmatched prediction with negative area is ignored too; fiftyone counts both.
        // A "b" prediction of a category without ground truth is an FP under both.
        const Dataset d = makeDataset(
            {{{"a", {0, 0, 10, 10}}, {"a", {50, 50, -5, 5}}}},
            {{{"a", {0, 0, 10, 10}, 0.9}, {"a", {30, 30, -4, 4}, 0.8}, {"b", {0, 0, 10, 10}, 0.7}}});
        QCOMPARE(countsAt(d, request(Protocol::Coco), 0.0), C(1, 1, 0));
        QCOMPARE(countsAt(d, request(), 0.0), C(1, 2, 1));
    }

    void categoryWithoutCountableGroundTruth()
    {
        // "a" has an object; "b" has none; "c" has only a crowd, which pycocotools ignores, so
        // neither has countable ground truth. Predictions: a on its object (0.9), b on the same
        // box (0.7), c inside the crowd (0.6), c far from it (0.5).
        // coco (pycocotools evaluateImg): a TP; b unmatched: FP; c in the crowd matches it: ignored;
        //   c elsewhere: FP; the crowd is no miss.                        TP 1 FP 2 FN 0
        // fiftyone: the crowd counts and takes c (TP); b and the far c are FPs. TP 2 FP 2 FN 0
        const Dataset d = makeDataset({{{"a", {0, 0, 10, 10}}, {"c", {50, 50, 40, 40}, kNoConfidence, true}}},
                                      {{{"a", {0, 0, 10, 10}, 0.9},
                                        {"b", {0, 0, 10, 10}, 0.7},
                                        {"c", {55, 55, 10, 10}, 0.6},
                                        {"c", {0, 50, 5, 5}, 0.5}}});
        QCOMPARE(countsAt(d, request(Protocol::Coco), 0.0), C(1, 2, 0));
        QCOMPARE(countsAt(d, request(Protocol::Coco), 0.65), C(1, 1, 0));
        QCOMPARE(countsAt(d, request(), 0.0), C(2, 2, 0));
        // Only AP leaves them out (pycocotools' accumulate skips a category without countable
        // ground truth, FiftyOne a class without non-crowd objects): AP is a's alone, 1.
        for (const Protocol protocol : {Protocol::Coco, Protocol::FiftyOne}) {
            const auto result = evaluate(d, request(protocol));
            QVERIFY(!result->ap.perLabelAp50[1] && !result->ap.perLabelAp50[2]);
            QVERIFY(std::fabs(*result->ap.ap50 - 1.0) < 1e-15);
            QCOMPARE(result->match.droppedPredictions, 0);
        }
    }

    void fiftyOneIouOnRelativeBoxes()
    {
        // A 1920 x 720 image; object [65, 30, 128, 196], prediction [122, 30, 64, 196] (0.9). In
        // pixels: intersection 64 x 196 = 12544, union 25088 + 12544 - 12544 = 25088, IoU exactly
        // 0.5: a match. FiftyOne holds the boxes divided by the image size, where the same IoU
        // comes out as 0.4999999999999999: no match, an FP and an FN. pycocotools stays in pixels.
        const Image gt = {{"a", {65, 30, 128, 196}}};
        const Image pred = {{"a", {122, 30, 64, 196}, 0.9}};
        QCOMPARE(iou(pred[0].box, gt[0].box, false), 0.5);
        const Dataset pixels = makeDataset({gt}, {pred}, BoxUnits::Pixels, {{1920, 720}});
        QCOMPARE(countsAt(pixels, request(), 0.0), C(0, 1, 1));
        QCOMPARE(*evaluate(pixels, request())->ap.ap50, 0.0);
        QCOMPARE(countsAt(pixels, request(Protocol::Coco), 0.0), C(1, 0, 0));
        // Without the image's size, or with boxes that are not pixels, FiftyOne would hold these
        // very numbers: a match.
        const Dataset sizeUnknown = makeDataset({gt}, {pred}, BoxUnits::Pixels, {{0, 0}});
        QCOMPARE(countsAt(sizeUnknown, request(), 0.0), C(1, 0, 0));
        const Dataset asGiven = makeDataset({gt}, {pred}, BoxUnits::Unknown, {{1920, 720}});
        QCOMPARE(countsAt(asGiven, request(), 0.0), C(1, 0, 0));
    }

    void difficultObjectsAreNeverMissed()
    {
        // A difficult object matched by a 0.8 box: neither TP nor FP; unmatched it is no miss.
        // With countDifficult it is an ordinary object.
        const Dataset d =
            makeDataset({{{"a", {0, 0, 10, 10}, kNoConfidence, false, true}, {"a", {50, 50, 10, 10}}}},
                        {{{"a", {0, 0, 10, 10}, 0.8}, {"a", {50, 50, 10, 10}, 0.6}}});
        QCOMPARE(countsAt(d, request(), 0.0), C(1, 0, 0));
        QCOMPARE(countsAt(d, request(), 0.7), C(0, 0, 1));
        auto counted = request();
        counted.match.countDifficult = true;
        QCOMPARE(countsAt(d, counted, 0.0), C(2, 0, 0));
        QCOMPARE(countsAt(d, counted, 0.7), C(1, 0, 1));
    }

    void unscoredPredictionsAreNeverKept()
    {
        // The unscored box would match; it is never kept, and it is reported.
        const Dataset d =
            makeDataset({{{"a", {0, 0, 10, 10}}}}, {{{"a", {0, 0, 10, 10}}, {"a", {50, 50, 5, 5}, 0.2}}});
        const auto r = request();
        const MatchResult m = *Matcher(d, *d.field("ground_truth"), *d.field("predictions"), r.match).run();
        QCOMPARE(m.unscoredPredictions, 1);
        QCOMPARE(ThresholdCounter(m, std::nullopt, false).at(0.0), C(0, 1, 1));
    }

    void perClassCounts()
    {
        // Class a: 2 objects, one found (0.9), one missed. Class b: 1 object found at 0.6, and a
        // 0.3 b box elsewhere (FP).
        const Dataset d = makeDataset(
            {{{"a", {0, 0, 10, 10}}, {"a", {50, 50, 10, 10}}, {"b", {20, 20, 10, 10}}}},
            {{{"a", {0, 0, 10, 10}, 0.9}, {"b", {20, 20, 10, 10}, 0.6}, {"b", {70, 70, 5, 5}, 0.3}}});
        const auto r = request();
        const MatchResult m = *Matcher(d, *d.field("ground_truth"), *d.field("predictions"), r.match).run();
        const LabelId a = 0, b = 1;
        QCOMPARE(d.labels[a], std::string("a"));
        QCOMPARE(ThresholdCounter(m, a, false).at(0.0), C(1, 0, 1));
        QCOMPARE(ThresholdCounter(m, b, false).at(0.0), C(1, 1, 0));
        QCOMPARE(ThresholdCounter(m, b, false).at(0.5), C(1, 0, 0));
        QCOMPARE(ThresholdCounter(m, b, false).at(0.7), C(0, 0, 1));
        // Class-agnostic: a "b" box on an "a" object is one FP (for b) and one FN (for a).
        const Dataset cross = makeDataset({{{"a", {0, 0, 10, 10}}}}, {{{"b", {0, 0, 10, 10}, 0.9}}});
        const auto agnostic = request(Protocol::FiftyOne, false);
        const MatchResult mc =
            *Matcher(cross, *cross.field("ground_truth"), *cross.field("predictions"), agnostic.match).run();
        QCOMPARE(ThresholdCounter(mc, std::nullopt, false).at(0.0), C(0, 1, 1));
        QCOMPARE(ThresholdCounter(mc, LabelId{0}, false).at(0.0), C(0, 0, 1));
        QCOMPARE(ThresholdCounter(mc, LabelId{1}, false).at(0.0), C(0, 1, 0));
    }

    void chunkedRunEqualsSingleChunk()
    {
        // Parallel chunks are folded in image order: the same records as one sequential pass.
        std::vector<Image> gt, pred;
        for (int i = 0; i < 50; ++i) {
            gt.push_back({{"a", {0, 0, 10, 10}}, {"b", {double(i), 0, 10, 10}}});
            pred.push_back({{"a", {1, 0, 10, 10}, 0.01 * i}, {"b", {0, 0, 10, 10}, 0.5}});
        }
        const Dataset d = makeDataset(gt, pred);
        const auto r = request();
        const Matcher matcher(d, *d.field("ground_truth"), *d.field("predictions"), r.match);
        const MatchResult single = matcher.matchImages(0, 50);
        int chunks = 0;
        const MatchResult chunked =
            *matcher.run([&](const MatchResult&, std::size_t) { return ++chunks, true; }, 7);
        QCOMPARE(chunks, 8);
        QCOMPARE(chunked.predictions.size(), single.predictions.size());
        for (std::size_t i = 0; i < single.predictions.size(); ++i) {
            QCOMPARE(chunked.predictions[i].score, single.predictions[i].score);
            QCOMPARE(int(chunked.predictions[i].status), int(single.predictions[i].status));
        }
        // Cancelling from the callback stops the run.
        QVERIFY(!matcher.run([](const MatchResult&, std::size_t) { return false; }, 7).has_value());
    }
};

QTEST_GUILESS_MAIN(TestMatching)
#include "tst_matching.moc"
