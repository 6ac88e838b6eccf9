// SPDX-License-Identifier: MIT
// Per-image box statuses: a hand-made image at several thresholds, and per-image counts summed over
// random datasets against the run's own counter.
#include "core/eval/image_status.h"
#include "test_dataset.h"

#include <QTest>

#include <random>

using namespace optconf;
using namespace optconf::test;

namespace {
using S = BoxStatus;

Counts C(std::int64_t tp, std::int64_t fp, std::int64_t fn)
{
    return {tp, fp, fn};
}

ImageStatusIndex indexOf(const Dataset& d, const EvaluationRequest& r, bool parity = false)
{
    auto index =
        ImageStatusIndex::build(d, *d.field("ground_truth"), *d.field("predictions"), r.match, parity);
    if (!index)
        qFatal("index not built");
    return std::move(*index);
}

std::vector<S> statuses(const std::vector<ImageBox>& boxes)
{
    std::vector<S> out;
    for (const ImageBox& b : boxes)
        out.push_back(b.status);
    return out;
}

// One 100 x 100 image. Ground truth: cat A (0,0,10,10), cat B (50,50,10,10), person crowd C
// (20,20,30,30). Predictions, in file order:
//   p1 cat (0,0,10,10) 0.9    matches A (IoU 1)                       -> TP
//   p2 cat (1,0,10,10) 0.6    IoU 90/110 with A, taken by p1; B none  -> FP
//   p3 cat (50,50,10,10) 0.3  matches B                               -> TP, recovers B at 0.3
//   p4 dog (80,80,5,5) 0.7    nothing of its class                    -> FP
//   p5 person (25,25,10,10) 0.5  inside the crowd (IoU 100/100)       -> TP under fiftyone,
//                                                                        ignored under coco
//   p6 cat (50,50,10,10) no confidence                                -> never kept
Dataset handMade()
{
    return makeDataset({{{"cat", {0, 0, 10, 10}},
                         {"cat", {50, 50, 10, 10}},
                         {"person", {20, 20, 30, 30}, kNoConfidence, true}}},
                       {{{"cat", {0, 0, 10, 10}, 0.9},
                         {"cat", {1, 0, 10, 10}, 0.6},
                         {"cat", {50, 50, 10, 10}, 0.3},
                         {"dog", {80, 80, 5, 5}, 0.7},
                         {"person", {25, 25, 10, 10}, 0.5},
                         {"cat", {50, 50, 10, 10}}}});
}
} // namespace

class TestImageStatus : public QObject
{
    Q_OBJECT

private slots:
    void handMadeImageAtTwoThresholds()
    {
        const Dataset d = handMade();
        const auto r = request();
        const ImageStatusIndex index = indexOf(d, r);
        QCOMPARE(index.imageCount(), std::size_t{1});
        // t = 0.5: A recovered at 0.9, B only at 0.3 (missed), C at 0.5 (kept: 0.5 >= 0.5).
        QCOMPARE(
            statuses(index.boxes(0, 0.5)),
            (std::vector<S>{S::TruePositive, S::Missed, S::TruePositive, S::TruePositive, S::FalsePositive,
                            S::BelowThreshold, S::FalsePositive, S::TruePositive, S::BelowThreshold}));
        QCOMPARE(index.counts(0, 0.5), C(2, 2, 1));
        QCOMPARE(index.counts(0, 0.5), countsAt(d, r, 0.5));
        // t = 0.25: p3 is kept and recovers B.
        QCOMPARE(statuses(index.boxes(0, 0.25)),
                 (std::vector<S>{S::TruePositive, S::TruePositive, S::TruePositive, S::TruePositive,
                                 S::FalsePositive, S::TruePositive, S::FalsePositive, S::TruePositive,
                                 S::BelowThreshold}));
        QCOMPARE(index.counts(0, 0.25), C(3, 2, 0));
        QCOMPARE(index.counts(0, 0.25), countsAt(d, r, 0.25));
        // t = 0.95: nothing kept, every object (the crowd too, under fiftyone) missed.
        QCOMPARE(index.counts(0, 0.95), C(0, 0, 3));
    }

    void handMadeImageUnderCoco()
    {
        // pycocotools: the crowd does not count and p5, matched to it, counts for nothing.
        const Dataset d = handMade();
        const auto r = request(Protocol::Coco);
        const ImageStatusIndex index = indexOf(d, r);
        QCOMPARE(statuses(index.boxes(0, 0.5)),
                 (std::vector<S>{S::TruePositive, S::Missed, S::Ignored, S::TruePositive, S::FalsePositive,
                                 S::BelowThreshold, S::FalsePositive, S::Ignored, S::BelowThreshold}));
        QCOMPARE(index.counts(0, 0.5), C(1, 2, 1));
        QCOMPARE(index.counts(0, 0.5), countsAt(d, r, 0.5));
        QCOMPARE(statuses(index.boxes(0, 0.95))[7], S::BelowThreshold);
    }

    void oneClassOnly()
    {
        const Dataset d = handMade();
        const ImageStatusIndex index = indexOf(d, request());
        const LabelId cat = 0;
        QCOMPARE(d.labels[cat], std::string("cat"));
        // cat at 0.5: A (TP), B (missed), p1 TP, p2 FP, p3 below, p6 never kept.
        QCOMPARE(statuses(index.boxes(0, 0.5, cat)),
                 (std::vector<S>{S::TruePositive, S::Missed, S::TruePositive, S::FalsePositive,
                                 S::BelowThreshold, S::BelowThreshold}));
        QCOMPARE(index.counts(0, 0.5, cat), C(1, 1, 1));
        QVERIFY(index.hasLabel(0, cat));
    }

