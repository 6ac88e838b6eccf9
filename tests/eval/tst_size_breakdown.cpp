// SPDX-License-Identifier: MIT
// Counts per COCO object size (pycocotools' areaRng) and F1 at the AP IoU thresholds: hand-made
// images with counts derived by hand; on the real sets the full area range gives the run's counts.
#include "shared_data.h"
#include "test_dataset.h"

#include "core/eval/iou_curves.h"
#include "core/eval/size_breakdown.h"
#include "core/eval/sweep.h"

#include <QTest>

using namespace optconf;
using namespace optconf::test;

namespace {

/// Image 1 (200 x 200), objects of one class: S1 [0,0,20,20] (area 400, small), M1 [50,0,50,50]
/// (2500, medium), L1 [0,100,100,100] (10000, large), B [120,0,32,32] (1024: small and medium,
/// pycocotools' ranges include both ends). Boxes, by score:
///  0.9 on S1; 0.8 on M1; 0.7 [150,150,40,40] (1600) on nothing; 0.6 on L1; 0.5 [170,0,10,10]
///  (100) on nothing; 0.3 on L1 again (taken: unmatched, area 10000). B has no box.
/// Image 2: S2 [0,0,30,30] (900, small) inside M2 [0,0,40,40] (1600, medium); one box 0.85
/// [0,0,31,31] (961), IoU 900/961 with S2 and 961/1600 with M2.
Dataset sized()
{
    const std::vector<Image> gt = {
        {{"a", {0, 0, 20, 20}}, {"a", {50, 0, 50, 50}}, {"a", {0, 100, 100, 100}}, {"a", {120, 0, 32, 32}}},
        {{"a", {0, 0, 30, 30}}, {"a", {0, 0, 40, 40}}}};
    const std::vector<Image> pred = {{{"a", {0, 0, 20, 20}, 0.9},
                                      {"a", {50, 0, 50, 50}, 0.8},
                                      {"a", {150, 150, 40, 40}, 0.7},
                                      {"a", {0, 100, 100, 100}, 0.6},
                                      {"a", {170, 0, 10, 10}, 0.5},
                                      {"a", {0, 100, 100, 100}, 0.3}},
                                     {{"a", {0, 0, 31, 31}, 0.85}}};
    return makeDataset(gt, pred, BoxUnits::Pixels, {{200, 200}, {200, 200}});
}

/// One image: objects A [0,0,10,10], B [20,0,10,10], C [40,0,10,10]; boxes 0.9 on A (IoU 1),
/// 0.8 [20,0,10,8.2] (IoU 0.82 with B), 0.7 [40,0,10,6.2] (IoU 0.62 with C).
Dataset threeOverlaps()
{
    return makeDataset(
        {{{"a", {0, 0, 10, 10}}, {"a", {20, 0, 10, 10}}, {"a", {40, 0, 10, 10}}}},
        {{{"a", {0, 0, 10, 10}, 0.9}, {"a", {20, 0, 10, 8.2}, 0.8}, {"a", {40, 0, 10, 6.2}, 0.7}}});
}

} // namespace

class TestSizeBreakdown : public QObject
{
    Q_OBJECT

private slots:
    void ranges()
    {
        QCOMPARE(objectSizeRange(ObjectSize::Small).upper, 1024.0);
        QCOMPARE(objectSizeRange(ObjectSize::Medium).lower, 1024.0);
        QCOMPARE(objectSizeRange(ObjectSize::Medium).upper, 9216.0);
        QCOMPARE(objectSizeRange(ObjectSize::Large).upper, 1e10);
        QCOMPARE(objectSizeKey(ObjectSize::Large), std::string_view("large"));
    }

