// SPDX-License-Identifier: MIT
// The dataset formats of issue 5: YOLO, Pascal VOC, FiftyOne image detections and CSV, each on its
// own, mixed, and the same small data set in every format giving the same sweep as COCO.

#include "core/eval/evaluation.h"
#include "core/io/class_names.h"
#include "core/io/loader.h"
#include "core/model/dataset_builder.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace optconf;

namespace QTest {
template<>
char* toString(const Counts& c)
{
    return qstrdup(QByteArray("TP " + QByteArray::number(static_cast<qlonglong>(c.tp)) + ", FP " +
                              QByteArray::number(static_cast<qlonglong>(c.fp)) + ", FN " +
                              QByteArray::number(static_cast<qlonglong>(c.fn)))
                       .constData());
}
} // namespace QTest

namespace {

const QString kData = QStringLiteral(OPTCONF_FORMATS_DATA "/same/");

std::filesystem::path data(const char* relative)
{
    return std::filesystem::path(QString(kData + QString::fromUtf8(relative)).toStdString());
}

std::string allMessages(const LoadResult& r)
{
    std::string s;
    for (const Diagnostic& d : r.diagnostics)
        s += d.toString() + "\n";
    return s;
}

LoadResult load(std::vector<std::filesystem::path> inputs)
{
    return loadDataset(LoadRequest{std::move(inputs), {}});
}

#define REQUIRE_LOADED(result) QVERIFY2((result).ok(), allMessages(result).c_str())

EvaluationResult evaluateFields(const Dataset& d, const std::string& gt, const std::string& pred,
                                bool countDifficult = false)
{
    EvaluationRequest r;
    r.groundTruthField = gt;
    r.predictionField = pred;
    r.match.countDifficult = countDifficult;
    if (auto invalid = validate(d, r))
        qFatal("invalid request: %s", invalid->c_str());
    return *evaluate(d, r);
}

const LabelField& field(const Dataset& d, const char* name)
{
    const LabelField* f = d.field(name);
    if (!f)
        qFatal("no field %s", name);
    return *f;
}

std::string labelOf(const Dataset& d, const Detection& det)
{
    return d.labels.at(det.label);
}

/// Writes `files` ("relative/path" -> content) under `dir`.
void writeFiles(const QTemporaryDir& dir, const QStringList& paths, const QStringList& contents)
{
    QCOMPARE(paths.size(), contents.size());
    for (qsizetype i = 0; i < paths.size(); ++i) {
        const QString path = dir.filePath(paths[i]);
        QDir().mkpath(QFileInfo(path).absolutePath());
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(contents[i].toUtf8());
    }
}

std::vector<std::filesystem::path> inDir(const QTemporaryDir& dir, const QStringList& relative)
{
    std::vector<std::filesystem::path> out;
    for (const QString& r : relative)
        out.emplace_back(dir.filePath(r).toStdString());
    return out;
}

} // namespace

// The shared data set ("same/"), drawn in pixels; YOLO and FiftyOne hold it normalised.
//   img1 100x100: GT cat [10,10,40,40], dog [60,60,30,30]
//   img2 200x100: GT cat [20,20,50,50], cat [120,10,60,60]
//   img3 100x50 : GT dog [10,10,30,30]
//   img4 100x100: no objects
// Predictions (detA), by descending confidence, matched classwise at IoU 0.5:
//   0.95 img3 cat [10,10,30,30]   no cat in img3                                  FP
//   0.90 img1 cat [12,12,40,40]   IoU 38*38/(1600+1600-1444) = 0.82 with the cat  TP
//   0.80 img2 cat [20,20,50,50]   IoU 1 with the first cat                        TP
//   0.70 img2 cat [25,25,50,50]   first cat taken, no overlap with the second     FP
//   0.60 img2 cat [150,10,60,60]  IoU 1800/5400 = 0.33 with the second cat        FP
//   0.50 img4 dog [10,10,20,20]   img4 has no objects                             FP
//   0.40 img1 dog [0,60,30,30]    no overlap with the dog                         FP
//   0.30 img1 dog [62,60,30,30]   IoU 840/960 = 0.875 with the dog                TP
// 5 objects. At t = 0: TP 3, FP 5, FN 2 (img2's second cat, img3's dog).
// F1 = 2TP/(2TP+FP+FN) at each distinct score: 0.3 -> 6/13, 0.4 -> 4/12, 0.5 -> 4/11, 0.6 -> 4/10,
// 0.7 -> 4/9, 0.8 -> 4/8 = 0.5 (TP 2, FP 1, FN 3), 0.9 -> 2/7, 0.95 -> 0. Exact optimum 0.8.
// On the grid linspace(0, 1, 101), t[70] = 0.7000000000000001 > 0.7 already drops the 0.7 FP, so
// the grid optimum is t[70] with TP 2, FP 1, FN 3.
class TestFormats : public QObject
{
    Q_OBJECT

private slots:
    void yolo();
    void yoloNamesFiles_data();
    void yoloNamesFiles();
    void yamlNames_data();
    void yamlNames();
    void yamlNamesErrors_data();
    void yamlNamesErrors();
    void yoloBackgroundImages();
    void voc();
    void vocDifficult();
    void vocDifficultCli();
    void csv();
    void csvSyntax();
    void csvAliases();
    void fiftyoneImageDetections();
    void sameSweepInEveryFormat_data();
    void sameSweepInEveryFormat();
    void mixing();
    void badInput_data();
    void badInput();
    void truncatedInputNeverCrashes_data();
    void truncatedInputNeverCrashes();
    void cancel();
};

void TestFormats::yolo()
{
    const LoadResult r = load({data("yolo/labels"), data("yolo/detA/labels")});
    REQUIRE_LOADED(r);
    const Dataset& d = *r.dataset;
    QCOMPARE(d.samples.size(), 4u);
    QCOMPARE(d.samples[1].id, std::string("img2"));
    QCOMPARE(d.samples[1].width, 0); // YOLO does not know image sizes
    // data.yaml "names: {0: cat, 1: dog}" (block map) gives the names in index order.
    QCOMPARE(d.labels, (std::vector<std::string>{"cat", "dog"}));
    QCOMPARE(d.fields.size(), 2u);
    // A folder called "labels" is named after its parent.
    const LabelField& gt = field(d, "yolo");
    const LabelField& pred = field(d, "detA");
    QCOMPARE(gt.format, std::string("YOLO ground truth"));
    QCOMPARE(pred.format, std::string("YOLO predictions"));
    QVERIFY(gt.source.ends_with("yolo/labels"));
    QVERIFY(pred.source.ends_with("yolo/detA/labels"));
    QCOMPARE(gt.objectCount(), 5u);
    QCOMPARE(pred.objectCount(), 8u);
    QCOMPARE(pred.scoredCount(), 8u);
    QCOMPARE(gt.forSample(3).size(), 0u); // img4.txt is empty: no objects
    // img2's second cat: "0 0.75 0.4 0.3 0.6" -> top-left [0.6, 0.1, 0.3, 0.6], still normalised.
    const Detection& cat2 = gt.forSample(1)[1];
    QCOMPARE(labelOf(d, cat2), std::string("cat"));
    QVERIFY(std::abs(cat2.box.x - 0.6) < 1e-12 && std::abs(cat2.box.y - 0.1) < 1e-12);
    QVERIFY(std::abs(cat2.box.w - 0.3) < 1e-12 && std::abs(cat2.box.h - 0.6) < 1e-12);
    QCOMPARE(pred.forSample(1)[2].confidence, 0.6);
    const auto result = evaluateFields(d, "yolo", "detA");
    QCOMPARE(result.sweep.total.grid.front().counts, (Counts{3, 5, 2}));
}

