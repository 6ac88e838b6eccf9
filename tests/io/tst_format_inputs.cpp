// SPDX-License-Identifier: MIT
// How inputs are found and told apart: the same folder however its path is typed (relative, with a
// trailing slash, through ".."), a YOLO prediction folder with its own class list, label lines with
// a column count no YOLO role has, a FiftyOne confidence that is not a number, and what the error
// says when no format recognises an input.

#include "core/eval/evaluation.h"
#include "core/io/loader.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

using namespace optconf;

namespace {

std::string allMessages(const LoadResult& r)
{
    std::string s;
    for (const Diagnostic& d : r.diagnostics)
        s += d.toString() + "\n";
    return s;
}

#define REQUIRE_LOADED(result) QVERIFY2((result).ok(), allMessages(result).c_str())

/// Writes `files` ("relative/path" -> content) under `dir`.
void writeFiles(const QString& dir, const QStringList& paths, const QStringList& contents)
{
    QCOMPARE(paths.size(), contents.size());
    for (qsizetype i = 0; i < paths.size(); ++i) {
        const QString path = dir + QLatin1Char('/') + paths[i];
        QDir().mkpath(QFileInfo(path).absolutePath());
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(contents[i].toUtf8());
    }
}

/// Runs `body` with the process's working directory at `dir`, and restores it.
template<typename Body>
void inDirectory(const QString& dir, Body body)
{
    const QString before = QDir::currentPath();
    QVERIFY(QDir::setCurrent(dir));
    body();
    QVERIFY(QDir::setCurrent(before));
}

std::vector<std::filesystem::path> paths(const QStringList& spelled)
{
    std::vector<std::filesystem::path> out;
    for (const QString& s : spelled)
        out.emplace_back(s.toStdString());
    return out;
}

Counts countsAtZero(const Dataset& d, const std::string& gt, const std::string& pred)
{
    EvaluationRequest r;
    r.groundTruthField = gt;
    r.predictionField = pred;
    if (auto invalid = validate(d, r))
        qFatal("invalid request: %s", invalid->c_str());
    return evaluate(d, r)->sweep.total.grid.front().counts;
}

QString countsText(const Counts& c)
{
    return QStringLiteral("TP %1, FP %2, FN %3").arg(c.tp).arg(c.fp).arg(c.fn);
}

/// What a load gives, as text to compare: labels, fields with their object counts, samples, the
/// counts at threshold 0 of the first two fields, and every diagnostic.
QString signature(const LoadResult& r)
{
    QString s = QStringLiteral("ok=%1\n").arg(r.ok());
    for (const Diagnostic& d : r.diagnostics)
        s += QString::fromStdString(d.toString()) + QLatin1Char('\n');
    if (!r.dataset)
        return s;
    const Dataset& d = *r.dataset;
    s += QStringLiteral("samples=%1\nlabels=").arg(d.samples.size());
    for (const std::string& l : d.labels)
        s += QString::fromStdString(l) + QLatin1Char(',');
    for (const LabelField& f : d.fields)
        s += QStringLiteral("\nfield %1 (%2): %3 objects")
                 .arg(QString::fromStdString(f.name), QString::fromStdString(f.source))
                 .arg(f.objectCount());
    if (d.fields.size() >= 2)
        s += QLatin1Char('\n') + countsText(countsAtZero(d, d.fields[0].name, d.fields[1].name));
    return s;
}

bool hasDiagnostic(const LoadResult& r, Diagnostic::Severity severity, const QString& fileEnd,
                   const QString& location, const QString& fragment)
{
    return std::any_of(r.diagnostics.begin(), r.diagnostics.end(), [&](const Diagnostic& d) {
        return d.severity == severity && QString::fromStdString(d.file).endsWith(fileEnd) &&
               QString::fromStdString(d.location).startsWith(location) &&
               QString::fromStdString(d.message).contains(fragment);
    });
}

/// A YOLO data set in `root`: yolo/data.yaml names cat and dog; yolo/labels holds the ground truth
/// (a: a cat and a dog, b: a dog); yolo/run/labels holds predictions without a names file (a: the
/// cat found, a false dog).
void writeYoloTree(const QString& root)
{
    writeFiles(root,
               {QStringLiteral("yolo/data.yaml"), QStringLiteral("yolo/labels/a.txt"),
                QStringLiteral("yolo/labels/b.txt"), QStringLiteral("yolo/run/labels/a.txt")},
               {QStringLiteral("names:\n  - cat\n  - dog\n"),
                QStringLiteral("0 0.5 0.5 0.2 0.2\n1 0.2 0.2 0.1 0.1\n"),
                QStringLiteral("1 0.7 0.7 0.1 0.1\n"),
                QStringLiteral("0 0.5 0.5 0.2 0.2 0.9\n1 0.9 0.9 0.05 0.05 0.4\n")});
}

} // namespace

