// SPDX-License-Identifier: MIT
// What a user opens when they pick a data set's folder rather than its files: a YOLO data set's
// root or its data.yaml, a folder of COCO JSON files, an empty folder; and the message for a
// results file naming images the ground truth does not have.

#include "core/eval/evaluation.h"
#include "core/io/loader.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace optconf;

namespace {

const QString kData = QStringLiteral(OPTCONF_TEST_DATA "/formats/same/");

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

std::vector<std::string> fieldNames(const Dataset& d)
{
    std::vector<std::string> names;
    for (const LabelField& f : d.fields)
        names.push_back(f.name);
    return names;
}

std::vector<std::string> labelNames(const Dataset& d)
{
    return d.labels;
}

Counts countsAt(const Dataset& d, const std::string& gt, const std::string& pred, double threshold)
{
    EvaluationRequest request;
    request.groundTruthField = gt;
    request.predictionField = pred;
    const auto result = evaluate(d, request);
    if (!result)
        return {};
    return ThresholdCounter(result->match, std::nullopt, false).at(threshold);
}

bool writeText(const QString& path, const QByteArray& text)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(text) == text.size();
}

#define REQUIRE_LOADED(result) QVERIFY2((result).ok(), allMessages(result).c_str())

} // namespace

class TestOpenFolders : public QObject
{
    Q_OBJECT

private slots:
    void yoloRootAndItsDataYamlOpenTheLabels()
    {
        const LoadResult direct = load({data("yolo/labels"), data("yolo/detA/labels")});
        REQUIRE_LOADED(direct);
        for (const auto& first : {data("yolo"), data("yolo/data.yaml")}) {
            const LoadResult r = load({first, data("yolo/detA/labels")});
            REQUIRE_LOADED(r);
            QCOMPARE(fieldNames(*r.dataset), fieldNames(*direct.dataset));
            QCOMPARE(r.dataset->samples.size(), direct.dataset->samples.size());
            QCOMPARE(labelNames(*r.dataset), (std::vector<std::string>{"cat", "dog"}));
            QCOMPARE(countsAt(*r.dataset, "yolo", "detA", 0.5),
                     countsAt(*direct.dataset, "yolo", "detA", 0.5));
        }
    }

    void ultralyticsSplitsOpenTheValSplit()
    {
        // root/data.yaml, root/labels/{train,val}: the val split, named by the root's data.yaml.
        QTemporaryDir dir;
        const QString root = dir.filePath(QStringLiteral("ds"));
        QVERIFY(writeText(root + QStringLiteral("/data.yaml"),
                          "path: .\ntrain: images/train\nval: images/val\nnames: [person, car, dog]\n"));
        QVERIFY(writeText(root + QStringLiteral("/labels/train/a.txt"), "0 0.5 0.5 0.2 0.2\n"));
        QVERIFY(writeText(root + QStringLiteral("/labels/train/b.txt"), "1 0.5 0.5 0.2 0.2\n"));
        QVERIFY(
            writeText(root + QStringLiteral("/labels/val/c.txt"), "2 0.5 0.5 0.2 0.2\n1 0.2 0.2 0.1 0.1\n"));
        const LoadResult r = load({root.toStdString()});
        REQUIRE_LOADED(r);
        QCOMPARE(r.dataset->samples.size(), std::size_t(1)); // c.txt: the val split alone
        QCOMPARE(r.dataset->fields.front().objectCount(), std::size_t(2));
        QCOMPARE(labelNames(*r.dataset), (std::vector<std::string>{"person", "car", "dog"}));
        // Without a val split in data.yaml and on disk: the labels folder it names, said so.
        QDir(root + QStringLiteral("/labels/val")).removeRecursively();
        const LoadResult train = load({QString(root + QStringLiteral("/data.yaml")).toStdString()});
        REQUIRE_LOADED(train);
        QCOMPARE(train.dataset->samples.size(), std::size_t(2));
        QVERIFY2(allMessages(train).find("opened the train split's labels") != std::string::npos,
                 allMessages(train).c_str());
        // No label files anywhere: an error naming where it looked.
        QDir(root + QStringLiteral("/labels")).removeRecursively();
        const LoadResult none = load({root.toStdString()});
        QVERIFY(!none.ok());
        QVERIFY2(allMessages(none).find("none of its label folders holds <stem>.txt files (looked in ") !=
                     std::string::npos,
                 allMessages(none).c_str());
    }

    void cocoFolderOpensAsGroundTruthAndResults()
    {
        const LoadResult direct = load({data("coco/ground_truth.json"), data("coco/detA.json")});
        REQUIRE_LOADED(direct);
        const LoadResult r = load({data("coco")});
        REQUIRE_LOADED(r);
        QCOMPARE(fieldNames(*r.dataset), (std::vector<std::string>{"ground_truth", "detA"}));
        QCOMPARE(r.dataset->samples.size(), direct.dataset->samples.size());
        QCOMPARE(countsAt(*r.dataset, "ground_truth", "detA", 0.35),
                 countsAt(*direct.dataset, "ground_truth", "detA", 0.35));

        // Several result files: all of them, ground truth first whatever the names' order.
        QTemporaryDir dir;
        for (const char* name : {"a_model.json", "ground_truth.json", "z_model.json"})
            QVERIFY(QFile::copy(kData + (QByteArray(name) == "ground_truth.json"
                                             ? QStringLiteral("coco/ground_truth.json")
                                             : QStringLiteral("coco/detA.json")),
                                dir.filePath(QString::fromLatin1(name))));
        const LoadResult three = load({dir.path().toStdString()});
        REQUIRE_LOADED(three);
        QCOMPARE(fieldNames(*three.dataset),
                 (std::vector<std::string>{"ground_truth", "a_model", "z_model"}));
    }