void TestFormats::yoloNamesFiles_data()
{
    QTest::addColumn<QStringList>("paths");
    QTest::addColumn<QStringList>("contents");
    QTest::addColumn<QString>("expectedLabels");

    const QString gt = QStringLiteral("0 0.5 0.5 0.2 0.2\n2 0.5 0.5 0.2 0.2\n");
    QTest::newRow("classes.txt in the folder")
        << QStringList{QStringLiteral("lbl/a.txt"), QStringLiteral("lbl/classes.txt")}
        << QStringList{gt, QStringLiteral("cat\ndog\r\nbird\n\n")} << QStringLiteral("cat,bird");
    QTest::newRow("obj.names in the parent")
        << QStringList{QStringLiteral("lbl/a.txt"), QStringLiteral("obj.names")}
        << QStringList{gt, QStringLiteral("person\ncar\ntruck\n")} << QStringLiteral("person,truck");
    QTest::newRow("data.yaml list in the parent")
        << QStringList{QStringLiteral("lbl/a.txt"), QStringLiteral("data.yaml")}
        << QStringList{gt, QStringLiteral("nc: 3\nnames: ['a', \"b\", c]  # three\n")}
        << QStringLiteral("a,c");
    QTest::newRow("no names: class indices")
        << QStringList{QStringLiteral("lbl/a.txt")} << QStringList{gt} << QStringLiteral("0,2");
}

void TestFormats::yoloNamesFiles()
{
    QFETCH(QStringList, paths);
    QFETCH(QStringList, contents);
    QFETCH(QString, expectedLabels);
    QTemporaryDir dir;
    writeFiles(dir, paths, contents);
    const LoadResult r = load(inDir(dir, {QStringLiteral("lbl")}));
    REQUIRE_LOADED(r);
    const LabelField& gt = r.dataset->fields.front();
    QStringList labels;
    for (const Detection& det : gt.detections)
        labels << QString::fromStdString(labelOf(*r.dataset, det));
    QCOMPARE(labels.join(QLatin1Char(',')), expectedLabels);
}

void TestFormats::yamlNames_data()
{
    QTest::addColumn<QString>("yaml");
    QTest::addColumn<QString>("expected"); // "index:name;..."

    QTest::newRow("flow list") << QStringLiteral("names: [person, 'traffic light', \"it's\"]\n")
                               << QStringLiteral("0:person;1:traffic light;2:it's");
    QTest::newRow("flow list over lines")
        << QStringLiteral("train: x\nnames: [a,\n  b,\n  c,]\nnc: 3\n") << QStringLiteral("0:a;1:b;2:c");
    QTest::newRow("flow map") << QStringLiteral("names: {0: a, 1: 'b: c'}\n") << QStringLiteral("0:a;1:b: c");
    QTest::newRow("block list") << QStringLiteral("names:\n  - a  # first\n  - 'b'\nval: images\n")
                                << QStringLiteral("0:a;1:b");
    QTest::newRow("block list at the key's indent")
        << QStringLiteral("names:\n- a\n- b\n") << QStringLiteral("0:a;1:b");
    QTest::newRow("block map, CRLF, BOM, comments")
        << QStringLiteral("\xEF\xBB\xBF# data\r\npath: ../d\r\nnames:\r\n  0: person\r\n\r\n  # gap\r\n  1: "
                          "car\r\ndownload: x\r\n")
        << QStringLiteral("0:person;1:car");
    QTest::newRow("no names key") << QStringLiteral("nc: 2\n") << QString();
    // What a real YAML parser reads and a line-by-line one did not: YAML is a superset of JSON
    // (tools that json.dump their data.yaml), quoted keys, anchors, and lists nested in the key's
    // indentation with a block scalar before them.
    QTest::newRow("JSON") << QStringLiteral("{\"nc\": 2, \"names\": [\"cat\", \"dog\"]}\n")
                          << QStringLiteral("0:cat;1:dog");
    QTest::newRow("quoted key") << QStringLiteral("'names':\n  0: cat\n  1: dog\n")
                                << QStringLiteral("0:cat;1:dog");
    QTest::newRow("anchor") << QStringLiteral("names: &classes [cat, dog]\nval_names: *classes\n")
                            << QStringLiteral("0:cat;1:dog");
    QTest::newRow("block scalar before")
        << QStringLiteral("download: |\n  names = ['x']\n  names: [y]\nnames:\n- cat\n- dog\n")
        << QStringLiteral("0:cat;1:dog");
}

void TestFormats::yamlNames()
{
    QFETCH(QString, yaml);
    QFETCH(QString, expected);
    DiagnosticList diagnostics;
    // The BOM row is written as Latin-1 escapes: turn them back into bytes.
    const QByteArray bytes = yaml.startsWith(QChar(0xEF)) ? yaml.toLatin1() : yaml.toUtf8();
    const auto names =
        formats::parseYamlNames(std::string_view(bytes.constData(), static_cast<std::size_t>(bytes.size())),
                                "data.yaml", diagnostics);
    QVERIFY(names.has_value());
    QVERIFY(!diagnostics.hasErrors());
    QStringList got;
    for (const auto& [index, name] : *names)
        got << QString::number(index) + QLatin1Char(':') + QString::fromStdString(name);
    QCOMPARE(got.join(QLatin1Char(';')), expected);
}