class TestFormatInputs : public QObject
{
    Q_OBJECT

private slots:
    void pathSpellings_data();
    void pathSpellings();
    void namesFileFoundHoweverSpelled_data();
    void namesFileFoundHoweverSpelled();
    void cliReportHoweverSpelled();
    void otherFormatsHoweverSpelled_data();
    void otherFormatsHoweverSpelled();
    void predictionClassLists_data();
    void predictionClassLists();
    void columnCountNoRoleHas_data();
    void columnCountNoRoleHas();
    void fiftyoneConfidenceNotANumber();
    void notRecognised_data();
    void notRecognised();
};

// Working directory (relative to the temporary root) and the ground truth and predictions as typed.
void TestFormatInputs::pathSpellings_data()
{
    QTest::addColumn<QString>("workingDir");
    QTest::addColumn<QString>("gt");
    QTest::addColumn<QString>("pred");
    const QString yolo = QStringLiteral("yolo");
    QTest::newRow("bare name") << yolo << QStringLiteral("labels") << QStringLiteral("run/labels");
    QTest::newRow("trailing slash") << yolo << QStringLiteral("labels/") << QStringLiteral("run/labels/");
    QTest::newRow("two trailing slashes")
        << yolo << QStringLiteral("labels//") << QStringLiteral("run//labels//");
    QTest::newRow("dot slash") << yolo << QStringLiteral("./labels") << QStringLiteral("./run/labels/");
    QTest::newRow("from the root, slash")
        << QString() << QStringLiteral("yolo/labels/") << QStringLiteral("yolo/run/labels/");
    QTest::newRow("through dot dot") << QStringLiteral("yolo/run") << QStringLiteral("../labels")
                                     << QStringLiteral("../run/labels");
    QTest::newRow("through dot dot, slash")
        << QStringLiteral("yolo/run/labels") << QStringLiteral("../../labels/") << QStringLiteral(".");
    QTest::newRow("absolute, slash") << QString() << QStringLiteral("<root>/yolo/labels/")
                                     << QStringLiteral("<root>/yolo/run/labels/");
}

void TestFormatInputs::pathSpellings()
{
    QFETCH(QString, workingDir);
    QFETCH(QString, gt);
    QFETCH(QString, pred);
    QTemporaryDir dir;
    writeYoloTree(dir.path());
    gt.replace(QLatin1String("<root>"), dir.path());
    pred.replace(QLatin1String("<root>"), dir.path());

    const LoadResult reference = loadDataset(LoadRequest{
        paths({dir.filePath(QStringLiteral("yolo/labels")), dir.filePath(QStringLiteral("yolo/run/labels"))}),
        {}});
    REQUIRE_LOADED(reference);
    // The names file in the parent gives the names, and the counts are those of cat and dog.
    QCOMPARE(reference.dataset->labels, (std::vector<std::string>{"cat", "dog"}));
    QCOMPARE(countsAtZero(*reference.dataset, "yolo", "run"), (Counts{1, 1, 2}));

    LoadResult spelled;
    inDirectory(dir.filePath(workingDir), [&] { spelled = loadDataset(LoadRequest{paths({gt, pred}), {}}); });
    // Names, counts, field names and sources, and every message (with the files it names).
    QCOMPARE(signature(spelled), signature(reference));
}

