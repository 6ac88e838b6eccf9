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

    void largeResultsFileReadInBlocks()
    {
        // Results files are read in ~1 MiB blocks cut between elements, parsed in parallel (the
        // coco loader's fast path). 40,000 results (~3.5 MiB) with every separator style, a byte
        // order mark and trailing whitespace must load exactly; so must the same file with strings
        // that look like a cut ("}, {"), which the fast path cannot cut safely and hands back to
        // the whole-file reader; and an unknown image in a middle block must be named by index.
        QTemporaryDir dir;
        const std::string gt = dir.filePath(QStringLiteral("gt.json")).toStdString();
        {
            std::ofstream out(gt);
            out << "{\"images\": [";
            for (int i = 1; i <= 10; ++i)
                out << (i > 1 ? "," : "") << "{\"id\": " << i << "}";
            out << "], \"categories\": [{\"id\": 1, \"name\": \"a\"}], \"annotations\": []}";
        }
        constexpr int kResults = 40000;
        auto writeResults = [&](const char* name, bool cutLookingStrings, int unknownImageAt) {
            const std::string path = dir.filePath(QLatin1String(name)).toStdString();
            std::ofstream out(path);
            out << "\xEF\xBB\xBF \n[";
            const char* separators[] = {",", " ,\n  ", "\t,\r\n", ",\n"};
            for (int i = 0; i < kResults; ++i) {
                if (i > 0)
                    out << separators[i % 4];
                out << "{\"image_id\": " << (i == unknownImageAt ? 99 : 1 + i % 10)
                    << ", \"category_id\": 1, \"bbox\": [" << i % 100
                    << ", 0, 10, 10], \"score\": " << (i % 1000) << "e-3";
                if (cutLookingStrings && i % 50 == 0)
                    out << ", \"note\": \"}, {\\\"x\\\": [1, 2]}\"";
                out << "}";
            }
            out << "]\n\n  ";
            return path;
        };
        for (bool cutLookingStrings : {false, true}) {
            const LoadResult r = load({gt, writeResults("results.json", cutLookingStrings, -1)});
            QVERIFY2(r.ok(), allMessages(r).c_str());
            const LabelField& field = r.dataset->fields[1];
            QCOMPARE(field.objectCount(), std::size_t(kResults));
            double xSum = 0, scoreSum = 0;
            for (const Detection& d : field.detections) {
                xSum += d.box.x;
                scoreSum += d.confidence;
            }
            // Sum over i of i % 100 and of (i % 1000) / 1000, worked out per full cycle.
            QCOMPARE(xSum, 400.0 * 4950);
            QCOMPARE(std::round(scoreSum * 1000), 40.0 * 499500);
            for (SampleIndex s = 0; s < 10; ++s) {
                QCOMPARE(field.forSample(s).size(), std::size_t(kResults / 10));
                // File order is kept inside an image: image s holds results s, s + 10, s + 20, ...
                QCOMPARE(field.forSample(s)[1].box.x, double((s + 10) % 100));
            }
        }
        const LoadResult bad = load({gt, writeResults("bad.json", false, 30001)});
        QVERIFY(!bad.ok());
        QVERIFY2(allMessages(bad).find("bad.json: /30001/image_id: error: image id 99 is not in the ground "
                                       "truth's \"images\" (1 result uses it)") != std::string::npos,
                 allMessages(bad).c_str());
    }

    void resultsBrokenEarlyAreNotReadWhole_data()
    {
        QTest::addColumn<QByteArray>("head");
        QTest::addColumn<bool>("closed");
        const QByteArray element =
            R"({"image_id": 1, "category_id": 1, "bbox": [0, 0, 10, 10], "score": 0.5})";
        // A syntax error in the second element, about 70 bytes in; the rest is valid.
        const QByteArray broken =
            R"({"image_id": 1, "category_id": 1, "bbox": [0, 0, 10, 10], "score": 0.5 x})";
        QTest::newRow("second element") << "[" + element + ", " + broken << true;
        QTest::newRow("byte order mark, second line") << "\xEF\xBB\xBF[" + element + ",\r\n" + broken << true;
        QTest::newRow("no closing bracket") << "[" + element + ", " + broken << false;
    }

    void resultsBrokenEarlyAreNotReadWhole()
    {
        // A large results file broken near its start is reported from the first block that fails,
        // with the file, line/column and cause the whole-document parse gives, and is not read
        // whole: the bytes this process reads (the kernel's count) stay far below the file's size.
        QFETCH(QByteArray, head);
        QFETCH(bool, closed);
        std::ifstream io("/proc/self/io");
        if (!io)
            QSKIP("no /proc/self/io to count the bytes read");
        QTemporaryDir dir;
        const std::string gt = dir.filePath(QStringLiteral("gt.json")).toStdString();
        std::ofstream(gt)
            << R"({"images": [{"id": 1}], "categories": [{"id": 1, "name": "a"}], "annotations": []})";
        const std::string results = dir.filePath(QStringLiteral("results.json")).toStdString();
        {
            std::ofstream out(results, std::ios::binary);
            out << head.toStdString();
            const std::string element =
                R"(, {"image_id": 1, "category_id": 1, "bbox": [0, 0, 10, 10], "score": 0.25})";
            for (int i = 0; i < 400000; ++i)
                out << element;
            if (closed)
                out << "]\n";
        }
        const auto fileSize = static_cast<long long>(std::filesystem::file_size(results));
        auto bytesRead = [] {
            std::ifstream in("/proc/self/io");
            std::string key;
            long long value = 0;
            while (in >> key >> value)
                if (key == "rchar:")
                    return value;
            return -1LL;
        };
        const long long before = bytesRead();
        const LoadResult r = load({gt, results});
        const long long read = bytesRead() - before;
        QVERIFY(!r.ok());
        QCOMPARE(r.diagnostics.size(), std::size_t(1));
        QVERIFY2(read < fileSize / 8, (std::to_string(read) + " of " + std::to_string(fileSize)).c_str());

        // What reading the whole document says, word for word.
        DiagnosticList expected;
        JsonDocument whole;
        QVERIFY(!whole.load(results, expected));
        const std::vector<Diagnostic> oracle = expected.take();
        QCOMPARE(oracle.size(), std::size_t(1));
        QCOMPARE(r.diagnostics[0].toString(), oracle[0].toString());
        QVERIFY2(r.diagnostics[0].toString().find("not valid JSON: syntax error") != std::string::npos,
                 r.diagnostics[0].toString().c_str());
    }

    void resultsWithCutLookingStringsBrokenLate()
    {
        // Strings that look like a cut ("}, {") make blocks fail that are valid JSON in the file:
        // the syntax check then reads only as far as the blocks went, finds nothing there, and
        // the whole-document parse reports the error at the end, word for word.
        QTemporaryDir dir;
        const std::string gt = dir.filePath(QStringLiteral("gt.json")).toStdString();
        std::ofstream(gt)
            << R"({"images": [{"id": 1}], "categories": [{"id": 1, "name": "a"}], "annotations": []})";
        const std::string results = dir.filePath(QStringLiteral("results.json")).toStdString();
        {
            std::ofstream out(results, std::ios::binary);
            out << "[";
            for (int i = 0; i < 60000; ++i)
                out << (i > 0 ? ",\n" : "")
                    << R"({"image_id": 1, "category_id": 1, "bbox": [0, 0, 10, 10], "score": 0.5, "note": "}, {"})";
            out << R"(, {"image_id": 1, "category_id": 1, "bbox": [0, 0, 10, 10], "score": 0.5,]})";
        }
        const LoadResult r = load({gt, results});
        QVERIFY(!r.ok());
        QCOMPARE(r.diagnostics.size(), std::size_t(1));
        DiagnosticList expected;
        JsonDocument whole;
        QVERIFY(!whole.load(results, expected));
        const std::vector<Diagnostic> oracle = expected.take();
        QCOMPARE(oracle.size(), std::size_t(1));
        QCOMPARE(r.diagnostics[0].toString(), oracle[0].toString());
        QVERIFY2(r.diagnostics[0].location.starts_with("line 60000, column "),
                 r.diagnostics[0].toString().c_str());
    }

    void emptyKeysAreNotTakenForKnownOnes()
    {
        // The DOM path reads only its kind's keys: an empty key (legal JSON) is not a result's
        // area nor an annotation's score.
        QTemporaryDir dir;
        const std::string gt = dir.filePath(QStringLiteral("gt.json")).toStdString();
        const std::string results = dir.filePath(QStringLiteral("results.json")).toStdString();
        std::ofstream(gt) << R"({"images": [{"id": 1}], "categories": [{"id": 1, "name": "a"}],
            "annotations": [{"id": 1, "image_id": 1, "category_id": 1, "bbox": [0, 0, 2, 3], "": 0.9}]})";
        std::ofstream(results)
            << R"([{"image_id": 1, "category_id": 1, "bbox": [0, 0, 2, 3], "score": 0.5, "": 7}])";
        const LoadResult r = load({gt, results});
        QVERIFY2(r.ok(), allMessages(r).c_str());
        const Detection& object = r.dataset->fields[0].detections.at(0);
        const Detection& result = r.dataset->fields[1].detections.at(0);
        QVERIFY(!object.hasConfidence());
        QCOMPARE(object.area, 6.0);
        QCOMPARE(result.area, 6.0);
        QCOMPARE(result.confidence, 0.5);
    }

    void largeGroundTruthReadInBlocks()
    {
        // A ground truth's annotations are parsed in blocks on all cores too. 30,000 annotations
        // (~2.5 MiB) must load exactly, with warnings in a late block reported at their index; an
        // unknown category (which the fast path hands back) must still be named and kept; and a
        // syntax error must still be placed by line and column in the whole file.
        QTemporaryDir dir;
        constexpr int kAnnotations = 30000;
        auto writeGroundTruth = [&](const char* name, int unknownCategoryAt, bool truncated) {
            const std::string path = dir.filePath(QLatin1String(name)).toStdString();
            std::ofstream out(path);
            out << "{\"info\": {\"note\": \"}, {\"}, \"images\": [";
            for (int i = 1; i <= 10; ++i)
                out << (i > 1 ? "," : "") << "{\"id\": " << i << ", \"file_name\": \"" << i << ".jpg\"}";
            out << "],\n\"annotations\": [";
            for (int i = 0; i < kAnnotations; ++i) {
                out << (i == 0  ? ""
                        : i % 3 ? ",\n"
                                : " , ")
                    << "{\"id\": " << i << ", \"image_id\": " << 1 + i % 10
                    << ", \"category_id\": " << (i == unknownCategoryAt ? 7 : 1 + i % 2) << ", \"bbox\": ["
                    << i << ", 2, " << (i == 25000 ? 0 : 3) << ", 4], \"iscrowd\": " << (i % 100 == 0 ? 1 : 0)
                    << ", \"segmentation\": [[1, 2, 3, 4]]}";
            }
            if (truncated)
                return path;
            out << "], \"categories\": [{\"id\": 1, \"name\": \"a\"}, {\"id\": 2, \"name\": \"b\"}]}\n";
            return path;
        };
        const LoadResult r = load({writeGroundTruth("gt.json", -1, false)});
        QVERIFY2(r.ok(), allMessages(r).c_str());
        const LabelField& gt = r.dataset->fields[0];
        QCOMPARE(gt.objectCount(), std::size_t(kAnnotations));
        QCOMPARE(r.dataset->labels.size(), std::size_t(2));
        QCOMPARE(std::count_if(gt.detections.begin(), gt.detections.end(),
                               [](const Detection& d) { return d.crowd; }),
                 std::ptrdiff_t(kAnnotations / 100));
        QCOMPARE(std::count_if(gt.detections.begin(), gt.detections.end(),
                               [](const Detection& d) { return d.label == 1; }),
                 std::ptrdiff_t(kAnnotations / 2));
        // Image 1 holds annotations 0, 10, 20, ... in file order (x is the annotation's index).
        QCOMPARE(gt.forSample(0).size(), std::size_t(kAnnotations / 10));
        for (std::size_t k : {1, 1000, 2999})
            QCOMPARE(gt.forSample(0)[k].box.x, double(10 * k));
        QVERIFY2(
            allMessages(r).find("gt.json: /annotations/25000: warning: box with zero or negative width") !=
                std::string::npos,
            allMessages(r).c_str());

        const LoadResult unknown = load({writeGroundTruth("unknown.json", 20001, false)});
        QVERIFY2(unknown.ok(), allMessages(unknown).c_str());
        QCOMPARE(unknown.dataset->fields[0].objectCount(), std::size_t(kAnnotations));
        QCOMPARE(unknown.dataset->labels.back(), std::string("category 7"));
        QVERIFY2(allMessages(unknown).find(
                     "unknown.json: /annotations/20001/category_id: warning: category id not "
                     "listed") != std::string::npos,
                 allMessages(unknown).c_str());

        const LoadResult truncated = load({writeGroundTruth("truncated.json", -1, true)});
        QVERIFY(!truncated.ok());
        QVERIFY2(allMessages(truncated).find("truncated.json: line ") != std::string::npos,
                 allMessages(truncated).c_str());
        QCOMPARE(truncated.diagnostics.size(), std::size_t(1)); // the parse error alone
    }

    void groundTruthSplitSkipsStringsAndEscapes()
    {
        // The ground-truth fast path finds its members' spans by brackets and quotes only: quotes
        // escaped (an odd number of backslashes before them) or not (an even number), and
        // brackets inside strings, must not end a value early.
        QTemporaryDir dir;
        const std::string gt = dir.filePath(QStringLiteral("gt.json")).toStdString();
        std::ofstream(gt)
            << "{\"info\": {\"a\": \"x\\\"]}\", \"b\": \"\\\\\", \"c\": [1, {\"d\": \"]\"}]}, \"i"
            << "mages\": [{\"id\": 1, \"file_name\": \"a \\\"b\\\" ]}.jpg\"}, {\"id\": 2,"
            << " \"file_name\": \"c\\\\\"}], \"annotations\": [{\"image_id\": 1, \"cate"
            << "gory_id\": 1, \"bbox\": [0, 0, 1, 1], \"note\": \"}, {\\\"x\\\": [\"}, "
            << "{\"image_id\": 2, \"category_id\": 1, \"bbox\": [1, 1, 2, 2]}], \"c"
            << "ategories\": [{\"id\": 1, \"name\": \"q\\\"uote\"}]}";
        const LoadResult r = load({gt});
        QVERIFY2(r.ok(), allMessages(r).c_str());
        QCOMPARE(r.dataset->samples.size(), std::size_t(2));
        QCOMPARE(r.dataset->samples[0].fileName, std::string("a \"b\" ]}.jpg"));
        QCOMPARE(r.dataset->samples[1].fileName, std::string("c\\"));
        QCOMPARE(r.dataset->labels.front(), std::string("q\"uote"));
        QCOMPARE(r.dataset->fields[0].objectCount(), std::size_t(2));
        QCOMPARE(r.dataset->fields[0].forSample(1)[0].box.w, 2.0);
    }

    void splitFindsMembersOfLongNestedValues()
    {
        // splitJsonObject walks long values 64 bytes at a time with quote masks, and falls back to
        // a byte-by-byte walk at a backslash: random nested values with brackets, quotes and
        // escapes inside strings, at every offset to the 64-byte blocks, must give the spans a
        // plain recursive reading gives.
        std::mt19937 random(20261202);
        auto pick = [&](int n) { return static_cast<int>(random() % static_cast<unsigned>(n)); };
        std::function<std::string(int)> value = [&](int depth) -> std::string {
            const int kind = depth > 3 ? pick(3) : pick(5);
            if (kind == 0)
                return std::to_string(pick(100000)) + "." + std::to_string(pick(100));
            if (kind == 1 || kind == 2) {
                std::string text = "\"";
                for (int n = pick(kind == 2 ? 90 : 12); n-- > 0;) {
                    const char* pieces[] = {"a", "]", "}", "[", "{", ",", " ", "\\\"", "\\\\", "x y"};
                    // Backslashes are rare, so that long runs take the 64-byte path.
                    const int which = pick(100) < 3 ? 7 + pick(2) : (pick(10) == 9 ? 9 : pick(7));
                    text += pieces[which];
                }
                return text + "\"";
            }
            const bool isArray = kind == 3;
            std::string text = isArray ? "[" : "{";
            for (int n = pick(6); n-- > 0;) {
                if (text.size() > 1)
                    text += pick(2) ? "," : ", ";
                if (!isArray)
                    text += "\"k" + std::to_string(pick(10)) + "\": ";
                text += value(depth + 1);
            }
            return text + (isArray ? "]" : "}");
        };
        for (int round = 0; round < 400; ++round) {
            std::string object = std::string(static_cast<std::size_t>(pick(64)), ' ') + "{";
            std::vector<std::pair<std::string, std::string>> expected;
            for (int m = 0, members = 1 + pick(4); m < members; ++m) {
                std::string v = pick(3) ? value(0) : "[" + value(0) + "," + value(0) + "]";
                expected.emplace_back("m" + std::to_string(m), v);
                object += (m ? ",\n" : "") + std::string("\"m") + std::to_string(m) + "\": " + v;
            }
            object += "}";
            const auto members = splitJsonObject(object);
            QVERIFY2(members.has_value(), object.c_str());
            QCOMPARE(members->size(), expected.size());
            for (std::size_t m = 0; m < expected.size(); ++m) {
                QCOMPARE(std::string((*members)[m].key), expected[m].first);
                QCOMPARE(object.substr((*members)[m].begin, (*members)[m].end - (*members)[m].begin),
                         expected[m].second);
            }
            // Cut short anywhere inside the last value, it is not one object.
            const std::size_t cut = object.size() - 1 - static_cast<std::size_t>(pick(8));
            QVERIFY(!splitJsonObject(std::string_view(object).substr(0, cut)).has_value());
        }
    }

    void cocoScannerTakesOnlyTheKeysItKnows()
    {
        // Keys are recognised by their exact quoted bytes; a longer key with the same start, or
        // one whose letters come through an escape, is not one of them (simdjson reads the block).
        std::vector<CocoElementValues> values;
        QVERIFY(scanCocoElements(R"({"image_id":7,"category_id":3,"bbox":[1,2,3,4],"score":0.5,"id":9})",
                                 false, values));
        QCOMPARE(values.size(), std::size_t(1));
        QCOMPARE(*values[0].imageNumber, std::int64_t(7));
        QCOMPARE(values[0].category, std::int64_t(3));
        QCOMPARE(values[0].box.h, 4.0);
        QCOMPARE(*values[0].score, 0.5);
        for (const char* refused :
             {R"({"image_idx": 1, "category_id": 1, "bbox": [0, 0, 1, 1]})",
              R"({"image_id": 1, "category_id": 1, "bboxes": [0, 0, 1, 1]})",
              R"({"image_id": 1, "category_id": 1, "bbox": [0, 0, 1, 1], "idx": 1})",
              R"({"image\u005fid": 1, "category_id": 1, "bbox": [0, 0, 1, 1]})",
              R"({"image_id": 1, "category_id": 1, "bbox": [0, 0, 1, 1], "scores": 1})",
              R"({"image_id": 1, "category_id": 1, "bbox": [0, 0, 1, 1], "area": 1})",
              R"({"image_id": 1, "category_id": 1, "bbox": [0, 0, 1, 1], "iscrowd": 1})"})
            QVERIFY2(!scanCocoElements(refused, false, values), refused);
        // Annotations take area and iscrowd, not score.
        QVERIFY(scanCocoElements(
            R"({"id":1,"image_id":1,"category_id":1,"bbox":[0,0,1,1],"area":2.5,"iscrowd":1})", true,
            values));
        QCOMPARE(*values[0].area, 2.5);
        QVERIFY(values[0].crowd);
        QVERIFY(
            !scanCocoElements(R"({"image_id":1,"category_id":1,"bbox":[0,0,1,1],"score":1})", true, values));
        // Digits read eight at a time: runs of every length up to 20 around the eight-byte steps.
        for (int length = 1; length <= 20; ++length) {
            std::string digits;
            for (int k = 0; k < length; ++k)
                digits += static_cast<char>('1' + (k * 7) % 9);
            const std::string text = R"({"image_id":)" + digits.substr(0, std::min(length, 18)) +
                                     R"(,"category_id":1,"bbox":[)" + digits + ".5," + "0." + digits +
                                     ",1,1]}";
            QVERIFY2(scanCocoElements(text, false, values), text.c_str());
            QCOMPARE(*values[0].imageNumber, std::stoll(digits.substr(0, std::min(length, 18))));
            const double x = std::strtod((digits + ".5").c_str(), nullptr);
            const double y = std::strtod(("0." + digits).c_str(), nullptr);
            QVERIFY2(std::memcmp(&values[0].box.x, &x, sizeof x) == 0, text.c_str());
            QVERIFY2(std::memcmp(&values[0].box.y, &y, sizeof y) == 0, text.c_str());
        }
    }

    void idIndexAgreesWithAMap()
    {
        // Image and category ids: a flat table for the small ones that grows with the entries,
        // a hash map for the rest (negative, huge, or far beyond the entries so far). Random ids of
        // every kind, with first-wins and overwriting inserts, against std::map.
        std::mt19937_64 random(7);
        IdIndex index;
        std::map<std::int64_t, std::uint32_t> expected;
        for (std::uint32_t i = 0; i < 60000; ++i) {
            std::int64_t id = 0;
            switch (random() % 5) {
            case 0:
                id = static_cast<std::int64_t>(random() % 2000);
                break;
            case 1:
                id = static_cast<std::int64_t>(random() % 3'000'000);
                break; // beyond the table at first
            case 2:
                id = -static_cast<std::int64_t>(random() % 1000);
                break;
            case 3:
                id = static_cast<std::int64_t>(random() >> 1);
                break;
            default:
                id = static_cast<std::int64_t>(i);
                break;
            }
            if (random() % 3 == 0) {
                index.assign(id, i);
                expected[id] = i;
            } else {
                index.emplace(id, i);
                expected.emplace(id, i);
            }
        }
        for (const auto& [id, value] : expected)
            QCOMPARE(index.find(id), std::optional<std::uint32_t>(value));
        for (std::int64_t id : {std::int64_t(-5000), std::int64_t(2'999'999'999), INT64_MIN, INT64_MAX})
            QCOMPARE(index.find(id).has_value(), expected.count(id) == 1);
        QVERIFY(!IdIndex().find(0));
    }

    void cocoScannerReadsNumbersExactly()
    {
        // The plain COCO scanner converts numbers itself (Clinger's fast path) or with
        // std::from_chars: every value must be the correctly rounded double of its text (glibc's
        // strtod), and integers go through int64 as simdjson's do ("-0" is 0, "-0.0" is -0.0).
        std::mt19937_64 random(20261125);
        std::vector<std::string> texts = {"0",
                                          "-0",
                                          "-0.0",
                                          "0.1",
                                          "1e22",
                                          "1e23",
                                          "123456789012345.6",
                                          "5e-324",
                                          "9007199254740993",
                                          "0.30000000000000004",
                                          "1E+2",
                                          "2.5e-3"};
        char buffer[64];
        for (int i = 0; i < 20000; ++i) {
            const double v = std::ldexp(double(random() >> 11), int(random() % 80) - 70);
            const char* formats[] = {"%.17g", "%.16g", "%.15g", "%.6f", "%.3e", "%.9g"};
            std::snprintf(buffer, sizeof buffer, formats[i % 6], i % 7 == 0 ? -v : v);
            texts.emplace_back(buffer);
        }
        std::string json;
        for (std::size_t i = 0; i < texts.size(); ++i)
            json += (i ? "," : "") + std::string("{\"image_id\": 1, \"category_id\": 1, \"bbox\": [") +
                    texts[i] + ", 0, 1, 1], \"score\": " + texts[i] + "}";
        std::vector<CocoElementValues> values;
        QVERIFY(scanCocoElements(json, false, values));
        QCOMPARE(values.size(), texts.size());
        for (std::size_t i = 0; i < texts.size(); ++i) {
            const std::string& t = texts[i];
            const bool integral = t.find_first_of(".eE") == std::string::npos;
            const double expected = integral ? double(std::stoll(t)) : std::strtod(t.c_str(), nullptr);
            QVERIFY2(std::memcmp(&values[i].box.x, &expected, sizeof expected) == 0, t.c_str());
            QVERIFY2(std::memcmp(&*values[i].score, &expected, sizeof expected) == 0, t.c_str());
        }
        // What it does not take, it leaves to simdjson: other keys, escapes, leading zeros, 1e400.
        for (const char* refused :
             {R"({"image_id": 1, "category_id": 1, "bbox": [0, 0, 1, 1], "extra": 1})",
              R"({"image_id": "a\u0062", "category_id": 1, "bbox": [0, 0, 1, 1]})",
              R"({"image_id": 01, "category_id": 1, "bbox": [0, 0, 1, 1]})",
              R"({"image_id": 1, "category_id": 1, "bbox": [1e400, 0, 1, 1]})",
              R"({"image_id": 1, "image_id": 2, "category_id": 1, "bbox": [0, 0, 1, 1]})",
              R"({"image_id": 1, "category_id": 1, "bbox": [0, 0, 1]})",
              R"({"image_id": 1, "category_id": 1.5, "bbox": [0, 0, 1, 1]})",
              R"({"image_id": 1, "category_id": 1, "bbox": [0, 0, 1, 1]} x)"})
            QVERIFY2(!scanCocoElements(refused, false, values), refused);
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