void TestFormats::yamlNamesErrors_data()
{
    QTest::addColumn<QString>("yaml");
    QTest::addColumn<QString>("location");
    QTest::addColumn<QString>("cause");
    QTest::newRow("indentation") << QStringLiteral("names:\n  0: cat\n 1: dog\n") << QStringLiteral("line 3")
                                 << QStringLiteral("the YAML does not parse");
    QTest::newRow("broken before the names")
        << QStringLiteral("path: ../data\ntrain: [images\nnames: [cat]\n") << QStringLiteral("line 3")
        << QStringLiteral("'[' without its closing ']'");
    QTest::newRow("an index twice") << QStringLiteral("nc: 2\nnames: {0: cat, 0: dog}\n")
                                    << QStringLiteral("line 2") << QStringLiteral("class 0 is named twice");
    QTest::newRow("a list as a name")
        << QStringLiteral("names:\n  - cat\n  - [a, b]\n") << QStringLiteral("line 3")
        << QStringLiteral("item 1 of the list is a list, not a class name");
    QTest::newRow("a name for the list")
        << QStringLiteral("names: cat\n") << QStringLiteral("line 1")
        << QStringLiteral("expected a list or a map of names after 'names:'");
    QTest::newRow("not a map") << QStringLiteral("- cat\n- dog\n") << QStringLiteral("line 1")
                               << QStringLiteral("expected keys such as 'names:' at the top, found a list");
    QTest::newRow("index not a number")
        << QStringLiteral("names:\n  0: cat\n  one: dog\n") << QStringLiteral("line 3")
        << QStringLiteral("the class index 'one' is not a whole number");
    QTest::newRow("empty list") << QStringLiteral("\nnames: []\n") << QStringLiteral("line 2")
                                << QStringLiteral("'names:' is followed by no names");
}

void TestFormats::yamlNamesErrors()
{
    // The file, the line and the cause of a data.yaml that cannot give class names.
    QFETCH(QString, yaml);
    QFETCH(QString, location);
    QFETCH(QString, cause);
    DiagnosticList diagnostics;
    const QByteArray bytes = yaml.toUtf8();
    const auto names =
        formats::parseYamlNames(std::string_view(bytes.constData(), static_cast<std::size_t>(bytes.size())),
                                "data.yaml", diagnostics);
    QVERIFY(!names.has_value());
    const auto items = diagnostics.take();
    QCOMPARE(items.size(), 1u);
    QVERIFY2(items.front().file == "data.yaml" && items.front().location == location.toStdString() &&
                 QString::fromStdString(items.front().message).contains(cause),
             items.front().toString().c_str());
}

void TestFormats::yoloBackgroundImages()
{
    // YOLO ground truth has no file for an image without objects; predictions on such an image are
    // false positives, so the image is added, with a warning.
    QTemporaryDir dir;
    writeFiles(dir,
               {QStringLiteral("gt/a.txt"), QStringLiteral("gt/b.txt"), QStringLiteral("pred/a.txt"),
                QStringLiteral("pred/bg.txt")},
               {QStringLiteral("0 0.5 0.5 0.2 0.2\n"), QString(), QStringLiteral("0 0.5 0.5 0.2 0.2 0.9\n"),
                QStringLiteral("0 0.1 0.1 0.1 0.1 0.8\n")});
    const LoadResult r = load(inDir(dir, {QStringLiteral("gt"), QStringLiteral("pred")}));
    REQUIRE_LOADED(r);
    QCOMPARE(r.dataset->samples.size(), 3u); // a, b and bg
    QVERIFY(allMessages(r).find("1 image is not in the ground truth (the first is 'bg')") !=
            std::string::npos);
    // a: TP; bg: FP; b's missing prediction file means no predictions.
    const auto result = evaluateFields(*r.dataset, "gt", "pred");
    QCOMPARE(result.sweep.total.grid.front().counts, (Counts{1, 1, 0}));
}

void TestFormats::voc()
{
    const LoadResult r = load({data("voc")});
    REQUIRE_LOADED(r);
    const Dataset& d = *r.dataset;
    QCOMPARE(d.samples.size(), 4u);
    QCOMPARE(d.samples[1].id, std::string("img2"));
    QCOMPARE(d.samples[1].fileName, std::string("img2.jpg"));
    QCOMPARE(d.samples[1].width, 200);
    QCOMPARE(d.samples[1].height, 100);
    const LabelField& gt = field(d, "voc"); // the folder holding Annotations/
    QCOMPARE(gt.format, std::string("Pascal VOC"));
    QCOMPARE(gt.objectCount(), 5u);
    // <bndbox> 120 10 180 70 -> [120, 10, 60, 60]: xmax - xmin, no +1.
    const Detection& cat2 = gt.forSample(1)[1];
    QCOMPARE(cat2.box.x, 120.0);
    QCOMPARE(cat2.box.y, 10.0);
    QCOMPARE(cat2.box.w, 60.0);
    QCOMPARE(cat2.box.h, 60.0);
    QVERIFY(!cat2.difficult);
    QCOMPARE(gt.forSample(3).size(), 0u); // img4.xml has no <object>
}

namespace {
// One 100x100 image: cat A [10,10,40,40]; cat B [60,60,30,30] difficult; dog C [10,60,20,20]
// difficult (never predicted). A <part> inside an object has its own <name> and <bndbox>: skipped.
const char* const kDifficultXml = R"(<annotation>
  <filename>d.jpg</filename>
  <size><width>100</width><height>100</height></size>
  <object><name>cat</name><difficult>0</difficult>
    <bndbox><xmin>10</xmin><ymin>10</ymin><xmax>50</xmax><ymax>50</ymax></bndbox>
    <part><name>head</name><bndbox><xmin>1</xmin><ymin>1</ymin><xmax>2</xmax><ymax>2</ymax></bndbox></part>
  </object>
  <object><name>cat</name><difficult>1</difficult>
    <bndbox><xmin>60</xmin><ymin>60</ymin><xmax>90</xmax><ymax>90</ymax></bndbox></object>
  <object><name>dog</name><difficult>1</difficult>
    <bndbox><xmin>10.0</xmin><ymin>60.0</ymin><xmax>30.0</xmax><ymax>80.0</ymax></bndbox></object>
</annotation>
)";
// Predictions: 0.9 cat on A, 0.8 cat on B, 0.7 cat on nothing.
const char* const kDifficultCsv = "image,label,xmin,ymin,xmax,ymax,score\n"
                                  "d.jpg,cat,10,10,50,50,0.9\n"
                                  "d.jpg,cat,60,60,90,90,0.8\n"
                                  "d.jpg,cat,0,0,5,5,0.7\n";
} // namespace