void TestFormatInputs::namesFileFoundHoweverSpelled_data()
{
    QTest::addColumn<QString>("namesFile"); // in the parent of labels/
    QTest::addColumn<QString>("names");
    QTest::addColumn<QString>("label");
    QTest::addColumn<QString>("spelled");
    QTest::addColumn<QString>("errorFile");
    QTest::addColumn<QString>("location");
    QTest::addColumn<QString>("cause");
    const QString ok = QStringLiteral("0 0.5 0.5 0.2 0.2\n");
    for (const char* spelling : {"labels", "labels/", "./labels/"}) {
        QTest::addRow("broken data.yaml, %s", spelling)
            << QStringLiteral("data.yaml") << QStringLiteral("nc: 2\nnames: [cat, dog\n") << ok
            << QString::fromUtf8(spelling) << QStringLiteral("/data.yaml") << QStringLiteral("line 2")
            << QStringLiteral("without its closing ']'");
        QTest::addRow("class out of range, %s", spelling)
            << QStringLiteral("classes.txt") << QStringLiteral("cat\ndog\n")
            << ok + QStringLiteral("7 0.5 0.5 0.1 0.1\n") << QString::fromUtf8(spelling)
            << QStringLiteral("labels/a.txt") << QStringLiteral("line 2")
            << QStringLiteral("class index 7 is out of range");
    }
}

void TestFormatInputs::namesFileFoundHoweverSpelled()
{
    QFETCH(QString, namesFile);
    QFETCH(QString, names);
    QFETCH(QString, label);
    QFETCH(QString, spelled);
    QFETCH(QString, errorFile);
    QFETCH(QString, location);
    QFETCH(QString, cause);
    QTemporaryDir dir;
    writeFiles(dir.path(), {QStringLiteral("ds/") + namesFile, QStringLiteral("ds/labels/a.txt")},
               {names, label});
    LoadResult r;
    inDirectory(dir.filePath(QStringLiteral("ds")), [&] {
        r = loadDataset(LoadRequest{paths({spelled}), {}});
    });
    QVERIFY2(!r.ok(), signature(r).toUtf8().constData());
    QVERIFY2(hasDiagnostic(r, Diagnostic::Severity::Error, errorFile, location, cause),
             allMessages(r).c_str());
}

void TestFormatInputs::cliReportHoweverSpelled()
{
    // optconf-cli run from different folders with the paths typed differently writes the same
    // report: the same class names, counts, inputs and data set name.
    QTemporaryDir dir;
    writeYoloTree(dir.path());
    struct Run
    {
        QString workingDir;
        QStringList inputs;
    };
    const QString root = dir.path();
    const std::vector<Run> runs = {
        {root + QStringLiteral("/yolo"), {QStringLiteral("labels"), QStringLiteral("run/labels")}},
        {root + QStringLiteral("/yolo"), {QStringLiteral("labels/"), QStringLiteral("./run/labels/")}},
        {root, {QStringLiteral("yolo/labels/"), QStringLiteral("yolo/run/labels/")}},
        {root + QStringLiteral("/yolo/run"), {QStringLiteral("../labels"), QStringLiteral("labels/")}},
        {QDir::tempPath(),
         {root + QStringLiteral("/yolo/labels/"), root + QStringLiteral("/yolo/run/labels")}},
    };
    QByteArray first;
    for (const Run& run : runs) {
        QProcess cli;
        cli.setWorkingDirectory(run.workingDir);
        cli.start(QStringLiteral(OPTCONF_CLI),
                  QStringList{QStringLiteral("sweep")} + run.inputs +
                      QStringList{QStringLiteral("--json"), QStringLiteral("-")});
        QVERIFY(cli.waitForFinished(60000));
        const QByteArray err = cli.readAllStandardError();
        QVERIFY2(cli.exitCode() == 0, err.constData());
        const QByteArray out = cli.readAllStandardOutput();
        const QJsonObject report = QJsonDocument::fromJson(out).object();
        QStringList labels;
        for (const QJsonValue c : report.value(QStringLiteral("classes")).toArray())
            labels << c.toObject().value(QStringLiteral("label")).toString();
        QCOMPARE(labels, (QStringList{QStringLiteral("cat"), QStringLiteral("dog")}));
        QCOMPARE(report.value(QStringLiteral("dataset")).toObject().value(QStringLiteral("name")).toString(),
                 QStringLiteral("labels"));
        // Everything but the model card's record of the command line as typed.
        QJsonObject withoutInvocation = report;
        QJsonObject card = withoutInvocation.value(QStringLiteral("model_card")).toObject();
        QVERIFY(card.contains(QStringLiteral("invocation")));
        card.remove(QStringLiteral("invocation"));
        withoutInvocation.insert(QStringLiteral("model_card"), card);
        const QByteArray comparable = QJsonDocument(withoutInvocation).toJson();
        if (first.isEmpty())
            first = comparable;
        QCOMPARE(comparable, first);
    }
}

