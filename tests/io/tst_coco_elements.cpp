// SPDX-License-Identifier: MIT
// The one COCO element reader: the block path (the plain scanner, or simdjson's DOM for what the
// scanner does not take) and the whole-document path read an element with the same code, so a block is taken
// exactly when the reporting reader has no error to give, and the warnings replayed for it are the
// reporting reader's own.
#include "core/io/coco/coco_blocks.h"
#include "core/io/coco/coco_elements.h"
#include "core/model/dataset_builder.h"
#include "number_texts.h"

#include <QTest>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <random>
#include <string>
#include <vector>

using namespace optconf;

namespace {

/// Images 1 and "b7", category 1.
DatasetBuilder smallBuilder()
{
    DatasetBuilder builder;
    Sample one;
    one.id = "1";
    builder.addSampleIfNew(std::move(one));
    Sample named;
    named.id = "b7";
    builder.addSampleIfNew(std::move(named));
    builder.setCategory(1, builder.label("a"));
    return builder;
}

/// `elements` as one block: "[elements]" with simdjson's padding.
std::vector<char> blockOf(const std::string& elements)
{
    std::vector<char> buffer(elements.size() + 2 + simdjson::SIMDJSON_PADDING, '\0');
    buffer[0] = '[';
    std::memcpy(buffer.data() + 1, elements.data(), elements.size());
    buffer[elements.size() + 1] = ']';
    return buffer;
}

std::string textOf(DiagnosticList& diagnostics)
{
    std::string text;
    for (const Diagnostic& d : diagnostics.take())
        text += d.toString() + "\n";
    return text;
}

/// What the whole-document path says about one element (at index 0 of a results list, or of the
/// annotations), read from the DOM with the reporting sink.
std::string reported(const std::string& element, CocoElementKind kind, bool& added)
{
    DatasetBuilder builder = smallBuilder();
    DiagnosticList diagnostics;
    simdjson::dom::parser parser;
    simdjson::dom::element e = parser.parse(element);
    ReportingElementSink sink("f.json", builder, diagnostics,
                              kind == CocoElementKind::Result ? "/" : "/annotations/");
    sink.setIndex(0);
    SampleIndex sample = 0;
    Detection d;
    added = readCocoDetection(cocoDetectionFields(e, kind), kind, sink, sample, d);
    sink.reportUnknownImages(); // as the results loader does after the whole list
    return textOf(diagnostics);
}

} // namespace

