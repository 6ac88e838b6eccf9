// SPDX-License-Identifier: MIT
// The real data sets in ../shared/data (skipped when absent): with the coco protocol, AP equals
// the values published in their READMEs; under the default protocol AP equals FiftyOne's; the
// counts equal a slow re-matching at every grid threshold; the sweep keeps its invariants on real
// predictions.
#include "core/eval/evaluation.h"
#include "core/io/loader.h"
#include "counts_to_string.h"
#include "rematch_oracle.h"
#include "sanitized.h"
#include "shared_data.h"

#include <QTest>

#include <cmath>
#include <filesystem>

using namespace optconf;

namespace {

EvaluationRequest cocoRequest(const Dataset& d)
{
    EvaluationRequest r;
    r.groundTruthField = d.fields[0].name;
    r.predictionField = d.fields[1].name;
    r.match.protocol = Protocol::Coco;
    r.match.maxDetections = 100;
    return r;
}

} // namespace

class TestRealData : public QObject
{
    Q_OBJECT

private slots:
    void publishedAp_data()
    {
        QTest::addColumn<QString>("set");
        QTest::addColumn<QString>("gt");
        QTest::addColumn<QString>("dets");
        QTest::addColumn<double>("ap");
        QTest::addColumn<double>("ap50");
        QTest::addColumn<double>("tolerance");
        // Scalabel's detect_test.py (percent, 14+ digits): AP 34.029392668401016, AP50 55.323900409039695.
        QTest::newRow("bdd100k") << QStringLiteral("bdd100k-scalabel-202") << QStringLiteral("gt_coco.json")
                                 << QStringLiteral("dets_coco.json") << 0.34029392668401016
                                 << 0.55323900409039695 << 1e-9;
        // cocoapi's fake-results fixture, pycocotools to 7 decimals: AP 0.5045807, AP50 0.6969727.
        QTest::newRow("coco-val2014-100")
            << QStringLiteral("coco-val2014-100") << QStringLiteral("instances_val2014_100.json")
            << QStringLiteral("instances_val2014_fakebbox100_results.json") << 0.5045807 << 0.6969727 << 5e-8;
        // pycocotools on the converted WIDER FACE val files: AP 0.34846, AP50 0.62502.
        QTest::newRow("widerface") << QStringLiteral("widerface-val-yolov7face")
                                   << QStringLiteral("gt_coco.json") << QStringLiteral("dets_coco.json")
                                   << 0.34846 << 0.62502 << 5e-6;
    }

    void publishedAp()
    {
        QFETCH(QString, set);
        QFETCH(QString, gt);
        QFETCH(QString, dets);
        QFETCH(double, ap);
        QFETCH(double, ap50);
        QFETCH(double, tolerance);
        const auto dataset = test::loadSharedSet(set.toStdString(), gt.toStdString(), dets.toStdString());
        if (!dataset)
            QSKIP("shared data set not present");
        const auto result = evaluate(*dataset, cocoRequest(*dataset));
        QVERIFY(result && result->ap.ap50 && result->ap.ap50_95);
        QVERIFY2(std::fabs(*result->ap.ap50_95 - ap) <= tolerance,
                 qPrintable(QStringLiteral("AP %1").arg(*result->ap.ap50_95, 0, 'g', 17)));
        QVERIFY2(std::fabs(*result->ap.ap50 - ap50) <= tolerance,
                 qPrintable(QStringLiteral("AP50 %1").arg(*result->ap.ap50, 0, 'g', 17)));
    }

    void bddPerClassAp()
    {
        // Per-class AP published by Scalabel (percent): pedestrian 41.3767, rider 41.7099,
        // car 66.1419, truck 50.0708, bus 0.3025, motorcycle 4.5746.
        const auto dataset = test::loadSharedSet("bdd100k-scalabel-202", "gt_coco.json", "dets_coco.json");
        if (!dataset)
            QSKIP("shared data set not present");
        const auto result = evaluate(*dataset, cocoRequest(*dataset));
        const std::vector<std::pair<std::string, double>> expected{
            {"pedestrian", 0.413767}, {"rider", 0.417099}, {"car", 0.661419},
            {"truck", 0.500708},      {"bus", 0.003025},   {"motorcycle", 0.045746}};
        for (const auto& [name, value] : expected) {
            const auto it = std::find(dataset->labels.begin(), dataset->labels.end(), name);
            QVERIFY(it != dataset->labels.end());
            const auto label = static_cast<std::size_t>(it - dataset->labels.begin());
            QVERIFY2(std::fabs(*result->ap.perLabelAp50_95[label] - value) < 5e-7, name.c_str());
        }
        // Categories without ground truth (train, bicycle, traffic light, traffic sign) have no AP.
        const auto train = std::find(dataset->labels.begin(), dataset->labels.end(), "train");
        QVERIFY(!result->ap.perLabelAp50_95[static_cast<std::size_t>(train - dataset->labels.begin())]);
    }

    void widerFaceApEqualsFiftyOnes()
    {
        // FiftyOne's evaluate_detections(compute_mAP=True) on WIDER FACE val: mAP
        // 0.3488342376334715. 254 images have more than 100 predictions: its mAP sweep keeps
        // the 100 highest of each (its counts keep every one).
        const auto dataset =
            test::loadSharedSet("widerface-val-yolov7face", "gt_coco.json", "dets_coco.json");
        if (!dataset)
            QSKIP("shared data set not present");
        EvaluationRequest r;
        r.groundTruthField = "ground_truth";
        r.predictionField = "dets_coco";
        const auto result = evaluate(*dataset, r);
        QVERIFY2(std::fabs(*result->ap.ap50_95 - 0.3488342376334715) <= 1e-12,
                 qPrintable(QStringLiteral("AP %1").arg(*result->ap.ap50_95, 0, 'g', 17)));
        // The counts keep every prediction (countsEqualRematchingAtEveryGridThreshold).
        QCOMPARE(result->sweep.total.grid[0].counts, test::oracleCounts(*dataset, r, 0.0, false));
    }

