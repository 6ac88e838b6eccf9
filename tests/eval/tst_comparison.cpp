// SPDX-License-Identifier: MIT
// Comparing models: each model equals its single run number for number, the paired bootstrap on a
// hand-derived two-image case, determinism for a seed, and a model against an identical copy.
#include "core/eval/comparison.h"
#include "core/example/synthetic.h"
#include "core/io/loader.h"
#include "core/output/thresholds_file.h"
#include "test_dataset.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace optconf;
using namespace optconf::test;

namespace {

bool sameMetrics(const Metrics& a, const Metrics& b)
{
    return a.threshold == b.threshold && a.counts == b.counts && a.precision == b.precision &&
           a.recall == b.recall && a.f1 == b.f1 && a.f1Defined == b.f1Defined && a.objective == b.objective;
}

bool sameMetrics(const std::optional<Metrics>& a, const std::optional<Metrics>& b)
{
    return a.has_value() == b.has_value() && (!a || sameMetrics(*a, *b));
}

bool sameRows(const std::vector<Metrics>& a, const std::vector<Metrics>& b)
{
    return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                      [](const Metrics& x, const Metrics& y) { return sameMetrics(x, y); });
}

void verifySameCurve(const Curve& a, const Curve& b)
{
    QVERIFY(sameRows(a.grid, b.grid));
    QVERIFY(sameRows(a.exact, b.exact));
    QVERIFY(sameMetrics(a.best, b.best));
    QVERIFY(sameMetrics(a.optimum, b.optimum));
}

/// Every number a single run reports, compared with the comparison's entry for that model.
void verifySameRun(const EvaluationResult& a, const EvaluationResult& b)
{
    QCOMPARE(a.request.predictionField, b.request.predictionField);
    QCOMPARE(a.imageCount, b.imageCount);
    QCOMPARE(a.ap.ap50, b.ap.ap50);
    QCOMPARE(a.ap.ap50_95, b.ap.ap50_95);
    QVERIFY(a.ap.perLabelAp50 == b.ap.perLabelAp50);
    QVERIFY(a.ap.perLabelAp50_95 == b.ap.perLabelAp50_95);
    QCOMPARE(a.match.predictions.size(), b.match.predictions.size());
    for (std::size_t i = 0; i < a.match.predictions.size(); ++i) {
        QCOMPARE(a.match.predictions[i].score, b.match.predictions[i].score);
        QCOMPARE(a.match.predictions[i].label, b.match.predictions[i].label);
        QVERIFY(a.match.predictions[i].status == b.match.predictions[i].status);
    }
    QCOMPARE(a.match.groundTruth.size(), b.match.groundTruth.size());
    for (std::size_t i = 0; i < a.match.groundTruth.size(); ++i) {
        QCOMPARE(a.match.groundTruth[i].recoveredAt, b.match.groundTruth[i].recoveredAt);
        QCOMPARE(a.match.groundTruth[i].label, b.match.groundTruth[i].label);
    }
    QCOMPARE(a.match.unscoredPredictions, b.match.unscoredPredictions);
    QCOMPARE(a.match.droppedPredictions, b.match.droppedPredictions);
    QCOMPARE(a.match.ignoredGroundTruth, b.match.ignoredGroundTruth);
    QVERIFY(a.match.apGroundTruthPerLabel == b.match.apGroundTruthPerLabel);
    verifySameCurve(a.sweep.total, b.sweep.total);
    QVERIFY(a.sweep.thresholds == b.sweep.thresholds);
    QCOMPARE(a.sweep.classes.size(), b.sweep.classes.size());
    for (std::size_t c = 0; c < a.sweep.classes.size(); ++c) {
        QCOMPARE(a.sweep.classes[c].label, b.sweep.classes[c].label);
        QCOMPARE(a.sweep.classes[c].groundTruth, b.sweep.classes[c].groundTruth);
        QCOMPARE(a.sweep.classes[c].predictions, b.sweep.classes[c].predictions);
        verifySameCurve(a.sweep.classes[c].curve, b.sweep.classes[c].curve);
        QVERIFY(sameMetrics(a.sweep.classes[c].atGlobalOptimum, b.sweep.classes[c].atGlobalOptimum));
    }
    QVERIFY(sameMetrics(a.sweep.operatingPoints.maxRecallAtPrecision,
                        b.sweep.operatingPoints.maxRecallAtPrecision));
    QVERIFY(sameMetrics(a.sweep.operatingPoints.maxPrecisionAtRecall,
                        b.sweep.operatingPoints.maxPrecisionAtRecall));
}

