// SPDX-License-Identifier: MIT
// COCO and FiftyOne loaders: what they read, and what they say about bad input.
#include "core/eval/evaluation.h"
#include "core/io/coco/coco_scan.h"
#include "core/io/json/json_blocks.h"
#include "core/io/json/json_input.h"
#include "core/io/loader.h"
#include "core/model/dataset_builder.h"
#include "core/model/id_index.h"
#include "test_dataset.h"

#include <QDir>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <random>

using namespace optconf;

namespace {

const std::string kData = OPTCONF_TEST_DATA;

LoadResult load(std::vector<std::filesystem::path> paths)
{
    return loadDataset(LoadRequest{std::move(paths), {}});
}

std::string allMessages(const LoadResult& r)
{
    std::string s;
    for (const Diagnostic& d : r.diagnostics)
        s += d.toString() + "\n";
    return s;
}

/// The hand-made fixture: image 1 has cat [10,10,20,20] and dog [50,50,30,30]; image 2 a cat
/// crowd [0,0,40,40] and a cat [60,60,20,20]; image 3 nothing. Predictions: 0.9 on the cat
/// (IoU 1), 0.8 on the dog (IoU 840/960), 0.3 cat elsewhere (FP), 0.7 inside the crowd, 0.6 on
/// image 2's cat (IoU 1), 0.2 dog on image 3 (FP).
void checkFixtureCounts(const Dataset& d, const std::string& predictions)
{
    EvaluationRequest r = test::request();
    r.predictionField = predictions;
    // fiftyone, t = 0: TP 4 (0.9, 0.8, 0.7 crowd, 0.6), FP 2 (0.3, 0.2), FN 0.
    QCOMPARE(test::countsAt(d, r, 0.0), (Counts{4, 2, 0}));
    // t = 0.65: 0.9, 0.8, 0.7 kept; image 2's ordinary cat is missed.
    QCOMPARE(test::countsAt(d, r, 0.65), (Counts{3, 0, 1}));
}

} // namespace

class TestLoaders : public QObject
{
    Q_OBJECT

private slots:
    void cocoGroundTruthAndResults()
    {
        const LoadResult r = load({kData + "/coco/gt.json", kData + "/coco/model_a.json"});
        QVERIFY2(r.ok(), allMessages(r).c_str());
        const Dataset& d = *r.dataset;
        QCOMPARE(d.samples.size(), std::size_t(3));
        QCOMPARE(d.samples[1].fileName, std::string("two.jpg"));
        QCOMPARE(d.fields.size(), std::size_t(2));
        QCOMPARE(d.fields[0].name, std::string("ground_truth"));
        QCOMPARE(d.fields[0].objectCount(), std::size_t(4));
        QVERIFY(!d.fields[0].isScored());
        QCOMPARE(d.fields[1].name, std::string("model_a"));
        QCOMPARE(d.fields[1].scoredCount(), std::size_t(6));
        QCOMPARE(d.fields[1].format, std::string("COCO results"));
        // Category names come from "categories", ids map to them.
        QCOMPARE(d.labels[d.fields[0].forSample(0)[1].label], std::string("dog"));
        QVERIFY(d.fields[0].forSample(1)[0].crowd);
        QCOMPARE(d.fields[0].forSample(1)[0].area, 1600.0);
        checkFixtureCounts(d, "model_a");
        auto req = test::request(Protocol::Coco);
        req.predictionField = "model_a";
        QCOMPARE(test::countsAt(d, req, 0.0), (Counts{3, 2, 0}));
    }

    void inputOrderDoesNotMatter()
    {
        // Results listed before the ground truth: the loader orders them by role.
        const LoadResult r = load({kData + "/coco/model_a.json", kData + "/coco/gt.json"});
        QVERIFY2(r.ok(), allMessages(r).c_str());
        QCOMPARE(r.dataset->fields[0].name, std::string("ground_truth"));
    }

