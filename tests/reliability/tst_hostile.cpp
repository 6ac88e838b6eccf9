// SPDX-License-Identifier: MIT
// Every file of the hostile-input corpus (tests/data/bad, written by make_hostile_corpus.py, plus
// the fuzzers' crashing inputs fuzz-*) is opened in-process and with optconf-cli: never a crash or
// a hang; an input OptConf cannot use gives an error naming the file and the place (exit code 2);
// a legal but odd one (BOM, CRLF, negative sizes, -0) loads, with the warning it deserves.
#include "core/io/loader.h"
#include "memory_limit.h"

#include <algorithm>
#include <vector>

#include <QDir>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace optconf;

namespace {

const QString kBad = QStringLiteral(OPTCONF_BAD_DATA);

enum Outcome
{
    Error, ///< refused with an error
    Loads, ///< loads with no error (and with `fragment` as a warning when one is given)
};

struct Row
{
    QStringList inputs; ///< relative to tests/data/bad; the last one is the culprit
    Outcome outcome;
    QString place;    ///< a fragment of the location ("" = the whole file)
    QString fragment; ///< a fragment of the message
};

std::vector<Row> corpusRows();

} // namespace

Q_DECLARE_METATYPE(Outcome)

class TestHostile : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY2(QDir(kBad).exists(), qPrintable(kBad));
        QVERIFY2(QFileInfo::exists(QStringLiteral(OPTCONF_CLI)), OPTCONF_CLI);
    }

    void corpus_data();
    void corpus();
    void everyFileHasARow();
    void hugeFiles_data();
    void hugeFiles();
    void hugeResultsBrokenEarly();
};