void TestFormats::vocDifficult()
{
    QTemporaryDir dir;
    writeFiles(dir, {QStringLiteral("voc/d.xml"), QStringLiteral("pred.csv")},
               {QString::fromUtf8(kDifficultXml), QString::fromUtf8(kDifficultCsv)});
    const LoadResult r = load(inDir(dir, {QStringLiteral("voc"), QStringLiteral("pred.csv")}));
    REQUIRE_LOADED(r);
    const LabelField& gt = field(*r.dataset, "voc");
    QCOMPARE(gt.objectCount(), 3u); // the <part> is not an object
    QVERIFY(!gt.detections[0].difficult && gt.detections[1].difficult && gt.detections[2].difficult);
    QCOMPARE(gt.detections[2].box.w, 20.0);
    // Default (VOC devkit): A is found (TP); the match to B is neither TP nor FP; C is never a
    // miss; the 0.7 box is an FP. TP 1, FP 1, FN 0.
    auto result = evaluateFields(*r.dataset, "voc", "pred");
    QCOMPARE(result.sweep.total.grid.front().counts, (Counts{1, 1, 0}));
    // Counted as ordinary objects: B is a TP, C a miss. TP 2, FP 1, FN 1.
    result = evaluateFields(*r.dataset, "voc", "pred", true);
    QCOMPARE(result.sweep.total.grid.front().counts, (Counts{2, 1, 1}));

    // README: a second prediction on a difficult object already matched is matched like any other
    // prediction: B is taken by 0.8, so the 0.6 box on B finds nothing and is an FP (the VOC devkit
    // would ignore it). TP 1, FP 2, FN 0.
    QTemporaryDir dup;
    writeFiles(dup, {QStringLiteral("voc/d.xml"), QStringLiteral("pred.csv")},
               {QString::fromUtf8(kDifficultXml),
                QString::fromUtf8(kDifficultCsv) + QStringLiteral("d.jpg,cat,61,61,91,91,0.6\n")});
    const LoadResult r2 = load(inDir(dup, {QStringLiteral("voc"), QStringLiteral("pred.csv")}));
    REQUIRE_LOADED(r2);
    QCOMPARE(evaluateFields(*r2.dataset, "voc", "pred").sweep.total.grid.front().counts, (Counts{1, 2, 0}));
}

void TestFormats::vocDifficultCli()
{
    QTemporaryDir dir;
    writeFiles(dir, {QStringLiteral("voc/d.xml"), QStringLiteral("pred.csv")},
               {QString::fromUtf8(kDifficultXml), QString::fromUtf8(kDifficultCsv)});
    auto run = [&](bool countDifficult) {
        QStringList args{QStringLiteral("sweep"), dir.filePath(QStringLiteral("voc")),
                         dir.filePath(QStringLiteral("pred.csv")), QStringLiteral("--json"),
                         QStringLiteral("-")};
        if (countDifficult)
            args << QStringLiteral("--count-difficult");
        QProcess p;
        p.start(QStringLiteral(OPTCONF_CLI), args);
        if (!p.waitForFinished(60000) || p.exitCode() != 0)
            qWarning("optconf-cli failed: %s", p.readAllStandardError().constData());
        return QJsonDocument::fromJson(p.readAllStandardOutput()).object();
    };
    // The grid's first row (threshold 0) carries the counts.
    auto countsAtZero = [](const QJsonObject& report) {
        const QJsonValue grid = report.value(QStringLiteral("grid"));
        const QJsonObject row = grid.toArray().first().toObject();
        return QStringLiteral("%1/%2/%3")
            .arg(row.value(QStringLiteral("tp")).toInt())
            .arg(row.value(QStringLiteral("fp")).toInt())
            .arg(row.value(QStringLiteral("fn")).toInt());
    };
    const QJsonObject ignored = run(false), counted = run(true);
    QVERIFY2(ignored.contains(QStringLiteral("grid")), "no grid in the JSON report");
    QCOMPARE(countsAtZero(ignored), QStringLiteral("1/1/0"));
    QCOMPARE(countsAtZero(counted), QStringLiteral("2/1/1"));
}

void TestFormats::csv()
{
    const LoadResult r = load({data("csv/ground_truth.csv"), data("csv/detA.csv")});
    REQUIRE_LOADED(r);
    const Dataset& d = *r.dataset;
    // "img4.jpg,,,,," lists an image without objects.
    QCOMPARE(d.samples.size(), 4u);
    QCOMPARE(d.samples[3].id, std::string("img4.jpg"));
    const LabelField& gt = field(d, "ground_truth");
    const LabelField& pred = field(d, "detA");
    QCOMPARE(gt.format, std::string("CSV ground truth"));
    QCOMPARE(pred.format, std::string("CSV predictions"));
    QCOMPARE(gt.objectCount(), 5u);
    QCOMPARE(pred.objectCount(), 8u);
    QCOMPARE(gt.forSample(3).size(), 0u);
    QCOMPARE(pred.forSample(3).size(), 1u);
    QCOMPARE(pred.forSample(2)[0].confidence, 0.95);
}

void TestFormats::csvSyntax()
{
    // BOM, CRLF, quoted fields with the delimiter, "" and a line break inside, blank lines; a
    // semicolon-separated file. The error after the two-line field names the line it starts on.
    QTemporaryDir dir;
    writeFiles(dir, {QStringLiteral("gt.csv"), QStringLiteral("bad.csv")},
               {QStringLiteral("\uFEFF\"Image\";\"Label\";X;Y;W;H\r\n"
                               "\"a;b.jpg\";\"cat, \"\"big\"\"\";1;2;3;4\r\n"
                               "\r\n"
                               "c.jpg;\"two\nlines\";1;2;3;4\r\n"),
                QStringLiteral("image,label,x,y,w,h\n"
                               "a.jpg,\"two\nlines\",1,2,3,4\n"
                               "a.jpg,cat,1,2,3\n")});
    const LoadResult r = load(inDir(dir, {QStringLiteral("gt.csv")}));
    REQUIRE_LOADED(r);
    QCOMPARE(r.dataset->samples.size(), 2u);
    QCOMPARE(r.dataset->samples[0].id, std::string("a;b.jpg"));
    QCOMPARE(r.dataset->labels, (std::vector<std::string>{"cat, \"big\"", "two\nlines"}));
    const Detection& det = r.dataset->fields[0].detections[0];
    QCOMPARE(det.box.w, 3.0);

    const LoadResult bad = load(inDir(dir, {QStringLiteral("bad.csv")}));
    QVERIFY(!bad.ok());
    QCOMPARE(bad.diagnostics.front().location, std::string("line 4"));
}