void TestFormatInputs::otherFormatsHoweverSpelled_data()
{
    // The shared data set of tst_formats, from its own folder: VOC looks into Annotations/ and a
    // FiftyOne labels.json next to data/; the absolute spelling is the reference.
    QTest::addColumn<QStringList>("spelled");
    QTest::addColumn<QStringList>("absolute");
    QTest::newRow("VOC root with a slash, CSV predictions")
        << QStringList{QStringLiteral("voc/"), QStringLiteral("./csv/detA.csv")}
        << QStringList{QStringLiteral("voc"), QStringLiteral("csv/detA.csv")};
    QTest::newRow("VOC Annotations through ..")
        << QStringList{QStringLiteral("csv/../voc/Annotations/"), QStringLiteral("mixed/detA_yolo/")}
        << QStringList{QStringLiteral("voc/Annotations"), QStringLiteral("mixed/detA_yolo")};
    QTest::newRow("FiftyOne folder and file")
        << QStringList{QStringLiteral("fiftyone/gt/"), QStringLiteral("./fiftyone/detA/labels.json")}
        << QStringList{QStringLiteral("fiftyone/gt"), QStringLiteral("fiftyone/detA/labels.json")};
    QTest::newRow("CSV") << QStringList{QStringLiteral("./csv//ground_truth.csv"),
                                        QStringLiteral("csv/./detA.csv")}
                         << QStringList{QStringLiteral("csv/ground_truth.csv"),
                                        QStringLiteral("csv/detA.csv")};
}

void TestFormatInputs::otherFormatsHoweverSpelled()
{
    QFETCH(QStringList, spelled);
    QFETCH(QStringList, absolute);
    const QString data = QStringLiteral(OPTCONF_FORMATS_DATA "/same");
    QStringList full;
    for (const QString& a : absolute)
        full << data + QLatin1Char('/') + a;
    const LoadResult reference = loadDataset(LoadRequest{paths(full), {}});
    REQUIRE_LOADED(reference);
    LoadResult r;
    inDirectory(data, [&] { r = loadDataset(LoadRequest{paths(spelled), {}}); });
    QCOMPARE(signature(r), signature(reference));
}