    void fiftyOneDataset()
    {
        const LoadResult r = load({kData + "/fiftyone/small"});
        QVERIFY2(r.ok(), allMessages(r).c_str());
        const Dataset& d = *r.dataset;
        QCOMPARE(d.samples.size(), std::size_t(3));
        QCOMPARE(d.samples[0].id, std::string("64a000000000000000000001"));
        QCOMPARE(d.samples[0].width, 100);
        QCOMPARE(d.fields.size(), std::size_t(2));
        QCOMPARE(d.fields[0].name, std::string("ground_truth"));
        QCOMPARE(d.fields[1].name, std::string("predictions"));
        QCOMPARE(d.fields[1].objectCount(), std::size_t(7));
        QCOMPARE(d.fields[1].scoredCount(), std::size_t(6));
        // Legacy attributes.iscrowd.value marks the crowd.
        QVERIFY(d.fields[0].forSample(1)[0].crowd);
        QVERIFY(!d.fields[0].forSample(1)[1].crowd);
        // Same objects in relative coordinates: the same counts as the COCO form.
        checkFixtureCounts(d, "predictions");
        QCOMPARE(test::countsAt(d, test::request(Protocol::Coco), 0.0), (Counts{3, 2, 0}));
        const Matcher m(d, d.fields[0], d.fields[1], MatchOptions{});
        QCOMPARE(m.run()->unscoredPredictions, 1);
    }

    void fiftyOneSamplesFolder()
    {
        // Newer exports split samples into a samples/ folder of JSON files, read in name order.
        QTemporaryDir dir;
        QVERIFY(QDir(dir.path()).mkdir(QStringLiteral("samples")));
        std::ofstream(dir.filePath(QStringLiteral("metadata.json")).toStdString()) << "{\"name\": \"split\"}";
        auto sample = [](const char* id, const char* gtLabel, double score) {
            return std::string("{\"_id\": \"") + id + "\", \"filepath\": \"" + id +
                   ".jpg\", \"gt\": {\"_cls\": \"Detections\", \"detections\": [{\"label\": \"" + gtLabel +
                   "\", \"bounding_box\": [0.1, 0.1, 0.2, 0.2]}]}, \"model\": {\"_cls\": \"Detections\", "
                   "\"detections\": [{\"label\": \"" +
                   gtLabel +
                   "\", \"bounding_box\": [0.1, 0.1, 0.2, 0.2], \"confidence\": " + std::to_string(score) +
                   "}]}}";
        };
        std::ofstream(dir.filePath(QStringLiteral("samples/b.json")).toStdString())
            << "{\"samples\": [" << sample("s2", "dog", 0.4) << "]}";
        std::ofstream(dir.filePath(QStringLiteral("samples/a.json")).toStdString())
            << "{\"samples\": [" << sample("s1", "cat", 0.8) << "]}";
        const LoadResult r = load({dir.path().toStdString()});
        QVERIFY2(r.ok(), allMessages(r).c_str());
        QCOMPARE(r.dataset->samples.size(), std::size_t(2));
        QCOMPARE(r.dataset->samples[0].id, std::string("s1"));
        QCOMPARE(r.dataset->fields[0].name, std::string("gt"));
        QCOMPARE(r.dataset->fields[1].name, std::string("model"));
        EvaluationRequest req = test::request();
        req.groundTruthField = "gt";
        req.predictionField = "model";
        // Both found: at 0.5 only the cat (0.8) is kept and the dog is missed.
        QCOMPARE(test::countsAt(*r.dataset, req, 0.5), (Counts{1, 0, 1}));
    }