void TestFormats::csvAliases()
{
    // TensorFlow-style corners with the image size; upper-case names; score as the confidence.
    QTemporaryDir dir;
    writeFiles(dir, {QStringLiteral("tf.csv"), QStringLiteral("preds.csv")},
               {QStringLiteral("filename,width,height,class,xmin,ymin,xmax,ymax,difficult\n"
                               "a.png,640,480,cat,10,20,50,80,0\n"
                               "a.png,640,480,cat,100,100,120,150,1\n"),
                QStringLiteral("File_Name,Class,BBox_X,BBox_Y,BBox_W,BBox_H,Score\n"
                               "a,cat,10,20,40,60,0.5\n")});
    const LoadResult r = load(inDir(dir, {QStringLiteral("tf.csv"), QStringLiteral("preds.csv")}));
    REQUIRE_LOADED(r);
    const Dataset& d = *r.dataset;
    QCOMPARE(d.samples.size(), 1u);
    QCOMPARE(d.samples[0].width, 640);
    QCOMPARE(d.samples[0].height, 480);
    const LabelField& gt = field(d, "tf");
    QCOMPARE(gt.detections[0].box.w, 40.0);
    QCOMPARE(gt.detections[0].box.h, 60.0);
    QVERIFY(gt.detections[1].difficult);
    const LabelField& pred = field(d, "preds");
    QCOMPARE(pred.format, std::string("CSV predictions"));
    QCOMPARE(pred.detections[0].confidence, 0.5);
    // A CSV with image sizes is in pixels: YOLO predictions are scaled to them. The first cat,
    // [10,20,40,60] in 640x480, is centre (30/640, 50/480), size (40/640, 60/480). TP 1, FP 0, FN 0.
    writeFiles(
        dir, {QStringLiteral("yp/a.txt"), QStringLiteral("yp/classes.txt")},
        {QStringLiteral("0 0.046875 0.10416666666666667 0.0625 0.125 0.8\n"), QStringLiteral("cat\n")});
    const LoadResult yolo = load(inDir(dir, {QStringLiteral("tf.csv"), QStringLiteral("yp")}));
    REQUIRE_LOADED(yolo);
    const Detection& scaled = field(*yolo.dataset, "yp").detections[0];
    QVERIFY(std::abs(scaled.box.x - 10) < 1e-9 && std::abs(scaled.box.y - 20) < 1e-9);
    QVERIFY(std::abs(scaled.box.w - 40) < 1e-9 && std::abs(scaled.box.h - 60) < 1e-9);
    QCOMPARE(evaluateFields(*yolo.dataset, "tf", "yp").sweep.total.grid.front().counts, (Counts{1, 0, 0}));

    // "width" and "height" without w and h are the box's size.
    writeFiles(dir, {QStringLiteral("wh.csv")},
               {QStringLiteral("Image,Label,X,Y,Width,Height\na.png,cat,10,20,40,60\n")});
    const LoadResult wh = load(inDir(dir, {QStringLiteral("wh.csv")}));
    REQUIRE_LOADED(wh);
    QCOMPARE(wh.dataset->fields[0].detections[0].box.w, 40.0);
    QCOMPARE(wh.dataset->fields[0].detections[0].box.h, 60.0);
    QCOMPARE(wh.dataset->samples[0].width, 0);

    // The prediction names the image by its stem "a": it is a.png's. IoU 1 with the first cat: TP;
    // the difficult one is not counted. TP 1, FP 0, FN 0.
    QCOMPARE(evaluateFields(d, "tf", "preds").sweep.total.grid.front().counts, (Counts{1, 0, 0}));
}

void TestFormats::fiftyoneImageDetections()
{
    const LoadResult r = load({data("fiftyone/gt"), data("fiftyone/detA/labels.json")});
    REQUIRE_LOADED(r);
    const Dataset& d = *r.dataset;
    QCOMPARE(d.samples.size(), 4u);
    QCOMPARE(d.labels, (std::vector<std::string>{"cat", "dog"}));
    // Without confidences: ground truth named after its folder; with them: predictions named after
    // the folder holding labels.json.
    const LabelField& gt = field(d, "gt");
    const LabelField& pred = field(d, "detA");
    QCOMPARE(gt.format, std::string("FiftyOne image detections"));
    QVERIFY(!gt.isScored());
    QCOMPARE(pred.scoredCount(), 8u);
    // img2 (200x100) second cat, relative [0.6, 0.1, 0.3, 0.6].
    QCOMPARE(gt.forSample(1)[1].box.x, 0.6);
    QCOMPARE(gt.forSample(1)[1].box.h, 0.6);
}

void TestFormats::sameSweepInEveryFormat_data()
{
    QTest::addColumn<QStringList>("inputs");
    QTest::addColumn<QString>("gt");
    QTest::addColumn<QString>("pred");
    QTest::newRow("YOLO") << QStringList{QStringLiteral("yolo/labels"), QStringLiteral("yolo/detA/labels")}
                          << QStringLiteral("yolo") << QStringLiteral("detA");
    QTest::newRow("CSV") << QStringList{QStringLiteral("csv/ground_truth.csv"),
                                        QStringLiteral("csv/detA.csv")}
                         << QStringLiteral("ground_truth") << QStringLiteral("detA");
    QTest::newRow("VOC + CSV") << QStringList{QStringLiteral("voc"), QStringLiteral("csv/detA.csv")}
                               << QStringLiteral("voc") << QStringLiteral("detA");
    // YOLO predictions with their own classes.txt (dog = 0, cat = 1), scaled to VOC's pixels.
    QTest::newRow("VOC + YOLO") << QStringList{QStringLiteral("voc"), QStringLiteral("mixed/detA_yolo")}
                                << QStringLiteral("voc") << QStringLiteral("detA_yolo");
    QTest::newRow("FiftyOne image detections")
        << QStringList{QStringLiteral("fiftyone/gt"), QStringLiteral("fiftyone/detA/labels.json")}
        << QStringLiteral("gt") << QStringLiteral("detA");
    // COCO and VOC give image sizes: YOLO and FiftyOne's relative boxes are scaled to pixels.
    QTest::newRow("COCO + YOLO") << QStringList{QStringLiteral("coco/ground_truth.json"),
                                                QStringLiteral("mixed/detA_yolo")}
                                 << QStringLiteral("ground_truth") << QStringLiteral("detA_yolo");
    QTest::newRow("VOC + FiftyOne") << QStringList{QStringLiteral("voc"),
                                                   QStringLiteral("fiftyone/detA/labels.json")}
                                    << QStringLiteral("voc") << QStringLiteral("detA");
    QTest::newRow("COCO") << QStringList{QStringLiteral("coco/ground_truth.json"),
                                         QStringLiteral("coco/detA.json")}
                          << QStringLiteral("ground_truth") << QStringLiteral("detA");
}

void TestFormats::sameSweepInEveryFormat()
{
    QFETCH(QStringList, inputs);
    QFETCH(QString, gt);
    QFETCH(QString, pred);
    std::vector<std::filesystem::path> paths;
    for (const QString& i : inputs)
        paths.push_back(QString(kData + i).toStdString());
    const LoadResult r = load(paths);
    REQUIRE_LOADED(r);
    const EvaluationResult result = evaluateFields(*r.dataset, gt.toStdString(), pred.toStdString());

    // Hand-derived (see the table above the class).
    const Curve& total = result.sweep.total;
    QCOMPARE(total.grid.front().counts, (Counts{3, 5, 2}));
    QVERIFY(total.optimum.has_value());
    QCOMPARE(total.optimum->threshold, 0.8);
    QCOMPARE(total.optimum->counts, (Counts{2, 1, 3}));
    QCOMPARE(total.optimum->f1, 0.5);
    QVERIFY(total.best.has_value());
    QCOMPARE(total.best->threshold, result.sweep.thresholds[70]);
    QCOMPARE(total.best->counts, (Counts{2, 1, 3}));

    // Identical to COCO, the reference, at every grid point and every distinct score.
    const LoadResult coco = load({data("coco/ground_truth.json"), data("coco/detA.json")});
    REQUIRE_LOADED(coco);
    const EvaluationResult reference = evaluateFields(*coco.dataset, "ground_truth", "detA");
    const Curve& ref = reference.sweep.total;
    QCOMPARE(total.grid.size(), ref.grid.size());
    for (std::size_t i = 0; i < ref.grid.size(); ++i) {
        QCOMPARE(total.grid[i].threshold, ref.grid[i].threshold);
        QCOMPARE(total.grid[i].counts, ref.grid[i].counts);
    }
    QCOMPARE(total.exact.size(), ref.exact.size());
    for (std::size_t i = 0; i < ref.exact.size(); ++i) {
        QCOMPARE(total.exact[i].threshold, ref.exact[i].threshold);
        QCOMPARE(total.exact[i].counts, ref.exact[i].counts);
    }
    QCOMPARE(result.sweep.classes.size(), reference.sweep.classes.size());
    for (std::size_t c = 0; c < reference.sweep.classes.size(); ++c) {
        QCOMPARE(result.sweep.classes[c].name, reference.sweep.classes[c].name);
        QCOMPARE(result.sweep.classes[c].groundTruth, reference.sweep.classes[c].groundTruth);
        QCOMPARE(result.sweep.classes[c].curve.optimum->counts,
                 reference.sweep.classes[c].curve.optimum->counts);
    }
    // AP uses matches at IoU .50:.95; no IoU here is near one of those thresholds.
    QCOMPARE(result.ap.ap50, reference.ap.ap50);
    QCOMPARE(result.ap.ap50_95, reference.ap.ap50_95);
}