namespace {

std::vector<Row> corpusRows()
{
    std::vector<Row> rows;
    const QString gt = QStringLiteral("_support/gt.json");
    auto row = [&](const char* file, Outcome outcome, const char* place, const char* fragment,
                   bool withGroundTruth = false) {
        QStringList inputs;
        if (withGroundTruth)
            inputs << gt;
        inputs << QString::fromUtf8(file);
        rows.push_back({inputs, outcome, QString::fromUtf8(place), QString::fromUtf8(fragment)});
    };
    auto results = [&](const char* file, Outcome outcome, const char* place, const char* fragment) {
        row(file, outcome, place, fragment, true);
    };
    const char* notJson = "not valid JSON";
    const char* notFormat = "not a dataset format OptConf reads";

    // Any format.
    row("empty.json", Error, "", "the file is empty");
    row("whitespace-only.json", Error, "", "nothing but spaces and line breaks");
    row("binary.bin", Error, "", notFormat);
    row("binary-with-brace.json", Error, "line 1, column", notJson);
    row("utf16.json", Error, "", "UTF-16");
    row("empty-folder", Error, "", notFormat);

    // COCO ground truth, truncated at every structural point (the first two leave too little to
    // recognise the format).
    row("coco-gt-truncated-after-open-brace.json", Error, "", notFormat);
    row("coco-gt-truncated-inside-key.json", Error, "", notFormat);
    for (const char* f : {"coco-gt-truncated-after-colon.json", "coco-gt-truncated-inside-array.json",
                          "coco-gt-truncated-inside-object.json", "coco-gt-truncated-inside-string.json",
                          "coco-gt-truncated-inside-number.json", "coco-gt-truncated-after-comma.json",
                          "coco-gt-truncated-inside-bbox.json", "coco-gt-truncated-before-last-brace.json"})
        row(f, Error, "line ", notJson);
    row("coco-gt-nested-100k.json", Error, "line 1, column", "nested more than 1024 levels deep");
    row("coco-gt-number-1e400.json", Error, "line 7, column", "number overflow parsing '1e400'");
    row("coco-gt-number-1e308.json", Error, "/annotations/0", "box coordinates are too large");
    row("coco-gt-negative-zero.json", Loads, "", "");
    row("coco-gt-huge-integer-id.json", Error, "line 4, column",
        "99999999999999999999 does not fit in 64 bits");
    row("coco-gt-huge-integer-1e400-id.json", Error, "line 8, column", "number overflow");
    row("coco-gt-huge-width.json", Loads, "", "");
    row("coco-gt-nan-text.json", Error, "line 7, column", notJson);
    row("coco-gt-infinity-text.json", Error, "line 7, column", notJson);
    row("coco-gt-nan-string.json", Error, "/annotations/0/bbox/1", "expected a number, found a string");
    row("coco-gt-duplicate-image-id.json", Error, "/images/1/id", "duplicate image id 1");
    row("coco-gt-duplicate-category-id.json", Error, "/categories/1/id", "duplicate category id 1");
    row("coco-gt-negative-size.json", Loads, "/annotations/0", "zero or negative width or height");
    row("coco-gt-unknown-category.json", Loads, "/annotations/1/category_id", "category id not listed");
    row("coco-gt-unknown-image-id.json", Error, "/annotations/1/image_id", "not in \"images\"");
    row("coco-gt-bom.json", Loads, "", "");
    row("coco-gt-crlf.json", Loads, "", "");
    row("coco-gt-invalid-utf8.json", Error, "line 10, column", "ill-formed UTF-8");
    row("coco-gt-images-not-array.json", Error, "/images", "expected an array, found a number");
    row("coco-gt-missing-categories.json", Error, "/", "missing key \"categories\"");
    row("coco-gt-bbox-3-values.json", Error, "/annotations/0/bbox", "found an array of 3 values");
    row("coco-gt-bbox-string.json", Error, "/annotations/0/bbox/1", "expected a number");
    row("coco-gt-no-images.json", Error, "/images", "the dataset has no images");
    row("coco-gt-image-not-object.json", Error, "/images/0", "expected an image object");
    row("coco-gt-trailing-garbage.json", Error, "line 12, column", "expected end of input");
    row("coco-gt-two-documents.json", Error, "line 12, column", "expected end of input");
    row("coco-gt-root-array-of-images.json", Error, "/annotations", "expected an array, found an object");
    row("coco-gt-string-category-id.json", Error, "/categories/1/id", "expected an integer category id");

    // COCO results, opened with a valid ground truth.
    results("coco-results-truncated-after-open-bracket.json", Error, "", notFormat);
    results("coco-results-truncated-inside-object.json", Error, "line 2, column", notJson);
    results("coco-results-truncated-inside-number.json", Error, "line 2, column", notJson);
    results("coco-results-truncated-before-last-bracket.json", Error, "line 4, column", notJson);
    results("coco-results-empty.json", Error, "", "the file is empty");
    results("coco-results-unknown-image.json", Error, "/1/image_id", "not in the ground truth");
    results("coco-results-score-nan-string.json", Error, "/0/score", "expected a number, found a string");
    results("coco-results-broken-early-long-tail.json", Error, "line 2, column 40",
            "not valid JSON: syntax error while parsing object - unexpected string literal");
    results("coco-results-score-1e400.json", Error, "line 2, column", "number overflow");
    results("coco-results-score-1e308.json", Loads, "/0", "confidence outside [0, 1]");
    results("coco-results-score-negative-zero.json", Loads, "", "");
    results("coco-results-negative-size.json", Loads, "/0", "zero or negative width or height");
    results("coco-results-unknown-category.json", Loads, "/1/category_id",
            "not in the ground truth's categories");
    results("coco-results-item-not-object.json", Error, "/1", "expected a result object, found a number");
    results("coco-results-huge-integer-image-id.json", Error, "line 3, column", "does not fit in 64 bits");
    results("coco-results-nested-100k.json", Error, "line 1, column", "nested more than 1024 levels deep");
    results("coco-results-crlf-bom.json", Loads, "", "");
    row("coco-results-without-gt.json", Error, "", "predictions need ground truth");

    // FiftyOneDataset folders.
    row("fiftyone-empty-samples", Error, "", "the file is empty");
    row("fiftyone-truncated", Error, "line 1, column", notJson);
    row("fiftyone-bad-box", Error, "/samples/0/ground_truth/detections/0/bounding_box",
        "expected [x, y, w, h]");
    row("fiftyone-no-detections", Error, "", "no Detections fields");
    row("fiftyone-duplicate-id", Error, "/samples/1/_id", "duplicate sample id");
    row("fiftyone-confidence-string", Error, "/samples/0/predictions/detections/0/confidence",
        "expected a number");
    row("fiftyone-missing-label", Error, "/samples/0/ground_truth/detections/0", "missing \"label\"");
    row("fiftyone-samples-not-list", Error, "/", "\"samples\" list");
    row("fiftyone-negative-size", Loads, "/samples/0/ground_truth/detections/0", "zero or negative width");
    row("fiftyone-nested-100k", Error, "line 1, column", "nested more than 1024 levels deep");
    row("fiftyone-bom-crlf", Loads, "", "");

    // Other formats.
    row("yolo-bad-lines/labels", Error, "line 2", "expected 5 columns");
    row("yolo-huge-class/labels", Error, "", notFormat);
    row("yolo-number-1e400/labels", Error, "line 1", "'1e400' is not a number");
    row("yolo-crlf/labels", Loads, "", "");
    row("csv-huge-claim.csv", Error, "line 2", "is not a number");
    row("csv-truncated-quote.csv", Error, "line 2", "not closed");
    row("csv-bom-crlf.csv", Loads, "", "");
    row("csv-nan.csv", Error, "line 2", "must be finite");
    row("coco-gt-control-chars-in-name.json", Loads, "", "");
    row("csv-long-value.csv", Error, "line 2", "\u2026' (100001 bytes) is not a number");
    row("voc-truncated", Error, "line 1", "the XML does not parse");
    row("voc-billion-laughs", Error, "line 3", "entity expansion limit");
    row("fiftyone-image-huge-class", Error, "line 1, column", "does not fit in 64 bits");
    row("fiftyone-image-truncated", Error, "line 1, column", notJson);

    // How inputs are found and told apart. A trailing slash (what shell completion types) must not
    // hide the names file in the parent folder.
    row("yolo-broken-yaml-parent/labels/", Error, "line 2", "without its closing ']'");
    row("yolo-out-of-range-parent/labels/", Error, "line 2", "class index 5 is out of range");
    rows.push_back(
        {{QStringLiteral("yolo-tracking-7-columns/gt"), QStringLiteral("yolo-tracking-7-columns/track/")},
         Error,
         QStringLiteral("line 1"),
         QStringLiteral("found 7 columns, but YOLO label lines have 5")});
    rows.push_back({{QStringLiteral("yolo-pred-classes-reordered/labels/"),
                     QStringLiteral("yolo-pred-classes-reordered/model/labels/")},
                    Loads,
                    QString(),
                    QStringLiteral("classes matched by name")});
    rows.push_back({{QStringLiteral("yolo-pred-unknown-class/labels"),
                     QStringLiteral("yolo-pred-unknown-class/model/labels")},
                    Loads,
                    QString(),
                    QStringLiteral("the ground truth does not have ('zebra')")});
    rows.push_back({{QStringLiteral("fiftyone-image-confidence-string/gt"),
                     QStringLiteral("fiftyone-image-confidence-string/pred")},
                    Error,
                    QStringLiteral("/labels/a/1/confidence"),
                    QStringLiteral("a bad confidence")});
    row("yolo-yaml-nested-100k/labels", Error, "line 1", "nested too deeply");
    row("yolo-yaml-tab-indent/labels", Error, "line 3", "illegal tab");
    // A YOLO data set's root (data.yaml beside labels/) opens its labels.
    row("unknown-yolo-root/", Loads, "", "");
    row("unknown-json-object.json", Error, "", "COCO ground truth: a JSON object without \"images\"");
    row("unknown-csv-header.csv", Error, "",
        "CSV: the first line, 'file,x,y,w,h', names no 'image' and 'label'");

    // Crashing inputs the fuzzers found (tools/fuzz.sh), kept as they were found.
#include "fuzz_rows.inc"
    return rows;
}

} // namespace