    void badInput_data()
    {
        QTest::addColumn<QString>("groundTruth"); // empty: use the good fixture
        QTest::addColumn<QString>("results");     // empty: none
        QTest::addColumn<QString>("location");
        QTest::addColumn<QString>("message");
        const QString gt =
            QStringLiteral("{\"images\": [{\"id\": 1, \"file_name\": \"a.jpg\"}], \"categories\": [{\"id\": "
                           "1, \"name\": \"cat\"}], \"annotations\": []}");
        QTest::newRow("not JSON") << QStringLiteral("{\"images\": [}") << QString()
                                  << QStringLiteral("line 1, column 13") << QStringLiteral("not valid JSON");
        QTest::newRow("truncated") << QStringLiteral("{\"images\": [{\"id\": 1}],\n \"annotations\": [")
                                   << QString() << QStringLiteral("line 2")
                                   << QStringLiteral("unexpected end of input");
        QTest::newRow("missing categories")
            << QStringLiteral("{\"images\": [], \"annotations\": []}") << QString() << QStringLiteral("/")
            << QStringLiteral("missing key \"categories\"");
        QTest::newRow("images not a list")
            << QStringLiteral("{\"images\": 3, \"annotations\": [], \"categories\": []}") << QString()
            << QStringLiteral("/images") << QStringLiteral("expected an array");
        QTest::newRow("bad bbox")
            << QStringLiteral(
                   "{\"images\": [{\"id\": 1}], \"categories\": [{\"id\": 1, \"name\": \"a\"}], "
                   "\"annotations\": [{\"image_id\": 1, \"category_id\": 1, \"bbox\": [1, 2, 3]}]}")
            << QString() << QStringLiteral("/annotations/0/bbox")
            << QStringLiteral("expected an array of 4 numbers");
        QTest::newRow("annotation of unknown image")
            << QStringLiteral(
                   "{\"images\": [{\"id\": 1}], \"categories\": [{\"id\": 1, \"name\": \"a\"}], "
                   "\"annotations\": [{\"image_id\": 7, \"category_id\": 1, \"bbox\": [1, 2, 3, 4]}]}")
            << QString() << QStringLiteral("/annotations/0/image_id") << QStringLiteral("not in \"images\"");
        QTest::newRow("annotation without bbox")
            << QStringLiteral("{\"images\": [{\"id\": 1}], \"categories\": [{\"id\": 1, \"name\": \"a\"}], "
                              "\"annotations\": [{\"image_id\": 1, \"category_id\": 1}]}")
            << QString() << QStringLiteral("/annotations/0") << QStringLiteral("missing key \"bbox\"");
        QTest::newRow("duplicate image id")
            << QStringLiteral(
                   "{\"images\": [{\"id\": 1}, {\"id\": 1}], \"categories\": [], \"annotations\": []}")
            << QString() << QStringLiteral("/images/1/id") << QStringLiteral("duplicate image id 1");
        QTest::newRow("result of unknown image")
            << gt
            << QStringLiteral(
                   "[{\"image_id\": 99, \"category_id\": 1, \"bbox\": [0, 0, 1, 1], \"score\": 0.5}]")
            << QStringLiteral("/0/image_id") << QStringLiteral("not in the ground truth");
        QTest::newRow("score not a number")
            << gt
            << QStringLiteral(
                   "[{\"image_id\": 1, \"category_id\": 1, \"bbox\": [0, 0, 1, 1], \"score\": \"high\"}]")
            << QStringLiteral("/0/score") << QStringLiteral("expected a number");
        QTest::newRow("results truncated")
            << gt << QStringLiteral("[{\"image_id\": 1, \"category_id\": 1, \"bbox\": [0, 0, 1, 1], \"sco")
            << QStringLiteral("line 1") << QStringLiteral("not valid JSON");
        QTest::newRow("number out of range")
            << gt
            << QStringLiteral(
                   "[{\"image_id\": 1, \"category_id\": 1, \"bbox\": [0, 0, 1e400, 1], \"score\": 0.5}]")
            << QString() << QStringLiteral("not valid JSON");
        QTest::newRow("blank file") << QStringLiteral("  \n") << QString() << QString()
                                    << QStringLiteral("not a dataset format");
        QTest::newRow("unknown format") << QStringLiteral("hello, world") << QString() << QString()
                                        << QStringLiteral("not a dataset format OptConf reads");
    }