class TestCocoElements : public QObject
{
    Q_OBJECT

private slots:
    void blockTakesWhatTheReportingReaderReadsWithoutError_data()
    {
        QTest::addColumn<QString>("element");
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("message"); // what the whole-document path says, hand-written
        QTest::addColumn<int>("parse");       // the block parser that reads it, when it is taken
        const int result = int(CocoElementKind::Result), annotation = int(CocoElementKind::Annotation);
        const int scanner = int(CocoBlockParse::Scanner), dom = int(CocoBlockParse::Dom);
        QTest::newRow("plain")
            << QStringLiteral(R"({"image_id": 1, "category_id": 1, "bbox": [0, 0, 2, 2], "score": 0.5})")
            << result << QString() << scanner;
        QTest::newRow("with an id")
            << QStringLiteral(
                   R"({"id": 4, "image_id": 1, "category_id": 1, "bbox": [0, 0, 2, 2], "score": 0.5})")
            << result << QString() << scanner;
        QTest::newRow("string id")
            << QStringLiteral(R"({"image_id": "b7", "category_id": 1, "bbox": [0, 0, 2, 2], "score": 1})")
            << result << QString() << scanner;
        QTest::newRow("no score")
            << QStringLiteral(R"({"image_id": 1, "category_id": 1, "bbox": [0, 0, 2, 2]})") << result
            << QStringLiteral(
                   "f.json: /0: warning: result without a \"score\" (never kept at any threshold)\n")
            << scanner;
        QTest::newRow("null score")
            << QStringLiteral(R"({"image_id": 1, "category_id": 1, "bbox": [0, 0, 2, 2], "score": null})")
            << result
            << QStringLiteral(
                   "f.json: /0: warning: result without a \"score\" (never kept at any threshold)\n")
            << scanner;
        QTest::newRow("missing keys") << QStringLiteral(R"({"bbox": [0, 0, 2, 2], "score": 0.5})") << result
                                      << QStringLiteral("f.json: /0: error: missing key \"image_id\"\n"
                                                        "f.json: /0: error: missing key \"category_id\"\n")
                                      << scanner;
        QTest::newRow("unknown image")
            << QStringLiteral(R"({"image_id": 9, "category_id": 1, "bbox": [0, 0, 2, 2], "score": 0.5})")
            << result
            << QStringLiteral(
                   "f.json: /0/image_id: error: image id 9 is not in the ground truth's \"images\" (1 "
                   "result uses it)\n")
            << scanner;
        QTest::newRow("short box")
            << QStringLiteral(R"({"image_id": 1, "category_id": 1, "bbox": [0, 0, 2], "score": 0.5})")
            << result
            << QStringLiteral("f.json: /0/bbox: error: expected an array of 4 numbers [x, y, w, h], found an "
                              "array of 3 values\n")
            << dom;
        QTest::newRow("string in box")
            << QStringLiteral(R"({"image_id": 1, "category_id": 1, "bbox": [0, "0", 2, 2], "score": 0.5})")
            << result << QStringLiteral("f.json: /0/bbox/1: error: expected a number, found a string\n")
            << scanner;
        QTest::newRow("box an object")
            << QStringLiteral(R"({"image_id": 1, "category_id": 1, "bbox": {"x": 1}, "score": 0.5})")
            << result
            << QStringLiteral(
                   "f.json: /0/bbox: error: expected an array of 4 numbers [x, y, w, h], found an object\n")
            << dom;
        QTest::newRow("fractional category")
            << QStringLiteral(R"({"image_id": 1, "category_id": 1.5, "bbox": [0, 0, 2, 2], "score": 0.5})")
            << result << QStringLiteral("f.json: /0/category_id: error: expected an integer category id\n")
            << scanner;
        QTest::newRow("new category")
            << QStringLiteral(R"({"image_id": 1, "category_id": 4, "bbox": [0, 0, 2, 2], "score": 0.5})")
            << result
            << QStringLiteral("f.json: /0/category_id: warning: category id not in the ground truth's "
                              "categories (kept, named by its id)\n")
            << scanner;
        QTest::newRow("string score")
            << QStringLiteral(R"({"image_id": 1, "category_id": 1, "bbox": [0, 0, 2, 2], "score": "0.5"})")
            << result << QStringLiteral("f.json: /0/score: error: expected a number, found a string\n")
            << scanner;
        QTest::newRow("not an object")
            << QStringLiteral("[1, 2]") << result
            << QStringLiteral("f.json: /0: error: expected a result object, found an array\n") << dom;
        QTest::newRow("other key")
            << QStringLiteral(
                   R"({"image_id": 1, "category_id": 1, "bbox": [0, 0, 2, 2], "score": 0.5, "extra": [1]})")
            << result << QString() << dom;
        QTest::newRow("repeated key: the first wins")
            << QStringLiteral(
                   R"({"image_id": 1, "image_id": 9, "category_id": 1, "bbox": [0, 0, 2, 2], "score": 0.5})")
            << result << QString() << dom;
        QTest::newRow("annotation")
            << QStringLiteral(
                   R"({"id": 3, "image_id": 1, "category_id": 1, "bbox": [0, 0, 2, 2], "area": 3.5, "iscrowd": 1})")
            << annotation << QString() << scanner;
        QTest::newRow("annotation with a segmentation")
            << QStringLiteral(
                   R"({"id": 3, "image_id": 1, "category_id": 1, "bbox": [0, 0, 2, 2], "segmentation": [[0, 0, 1, 1]]})")
            << annotation << QString() << dom;
        QTest::newRow("annotation, unknown image")
            << QStringLiteral(R"({"image_id": 2, "category_id": 1, "bbox": [0, 0, 2, 2]})") << annotation
            << QStringLiteral(
                   "f.json: /annotations/0/image_id: error: names an image id that is not in \"images\"\n")
            << scanner;
        QTest::newRow("annotation, new category")
            << QStringLiteral(R"({"image_id": 1, "category_id": 5, "bbox": [0, 0, 2, 2]})") << annotation
            << QStringLiteral("f.json: /annotations/0/category_id: warning: category id not listed in "
                              "\"categories\"; named by its id\n")
            << scanner;
        QTest::newRow("annotation, empty box")
            << QStringLiteral(R"({"image_id": 1, "category_id": 1, "bbox": [0, 0, 0, 2]})") << annotation
            << QStringLiteral("f.json: /annotations/0: warning: box with zero or negative width or height "
                              "(kept; it can never be matched)\n")
            << scanner;
        QTest::newRow("huge box")
            << QStringLiteral(
                   R"({"image_id": 1, "category_id": 1, "bbox": [0, 0, 1e308, 1e308], "score": 0.5})")
            << result
            << QStringLiteral(
                   "f.json: /0: error: box coordinates are too large (they overflow when combined)\n")
            << scanner;
        QTest::newRow("score above 1")
            << QStringLiteral(R"({"image_id": 1, "category_id": 1, "bbox": [0, 0, 2, 2], "score": 7})")
            << result << QStringLiteral("f.json: /0: warning: confidence outside [0, 1] (kept as given)\n")
            << scanner;
    }