void TestFormatInputs::predictionClassLists_data()
{
    QTest::addColumn<QStringList>("files");
    QTest::addColumn<QStringList>("contents");
    QTest::addColumn<QStringList>("inputs"); // ground truth, predictions
    QTest::addColumn<QString>("counts");     // at threshold 0
    QTest::addColumn<QString>("labels");
    QTest::addColumn<QString>("warning"); // a fragment of the one warning expected ("" = none)

    // Ground truth: a cat at the centre, a dog in the corner.
    const QString gtLines = QStringLiteral("0 0.5 0.5 0.2 0.2\n1 0.2 0.2 0.1 0.1\n");
    const QString csvGt =
        QStringLiteral("image,label,x,y,w,h\na,cat,0.4,0.4,0.2,0.2\na,dog,0.15,0.15,0.1,0.1\n");
    // The same two objects found by a model that numbers dog 0 and cat 1.
    const QString swapped = QStringLiteral("1 0.5 0.5 0.2 0.2 0.9\n0 0.2 0.2 0.1 0.1 0.8\n");
    const QString same = QStringLiteral("0 0.5 0.5 0.2 0.2 0.9\n1 0.2 0.2 0.1 0.1 0.8\n");

    QTest::newRow("order differs: matched by name")
        << QStringList{QStringLiteral("ds/data.yaml"), QStringLiteral("ds/labels/a.txt"),
                       QStringLiteral("model/classes.txt"), QStringLiteral("model/labels/a.txt")}
        << QStringList{QStringLiteral("names: [cat, dog]\n"), gtLines, QStringLiteral("dog\ncat\n"), swapped}
        << QStringList{QStringLiteral("ds/labels"), QStringLiteral("model/labels")}
        << QStringLiteral("TP 2, FP 0, FN 0") << QStringLiteral("cat,dog")
        << QStringLiteral("classes matched by name: ");
    QTest::newRow("same order in another file: no warning")
        << QStringList{QStringLiteral("ds/data.yaml"), QStringLiteral("ds/labels/a.txt"),
                       QStringLiteral("model/data.yaml"), QStringLiteral("model/labels/a.txt")}
        << QStringList{QStringLiteral("names: [cat, dog]\n"), gtLines,
                       QStringLiteral("names:\n  0: cat\n  1: dog\n"), same}
        << QStringList{QStringLiteral("ds/labels"), QStringLiteral("model/labels")}
        << QStringLiteral("TP 2, FP 0, FN 0") << QStringLiteral("cat,dog") << QString();
    QTest::newRow("ground truth by index, predictions named")
        << QStringList{QStringLiteral("ds/labels/a.txt"), QStringLiteral("model/obj.names"),
                       QStringLiteral("model/labels/a.txt")}
        << QStringList{gtLines, QStringLiteral("cat\ndog\n"), same}
        << QStringList{QStringLiteral("ds/labels"), QStringLiteral("model/labels")}
        << QStringLiteral("TP 2, FP 0, FN 0") << QStringLiteral("cat,dog")
        << QStringLiteral("the ground truth names no classes");
    QTest::newRow("ground truth named, predictions by index")
        << QStringList{QStringLiteral("ds/data.yaml"), QStringLiteral("ds/labels/a.txt"),
                       QStringLiteral("model/labels/a.txt")}
        << QStringList{QStringLiteral("names: [cat, dog]\n"), gtLines, same}
        << QStringList{QStringLiteral("ds/labels"), QStringLiteral("model/labels")}
        << QStringLiteral("TP 2, FP 0, FN 0") << QStringLiteral("cat,dog")
        << QStringLiteral("these predictions name no classes");
    QTest::newRow("a class the ground truth lacks")
        << QStringList{QStringLiteral("ds/data.yaml"), QStringLiteral("ds/labels/a.txt"),
                       QStringLiteral("model/classes.txt"), QStringLiteral("model/labels/a.txt")}
        << QStringList{QStringLiteral("names: [cat, dog]\n"), gtLines, QStringLiteral("cat\ndog\nbird\n"),
                       same + QStringLiteral("2 0.8 0.8 0.1 0.1 0.7\n")}
        << QStringList{QStringLiteral("ds/labels"), QStringLiteral("model/labels")}
        << QStringLiteral("TP 2, FP 1, FN 0") << QStringLiteral("cat,dog,bird")
        << QStringLiteral("names 1 class the ground truth does not have ('bird'): their predictions count as "
                          "false positives");
    QTest::newRow("CSV ground truth, a class it lacks")
        << QStringList{QStringLiteral("gt.csv"), QStringLiteral("model/classes.txt"),
                       QStringLiteral("model/labels/a.txt")}
        << QStringList{csvGt, QStringLiteral("dog\ncat\nbird\n"),
                       swapped + QStringLiteral("2 0.8 0.8 0.1 0.1 0.7\n")}
        << QStringList{QStringLiteral("gt.csv"), QStringLiteral("model/labels")}
        << QStringLiteral("TP 2, FP 1, FN 0") << QStringLiteral("cat,dog,bird")
        << QStringLiteral("the ground truth does not have ('bird')");
}