void TestHostile::corpus_data()
{
    QTest::addColumn<QStringList>("inputs");
    QTest::addColumn<Outcome>("outcome");
    QTest::addColumn<QString>("place");
    QTest::addColumn<QString>("fragment");
    for (const Row& r : corpusRows())
        QTest::newRow(qPrintable(r.inputs.last())) << r.inputs << r.outcome << r.place << r.fragment;
}

void TestHostile::corpus()
{
    QFETCH(QStringList, inputs);
    QFETCH(Outcome, outcome);
    QFETCH(QString, place);
    QFETCH(QString, fragment);
    const QString culprit = inputs.last();

    // In-process: the diagnostic itself.
    LoadRequest request;
    for (const QString& input : inputs)
        request.inputs.emplace_back(QString(kBad + QLatin1Char('/') + input).toStdString());
    const LoadResult result = loadDataset(request);
    QString all;
    for (const Diagnostic& d : result.diagnostics)
        all += QString::fromStdString(d.toString()) + QLatin1Char('\n');
    QCOMPARE(result.ok(), outcome == Loads);
    if (!fragment.isEmpty()) {
        const Diagnostic::Severity severity =
            outcome == Loads ? Diagnostic::Severity::Warning : Diagnostic::Severity::Error;
        const std::string name = culprit.section(QLatin1Char('/'), 0, 0).toStdString();
        const bool found =
            std::any_of(result.diagnostics.begin(), result.diagnostics.end(), [&](const Diagnostic& d) {
                return d.severity == severity && d.file.find(name) != std::string::npos &&
                       QString::fromStdString(d.location).contains(place) &&
                       QString::fromStdString(d.message).contains(fragment) &&
                       (place.isEmpty() || !d.location.empty());
            });
        QVERIFY2(found, qPrintable(QStringLiteral("expected %1 at '%2' with '%3' naming %4; got:\n%5")
                                       .arg(outcome == Loads ? QStringLiteral("a warning")
                                                             : QStringLiteral("an error"),
                                            place, fragment, culprit, all)));
    } else if (outcome == Loads) {
        QVERIFY2(std::none_of(result.diagnostics.begin(), result.diagnostics.end(),
                              [](const Diagnostic& d) { return d.isError(); }),
                 qPrintable(all));
    }

    // optconf-cli: exit code 2 and the same message on stderr; never a crash or a hang.
    QProcess cli;
    cli.setWorkingDirectory(kBad);
    cli.start(QStringLiteral(OPTCONF_CLI), QStringList{QStringLiteral("fields")} + inputs);
    QVERIFY(cli.waitForStarted());
    QVERIFY2(cli.waitForFinished(120'000), "optconf-cli hangs");
    const QString err = QString::fromUtf8(cli.readAllStandardError());
    QCOMPARE(cli.exitStatus(), QProcess::NormalExit);
    QVERIFY2(!err.contains(QLatin1String("runtime error")) && !err.contains(QLatin1String("Sanitizer")),
             qPrintable(err));
    QCOMPARE(cli.exitCode(), outcome == Loads ? 0 : 2);
    if (!fragment.isEmpty()) {
        QVERIFY2(err.contains(culprit.section(QLatin1Char('/'), 0, 0)), qPrintable(err));
        QVERIFY2(err.contains(fragment), qPrintable(err));
        if (!place.isEmpty())
            QVERIFY2(err.contains(place), qPrintable(err));
    }
}

void TestHostile::everyFileHasARow()
{
    // A file added to tests/data/bad without a row here would be checked by nothing.
    QStringList listed;
    for (const Row& r : corpusRows())
        listed << r.inputs.last().section(QLatin1Char('/'), 0, 0);
    const QStringList entries = QDir(kBad).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden);
    QVERIFY2(entries.size() >= 40, "the hostile corpus has fewer than 40 entries");
    for (const QString& e : entries) {
        if (e == QLatin1String("_support") || e == QLatin1String("README.md"))
            continue;
        QVERIFY2(listed.contains(e),
                 qPrintable(QStringLiteral("tests/data/bad/%1 has no row in tst_hostile").arg(e)));
    }
}

void TestHostile::hugeFiles_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QByteArray>("head");
    QTest::newRow("json") << QStringLiteral("huge.json") << QByteArray("{\"images\": [], \"annotations\": [");
    QTest::newRow("csv") << QStringLiteral("huge.csv")
                         << QByteArray("image,label,x,y,w,h\na.jpg,cat,1,1,2,2\n");
}