    void blockTakesWhatTheReportingReaderReadsWithoutError()
    {
        QFETCH(QString, element);
        QFETCH(int, kind);
        QFETCH(QString, message);
        QFETCH(int, parse);
        const auto k = static_cast<CocoElementKind>(kind);
        const std::string text = element.toStdString();
        bool added = false;
        const std::string whole = reported(text, k, added);
        QCOMPARE(QString::fromStdString(whole), message);
        // The same element twice in one block, as the block path reads it.
        const DatasetBuilder builder = smallBuilder();
        CocoBlockParsers parsers;
        CocoBlock block;
        const std::vector<char> json = blockOf(text + ", " + text);
        const CocoBlockParse how =
            readCocoBlock(block, json.data(), text.size() * 2 + 4, "f.json", builder, parsers, k);
        const bool errorOrNewCategory = whole.find(": error: ") != std::string::npos ||
                                        whole.find("category id not") != std::string::npos;
        // What the scanner does not take, the DOM reads (and refuses again when the element is bad).
        QCOMPARE(int(how), errorOrNewCategory ? int(CocoBlockParse::Dom) : parse);
        QCOMPARE(block.ok, added && !errorOrNewCategory);
        if (!block.ok)
            return;
        QCOMPARE(block.items.size(), std::size_t(2));
        // Replayed warnings: the reporting reader's, for each copy.
        QCOMPARE(block.warned.size(), whole.empty() ? std::size_t(0) : std::size_t(2));
        const std::string path = k == CocoElementKind::Result ? "/0" : "/annotations/0";
        for (std::uint32_t w : block.warned) {
            DiagnosticList replayed;
            replayCocoWarnings(block.items[w], k, "f.json", path, replayed);
            QCOMPARE(textOf(replayed), whole);
        }
    }

    void notJsonIsNotTaken()
    {
        // Text the DOM refuses is refused by the block too, whatever the scanner makes of it.
        const DatasetBuilder builder = smallBuilder();
        CocoBlockParsers parsers;
        CocoBlock block;
        const std::string good = R"({"image_id": 1, "category_id": 1, "bbox": [0, 0, 2, 2], "score": 0.5})";
        for (const std::string& broken : std::vector<std::string>{
                 good + "] x [" + good, good + ", ",
                 R"({"image_id": 1, "category_id": 1, "bbox": [0, 0, 2, 2], "score": nul})",
                 R"({"image_id": 1, "category_id": 1, "bbox": [0, 0, 2, 2], "score": 0.5,})",
                 R"({"image_id": 01, "category_id": 1, "bbox": [0, 0, 2, 2], "score": 0.5})",
                 R"({"image_id": 1, "category_id": 1, "bbox": [0, 0, 2, 2] "score": 0.5})",
                 R"({"image_id": "a)"
                 "\x01"
                 R"(", "category_id": 1, "bbox": [0, 0, 2, 2], "score": 0.5})",
                 R"({"image_id": "\x", "category_id": 1, "bbox": [0, 0, 2, 2], "score": 0.5})",
                 R"({"image_id": 1, "category_id": 1, "bbox": [1e400, 0, 2, 2], "score": 0.5})"}) {
            const std::vector<char> json = blockOf(broken);
            const CocoBlockParse how = readCocoBlock(block, json.data(), broken.size() + 2, "f.json", builder,
                                                     parsers, CocoElementKind::Result);
            QVERIFY2(how == CocoBlockParse::NotJson, broken.c_str());
            QVERIFY(!block.ok);
        }
        // A key spelled with an escape is the key: the scanner leaves it to the DOM, which reads it so.
        const std::string escaped =
            R"({"image\u005fid": 1, "category_id": 1, "bbox": [0, 0, 2, 2], "score": 0.5})";
        const std::vector<char> json = blockOf(escaped);
        QCOMPARE(int(readCocoBlock(block, json.data(), escaped.size() + 2, "f.json", builder, parsers,
                                   CocoElementKind::Result)),
                 int(CocoBlockParse::Dom));
        QVERIFY(block.ok);
    }

    void numbersAreReadExactly()
    {
        // Every value must be the correctly rounded double of its text (glibc's strtod), and
        // integers go through int64 as the DOM's do ("-0" is 0, "-0.0" is -0.0).
        const std::vector<std::string> texts = test::numberTexts();
        std::string elements;
        for (std::size_t i = 0; i < texts.size(); ++i)
            elements += (i ? "," : "") + std::string("{\"image_id\": 1, \"category_id\": 1, \"bbox\": [") +
                        texts[i] + ", 0, 1, 1], \"score\": " + texts[i] + "}";
        const DatasetBuilder builder = smallBuilder();
        CocoBlockParsers parsers;
        CocoBlock block;
        const std::vector<char> json = blockOf(elements);
        QCOMPARE(int(readCocoBlock(block, json.data(), elements.size() + 2, "f.json", builder, parsers,
                                   CocoElementKind::Result)),
                 int(CocoBlockParse::Scanner));
        QVERIFY(block.ok);
        QCOMPARE(block.items.size(), texts.size());
        for (std::size_t i = 0; i < texts.size(); ++i) {
            const std::string& t = texts[i];
            const bool integral = t.find_first_of(".eE") == std::string::npos;
            const double expected = integral ? double(std::stoll(t)) : std::strtod(t.c_str(), nullptr);
            QVERIFY2(
                std::memcmp(&block.items[i].box.x, &expected, sizeof expected) == 0,
                (t + " " + std::to_string(block.items[i].box.x) + " " + std::to_string(expected)).c_str());
            QVERIFY2(std::memcmp(&block.items[i].confidence, &expected, sizeof expected) == 0, t.c_str());
        }
    }
};

QTEST_GUILESS_MAIN(TestCocoElements)
#include "tst_coco_elements.moc"