void TestFormatInputs::predictionClassLists()
{
    QFETCH(QStringList, files);
    QFETCH(QStringList, contents);
    QFETCH(QStringList, inputs);
    QFETCH(QString, counts);
    QFETCH(QString, labels);
    QFETCH(QString, warning);
    QTemporaryDir dir;
    writeFiles(dir.path(), files, contents);
    const LoadResult r =
        loadDataset(LoadRequest{paths({dir.filePath(inputs[0]), dir.filePath(inputs[1])}), {}});
    REQUIRE_LOADED(r);
    const Dataset& d = *r.dataset;
    QString gotLabels;
    for (const std::string& l : d.labels)
        gotLabels += (gotLabels.isEmpty() ? QString() : QStringLiteral(",")) + QString::fromStdString(l);
    QCOMPARE(gotLabels, labels);
    QCOMPARE(countsText(countsAtZero(d, d.fields[0].name, d.fields[1].name)), counts);
    QStringList warnings;
    for (const Diagnostic& diag : r.diagnostics)
        warnings << QString::fromStdString(diag.toString());
    if (warning.isEmpty()) {
        QVERIFY2(warnings.isEmpty(), qPrintable(warnings.join(QLatin1Char('\n'))));
    } else {
        // One warning, on the predictions folder, naming the names file that decided.
        QCOMPARE(warnings.size(), 1);
        QVERIFY2(hasDiagnostic(r, Diagnostic::Severity::Warning, QStringLiteral("model/labels"), QString(),
                               warning),
                 qPrintable(warnings.first()));
    }
}

void TestFormatInputs::columnCountNoRoleHas_data()
{
    QTest::addColumn<QString>("lines");
    QTest::addColumn<bool>("withGroundTruth");
    QTest::addColumn<QString>("cause");
    const QString seven = QStringLiteral("\n0 0.5 0.5 0.2 0.2 0.9 17\n1 0.2 0.2 0.1 0.1 0.8 18\n");
    QTest::newRow("tracking output, with ground truth")
        << seven << true << QStringLiteral("a 7th column is what trackers add (a track id)");
    QTest::newRow("tracking output, alone") << seven << false << QStringLiteral("a 7th column");
    QTest::newRow("4 columns, with ground truth")
        << QStringLiteral("\n0 0.5 0.5 0.2\n") << true << QStringLiteral("the line is cut short");
    QTest::newRow("a polygon, with ground truth") << QStringLiteral("\n0 0.1 0.1 0.5 0.1 0.5 0.5 0.1 0.5\n")
                                                  << true << QStringLiteral("segmentation polygons");
}

void TestFormatInputs::columnCountNoRoleHas()
{
    QFETCH(QString, lines);
    QFETCH(bool, withGroundTruth);
    QFETCH(QString, cause);
    QTemporaryDir dir;
    writeFiles(dir.path(), {QStringLiteral("gt/a.txt"), QStringLiteral("track/a.txt")},
               {QStringLiteral("0 0.5 0.5 0.2 0.2\n"), lines});
    std::vector<std::filesystem::path> inputs;
    if (withGroundTruth)
        inputs.emplace_back(dir.filePath(QStringLiteral("gt")).toStdString());
    inputs.emplace_back(dir.filePath(QStringLiteral("track")).toStdString());
    const LoadResult r = loadDataset(LoadRequest{inputs, {}});
    QVERIFY(!r.ok());
    // The file, the line, the count found and the two counts a YOLO folder has.
    const QString columns = QString::number(
        QString(lines).trimmed().split(QLatin1Char('\n')).first().split(QLatin1Char(' ')).size());
    QVERIFY2(
        hasDiagnostic(r, Diagnostic::Severity::Error, QStringLiteral("track/a.txt"), QStringLiteral("line 2"),
                      QStringLiteral("found ") + columns +
                          QStringLiteral(" columns, but YOLO label lines have 5 ('class cx cy w h': ground "
                                         "truth) or 6 ('class cx cy w h conf': predictions)")),
        allMessages(r).c_str());
    QVERIFY2(hasDiagnostic(r, Diagnostic::Severity::Error, QStringLiteral("track/a.txt"), QString(), cause),
             allMessages(r).c_str());
    QVERIFY2(allMessages(r).find("second ground-truth source") == std::string::npos, allMessages(r).c_str());
}