    void handMadeSizes()
    {
        const Dataset d = sized();
        for (const Protocol protocol : {Protocol::FiftyOne, Protocol::Coco}) {
            const SizeBreakdown s(d, *d.field("ground_truth"), *d.field("predictions"),
                                  request(protocol).match);
            // Small: 0.9 (S1) and 0.85 (S2: M2 is ignored, sorted last) are TP; 0.5 is the one
            // small unmatched box (FP); B is missed. 0.8 and 0.6 take ignored objects, 0.7 and 0.3
            // are unmatched and not small: all four count for nothing.
            QCOMPARE(s.at(0.0, ObjectSize::Small), (Counts{2, 1, 1}));
            // Medium: 0.8 (M1) and 0.85, which now takes M2 (the in-range object comes first and
            // the ignored S2 after it stops the search) are TP; 0.7 is a medium FP; B is missed.
            QCOMPARE(s.at(0.0, ObjectSize::Medium), (Counts{2, 1, 1}));
            // Large: 0.6 (L1) TP; 0.3, unmatched with area 10000, FP.
            QCOMPARE(s.at(0.0, ObjectSize::Large), (Counts{1, 1, 0}));
            // At 0.75: 0.7, 0.6, 0.5 and 0.3 are dropped; L1 is missed.
            QCOMPARE(s.at(0.75, ObjectSize::Small), (Counts{2, 0, 1}));
            QCOMPARE(s.at(0.75, ObjectSize::Medium), (Counts{2, 0, 1}));
            QCOMPARE(s.at(0.75, ObjectSize::Large), (Counts{0, 0, 1}));
            // The full range: 0.85 takes S2 (higher IoU), M2 is missed, 0.3 is a duplicate FP.
            const ThresholdCounts all = SizeBreakdown::count(
                d, *d.field("ground_truth"), *d.field("predictions"), request(protocol).match, {});
            QCOMPARE(all.at(0.0), (Counts{4, 3, 2}));
            for (double t : {0.0, 0.4, 0.65, 0.75, 0.82, 0.95})
                QCOMPARE(all.at(t), countsAt(d, request(protocol), t));
        }
    }

    void relativeBoxesUseThePixelArea()
    {
        // The same 20 x 20 pixel object as relative boxes of a 200 x 100 image: 0.1 x 0.2.
        Dataset d = makeDataset({{{"a", {0, 0, 0.1, 0.2}}}}, {{{"a", {0, 0, 0.1, 0.2}, 0.9}}},
                                BoxUnits::Relative, {{200, 100}});
        const SizeBreakdown s(d, *d.field("ground_truth"), *d.field("predictions"), request().match);
        QCOMPARE(s.at(0.0, ObjectSize::Small), (Counts{1, 0, 0}));
        QCOMPARE(s.at(0.0, ObjectSize::Medium), (Counts{0, 0, 0}));
        // Without the image's size the area is unknown: the box is in no range.
        Dataset unsized = makeDataset({{{"a", {0, 0, 0.1, 0.2}}}}, {{{"a", {0, 0, 0.1, 0.2}, 0.9}}},
                                      BoxUnits::Relative, {{0, 0}});
        const SizeBreakdown u(unsized, *unsized.field("ground_truth"), *unsized.field("predictions"),
                              request().match);
        for (std::size_t k = 0; k < kObjectSizeCount; ++k)
            QCOMPARE(u.at(0.0, static_cast<ObjectSize>(k)), (Counts{0, 0, 0}));
    }

