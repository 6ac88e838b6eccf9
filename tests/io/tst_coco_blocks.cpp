// SPDX-License-Identifier: MIT
// COCO files read in blocks on every core: the same dataset and messages as the whole-document reader, and
// the member splits behind them.
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

} // namespace

class TestCocoBlocks : public QObject
{
    Q_OBJECT

private slots:
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
};

QTEST_GUILESS_MAIN(TestCocoBlocks)
#include "tst_coco_blocks.moc"