void TestHostile::hugeFiles()
{
    // A file larger than OptConf reads (sparse: 4 GiB claimed, nothing stored) is refused at once
    // with a message, instead of being read until the system kills the process.
    QFETCH(QString, name);
    QFETCH(QByteArray, head);
    QTemporaryDir dir;
    const QString path = dir.filePath(name);
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(head);
    if (!f.resize(qint64(4) << 30))
        QSKIP("this file system cannot hold a sparse 4 GiB file");
    f.close();
    const LoadResult result = loadDataset(LoadRequest{{path.toStdString()}, {}});
    QVERIFY(!result.ok());
    QVERIFY(!result.diagnostics.empty());
    QVERIFY2(QString::fromStdString(result.diagnostics.front().toString())
                 .contains(QLatin1String("4096 MiB; OptConf reads")),
             result.diagnostics.front().toString().c_str());
    QProcess cli;
    cli.start(QStringLiteral(OPTCONF_CLI), {QStringLiteral("fields"), path});
    QVERIFY(cli.waitForFinished(60'000));
    QCOMPARE(cli.exitCode(), 2);
    QVERIFY(QString::fromUtf8(cli.readAllStandardError()).contains(path));
}

void TestHostile::hugeResultsBrokenEarly()
{
    // 2 GiB of results (sparse) broken in the second element: the error names the place at
    // once, without reading the file: in-process the bytes read stay far below its size, and
    // optconf-cli says the same under a 1 GiB address-space limit (reading it whole would need 2).
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("results.json"));
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(
        R"([{"image_id": 1, "category_id": 1, "bbox": [12, 10, 100, 50], "score": 0.9}, {"image_id": 2 x)");
    if (!f.resize(qint64(2) << 30) || !f.seek((qint64(2) << 30) - 2) || f.write("]\n") != 2)
        QSKIP("this file system cannot hold a sparse 2 GiB file");
    f.close();
    const QStringList inputs{kBad + QStringLiteral("/_support/gt.json"), path};
    const QString expected =
        path + QStringLiteral(": line 1, column 93: error: not valid JSON: syntax error while "
                              "parsing object - invalid literal; last read: '2 x'; expected '}'");

    auto bytesRead = [] {
        QFile io(QStringLiteral("/proc/self/io"));
        if (!io.open(QIODevice::ReadOnly))
            return qint64(-1);
        for (const QByteArray& line : io.readAll().split('\n'))
            if (line.startsWith("rchar:"))
                return line.mid(6).trimmed().toLongLong();
        return qint64(-1);
    };
    const qint64 before = bytesRead();
    const LoadResult result =
        loadDataset(LoadRequest{{inputs[0].toStdString(), inputs[1].toStdString()}, {}});
    const qint64 read = bytesRead() - before;
    QVERIFY(!result.ok());
    QCOMPARE(result.diagnostics.size(), std::size_t(1));
    QCOMPARE(QString::fromStdString(result.diagnostics[0].toString()), expected);
    if (before >= 0)
        QVERIFY2(read < (qint64(256) << 20), qPrintable(QString::number(read)));

    if (optconf::test::kSanitized)
        QSKIP("a sanitizer build cannot run under an address-space limit");
    const auto run =
        optconf::test::runCliWithMemoryLimit(1 << 20, QStringList{QStringLiteral("fields")} + inputs);
    QCOMPARE(run.status, QProcess::NormalExit);
    QCOMPARE(run.exitCode, 2);
    QCOMPARE(QString::fromUtf8(run.err).trimmed(), expected);
}

QTEST_GUILESS_MAIN(TestHostile)
#include "tst_hostile.moc"