void TestFormats::mixing()
{
    // YOLO ground truth with two YOLO prediction folders.
    QTemporaryDir dir;
    writeFiles(dir,
               {QStringLiteral("ds/data.yaml"), QStringLiteral("ds/labels/a.txt"),
                QStringLiteral("run1/a.txt"), QStringLiteral("run2/a.txt"), QStringLiteral("gt.csv"),
                QStringLiteral("m1.csv"), QStringLiteral("m2.csv")},
               {QStringLiteral("names: [cat, dog]\n"),
                QStringLiteral("0 0.5 0.5 0.2 0.2\n1 0.2 0.2 0.1 0.1\n"),
                QStringLiteral("0 0.5 0.5 0.2 0.2 0.9\n"),
                QStringLiteral("1 0.2 0.2 0.1 0.1 0.7\n1 0.8 0.8 0.1 0.1 0.6\n"),
                QStringLiteral("image,label,x,y,w,h\na.jpg,cat,0,0,10,10\n"),
                QStringLiteral("image,label,x,y,w,h,confidence\na.jpg,cat,0,0,10,10,0.9\n"),
                QStringLiteral("image,label,x,y,w,h,confidence\na,cat,50,50,10,10,0.9\n")});
    LoadResult r =
        load(inDir(dir, {QStringLiteral("ds/labels"), QStringLiteral("run1"), QStringLiteral("run2")}));
    REQUIRE_LOADED(r);
    QCOMPARE(r.dataset->fields.size(), 3u);
    // run1 finds the cat: TP 1, FN 1 (the dog). run2 (classes from ds/data.yaml): the dog, and an FP.
    QCOMPARE(evaluateFields(*r.dataset, "ds", "run1").sweep.total.grid.front().counts, (Counts{1, 0, 1}));
    QCOMPARE(evaluateFields(*r.dataset, "ds", "run2").sweep.total.grid.front().counts, (Counts{1, 1, 1}));
    QCOMPARE(r.dataset->labels, (std::vector<std::string>{"cat", "dog"}));

    // CSV ground truth with two CSV prediction files.
    r = load(inDir(dir, {QStringLiteral("gt.csv"), QStringLiteral("m1.csv"), QStringLiteral("m2.csv")}));
    REQUIRE_LOADED(r);
    QCOMPARE(r.dataset->fields.size(), 3u);
    QCOMPARE(evaluateFields(*r.dataset, "gt", "m1").sweep.total.grid.front().counts, (Counts{1, 0, 0}));
    QCOMPARE(evaluateFields(*r.dataset, "gt", "m2").sweep.total.grid.front().counts, (Counts{0, 1, 1}));
}

