// SPDX-License-Identifier: MIT
// The plain COCO scanner and the flat id table: only the keys it knows, numbers exact, ids as a map finds
// them.
#include "core/eval/evaluation.h"
#include "core/io/coco/coco_scan.h"
#include "core/io/json/json_blocks.h"
#include "core/io/json/json_input.h"
#include "core/io/loader.h"
#include "core/model/dataset_builder.h"
#include "core/model/id_index.h"
#include "number_texts.h"
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

class TestCocoScan : public QObject
{
    Q_OBJECT

private slots:
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
        const std::vector<std::string> texts = test::numberTexts();
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
};

QTEST_GUILESS_MAIN(TestCocoScan)
#include "tst_coco_scan.moc"