/// The comparison table's deployed figures against the "deployed" entry of the thresholds file a
/// single run of that model writes: number for number, or both absent.
void verifyDeployedAsThresholdsFile(const Dataset& d, const ModelRow& row, const EvaluationResult& single)
{
    const std::string text = thresholdsJson(d, single, ReportContext{}, "2026-01-01T00:00:00Z");
    QVERIFY(!text.empty());
    const QJsonObject file = QJsonDocument::fromJson(QByteArray::fromStdString(text)).object();
    const QJsonValue deployed = file.value(QStringLiteral("deployed"));
    if (deployed.isNull()) {
        QVERIFY(!row.deployedCounts);
        QVERIFY(!row.deployedF1);
        return;
    }
    QVERIFY(row.deployedCounts);
    const QJsonObject o = deployed.toObject();
    QCOMPARE(row.deployedCounts->tp, o.value(QStringLiteral("tp")).toInteger());
    QCOMPARE(row.deployedCounts->fp, o.value(QStringLiteral("fp")).toInteger());
    QCOMPARE(row.deployedCounts->fn, o.value(QStringLiteral("fn")).toInteger());
    QVERIFY(row.deployedF1);
    QCOMPARE(*row.deployedF1, o.value(QStringLiteral("f1")).toDouble());
}

/// Two images, one object each. Model A finds both at 0.9; model B finds the first at 0.9 and puts
/// a box beside the second at 0.8.
Dataset twoImages()
{
    DatasetBuilder b;
    b.addSample({"1", "1.jpg", 100, 100});
    b.addSample({"2", "2.jpg", 100, 100});
    const LabelId label = b.label("a");
    auto detection = [&](Box box, double score) {
        Detection d;
        d.box = box;
        d.area = box.area();
        d.confidence = score;
        d.label = label;
        return d;
    };
    auto& gt = b.addField("ground_truth", "test", "memory");
    gt.add(0, detection({10, 10, 20, 20}, kNoConfidence));
    gt.add(1, detection({10, 10, 20, 20}, kNoConfidence));
    auto& a = b.addField("A", "test", "memory");
    a.add(0, detection({10, 10, 20, 20}, 0.9));
    a.add(1, detection({10, 10, 20, 20}, 0.9));
    auto& m = b.addField("B", "test", "memory");
    m.add(0, detection({10, 10, 20, 20}, 0.9));
    m.add(1, detection({60, 60, 20, 20}, 0.8));
    return std::move(b).build();
}

} // namespace

class TestComparison : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    Dataset m_synthetic;

    ComparisonRequest syntheticRequest(std::vector<std::string> fields) const
    {
        ComparisonRequest r;
        r.base.groundTruthField = "ground_truth";
        r.predictionFields = std::move(fields);
        r.bootstrapReplicates = 300;
        return r;
    }