    void pluginParityDropsImagesWithoutKeptPredictions()
    {
        // Image 2 has one object and one prediction at 0.2: at 0.5 the plugin drops the image, so
        // its object is ignored, not missed; at 0.1 the prediction is kept and matches it.
        const Dataset d = makeDataset({{{"cat", {0, 0, 10, 10}}}, {{"cat", {0, 0, 10, 10}}}},
                                      {{{"cat", {0, 0, 10, 10}, 0.9}}, {{"cat", {0, 0, 10, 10}, 0.2}}});
        const ImageStatusIndex index = indexOf(d, request(), true);
        QCOMPARE(statuses(index.boxes(1, 0.5)), (std::vector<S>{S::Ignored, S::BelowThreshold}));
        QCOMPARE(index.counts(1, 0.5), C(0, 0, 0));
        QCOMPARE(index.counts(1, 0.1), C(1, 0, 0));
        const ImageStatusIndex plain = indexOf(d, request(), false);
        QCOMPARE(statuses(plain.boxes(1, 0.5)), (std::vector<S>{S::Missed, S::BelowThreshold}));
    }

    void perImageCountsSumToTheRun_data()
    {
        QTest::addColumn<int>("protocol");
        QTest::addColumn<bool>("classwise");
        QTest::addColumn<bool>("parity");
        QTest::newRow("fiftyone") << int(Protocol::FiftyOne) << true << false;
        QTest::newRow("fiftyone parity") << int(Protocol::FiftyOne) << true << true;
        QTest::newRow("fiftyone agnostic") << int(Protocol::FiftyOne) << false << false;
        QTest::newRow("coco") << int(Protocol::Coco) << true << false;
        QTest::newRow("coco agnostic") << int(Protocol::Coco) << false << true;
    }

    void perImageCountsSumToTheRun()
    {
        // Random images (crowds, difficult objects, unscored predictions, equal scores, several
        // hundred images so that chunks run on several threads): summed per-image counts equal the
        // run's counter at every threshold, in total and per class.
        QFETCH(int, protocol);
        QFETCH(bool, classwise);
        QFETCH(bool, parity);
        std::mt19937_64 rng(1700 + static_cast<unsigned>(protocol * 10 + classwise * 2 + parity));
        std::uniform_int_distribution<int> pos(0, 8), size(1, 6), label(0, 2), score(0, 20), count(0, 12);
        std::bernoulli_distribution crowd(0.1), difficult(0.05), unscored(0.05);
        const char* labels[] = {"a", "b", "c"};
        std::vector<Image> gt(700), pred(700);
        for (std::size_t i = 0; i < gt.size(); ++i) {
            for (int k = count(rng); k > 0; --k) {
                Obj o{labels[label(rng)],
                      {double(pos(rng)), double(pos(rng)), double(size(rng)), double(size(rng))}};
                o.crowd = crowd(rng);
                o.difficult = !o.crowd && difficult(rng);
                gt[i].push_back(o);
            }
            for (int k = count(rng); k > 0; --k)
                pred[i].push_back({labels[label(rng)],
                                   {double(pos(rng)), double(pos(rng)), double(size(rng)), double(size(rng))},
                                   unscored(rng) ? kNoConfidence : 0.05 * score(rng)});
        }
        const Dataset d = makeDataset(gt, pred, BoxUnits::Pixels);
        auto r = request(Protocol(protocol), classwise);
        r.match.maxDetections = protocol == int(Protocol::Coco) ? std::optional<int>(5) : std::nullopt;
        const MatchResult m = *Matcher(d, *d.field("ground_truth"), *d.field("predictions"), r.match).run();
        const ImageStatusIndex index = indexOf(d, r, parity);
        const ThresholdCounter total(m, std::nullopt, parity);
        for (double t : {0.0, 0.05, 0.33, 0.5, 0.75, 1.0, 1.01}) {
            Counts sum;
            for (const Counts& c : index.allCounts(t)) {
                sum.tp += c.tp;
                sum.fp += c.fp;
                sum.fn += c.fn;
            }
            QCOMPARE(sum, total.at(t));
            QVERIFY(sum.tp + sum.fp + sum.fn > 0 || t > 1);
            for (LabelId l = 0; l < d.labels.size(); ++l) {
                Counts perClass;
                for (const Counts& c : index.allCounts(t, l)) {
                    perClass.tp += c.tp;
                    perClass.fp += c.fp;
                    perClass.fn += c.fn;
                }
                QCOMPARE(perClass, ThresholdCounter(m, l, parity).at(t));
            }
        }
    }

    void mostErrorsFirst()
    {
        const std::vector<Counts> perImage{C(1, 0, 0), C(0, 2, 1), C(3, 1, 0), C(0, 0, 3), C(0, 1, 0)};
        QCOMPARE(imagesWithMostErrors(perImage, 10), (std::vector<SampleIndex>{1, 3, 2, 4}));
        QCOMPARE(imagesWithMostErrors(perImage, 2), (std::vector<SampleIndex>{1, 3}));
    }

    void cancelled()
    {
        const Dataset d = handMade();
        const std::atomic<bool> cancel{true};
        QVERIFY(!ImageStatusIndex::build(d, *d.field("ground_truth"), *d.field("predictions"),
                                         request().match, false, &cancel));
    }
};

QTEST_APPLESS_MAIN(TestImageStatus)
#include "tst_image_status.moc"