void TestFormats::badInput_data()
{
    QTest::addColumn<QStringList>("paths");
    QTest::addColumn<QStringList>("contents");
    QTest::addColumn<QStringList>("inputs");
    QTest::addColumn<QString>("file");     // the diagnostic's file ends with this
    QTest::addColumn<QString>("location"); // "line N" (a JSON path for JSON)
    QTest::addColumn<QString>("cause");    // a fragment of the message

    const QString ok5 = QStringLiteral("0 0.5 0.5 0.2 0.2\n");
    // YOLO
    QTest::newRow("yolo: missing column")
        << QStringList{QStringLiteral("gt/a.txt")} << QStringList{ok5 + QStringLiteral("0 0.5 0.5 0.2\n")}
        << QStringList{QStringLiteral("gt")} << QStringLiteral("gt/a.txt") << QStringLiteral("line 2")
        << QStringLiteral("expected 5 columns 'class cx cy w h', found 4");
    QTest::newRow("yolo: not a number")
        << QStringList{QStringLiteral("gt/a.txt")} << QStringList{ok5 + QStringLiteral("1 0.5 abc 0.2 0.2\n")}
        << QStringList{QStringLiteral("gt")} << QStringLiteral("gt/a.txt") << QStringLiteral("line 2")
        << QStringLiteral("column 3 (cy): 'abc' is not a number");
    QTest::newRow("yolo: first line not a number")
        << QStringList{QStringLiteral("gt/a.txt")} << QStringList{QStringLiteral("0 0.5 0.5 nan? 0.2\n")}
        << QStringList{QStringLiteral("gt")} << QStringLiteral("gt/a.txt") << QStringLiteral("line 1")
        << QStringLiteral("column 4 (w): 'nan?' is not a number");
    QTest::newRow("yolo: class not an index")
        << QStringList{QStringLiteral("gt/a.txt")}
        << QStringList{ok5 + QStringLiteral("cat 0.5 0.5 0.2 0.2\n")} << QStringList{QStringLiteral("gt")}
        << QStringLiteral("gt/a.txt") << QStringLiteral("line 2")
        << QStringLiteral("column 1 (class): 'cat' is not a class index");
    QTest::newRow("yolo: class index out of range")
        << QStringList{QStringLiteral("gt/a.txt"), QStringLiteral("gt/classes.txt")}
        << QStringList{ok5 + QStringLiteral("\n5 0.5 0.5 0.1 0.1\n"), QStringLiteral("cat\ndog\n")}
        << QStringList{QStringLiteral("gt")} << QStringLiteral("gt/a.txt") << QStringLiteral("line 3")
        << QStringLiteral("class index 5 is out of range");
    QTest::newRow("yolo: prediction without confidence")
        << QStringList{QStringLiteral("gt/a.txt"), QStringLiteral("pred/a.txt")}
        << QStringList{ok5, QStringLiteral("0 0.5 0.5 0.2 0.2 0.9\n0 0.4 0.4 0.2 0.2\n")}
        << QStringList{QStringLiteral("gt"), QStringLiteral("pred")} << QStringLiteral("pred/a.txt")
        << QStringLiteral("line 2") << QStringLiteral("predictions need a 6th column");
    // A whole prediction folder saved without save_conf reads as a second ground truth: the message
    // says why (this one has no line: it is about the folder).
    QTest::newRow("yolo: prediction folder without confidences")
        << QStringList{QStringLiteral("gt/a.txt"), QStringLiteral("pred/a.txt")} << QStringList{ok5, ok5}
        << QStringList{QStringLiteral("gt"), QStringLiteral("pred")} << QStringLiteral("pred") << QString()
        << QStringLiteral("a YOLO folder without the 6th column");
    QTest::newRow("yolo: confidence in ground truth")
        << QStringList{QStringLiteral("gt/a.txt"), QStringLiteral("gt/b.txt")}
        << QStringList{ok5, QStringLiteral("0 0.5 0.5 0.2 0.2 0.9\n")} << QStringList{QStringLiteral("gt")}
        << QStringLiteral("gt/b.txt") << QStringLiteral("line 1")
        << QStringLiteral("6 columns in a ground-truth folder");
    QTest::newRow("yolo: data.yaml bad index")
        << QStringList{QStringLiteral("gt/a.txt"), QStringLiteral("data.yaml")}
        << QStringList{ok5, QStringLiteral("path: .\nnames:\n  0: cat\n  x: dog\n")}
        << QStringList{QStringLiteral("gt")} << QStringLiteral("data.yaml") << QStringLiteral("line 4")
        << QStringLiteral("the class index 'x' is not a whole number");
    QTest::newRow("yolo: data.yaml unclosed list")
        << QStringList{QStringLiteral("gt/a.txt"), QStringLiteral("gt/data.yaml")}
        << QStringList{ok5, QStringLiteral("nc: 2\nnames: [cat, dog\n")} << QStringList{QStringLiteral("gt")}
        << QStringLiteral("gt/data.yaml") << QStringLiteral("line 2")
        << QStringLiteral("without its closing ']'");
    // Pascal VOC
    QTest::newRow("voc: XML does not parse")
        << QStringList{QStringLiteral("voc/a.xml")}
        << QStringList{QStringLiteral("<annotation>\n  <object>\n    <name>cat</name>\n</annotation>\n")}
        << QStringList{QStringLiteral("voc")} << QStringLiteral("voc/a.xml") << QStringLiteral("line 4")
        << QStringLiteral("the XML does not parse");
    QTest::newRow("voc: coordinate not a number")
        << QStringList{QStringLiteral("voc/a.xml")}
        << QStringList{QStringLiteral("<annotation>\n<object><name>cat</name>\n<bndbox>\n<xmin>1</xmin>\n"
                                      "<ymin>abc</ymin>\n<xmax>3</xmax><ymax>4</ymax></bndbox></object>\n"
                                      "</annotation>\n")}
        << QStringList{QStringLiteral("voc")} << QStringLiteral("voc/a.xml") << QStringLiteral("line 5")
        << QStringLiteral("<ymin> of 'cat': 'abc' is not a number");
    QTest::newRow("voc: missing coordinate")
        << QStringList{QStringLiteral("voc/a.xml")}
        << QStringList{QStringLiteral("<annotation>\n<object><name>cat</name>\n<bndbox>\n<xmin>1</xmin>"
                                      "<ymin>2</ymin><xmax>3</xmax></bndbox></object>\n</annotation>\n")}
        << QStringList{QStringLiteral("voc")} << QStringLiteral("voc/a.xml") << QStringLiteral("line 3")
        << QStringLiteral("lacks <ymax>");
    QTest::newRow("voc: object without a name")
        << QStringList{QStringLiteral("voc/a.xml")}
        << QStringList{QStringLiteral(
               "<annotation>\n\n<object>\n<bndbox><xmin>1</xmin><ymin>2</ymin><xmax>3</xmax>"
               "<ymax>4</ymax></bndbox></object>\n</annotation>\n")}
        << QStringList{QStringLiteral("voc")} << QStringLiteral("voc/a.xml") << QStringLiteral("line 3")
        << QStringLiteral("without a <name>");
    // CSV
    QTest::newRow("csv: missing column in the header")
        << QStringList{QStringLiteral("gt.csv")}
        << QStringList{QStringLiteral("image,label,x,y,w\na,cat,1,2,3\n")}
        << QStringList{QStringLiteral("gt.csv")} << QStringLiteral("gt.csv") << QStringLiteral("line 1")
        << QStringLiteral("missing column h");
    QTest::newRow("csv: short row")
        << QStringList{QStringLiteral("gt.csv")}
        << QStringList{QStringLiteral("image,label,x,y,w,h\na,cat,1,2,3,4\r\nb,cat,1,2\r\n")}
        << QStringList{QStringLiteral("gt.csv")} << QStringLiteral("gt.csv") << QStringLiteral("line 3")
        << QStringLiteral("expected 6 fields as in the header, found 4 (missing: w, h)");
    QTest::newRow("csv: not a number")
        << QStringList{QStringLiteral("gt.csv")}
        << QStringList{QStringLiteral("image,label,x,y,w,h\na,cat,1,2,3x,4\n")}
        << QStringList{QStringLiteral("gt.csv")} << QStringLiteral("gt.csv") << QStringLiteral("line 2")
        << QStringLiteral("column 'w': '3x' is not a number");
    QTest::newRow("csv: unclosed quote")
        << QStringList{QStringLiteral("gt.csv")}
        << QStringList{QStringLiteral("image,label,x,y,w,h\na,cat,1,2,3,4\n\"b,cat,1,2,3,4\n")}
        << QStringList{QStringLiteral("gt.csv")} << QStringLiteral("gt.csv") << QStringLiteral("line 3")
        << QStringLiteral("a quoted field is not closed");
    QTest::newRow("csv: bad confidence")
        << QStringList{QStringLiteral("gt.csv"), QStringLiteral("p.csv")}
        << QStringList{QStringLiteral("image,label,x,y,w,h\na,cat,1,2,3,4\n"),
                       QStringLiteral(
                           "image,label,x,y,w,h,confidence\na,cat,1,2,3,4,0.5\na,cat,1,2,3,4,high\n")}
        << QStringList{QStringLiteral("gt.csv"), QStringLiteral("p.csv")} << QStringLiteral("p.csv")
        << QStringLiteral("line 3") << QStringLiteral("column 'confidence': 'high' is not a number");
    QTest::newRow("csv: predictions for another data set")
        << QStringList{QStringLiteral("gt.csv"), QStringLiteral("p.csv")}
        << QStringList{QStringLiteral("image,label,x,y,w,h\na,cat,1,2,3,4\n"),
                       QStringLiteral("image,label,x,y,w,h,score\nz.jpg,cat,1,2,3,4,0.5\n")}
        << QStringList{QStringLiteral("gt.csv"), QStringLiteral("p.csv")} << QStringLiteral("p.csv")
        << QStringLiteral("line 2")
        << QStringLiteral("none of the 1 images named here is in the ground truth");
    // FiftyOne image detections (JSON: the location is a JSON path, or line and column for syntax)
    QTest::newRow("fiftyone: class index out of range")
        << QStringList{QStringLiteral("fo/labels.json")}
        << QStringList{QStringLiteral(
               R"({"classes": ["cat", "dog"], "labels": {"u1": [{"label": 5, "bounding_box": [0, 0, 1, 1]}]}})")}
        << QStringList{QStringLiteral("fo")} << QStringLiteral("fo/labels.json")
        << QStringLiteral("/labels/u1/0/label") << QStringLiteral("class index 5 is out of range");
    QTest::newRow("fiftyone: bounding box not numbers")
        << QStringList{QStringLiteral("fo/labels.json")}
        << QStringList{QStringLiteral(
               R"({"classes": ["cat"], "labels": {"u1": null, "u2": [{"label": 0, "bounding_box": [0, "a", 1, 1]}]}})")}
        << QStringList{QStringLiteral("fo")} << QStringLiteral("fo/labels.json")
        << QStringLiteral("/labels/u2/0/bounding_box") << QStringLiteral("expected 4 numbers");
    QTest::newRow("fiftyone: JSON does not parse")
        << QStringList{QStringLiteral("fo/labels.json")}
        << QStringList{QStringLiteral("{\"classes\": [\"cat\"],\n \"labels\": {\"u1\": [}\n}")}
        << QStringList{QStringLiteral("fo")} << QStringLiteral("fo/labels.json") << QStringLiteral("line 2")
        << QStringLiteral("JSON");
}