private slots:
    void initTestCase()
    {
        SyntheticSpec spec;
        spec.images = 300;
        spec.models = exampleModels();
        SyntheticModel third = spec.models.front();
        third.name = "third";
        third.recall = 0.7;
        third.falsePositivesPerImage = 0.5;
        spec.models.push_back(third);
        const auto paths = writeSynthetic(spec, m_dir.path().toStdString());
        LoadResult loaded = loadDataset(LoadRequest{paths, {}});
        QVERIFY(loaded.ok());
        m_synthetic = std::move(*loaded.dataset);
        QCOMPARE(m_synthetic.fields.size(), std::size_t{4});
    }

    void modelsEqualSingleRuns_data()
    {
        QTest::addColumn<bool>("parity");
        QTest::addColumn<bool>("coco");
        QTest::addColumn<bool>("classwise");
        QTest::newRow("fiftyone") << false << false << true;
        QTest::newRow("plugin parity, class-agnostic") << true << false << false;
        QTest::newRow("coco") << false << true << true;
    }

    void modelsEqualSingleRuns()
    {
        QFETCH(bool, parity);
        QFETCH(bool, coco);
        QFETCH(bool, classwise);
        std::vector<std::string> names;
        for (const LabelField& f : m_synthetic.fields)
            if (f.isScored())
                names.push_back(f.name);
        QCOMPARE(names.size(), std::size_t{3});
        ComparisonRequest r = syntheticRequest(names);
        r.base.sweep.pluginParity = parity;
        r.base.match.classwise = classwise;
        if (coco) {
            r.base.match.protocol = Protocol::Coco;
            r.base.match.maxDetections = 100;
        }
        r.base.sweep.minPrecision = 0.8;
        QVERIFY(!validate(m_synthetic, r));
        const auto result = compare(m_synthetic, r);
        QVERIFY(result);
        QCOMPARE(result->models.size(), names.size());
        QCOMPARE(result->pairs.size(), std::size_t{3});
        for (std::size_t m = 0; m < names.size(); ++m) {
            EvaluationRequest one = r.base;
            one.predictionField = names[m];
            const auto single = evaluate(m_synthetic, one);
            QVERIFY(single);
            verifySameRun(result->models[m], *single);
            QVERIFY(sameMetrics(result->rows[m].optimum, single->sweep.total.optimum));
            QCOMPARE(result->rows[m].ap50, single->ap.ap50);
            verifyDeployedAsThresholdsFile(m_synthetic, result->rows[m], *single);
        }
        // The bootstrap's per-image counts add up to the sweep's counts at each optimum and at the
        // common threshold.
        for (const PairComparison& p : result->pairs) {
            QVERIFY(p.atOptimum);
            QCOMPARE(p.atOptimum->difference, result->rows[p.b].optimum->f1 - result->rows[p.a].optimum->f1);
            const double common = r.commonThreshold;
            auto f1At = [&](std::size_t m) {
                return metricsAt(ThresholdCounter(result->models[m].match, std::nullopt, parity), common,
                                 Objective{})
                    .f1;
            };
            QCOMPARE(p.atCommon.difference, f1At(p.b) - f1At(p.a));
            // The observed difference lies inside its interval.
            QVERIFY(p.atOptimum->lower <= p.atOptimum->difference);
            QVERIFY(p.atOptimum->difference <= p.atOptimum->upper);
            QVERIFY(p.atCommon.lower <= p.atCommon.difference);
            QVERIFY(p.atCommon.difference <= p.atCommon.upper);
            QVERIFY(p.atOptimum->winShareA + p.atOptimum->winShareB <= 1.0);
        }
        // The per-class rows: each class's F1 at each model's optimum, and the best of them.
        QVERIFY(!result->classes.empty());
        for (const ClassComparisonRow& row : result->classes) {
            for (std::size_t m = 0; m < names.size(); ++m) {
                const ClassCurve* c = findClass(result->models[m].sweep, row.label);
                QVERIFY(c);
                QCOMPARE(row.f1[m], c->atGlobalOptimum && c->atGlobalOptimum->f1Defined
                                        ? std::optional<double>(c->atGlobalOptimum->f1)
                                        : std::nullopt);
            }
            QVERIFY(row.winner);
            for (std::size_t m = 0; m < names.size(); ++m)
                QVERIFY(!row.f1[m] || *row.f1[m] <= *row.f1[*row.winner]);
        }
    }

    void handDerivedBootstrap()
    {
        const Dataset d = twoImages();
        ComparisonRequest r;
        r.base.groundTruthField = "ground_truth";
        r.predictionFields = {"A", "B"};
        r.bootstrapReplicates = 2000;
        QVERIFY(!validate(d, r));
        const auto result = compare(d, r);
        QVERIFY(result);
        QCOMPARE(result->rows[0].optimum->f1, 1.0);
        QCOMPARE(result->rows[1].optimum->threshold, 0.9); // TP 1, FP 0, FN 1
        QCOMPARE(result->rows[1].optimum->counts, (Counts{1, 0, 1}));
        const PairComparison& p = result->pairs.at(0);
        QCOMPARE(p.atOptimum->difference, 2.0 / 3.0 - 1.0);
        // Resampled pairs of images: (1, 1) ties, (1, 2) costs B a third, (2, 2) all of its F1.
        // B never wins; A wins three times in four; the 2.5 % and 97.5 % quantiles are -1 and 0.
        QCOMPARE(p.atOptimum->winShareB, 0.0);
        QVERIFY(std::abs(p.atOptimum->winShareA - 0.75) < 0.04);
        QCOMPARE(p.atOptimum->lower, -1.0);
        QCOMPARE(p.atOptimum->upper, 0.0);
        // At 0.5 B keeps its miss as an FP too: F1 = 2 / (2 + 1 + 1).
        QCOMPARE(p.atCommon.difference, 0.5 - 1.0);
        QCOMPARE(plainStatement("A", "B", *p.atOptimum, r.confidenceLevel),
                 std::string("A better than B by 0.333 F1, 95 % CI [0.000, 1.000]: not a clear difference"));
        // Deploying per-class thresholds with one class is the global optimum.
        QCOMPARE(*result->rows[1].deployedCounts, (Counts{1, 0, 1}));
    }

    void deployedF1IsTheThresholdsFiles()
    {
        // Few images: some classes have fewer than the thresholds file's 10 ground-truth objects
        // and use the global threshold there, not their own optimum.
        SyntheticSpec spec;
        spec.images = 30;
        spec.models = exampleModels();
        QTemporaryDir dir;
        LoadResult loaded = loadDataset(LoadRequest{writeSynthetic(spec, dir.path().toStdString()), {}});
        QVERIFY(loaded.ok());
        const Dataset& d = *loaded.dataset;
        ComparisonRequest r = syntheticRequest({"detector_large", "detector_small"});
        const auto result = compare(d, r);
        QVERIFY(result);
        bool railsMatter = false;
        for (std::size_t m = 0; m < 2; ++m) {
            EvaluationRequest one = r.base;
            one.predictionField = r.predictionFields[m];
            const auto single = evaluate(d, one);
            QVERIFY(single);
            verifyDeployedAsThresholdsFile(d, result->rows[m], *single);
            // Every class at its own optimum, without the file's guard rails, gives another figure.
            Counts own;
            for (const ClassCurve& c : single->sweep.classes)
                if (const auto& o = c.curve.optimum ? c.curve.optimum : c.atGlobalOptimum) {
                    own.tp += o->counts.tp;
                    own.fp += o->counts.fp;
                    own.fn += o->counts.fn;
                }
            railsMatter = railsMatter || !(own == *result->rows[m].deployedCounts);
        }
        QVERIFY(railsMatter);
    }

    void deterministicForASeed()
    {
        ComparisonRequest r = syntheticRequest({"detector_large", "detector_small"});
        const auto first = compare(m_synthetic, r);
        const auto again = compare(m_synthetic, r);
        QVERIFY(first && again);
        const BootstrapEstimate& x = *first->pairs[0].atOptimum;
        const BootstrapEstimate& y = *again->pairs[0].atOptimum;
        QCOMPARE(x.lower, y.lower);
        QCOMPARE(x.upper, y.upper);
        QCOMPARE(x.winShareA, y.winShareA);
        QCOMPARE(first->pairs[0].atCommon.lower, again->pairs[0].atCommon.lower);
        r.seed = 2;
        const auto other = compare(m_synthetic, r);
        QVERIFY(other);
        QCOMPARE(other->pairs[0].atOptimum->difference, x.difference);
        QVERIFY(other->pairs[0].atOptimum->lower != x.lower || other->pairs[0].atOptimum->upper != x.upper);
        // The strong model is better by more than the noise here.
        QVERIFY(x.difference < 0 && x.upper < 0);
        QVERIFY(x.winShareA > 0.95);
    }

    void modelAgainstItsCopyIsExactlyZero()
    {
        Dataset d = m_synthetic;
        LabelField copy = *d.field("detector_small");
        copy.name = "detector_small (copy)";
        d.fields.push_back(std::move(copy));
        const ComparisonRequest r = syntheticRequest({"detector_small", "detector_small (copy)"});
        QVERIFY(!validate(d, r));
        const auto result = compare(d, r);
        QVERIFY(result);
        for (const BootstrapEstimate& e : {*result->pairs[0].atOptimum, result->pairs[0].atCommon}) {
            QCOMPARE(e.difference, 0.0);
            QCOMPARE(e.lower, 0.0);
            QCOMPARE(e.upper, 0.0);
            QCOMPARE(e.winShareA, 0.0);
            QCOMPARE(e.winShareB, 0.0);
        }
        for (const ClassComparisonRow& row : result->classes)
            QCOMPARE(row.winner, std::optional<std::size_t>(0)); // the first on ties
    }

    void refusesBadRequests()
    {
        ComparisonRequest r = syntheticRequest({"detector_large"});
        QCOMPARE(*validate(m_synthetic, r), std::string("choose at least two prediction fields to compare"));
        r.predictionFields = {"detector_large", "detector_large"};
        QCOMPARE(*validate(m_synthetic, r), std::string("prediction field 'detector_large' is named twice"));
        r.predictionFields = {"detector_large", "nothing"};
        QCOMPARE(*validate(m_synthetic, r), std::string("there is no field named 'nothing'"));
        r.predictionFields = {"detector_large", "detector_small"};
        r.bootstrapReplicates = 0;
        QVERIFY(validate(m_synthetic, r));
    }

    void cancels()
    {
        const ComparisonRequest r = syntheticRequest({"detector_large", "detector_small"});
        int calls = 0;
        const auto result = compare(m_synthetic, r, [&](const ComparisonProgress& p) {
            ++calls;
            return p.fraction < 0.3;
        });
        QVERIFY(!result);
        QVERIFY(calls > 0);
    }
};

QTEST_GUILESS_MAIN(TestComparison)
#include "tst_comparison.moc"