    void countsEqualRematchingAtEveryGridThreshold_data()
    {
        QTest::addColumn<QString>("set");
        QTest::addColumn<QString>("gt");
        QTest::addColumn<QString>("dets");
        QTest::addColumn<int>("protocol");
        QTest::newRow("bdd100k coco")
            << QStringLiteral("bdd100k-scalabel-202") << QStringLiteral("gt_coco.json")
            << QStringLiteral("dets_coco.json") << int(Protocol::Coco);
        QTest::newRow("bdd100k fiftyone")
            << QStringLiteral("bdd100k-scalabel-202") << QStringLiteral("gt_coco.json")
            << QStringLiteral("dets_coco.json") << int(Protocol::FiftyOne);
        QTest::newRow("coco-val2014-100 coco")
            << QStringLiteral("coco-val2014-100") << QStringLiteral("instances_val2014_100.json")
            << QStringLiteral("instances_val2014_fakebbox100_results.json") << int(Protocol::Coco);
        QTest::newRow("coco-val2014-100 fiftyone")
            << QStringLiteral("coco-val2014-100") << QStringLiteral("instances_val2014_100.json")
            << QStringLiteral("instances_val2014_fakebbox100_results.json") << int(Protocol::FiftyOne);
        QTest::newRow("widerface coco")
            << QStringLiteral("widerface-val-yolov7face") << QStringLiteral("gt_coco.json")
            << QStringLiteral("dets_coco.json") << int(Protocol::Coco);
        QTest::newRow("widerface fiftyone")
            << QStringLiteral("widerface-val-yolov7face") << QStringLiteral("gt_coco.json")
            << QStringLiteral("dets_coco.json") << int(Protocol::FiftyOne);
    }

    void countsEqualRematchingAtEveryGridThreshold()
    {
        QFETCH(QString, set);
        QFETCH(QString, gt);
        QFETCH(QString, dets);
        QFETCH(int, protocol);
        const auto dataset = test::loadSharedSet(set.toStdString(), gt.toStdString(), dets.toStdString());
        if (!dataset)
            QSKIP("shared data set not present");
        EvaluationRequest r = cocoRequest(*dataset);
        if (Protocol(protocol) == Protocol::FiftyOne) {
            r.match.protocol = Protocol::FiftyOne;
            r.match.maxDetections.reset();
        }
        const auto result = evaluate(*dataset, r);
        // Every grid threshold re-matches the whole set: under sanitizers every tenth.
        const std::size_t step = test::kSanitized ? 10 : 1;
        const auto& grid = result->sweep.total.grid;
        for (std::size_t g = 0; g < grid.size(); g += step)
            QCOMPARE(grid[g].counts, test::oracleCounts(*dataset, r, grid[g].threshold, false));
        if (set.startsWith(QLatin1String("bdd")) && Protocol(protocol) == Protocol::Coco) {
            // pycocotools' evaluateImg at IoU 0.5 on this set: the 225 predictions of train and
            // bicycle (no ground truth) are false positives.
            QCOMPARE(result->sweep.total.grid[0].counts, (Counts{2782, 2394, 327}));
        }
    }

    void sweepInvariantsOnRealPredictions()
    {
        const auto dataset =
            test::loadSharedSet("widerface-val-yolov7face", "gt_coco.json", "dets_coco.json");
        if (!dataset)
            QSKIP("shared data set not present");
        EvaluationRequest r;
        r.groundTruthField = "ground_truth";
        r.predictionField = "dets_coco";
        r.sweep.steps = 1001;
        const auto result = evaluate(*dataset, r);
        // 39,708 faces: under the fiftyone protocol every object counts, crowds included (and a
        // crowd matched by several boxes gives several TP, so TP + FN may exceed it).
        QCOMPARE(result->match.groundTruth.size(), std::size_t(39708));
        const Curve& c = result->sweep.total;
        // Under coco, 585 crowds and the box of negative width are ignored: 39,122 count for
        // recall (README), and every counted face is either found or missed at every threshold.
        const auto coco = evaluate(*dataset, cocoRequest(*dataset));
        QCOMPARE(coco->match.groundTruth.size(), std::size_t(39122));
        for (const Metrics& m : coco->sweep.total.exact)
            QCOMPARE(m.counts.tp + m.counts.fn, std::int64_t(39122));
        // TP and FP never grow with the threshold; the exact optimum is at least the grid's best.
        for (std::size_t i = 1; i < c.grid.size(); ++i) {
            QVERIFY(c.grid[i].counts.tp <= c.grid[i - 1].counts.tp);
            QVERIFY(c.grid[i].counts.fp <= c.grid[i - 1].counts.fp);
        }
        QVERIFY(c.optimum->f1 >= c.best->f1);
        // 918 distinct scores (README), all in [0, 1]: the exact rows are those plus the lower bound.
        QCOMPARE(c.exact.size(), std::size_t(919));
    }
};

QTEST_GUILESS_MAIN(TestRealData)
#include "tst_realdata.moc"
