// SPDX-License-Identifier: MIT
// Buckets matched one prediction at a time, without the IoU table (large buckets, or every bucket
// with a table limit of 0), give exactly the records of the table.
#include "test_dataset.h"

#include <QTest>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>

using namespace optconf;
using namespace optconf::test;

namespace {

/// Every record of two matching results is the same, bit for bit and in the same order.
bool sameRecords(const MatchResult& a, const MatchResult& b)
{
    auto samePrediction = [](const MatchedPrediction& x, const MatchedPrediction& y) {
        return x.score == y.score && x.label == y.label && x.status == y.status;
    };
    auto sameObject = [](const CountedGroundTruth& x, const CountedGroundTruth& y) {
        return x.recoveredAt == y.recoveredAt && x.imageMaxScore == y.imageMaxScore && x.label == y.label;
    };
    auto sameAp = [](const ApDetection& x, const ApDetection& y) {
        return x.score == y.score && x.image == y.image && x.rank == y.rank && x.label == y.label &&
               x.matched == y.matched && x.ignored == y.ignored;
    };
    return std::equal(a.predictions.begin(), a.predictions.end(), b.predictions.begin(), b.predictions.end(),
                      samePrediction) &&
           std::equal(a.groundTruth.begin(), a.groundTruth.end(), b.groundTruth.begin(), b.groundTruth.end(),
                      sameObject) &&
           std::equal(a.apDetections.begin(), a.apDetections.end(), b.apDetections.begin(),
                      b.apDetections.end(), sameAp) &&
           a.apGroundTruthPerLabel == b.apGroundTruthPerLabel &&
           a.unscoredPredictions == b.unscoredPredictions && a.droppedPredictions == b.droppedPredictions &&
           a.ignoredGroundTruth == b.ignoredGroundTruth;
}

} // namespace

class TestLargeBuckets : public QObject
{
    Q_OBJECT

private slots:
    void largeBucketsMatchAsTheTable_data()
    {
        QTest::addColumn<int>("protocol");
        QTest::addColumn<bool>("classwise");
        QTest::addColumn<double>("iou");
        QTest::newRow("fiftyone 0.5") << int(Protocol::FiftyOne) << true << 0.5;
        QTest::newRow("fiftyone 0.3") << int(Protocol::FiftyOne) << true << 0.3;
        QTest::newRow("fiftyone agnostic 0.62") << int(Protocol::FiftyOne) << false << 0.62;
        QTest::newRow("coco 0.5") << int(Protocol::Coco) << true << 0.5;
        QTest::newRow("coco agnostic 0.75") << int(Protocol::Coco) << false << 0.75;
        QTest::newRow("coco 1.0") << int(Protocol::Coco) << true << 1.0;
    }

    void largeBucketsMatchAsTheTable()
    {
        // Buckets matched one prediction at a time must give exactly the records of the IoU table:
        // random images of up to 160 predictions and 60 objects on a small grid of integer boxes
        // (many equal IoUs, exact thresholds), equal scores, crowds, difficult objects, boxes of
        // negative size, pixel boxes divided by odd image sizes, more than 100 predictions of a
        // class (FiftyOne's AP keeps 100).
        QFETCH(int, protocol);
        QFETCH(bool, classwise);
        QFETCH(double, iou);
        std::mt19937_64 rng(7 + static_cast<unsigned>(protocol * 10 + classwise) +
                            static_cast<unsigned>(iou * 100));
        std::uniform_int_distribution<int> pos(0, 8), size(1, 6), label(0, 1), score(0, 12), sizeOf(0, 2);
        std::bernoulli_distribution crowd(0.1), difficult(0.05), negative(0.03);
        const char* labels[] = {"a", "b"};
        const ImageSize sizes[] = {{100, 100}, {1920, 720}, {7, 3}};
        for (int trial = 0; trial < 20; ++trial) {
            std::vector<Image> gt(4), pred(4);
            std::vector<ImageSize> imageSizes;
            for (std::size_t i = 0; i < gt.size(); ++i) {
                const int objects = std::uniform_int_distribution<int>(0, 60)(rng);
                const int predictions = std::uniform_int_distribution<int>(0, 160)(rng);
                for (int k = 0; k < objects; ++k) {
                    Obj o{labels[label(rng)],
                          {double(pos(rng)), double(pos(rng)), double(size(rng)), double(size(rng))}};
                    if (negative(rng))
                        o.box.w = -o.box.w;
                    o.crowd = crowd(rng);
                    o.difficult = !o.crowd && difficult(rng);
                    gt[i].push_back(o);
                }
                for (int k = 0; k < predictions; ++k)
                    pred[i].push_back(
                        {labels[label(rng)],
                         {double(pos(rng)), double(pos(rng)), double(size(rng)), double(size(rng))},
                         0.05 * score(rng)});
                imageSizes.push_back(sizes[sizeOf(rng)]);
            }
            const Dataset d = makeDataset(gt, pred, BoxUnits::Pixels, imageSizes);
            auto r = request(Protocol(protocol), classwise, iou);
            r.match.maxDetections.reset();
            r.match.maxIouTablePairs = std::numeric_limits<std::size_t>::max();
            const MatchResult table = Matcher(d, *d.field("ground_truth"), *d.field("predictions"), r.match)
                                          .matchImages(0, gt.size());
            r.match.maxIouTablePairs = 0;
            const MatchResult streamed =
                Matcher(d, *d.field("ground_truth"), *d.field("predictions"), r.match)
                    .matchImages(0, gt.size());
            QVERIFY2(sameRecords(table, streamed), qPrintable(QStringLiteral("trial %1").arg(trial)));
        }
    }

    void bucketOverTheTableLimitMatchesAsTheTable()
    {
        // One image with 2,100 predictions and 2,100 objects (4.4 million pairs, over the default
        // limit of the table): the default options must give what the table gives.
        std::mt19937_64 rng(2100);
        std::uniform_real_distribution<double> pos(0, 200), size(5, 40);
        std::uniform_int_distribution<int> score(0, 99);
        Image gt, pred;
        for (int k = 0; k < 2100; ++k) {
            gt.push_back(
                {"a",
                 {std::round(pos(rng)), std::round(pos(rng)), std::round(size(rng)), std::round(size(rng))}});
            pred.push_back(
                {"a",
                 {std::round(pos(rng)), std::round(pos(rng)), std::round(size(rng)), std::round(size(rng))},
                 0.01 * score(rng)});
        }
        const Dataset d = makeDataset({gt}, {pred});
        auto r = request();
        QVERIFY(std::size_t{2100} * 2100 > r.match.maxIouTablePairs);
        const MatchResult byDefault =
            Matcher(d, *d.field("ground_truth"), *d.field("predictions"), r.match).matchImages(0, 1);
        r.match.maxIouTablePairs = std::numeric_limits<std::size_t>::max();
        const MatchResult table =
            Matcher(d, *d.field("ground_truth"), *d.field("predictions"), r.match).matchImages(0, 1);
        QVERIFY(sameRecords(table, byDefault));
        QVERIFY(ThresholdCounter(table, std::nullopt, false).at(0.0).tp > 100);
    }
};

QTEST_GUILESS_MAIN(TestLargeBuckets)
#include "tst_large_buckets.moc"