void TestFormatInputs::fiftyoneConfidenceNotANumber()
{
    // A string confidence is a bad prediction, named at its JSON path: not a second ground truth.
    QTemporaryDir dir;
    writeFiles(
        dir.path(), {QStringLiteral("gt/labels.json"), QStringLiteral("pred/labels.json")},
        {QStringLiteral(
             R"({"classes": ["cat"], "labels": {"u1": [{"label": 0, "bounding_box": [0.1, 0.1, 0.2, 0.2]}]}})"),
         QStringLiteral(R"({"classes": ["cat"], "labels": {"u1": [)"
                        R"({"label": 0, "bounding_box": [0.1, 0.1, 0.2, 0.2], "confidence": "0.9"},)"
                        R"({"label": 0, "bounding_box": [0.5, 0.5, 0.2, 0.2], "confidence": 0.4}]}})")});
    for (const char* pred : {"pred", "pred/labels.json"}) {
        const LoadResult r = loadDataset(LoadRequest{
            paths({dir.filePath(QStringLiteral("gt")), dir.filePath(QString::fromUtf8(pred))}), {}});
        QVERIFY(!r.ok());
        QVERIFY2(hasDiagnostic(r, Diagnostic::Severity::Error, QStringLiteral("pred/labels.json"),
                               QStringLiteral("/labels/u1/0/confidence"),
                               QStringLiteral("a bad confidence: expected a number or null, found a string "
                                              "(\"0.9\")")),
                 allMessages(r).c_str());
        QVERIFY2(allMessages(r).find("second ground-truth source") == std::string::npos,
                 allMessages(r).c_str());
    }
}