    void badInput()
    {
        QFETCH(QString, groundTruth);
        QFETCH(QString, results);
        QFETCH(QString, location);
        QFETCH(QString, message);
        QTemporaryDir dir;
        auto write = [&](const char* name, const QString& text) {
            const std::string path = dir.filePath(QLatin1String(name)).toStdString();
            std::ofstream(path) << text.toStdString();
            return path;
        };
        std::vector<std::filesystem::path> paths{write("gt.json", groundTruth)};
        if (!results.isEmpty())
            paths.push_back(write("results.json", results));
        const LoadResult r = load(paths);
        QVERIFY(!r.ok());
        const std::string text = allMessages(r);
        const std::string badFile = results.isEmpty() ? paths[0].string() : paths[1].string();
        // Every message names the file, the place and the cause.
        QVERIFY2(text.find(badFile) != std::string::npos, text.c_str());
        QVERIFY2(text.find(message.toStdString()) != std::string::npos, text.c_str());
        QVERIFY2(text.find(": " + location.toStdString()) != std::string::npos, text.c_str());
    }

    void missingInputs()
    {
        LoadResult r = load({kData + "/does-not-exist.json"});
        QVERIFY(!r.ok());
        QVERIFY(allMessages(r).find("does-not-exist.json: error: does not exist") != std::string::npos);
        r = load({kData + "/coco/model_a.json"});
        QVERIFY(!r.ok());
        QVERIFY2(allMessages(r).find("predictions need ground truth") != std::string::npos,
                 allMessages(r).c_str());
        r = load({kData + "/coco/gt.json", kData + "/fiftyone/small"});
        QVERIFY(!r.ok());
        QVERIFY(allMessages(r).find("a second ground-truth source") != std::string::npos);
    }

    void oddButLegalInputWarns()
    {
        // Scores outside [0, 1] and boxes of negative size are kept, counted and reported; the
        // warnings fold into one line per kind with a count.
        QTemporaryDir dir;
        const std::string gt = dir.filePath(QStringLiteral("gt.json")).toStdString();
        const std::string res = dir.filePath(QStringLiteral("odd.json")).toStdString();
        std::ofstream(gt) << "\xEF\xBB\xBF" // a UTF-8 byte order mark, as Windows tools write
                          << "{\"images\": [{\"id\": 1}], \"categories\": [{\"id\": 1, \"name\": \"a\"}],\n"
                             "                               \"annotations\": [{\"image_id\": 1, "
                             "\"category_id\": 1, \"bbox\": [0, 0, -2, 5]}]}";
        std::ofstream(res)
            << "[{\"image_id\": 1, \"category_id\": 1, \"bbox\": [0, 0, 1, 1], \"score\": 1.5},\n"
               "                                 {\"image_id\": 1, \"category_id\": 1, \"bbox\": [0, 0, 1, "
               "1], \"score\": -0.5},\n"
               "                                 {\"image_id\": 1, \"category_id\": 2, \"bbox\": [0, 0, 1, "
               "1], \"score\": 0.5}]";
        const LoadResult r = load({gt, res});
        QVERIFY2(r.ok(), allMessages(r).c_str());
        const std::string text = allMessages(r);
        QVERIFY2(text.find("gt.json: /annotations/0: warning: box with zero or negative width") !=
                     std::string::npos,
                 text.c_str());
        QVERIFY2(text.find("odd.json: /0: warning: confidence outside [0, 1] (kept as given) (2 times)") !=
                     std::string::npos,
                 text.c_str());
        QVERIFY2(text.find("odd.json: /2/category_id: warning: category id not in the ground truth") !=
                     std::string::npos,
                 text.c_str());
        QCOMPARE(r.dataset->fields[1].scoredCount(), std::size_t(3));
    }

    void progressCanCancel()
    {
        int calls = 0;
        LoadRequest request{{kData + "/coco/gt.json", kData + "/coco/model_a.json"},
                            [&](double, const std::string&) { return ++calls < 2; }};
        const LoadResult r = loadDataset(request);
        QVERIFY(r.cancelled);
        QVERIFY(!r.ok());
    }
};

QTEST_GUILESS_MAIN(TestLoaders)
#include "tst_loaders.moc"