void TestFormats::badInput()
{
    QFETCH(QStringList, paths);
    QFETCH(QStringList, contents);
    QFETCH(QStringList, inputs);
    QFETCH(QString, file);
    QFETCH(QString, location);
    QFETCH(QString, cause);
    QTemporaryDir dir;
    writeFiles(dir, paths, contents);
    const LoadResult r = load(inDir(dir, inputs));
    QVERIFY2(!r.ok(), "a bad input loaded");
    const std::string all = allMessages(r);
    bool found = false;
    for (const Diagnostic& d : r.diagnostics) {
        if (!d.isError())
            continue;
        const std::string text = d.toString();
        found = found ||
                (d.file.ends_with(file.toStdString()) && d.location.starts_with(location.toStdString()) &&
                 d.message.find(cause.toStdString()) != std::string::npos &&
                 text.find(file.toStdString()) != std::string::npos);
    }
    QVERIFY2(found, ("no error naming " + file.toStdString() + ", " + location.toStdString() + " and '" +
                     cause.toStdString() + "' in:\n" + all)
                        .c_str());
}

void TestFormats::truncatedInputNeverCrashes_data()
{
    QTest::addColumn<QString>("fixture"); // a file of the shared data set
    QTest::addColumn<QString>("input");   // what is opened: the file, or the folder holding it
    QTest::addColumn<bool>("isPredictions");
    QTest::newRow("YOLO ground truth")
        << QStringLiteral("yolo/labels/img2.txt") << QStringLiteral("labels") << false;
    QTest::newRow("YOLO predictions")
        << QStringLiteral("yolo/detA/labels/img1.txt") << QStringLiteral("labels") << true;
    QTest::newRow("data.yaml") << QStringLiteral("yolo/data.yaml") << QStringLiteral("labels") << false;
    QTest::newRow("VOC") << QStringLiteral("voc/Annotations/img2.xml") << QStringLiteral("Annotations")
                         << false;
    QTest::newRow("CSV ground truth")
        << QStringLiteral("csv/ground_truth.csv") << QStringLiteral("ground_truth.csv") << false;
    QTest::newRow("CSV predictions") << QStringLiteral("csv/detA.csv") << QStringLiteral("detA.csv") << true;
    QTest::newRow("FiftyOne") << QStringLiteral("fiftyone/gt/labels.json") << QStringLiteral("labels.json")
                              << false;
}

void TestFormats::truncatedInputNeverCrashes()
{
    // Every prefix of a good file (cut anywhere: inside a number, a tag, a quote, a key) loads or
    // fails with an error naming the file; never a crash, never an error without a file.
    QFETCH(QString, fixture);
    QFETCH(QString, input);
    QFETCH(bool, isPredictions);
    QFile f(kData + fixture);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray bytes = f.readAll();
    const QString name = QFileInfo(fixture).fileName();
    // Every cut in small files; about 150 evenly spread cuts (and the last few bytes) in larger ones.
    const qsizetype stride = std::max<qsizetype>(1, bytes.size() / 150);
    for (qsizetype cut = 0; cut <= bytes.size(); cut += (cut + 8 >= bytes.size() ? 1 : stride)) {
        QTemporaryDir dir;
        QDir().mkpath(dir.filePath(QStringLiteral("labels")));
        QDir().mkpath(dir.filePath(QStringLiteral("Annotations")));
        // data.yaml sits next to a good labels folder; the others replace the whole input.
        const bool yaml = name == QLatin1String("data.yaml");
        const QString target =
            yaml ? dir.filePath(name)
            : input.endsWith(QLatin1String(".csv")) || input.endsWith(QLatin1String(".json"))
                ? dir.filePath(input)
                : dir.filePath(input + QLatin1Char('/') + name);
        QFile out(target);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(bytes.left(cut));
        out.close();
        if (yaml) {
            QFile label(dir.filePath(QStringLiteral("labels/a.txt")));
            QVERIFY(label.open(QIODevice::WriteOnly));
            label.write("0 0.5 0.5 0.2 0.2\n");
        }
        std::vector<std::filesystem::path> inputs;
        if (isPredictions) {
            // A ground truth for the predictions to join.
            inputs.push_back(
                data(input.endsWith(QLatin1String(".csv")) ? "csv/ground_truth.csv" : "yolo/labels"));
        }
        inputs.emplace_back(dir.filePath(input).toStdString());
        const LoadResult r = load(inputs);
        for (const Diagnostic& d : r.diagnostics)
            QVERIFY2(!d.file.empty(), d.toString().c_str());
        if (!r.ok())
            QVERIFY2(!r.diagnostics.empty(), "failed without saying why");
    }
}

void TestFormats::cancel()
{
    // Each loader reports progress; returning false cancels the load.
    for (const char* input : {"yolo/labels", "voc", "csv/ground_truth.csv", "fiftyone/gt"}) {
        int calls = 0;
        LoadRequest request{{data(input)}, [&](double, const std::string&) { return ++calls < 2; }};
        const LoadResult r = loadDataset(request);
        QVERIFY2(r.cancelled, input);
        QVERIFY(!r.ok());
    }
}

QTEST_GUILESS_MAIN(TestFormats)
#include "tst_formats.moc"