void TestFormatInputs::notRecognised_data()
{
    QTest::addColumn<QStringList>("files");
    QTest::addColumn<QStringList>("contents");
    QTest::addColumn<QString>("input");
    QTest::addColumn<QStringList>("reasons"); // one line each

    QTest::newRow("a folder of other files")
        << QStringList{QStringLiteral("x/notes.txt"), QStringLiteral("x/photo.jpg")}
        << QStringList{QStringLiteral("hello world\n"), QStringLiteral("JFIF")} << QStringLiteral("x")
        << QStringList{
               QStringLiteral("not a dataset format OptConf reads (a folder); looked for each:"),
               QStringLiteral("  - FiftyOne dataset: no metadata.json in it"),
               QStringLiteral("  - FiftyOne image detections: no labels.json in it"),
               QStringLiteral("  - Pascal VOC: no .xml files in it or in an Annotations/ folder inside it"),
               QStringLiteral("  - YOLO: notes.txt line 1, 'hello world', is not 'class cx cy w h'"),
               QStringLiteral("  - COCO ground truth, COCO results, CSV: read files, not folders; this "
                              "folder holds no .json or .csv file")};
    // With a data.yaml the folder is a YOLO data set's root and opens (tst_open_folders).
    QTest::newRow("a folder holding a labels folder, without data.yaml")
        << QStringList{QStringLiteral("ds/labels/a.txt"), QStringLiteral("ds/val.csv")}
        << QStringList{QStringLiteral("0 0.5 0.5 0.1 0.1\n"), QStringLiteral("x\n")} << QStringLiteral("ds")
        << QStringList{
               QStringLiteral("  - YOLO: no <stem>.txt label files in it (it has a labels folder: open "
                              "that)"),
               QStringLiteral("this folder holds 1 .json or .csv file (the first is 'val.csv'): open "
                              "the file itself")};
    QTest::newRow("FiftyOne folders without their files")
        << QStringList{QStringLiteral("fo/metadata.json"), QStringLiteral("fo/labels.json")}
        << QStringList{QStringLiteral("{}"), QStringLiteral("{\"labels\": []}")} << QStringLiteral("fo")
        << QStringList{
               QStringLiteral("  - FiftyOne dataset: metadata.json, but no samples.json or "
                              "samples/*.json next to it"),
               QStringLiteral("  - FiftyOne image detections: its labels.json is a JSON object without "
                              "a \"labels\" object")};
    QTest::newRow("a JSON object of something else")
        << QStringList{QStringLiteral("a.json")} << QStringList{QStringLiteral("{\"model\": \"yolo\"}")}
        << QStringLiteral("a.json")
        << QStringList{
               QStringLiteral("not a dataset format OptConf reads (a file); looked for each:"),
               QStringLiteral("  - COCO ground truth: a JSON object without \"images\", \"annotations\" or "
                              "\"categories\""),
               QStringLiteral("  - COCO results: a JSON object, not a JSON list of results"),
               QStringLiteral("  - FiftyOne image detections: a JSON object without a \"labels\" object"),
               QStringLiteral("  - Pascal VOC: a JSON object, not XML"),
               QStringLiteral("  - CSV: a JSON object, not CSV"),
               QStringLiteral("  - FiftyOne dataset, YOLO: read folders, not files")};
    QTest::newRow("a list of something else")
        << QStringList{QStringLiteral("a.json")} << QStringList{QStringLiteral("[{\"id\": 1}]")}
        << QStringLiteral("a.json")
        << QStringList{QStringLiteral("  - COCO results: a JSON list whose items have no \"image_id\""),
                       QStringLiteral("  - COCO ground truth: a JSON list, not a JSON object with")};
    QTest::newRow("a CSV without image and label")
        << QStringList{QStringLiteral("b.csv")} << QStringList{QStringLiteral("file,x,y\na,1,2\n")}
        << QStringLiteral("b.csv")
        << QStringList{
               QStringLiteral("  - CSV: the first line, 'file,x,y', names no 'image' and 'label' columns"),
               QStringLiteral("  - COCO ground truth: text that starts 'file,x,y', not a JSON object")};
    QTest::newRow("XML of something else")
        << QStringList{QStringLiteral("c.xml")}
        << QStringList{QStringLiteral("<?xml version=\"1.0\"?><svg/>")} << QStringLiteral("c.xml")
        << QStringList{QStringLiteral("  - Pascal VOC: XML without an <annotation> element")};
    QTest::newRow("binary") << QStringList{QStringLiteral("d.bin")}
                            << QStringList{QString::fromLatin1("\x01\x02\x03\x04\xff\xfe\x05\x06\x07\x08")}
                            << QStringLiteral("d.bin")
                            << QStringList{QStringLiteral(
                                   "not a dataset format OptConf reads: binary data, not text")};
}

void TestFormatInputs::notRecognised()
{
    QFETCH(QStringList, files);
    QFETCH(QStringList, contents);
    QFETCH(QString, input);
    QFETCH(QStringList, reasons);
    QTemporaryDir dir;
    writeFiles(dir.path(), files, contents);
    const LoadResult r = loadDataset(LoadRequest{paths({dir.filePath(input)}), {}});
    QVERIFY(!r.ok());
    QCOMPARE(r.diagnostics.size(), 1u);
    const Diagnostic& d = r.diagnostics.front();
    QCOMPARE(QString::fromStdString(d.file), dir.filePath(input));
    const QStringList lines = QString::fromStdString(d.message).split(QLatin1Char('\n'));
    for (const QString& reason : reasons) {
        QVERIFY2(
            std::any_of(lines.begin(), lines.end(),
                        [&](const QString& l) { return l.startsWith(reason) || l.contains(reason); }),
            qPrintable(QStringLiteral("no line '%1' in:\n%2").arg(reason, lines.join(QLatin1Char('\n')))));
    }
}

QTEST_GUILESS_MAIN(TestFormatInputs)
#include "tst_format_inputs.moc"