    void cocoFolderWithoutOneGroundTruthSaysSo()
    {
        QTemporaryDir dir;
        QVERIFY(
            QFile::copy(kData + QStringLiteral("coco/detA.json"), dir.filePath(QStringLiteral("m.json"))));
        const LoadResult noGt = load({dir.path().toStdString()});
        QVERIFY(!noGt.ok());
        QVERIFY2(allMessages(noGt).find("holds 1 results file but no ground truth") != std::string::npos,
                 allMessages(noGt).c_str());
        for (const char* name : {"gt1.json", "gt2.json"})
            QVERIFY(QFile::copy(kData + QStringLiteral("coco/ground_truth.json"),
                                dir.filePath(QString::fromLatin1(name))));
        const LoadResult twoGt = load({dir.path().toStdString()});
        QVERIFY(!twoGt.ok());
        QVERIFY2(allMessages(twoGt).find("holds 2 ground-truth files ('gt1.json', 'gt2.json')") !=
                     std::string::npos,
                 allMessages(twoGt).c_str());
    }

    void emptyFolderIsCalledEmpty()
    {
        QTemporaryDir dir;
        const LoadResult r = load({dir.path().toStdString()});
        QVERIFY(!r.ok());
        QCOMPARE(r.diagnostics.size(), std::size_t(1));
        QVERIFY2(allMessages(r).find("the folder is empty") != std::string::npos, allMessages(r).c_str());
        QVERIFY(allMessages(r).find("looked for each") == std::string::npos);
    }

    void cliOpensTheSameFolders()
    {
        for (const QString& input :
             QStringList{kData + QStringLiteral("coco"), kData + QStringLiteral("yolo/data.yaml")}) {
            QProcess cli;
            QStringList args{QStringLiteral("sweep"), input};
            if (input.endsWith(QStringLiteral(".yaml")))
                args << kData + QStringLiteral("yolo/detA/labels");
            cli.start(QStringLiteral(OPTCONF_CLI),
                      args + QStringList{QStringLiteral("--json"), QStringLiteral("-")});
            QVERIFY(cli.waitForFinished(60000));
            QVERIFY2(cli.exitCode() == 0, cli.readAllStandardError().constData());
            const QJsonObject report = QJsonDocument::fromJson(cli.readAllStandardOutput()).object();
            QStringList labels;
            for (const QJsonValue c : report.value(QStringLiteral("classes")).toArray())
                labels << c.toObject().value(QStringLiteral("label")).toString();
            QCOMPARE(labels, (QStringList{QStringLiteral("cat"), QStringLiteral("dog")}));
        }
        QTemporaryDir empty;
        QProcess cli;
        cli.start(QStringLiteral(OPTCONF_CLI), {QStringLiteral("sweep"), empty.path()});
        QVERIFY(cli.waitForFinished(60000));
        QVERIFY(cli.exitCode() != 0);
        QVERIFY(cli.readAllStandardError().contains("the folder is empty"));
    }

    void unknownImageIdIsNamedWithItsResults()
    {
        QTemporaryDir dir;
        const QString gt = dir.filePath(QStringLiteral("gt.json"));
        QVERIFY(writeText(gt,
                          "{\"images\": [{\"id\": 1}, {\"id\": 2}], \"categories\": [{\"id\": 1, \"name\": "
                          "\"a\"}], \"annotations\": [{\"id\": 1, \"image_id\": 1, \"category_id\": 1, "
                          "\"bbox\": [0, 0, 10, 10], \"area\": 100}]}"));
        // Image 7 three times, image "x9" once, among results of known images.
        QByteArray results = "[";
        const char* ids[] = {"1", "7", "2", "7", "\"x9\"", "7", "1"};
        for (std::size_t i = 0; i < std::size(ids); ++i)
            results += QByteArray(i ? ", " : "") + "{\"image_id\": " + ids[i] +
                       ", \"category_id\": 1, \"bbox\": [0, 0, 10, 10], \"score\": 0.5}";
        results += "]";
        const QString res = dir.filePath(QStringLiteral("res.json"));
        QVERIFY(writeText(res, results));
        const LoadResult r = load({gt.toStdString(), res.toStdString()});
        QVERIFY(!r.ok());
        const std::string text = allMessages(r);
        QVERIFY2(text.find("res.json: /1/image_id: error: image id 7 is not in the ground truth's \"images\" "
                           "(3 results use it)") != std::string::npos,
                 text.c_str());
        QVERIFY2(text.find("res.json: /4/image_id: error: image id \"x9\" is not in the ground truth's "
                           "\"images\" (1 result uses it)") != std::string::npos,
                 text.c_str());
        // One error per id, not one per result.
        std::size_t errors = 0;
        for (const Diagnostic& d : r.diagnostics)
            errors += d.isError() ? 1 : 0;
        QCOMPARE(errors, std::size_t(2));
    }
};

QTEST_GUILESS_MAIN(TestOpenFolders)
#include "tst_open_folders.moc"