    void f1AtTheApIouThresholds()
    {
        const Dataset d = threeOverlaps();
        const IouCurves c(d, *d.field("ground_truth"), *d.field("predictions"), request().match);
        QCOMPARE(c.ious().size(), std::size_t{10});
        QCOMPARE(c.ious()[IouCurves::kIou75], 0.75);
        // At 0: IoU 0.5-0.6 find all three (F1 1); 0.65-0.8 miss C (TP 2, FP 1, FN 1: 2/3);
        // 0.85-0.95 find A only (TP 1, FP 2, FN 2: 1/3).
        QCOMPARE(c.at(0.0, IouCurves::kIou50), (Counts{3, 0, 0}));
        QCOMPARE(c.at(0.0, IouCurves::kIou75), (Counts{2, 1, 1}));
        QCOMPARE(c.at(0.0, 7), (Counts{1, 2, 2}));
        QCOMPARE(c.f1(0.0, IouCurves::kIou75), 2.0 / 3.0);
        // 0.5:0.95: (3 x 1 + 4 x 2/3 + 3 x 1/3) / 10 = 2/3.
        QCOMPARE(c.meanF1(0.0), 2.0 / 3.0);
        // At 0.75 (C's box dropped): 0.5-0.8: TP 2, FN 1: 0.8; 0.85-0.95: TP 1, FP 1, FN 2: 0.4.
        QCOMPARE(c.at(0.75, IouCurves::kIou50), (Counts{2, 0, 1}));
        QCOMPARE(c.f1(0.75, IouCurves::kIou50), 0.8);
        QCOMPARE(c.f1(0.75, 9), 0.4);
        QCOMPARE(c.meanF1(0.75), (7 * 0.8 + 3 * 0.4) / 10);
        // At 0.85 only A's box: TP 1, FN 2 at every IoU.
        QCOMPARE(c.meanF1(0.85), 0.5);
        // The curve at the run's IoU is the run's.
        for (double t : {0.0, 0.75, 0.85})
            QCOMPARE(c.at(t, IouCurves::kIou50), countsAt(d, request(), t));
    }

    void fullRangeIsTheRunOnRealSets_data() { test::addSharedCocoSetRows(); }

    void fullRangeIsTheRunOnRealSets()
    {
        QFETCH(QString, set);
        QFETCH(QString, gt);
        QFETCH(QString, dets);
        const auto loaded = loadSharedSet(set.toStdString(), gt.toStdString(), dets.toStdString());
        if (!loaded)
            QSKIP("shared data absent");
        const Dataset& d = *loaded;
        for (const Protocol protocol : {Protocol::FiftyOne, Protocol::Coco}) {
            MatchOptions o;
            o.protocol = protocol;
            if (protocol == Protocol::Coco)
                o.maxDetections = 100;
            const MatchResult matched = *Matcher(d, d.fields[0], d.fields[1], o).run();
            const ThresholdCounter counter(matched, std::nullopt, false);
            const ThresholdCounts all = SizeBreakdown::count(d, d.fields[0], d.fields[1], o, {});
            const SizeBreakdown sizes(d, d.fields[0], d.fields[1], o);
            const IouCurves curves(d, d.fields[0], d.fields[1], o);
            // Objects pycocotools leaves out of every range, 'all' included: an area below 0 or
            // above 1e10 (WIDER FACE has one box of width -2). The coco protocol leaves them out of
            // the run too; the fiftyone protocol counts them.
            std::int64_t outside = 0;
            if (protocol == Protocol::FiftyOne)
                for (const Detection& g : d.fields[0].detections)
                    outside += !g.crowd && !(g.area >= 0 && g.area <= 1e10) ? 1 : 0;
            std::int64_t objects = 0;
            for (double t : {0.0, 0.1, 0.3, 0.5, 0.7, 0.9}) {
                const Counts run = counter.at(t);
                QCOMPARE(all.at(t).tp, run.tp);
                QCOMPARE(all.at(t).fp, run.fp);
                QCOMPARE(all.at(t).fn + outside, run.fn);
                QCOMPARE(curves.at(t, IouCurves::kIou50), counter.at(t));
                // Each size's objects are a subset of the run's.
                for (std::size_t k = 0; k < kObjectSizeCount; ++k) {
                    const Counts c = sizes.at(t, static_cast<ObjectSize>(k));
                    QVERIFY(c.tp + c.fn <= counter.at(t).tp + counter.at(t).fn);
                    objects += c.tp + c.fn;
                }
            }
            QVERIFY(objects > 0);
        }
    }
};

QTEST_GUILESS_MAIN(TestSizeBreakdown)
#include "tst_size_breakdown.moc"
