// SPDX-License-Identifier: MIT
// optconf-cli as a user runs it: exit codes, messages, and reports that agree with the engine.
#include "core/eval/confusion.h"
#include "core/eval/error_types.h"
#include "core/eval/evaluation.h"
#include "core/eval/iou_curves.h"
#include "core/eval/size_breakdown.h"
#include "core/example/synthetic.h"
#include "core/io/loader.h"
#include "memory_limit.h"
#include "resources/bundled_example.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <map>

using namespace optconf;

namespace {

struct Run
{
    int exitCode = -1;
    QByteArray out, err;
};

Run cli(const QStringList& arguments,
        const QProcessEnvironment& environment = QProcessEnvironment::systemEnvironment())
{
    QProcess p;
    p.setProcessEnvironment(environment);
    p.start(QStringLiteral(OPTCONF_CLI), arguments);
    if (!p.waitForFinished(120000))
        return {};
    return {p.exitCode(), p.readAllStandardOutput(), p.readAllStandardError()};
}

const QString kData = QStringLiteral(OPTCONF_TEST_DATA);

} // namespace

class TestCli : public QObject
{
    Q_OBJECT

private slots:
    void version()
    {
        const Run r = cli({QStringLiteral("--version")});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.out.trimmed(), QByteArray("optconf-cli " OPTCONF_VERSION));
    }

    void guiApplicationOnlyWhenPainting()
    {
        // A sweep that paints nothing runs on a QCoreApplication: no platform plugin is loaded
        // (JSON, CSV and thresholds files are plain text). A chart needs a QGuiApplication, on the
        // offscreen platform. glibc's loader lists every library it opens, plugins too.
        QTemporaryDir dir;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("LD_DEBUG"), QStringLiteral("libs"));
        env.remove(QStringLiteral("QT_QPA_PLATFORM"));
        const QStringList sweep = {QStringLiteral("sweep"),  QStringLiteral("--example"),
                                   QStringLiteral("--pred"), QStringLiteral("detector_large"),
                                   QStringLiteral("--json"), dir.filePath(QStringLiteral("r.json"))};
        for (const QString& option : {QString(), QStringLiteral("--thresholds"), QStringLiteral("--csv")}) {
            QStringList arguments = sweep;
            if (!option.isEmpty())
                arguments << option << dir.filePath(QStringLiteral("out") + option);
            const Run plain = cli(arguments, env);
            QCOMPARE(plain.exitCode, 0);
            QVERIFY(plain.err.contains("libQt6Core.so")); // the listing is there at all
            QVERIFY2(!plain.err.contains("platforms/libq"),
                     qPrintable(option + QStringLiteral(" started a QGuiApplication")));
        }
        QVERIFY(QFileInfo(dir.filePath(QStringLiteral("out--thresholds"))).size() > 0);
        const QString chart = dir.filePath(QStringLiteral("c.svg"));
        const Run painting = cli(sweep + QStringList{QStringLiteral("--chart"), chart}, env);
        QCOMPARE(painting.exitCode, 0);
        QVERIFY(painting.err.contains("platforms/libqoffscreen.so"));
        QVERIFY(QFileInfo(chart).size() > 0);
    }

    void jsonReportMatchesEngine()
    {
        const Run r = cli({QStringLiteral("sweep"), QStringLiteral("--example"), QStringLiteral("--pred"),
                           QStringLiteral("detector_large"), QStringLiteral("--json"), QStringLiteral("-")});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject j = QJsonDocument::fromJson(r.out).object();
        QVERIFY2(!j.isEmpty(), r.err.constData());
        for (const char* key : {"settings", "grid", "best", "optimum", "classes", "ap50", "ap50_95"})
            QVERIFY2(j.contains(QLatin1String(key)), key);
        const QJsonArray grid = j[QLatin1String("grid")].toArray();
        QCOMPARE(grid.size(), 101);
        // The grid is numpy's: linspace(0, 1, 101)[35] == 0.35000000000000003, printed exactly.
        QVERIFY(grid[35].toObject()[QLatin1String("threshold")].toDouble() == 0.35000000000000003);
        QVERIFY(r.out.contains("0.35000000000000003"));

        // The same numbers as the engine computes in-process.
        std::vector<std::filesystem::path> paths;
        for (const QString& p : bundledExamplePaths())
            paths.emplace_back(p.toStdString());
        const LoadResult loaded = loadDataset(LoadRequest{paths, {}});
        QVERIFY(loaded.ok());
        EvaluationRequest request;
        request.groundTruthField = "ground_truth";
        request.predictionField = "detector_large";
        const auto result = evaluate(*loaded.dataset, request);
        const QJsonObject optimum = j[QLatin1String("optimum")].toObject();
        QVERIFY(optimum[QLatin1String("threshold")].toDouble() == result->sweep.total.optimum->threshold);
        QCOMPARE(optimum[QLatin1String("tp")].toInteger(), result->sweep.total.optimum->counts.tp);
        QCOMPARE(optimum[QLatin1String("fp")].toInteger(), result->sweep.total.optimum->counts.fp);
        QCOMPARE(optimum[QLatin1String("fn")].toInteger(), result->sweep.total.optimum->counts.fn);
        QVERIFY(optimum[QLatin1String("f1")].toDouble() == result->sweep.total.optimum->f1);
        QVERIFY(j[QLatin1String("ap50")].toDouble() == *result->ap.ap50);
        QCOMPARE(j[QLatin1String("classes")].toArray().size(), int(result->sweep.classes.size()));
        // Above every score nothing is kept: precision is undefined, JSON null.
        QVERIFY(grid[100].toObject()[QLatin1String("precision")].isNull() ||
                grid[100].toObject()[QLatin1String("tp")].toInteger() > 0);
    }

    void fbetaTablesShowTheObjective()
    {
        const Run r = cli({QStringLiteral("sweep"), QStringLiteral("--example"), QStringLiteral("--pred"),
                           QStringLiteral("detector_large"), QStringLiteral("--objective"),
                           QStringLiteral("fbeta:2"), QStringLiteral("--steps"), QStringLiteral("3")});
        QCOMPARE(r.exitCode, 0);
        std::vector<std::filesystem::path> paths;
        for (const QString& p : bundledExamplePaths())
            paths.emplace_back(p.toStdString());
        const LoadResult loaded = loadDataset(LoadRequest{paths, {}});
        QVERIFY(loaded.ok());
        EvaluationRequest request;
        request.groundTruthField = "ground_truth";
        request.predictionField = "detector_large";
        request.sweep.objective.beta = 2;
        request.sweep.steps = 3;
        const auto result = evaluate(*loaded.dataset, request);
        QVERIFY(result && result->sweep.total.optimum);
        const QStringList lines = QString::fromUtf8(r.out).split(u'\n');
        auto words = [&](const QString& start) {
            for (const QString& line : lines)
                if (line.startsWith(start))
                    return line.split(u' ', Qt::SkipEmptyParts);
            return QStringList();
        };
        // The summary: the F2 column the optimum was chosen by, then F1.
        QCOMPARE(words(QStringLiteral("                 threshold")),
                 (QStringList{QStringLiteral("threshold"), QStringLiteral("F2"), QStringLiteral("F1"),
                              QStringLiteral("precision"), QStringLiteral("recall"), QStringLiteral("TP"),
                              QStringLiteral("FP"), QStringLiteral("FN")}));
        const Metrics& o = *result->sweep.total.optimum;
        const QStringList optimum = words(QStringLiteral("optimum (exact)"));
        QCOMPARE(optimum.value(2), QString::number(o.threshold, 'f', 4));
        QCOMPARE(optimum.value(3), QString::number(o.objective, 'f', 4));
        QCOMPARE(optimum.value(4), QString::number(o.f1, 'f', 4));
        QVERIFY(optimum.value(3) != optimum.value(4));
        // The per-class and grid tables too.
        QVERIFY(words(QStringLiteral("class ")).contains(QStringLiteral("F2")));
        const ClassCurve& first = result->sweep.classes.front();
        const QStringList row = words(QString::fromStdString(first.name) + u' ');
        QCOMPARE(row.value(3), QString::number(first.curve.optimum->objective, 'f', 4));
        QCOMPARE(words(QStringLiteral("threshold    TP")).last(), QStringLiteral("F2"));
    }

    void readmeExampleIsTheProgramsOutput()
    {
        // Every ```text block of README.md that starts with "$ optconf-cli ..." shows what that command
        // prints: run it and compare line by line, up to a "..." line where the README elides the rest.
        QFile readme(QStringLiteral(OPTCONF_README));
        QVERIFY(readme.open(QIODevice::ReadOnly));
        const QStringList lines = QString::fromUtf8(readme.readAll()).split(u'\n');
        int blocks = 0;
        for (qsizetype i = 0; i + 1 < lines.size(); ++i) {
            if (lines[i] != QLatin1String("```text") ||
                !lines[i + 1].startsWith(QLatin1String("$ optconf-cli ")))
                continue;
            ++blocks;
            const QStringList command = lines[i + 1].mid(14).split(u' ', Qt::SkipEmptyParts);
            QStringList expected;
            bool elided = false;
            for (qsizetype k = i + 2; k < lines.size() && lines[k] != QLatin1String("```"); ++k) {
                if (lines[k] == QLatin1String("...")) {
                    elided = true;
                    break;
                }
                expected << lines[k];
            }
            const Run r = cli(command);
            QVERIFY2(r.exitCode == 0, r.err.constData());
            QStringList actual = QString::fromUtf8(r.out).split(u'\n');
            if (!actual.isEmpty() && actual.last().isEmpty())
                actual.removeLast();
            if (elided)
                actual = actual.mid(0, expected.size());
            for (qsizetype k = 0; k < std::max(expected.size(), actual.size()); ++k)
                QVERIFY2(
                    expected.value(k) == actual.value(k),
                    qPrintable(QStringLiteral(
                                   "README.md, the output of '%1', line %2:\n  README:  %3\n  program: %4")
                                   .arg(lines[i + 1].mid(2))
                                   .arg(k + 1)
                                   .arg(expected.value(k), actual.value(k))));
        }
        QVERIFY2(blocks >= 1, "README.md shows no optconf-cli output to check");
    }

    void bundledExampleIsTheGeneratorsOutput()
    {
        // The shipped example is exactly what the simulator makes for README's command
        // (optconf-cli generate --seed 20261125 --images 300): deterministic and reproducible.
        SyntheticSpec spec;
        spec.seed = 20261125;
        spec.images = 300;
        spec.models = exampleModels();
        const SyntheticDataset generated = generateSynthetic(spec);
        const QStringList paths = bundledExamplePaths();
        QCOMPARE(paths.size(), 3);
        auto read = [](const QString& path) {
            QFile f(path);
            return f.open(QIODevice::ReadOnly) ? f.readAll().toStdString() : std::string();
        };
        QVERIFY(read(paths[0]) == generated.groundTruthJson);
        QVERIFY(read(paths[1]) == generated.resultsJson[0]);
        QVERIFY(read(paths[2]) == generated.resultsJson[1]);
        QVERIFY(generated.groundTruthJson.find("SYNTHETIC") != std::string::npos);
    }

    void undefinedPrecisionIsNull()
    {
        // The fixture's highest score is 0.9: at 0.95 and 1.0 nothing is kept.
        const Run r = cli({QStringLiteral("sweep"), kData + QStringLiteral("/coco/gt.json"),
                           kData + QStringLiteral("/coco/model_a.json"), QStringLiteral("--lower"),
                           QStringLiteral("0.9"), QStringLiteral("--steps"), QStringLiteral("3"),
                           QStringLiteral("--json"), QStringLiteral("-"), QStringLiteral("--curve")});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject j = QJsonDocument::fromJson(r.out).object();
        const QJsonArray grid = j[QLatin1String("grid")].toArray();
        QCOMPARE(grid.size(), 3);
        // 0.9: the cat box is kept (TP 1), 3 objects missed; 0.95 and 1: nothing kept.
        QCOMPARE(grid[0].toObject()[QLatin1String("tp")].toInteger(), 1);
        QCOMPARE(grid[0].toObject()[QLatin1String("fn")].toInteger(), 3);
        QVERIFY(grid[1].toObject()[QLatin1String("precision")].isNull());
        QCOMPARE(grid[1].toObject()[QLatin1String("recall")].toDouble(), 0.0);
        // --curve: every distinct score in [0.9, 1] plus the lower bound: only 0.9.
        QCOMPARE(j[QLatin1String("curve")].toArray().size(), 1);
    }

    void undefinedF1IsFlaggedAndNeverTheOptimum()
    {
        // "bird" has no object and one box at 0.3: within the bounds [0.5, 1] it keeps nothing and
        // has nothing to find, so its F1 is undefined at every threshold. The terminal lists it
        // with "-" and says what "-" means; JSON gives it no optimum (null), not a row with F1 0.
        QTemporaryDir dir;
        auto write = [&](const QString& name, const QByteArray& text) {
            QFile f(dir.filePath(name));
            return f.open(QIODevice::WriteOnly) && f.write(text) == text.size();
        };
        QVERIFY(write(QStringLiteral("gt.json"),
                      R"({"images": [{"id": 1, "file_name": "a.jpg", "width": 100, "height": 100}],
                          "annotations": [{"id": 1, "image_id": 1, "category_id": 1, "bbox": [10, 10, 20, 20],
                                           "area": 400, "iscrowd": 0}],
                          "categories": [{"id": 1, "name": "cat"}, {"id": 2, "name": "bird"}]})"));
        QVERIFY(write(QStringLiteral("model.json"),
                      R"([{"image_id": 1, "category_id": 1, "bbox": [10, 10, 20, 20], "score": 0.9},
                          {"image_id": 1, "category_id": 2, "bbox": [60, 60, 10, 10], "score": 0.3}])"));
        const QString json = dir.filePath(QStringLiteral("r.json"));
        const Run r =
            cli({QStringLiteral("sweep"), dir.filePath(QStringLiteral("gt.json")),
                 dir.filePath(QStringLiteral("model.json")), QStringLiteral("--lower"), QStringLiteral("0.5"),
                 QStringLiteral("--steps"), QStringLiteral("6"), QStringLiteral("--json"), json});
        QCOMPARE(r.exitCode, 0);
        const QString out = QString::fromUtf8(r.out);
        QVERIFY2(out.contains(QRegularExpression(QStringLiteral("\\nbird +0 +- +- +- +- +- +-\\n"))),
                 r.out.constData());
        QVERIFY2(out.contains(QStringLiteral("- undefined: F1 where TP + FP + FN = 0")), r.out.constData());
        QFile f(json);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QJsonArray classes =
            QJsonDocument::fromJson(f.readAll()).object()[QLatin1String("classes")].toArray();
        QCOMPARE(classes.size(), 2);
        const QJsonObject bird = classes[1].toObject();
        QCOMPARE(bird[QLatin1String("label")].toString(), QStringLiteral("bird"));
        QVERIFY(bird[QLatin1String("optimum")].isNull());
        QVERIFY(bird[QLatin1String("best")].isNull());
        // The settings state the AP cap of the protocol.
        QFile again(json);
        QVERIFY(again.open(QIODevice::ReadOnly));
        const QJsonObject settings =
            QJsonDocument::fromJson(again.readAll()).object()[QLatin1String("settings")].toObject();
        QCOMPARE(settings[QLatin1String("ap_max_detections")].toInt(), 100);
    }

    void csvHasTheGridRows()
    {
        QTemporaryDir dir;
        const QString csv = dir.filePath(QStringLiteral("grid.csv"));
        const Run r = cli({QStringLiteral("sweep"), kData + QStringLiteral("/coco/gt.json"),
                           kData + QStringLiteral("/coco/model_a.json"), QStringLiteral("--steps"),
                           QStringLiteral("11"), QStringLiteral("--csv"), csv});
        QCOMPARE(r.exitCode, 0);
        QFile f(csv);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = f.readAll().trimmed().split('\n');
        QCOMPARE(lines.size(), 12);
        QCOMPARE(lines[0], QByteArray("threshold,tp,fp,fn,precision,recall,f1"));
        // t = 0: TP 4, FP 2, FN 0 (hand-derived in tst_loaders).
        QCOMPARE(lines[1], QByteArray("0,4,2,0,0.6666666666666666,1,0.8"));
        // The human table still goes to stdout.
        QVERIFY(r.out.contains("optimum (exact)"));
    }

    void confusionAndErrorsAtTheThreshold()
    {
        QTemporaryDir dir;
        const QString csv = dir.filePath(QStringLiteral("confusion.csv"));
        const QString gt = kData + QStringLiteral("/coco/gt.json"),
                      model = kData + QStringLiteral("/coco/model_a.json");
        const Run r =
            cli({QStringLiteral("sweep"), gt, model, QStringLiteral("--at"), QStringLiteral("0"),
                 QStringLiteral("--confusion-csv"), csv, QStringLiteral("--json"), QStringLiteral("-")});
        QCOMPARE(r.exitCode, 0);
        // The new keys come after every existing one.
        QVERIFY(r.out.indexOf("\"class_averages\"") < r.out.indexOf("\n  \"confusion\""));
        QVERIFY(r.out.indexOf("\n  \"confusion\"") < r.out.indexOf("\n  \"errors\""));
        const QJsonObject j = QJsonDocument::fromJson(r.out).object();
        QVERIFY2(!j.isEmpty(), r.err.constData());

        // The same matrix and error types as the engine computes in-process at 0.
        const LoadResult loaded = loadDataset(LoadRequest{{gt.toStdString(), model.toStdString()}, {}});
        QVERIFY(loaded.ok());
        const Dataset& d = *loaded.dataset;
        const ConfusionMatrix m(d, d.fields[0], d.fields[1], MatchOptions{});
        const QJsonObject confusion = j[QLatin1String("confusion")].toObject();
        QCOMPARE(confusion[QLatin1String("threshold")].toDouble(), 0.0);
        const QJsonArray labels = confusion[QLatin1String("labels")].toArray();
        QCOMPARE(labels.size(), static_cast<int>(m.size()));
        QCOMPARE(labels.last().toString(), QStringLiteral("(none)"));
        const std::vector<std::int64_t> counts = m.counts(0.0);
        const QJsonArray matrix = confusion[QLatin1String("matrix")].toArray();
        QCOMPARE(matrix.size(), static_cast<int>(m.size()));
        for (std::size_t row = 0; row < m.size(); ++row)
            for (std::size_t column = 0; column < m.size(); ++column)
                QCOMPARE(matrix[static_cast<int>(row)].toArray()[static_cast<int>(column)].toInteger(),
                         counts[row * m.size() + column]);
        QFile f(csv);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), QByteArray::fromStdString(confusionCsv(m, 0.0)));

        // Every false positive has one type: they add up to the grid's FP at 0.
        const QJsonObject errors = j[QLatin1String("errors")].toObject();
        qint64 typed = 0;
        for (const char* key : {"classification", "localization", "both", "duplicate", "background"})
            typed += errors[QLatin1String(key)].toInteger();
        QCOMPARE(typed, j[QLatin1String("grid")].toArray()[0].toObject()[QLatin1String("fp")].toInteger());
        const ErrorAnalysis e(d, d.fields[0], d.fields[1], MatchOptions{});
        QCOMPARE(errors[QLatin1String("missed")].toInteger(), e.at(0.0).missed);
        QVERIFY(errors[QLatin1String("f1_gain")].toObject().contains(QLatin1String("missed")));

        // Sizes, F1 at the IoU thresholds and per-class gains: the engine's, at 0.
        const SizeBreakdown sizes(d, d.fields[0], d.fields[1], MatchOptions{});
        for (std::size_t k = 0; k < kObjectSizeCount; ++k) {
            const auto size = static_cast<ObjectSize>(k);
            const QJsonObject s = j[QLatin1String("sizes")]
                                      .toObject()[QString::fromUtf8(objectSizeKey(size).data())]
                                      .toObject();
            const Counts c = sizes.at(0.0, size);
            QCOMPARE(s[QLatin1String("tp")].toInteger(), c.tp);
            QCOMPARE(s[QLatin1String("fp")].toInteger(), c.fp);
            QCOMPARE(s[QLatin1String("fn")].toInteger(), c.fn);
        }
        const IouCurves curves(d, d.fields[0], d.fields[1], MatchOptions{});
        const QJsonObject byIou = j[QLatin1String("f1_by_iou")].toObject();
        QCOMPARE(byIou[QLatin1String("0.75")].toObject()[QLatin1String("tp")].toInteger(),
                 curves.at(0.0, IouCurves::kIou75).tp);
        QCOMPARE(byIou[QLatin1String("0.50:0.95")].toObject()[QLatin1String("f1")].toDouble(),
                 curves.meanF1(0.0));
        QCOMPARE(byIou[QLatin1String("each")].toArray().size(), 10);
        const QJsonObject first = errors[QLatin1String("classes")].toArray()[0].toObject();
        const LabelId label = m.labels()[0];
        QCOMPARE(first[QLatin1String("f1_gain")].toObject()[QLatin1String("localization")].toDouble(),
                 e.fixesAt(0.0, label)[1].f1Gain);
    }

    void fieldsListing()
    {
        const Run r = cli({QStringLiteral("fields"), kData + QStringLiteral("/fiftyone/small")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains("3 samples"));
        QVERIFY(r.out.contains("ground_truth"));
        QVERIFY(r.out.contains("yes (6)"));
    }

    void errors_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("message");
        const QString gt = kData + QStringLiteral("/coco/gt.json");
        const QString res = kData + QStringLiteral("/coco/model_a.json");
        QTest::newRow("no command") << QStringList{} << 2 << QStringLiteral("Usage:");
        QTest::newRow("unknown command") << QStringList{QStringLiteral("frobnicate")} << 2
                                         << QStringLiteral("unknown command 'frobnicate'");
        QTest::newRow("unknown option") << QStringList{QStringLiteral("sweep"), QStringLiteral("--frob"), gt}
                                        << 2 << QStringLiteral("Unknown option 'frob'");
        QTest::newRow("steps not a number") << QStringList{QStringLiteral("sweep"), gt, res,
                                                           QStringLiteral("--steps"), QStringLiteral("many")}
                                            << 2 << QStringLiteral("--steps expects a number, not 'many'");
        QTest::newRow("lower above upper")
            << QStringList{QStringLiteral("sweep"),
                           gt,
                           res,
                           QStringLiteral("--lower"),
                           QStringLiteral("0.8"),
                           QStringLiteral("--upper"),
                           QStringLiteral("0.2")}
            << 2 << QStringLiteral("lower bound must not exceed the upper bound");
        QTest::newRow("bad protocol") << QStringList{QStringLiteral("sweep"), gt, res,
                                                     QStringLiteral("--protocol"), QStringLiteral("voc")}
                                      << 2 << QStringLiteral("--protocol expects fiftyone or coco");
        QTest::newRow("same field twice") << QStringList{QStringLiteral("sweep"),
                                                         gt,
                                                         res,
                                                         QStringLiteral("--gt"),
                                                         QStringLiteral("model_a"),
                                                         QStringLiteral("--pred"),
                                                         QStringLiteral("model_a")}
                                          << 2 << QStringLiteral("must be different");
        QTest::newRow("unknown field")
            << QStringList{QStringLiteral("sweep"), gt, res, QStringLiteral("--pred"), QStringLiteral("nope")}
            << 2 << QStringLiteral("no field named 'nope'");
        QTest::newRow("ambiguous prediction field")
            << QStringList{QStringLiteral("sweep"), QStringLiteral("--example")} << 2
            << QStringLiteral(
                   "choose the prediction field with --pred; scored fields: detector_large, detector_small");
        QTest::newRow("missing file")
            << QStringList{QStringLiteral("sweep"), kData + QStringLiteral("/nope.json")} << 2
            << QStringLiteral("nope.json: error: does not exist");
        QTest::newRow("bad objective")
            << QStringList{QStringLiteral("sweep"), gt, res, QStringLiteral("--objective"),
                           QStringLiteral("fbeta:x")}
            << 2 << QStringLiteral("fbeta:B expects a number");
        QTest::newRow("report images not a count")
            << QStringList{QStringLiteral("sweep"), gt, res, QStringLiteral("--report-images"),
                           QStringLiteral("-1")}
            << 2 << QStringLiteral("--report-images expects a whole number from 0 to 1000, not '-1'");
        QTest::newRow("images dir missing")
            << QStringList{QStringLiteral("sweep"), gt, res, QStringLiteral("--images-dir"),
                           QStringLiteral("/nonexistent-dir")}
            << 2 << QStringLiteral("--images-dir: '/nonexistent-dir' is not a folder");
        QTest::newRow("unwritable json")
            << QStringList{QStringLiteral("sweep"), gt, res, QStringLiteral("--json"),
                           QStringLiteral("/nonexistent-dir/r.json")}
            << 2 << QStringLiteral("cannot write /nonexistent-dir/r.json");
    }

    void reportImagesSection()
    {
        // The HTML report's "Images with the most errors": as many thumbnails as asked (the
        // example's images are not on disk: blank canvases), none and no section with 0.
        QTemporaryDir dir;
        const QString html = dir.filePath(QStringLiteral("r.html"));
        auto cells = [&](const QString& count) {
            const Run r =
                cli({QStringLiteral("sweep"), QStringLiteral("--example"), QStringLiteral("--pred"),
                     QStringLiteral("detector_small"), QStringLiteral("--report"), html,
                     QStringLiteral("--report-images"), count, QStringLiteral("--images-dir"), dir.path()});
            QFile f(html);
            if (r.exitCode != 0 || !f.open(QIODevice::ReadOnly))
                return -1;
            const QByteArray text = f.readAll();
            if (!text.contains("<section id=\"images\""))
                return -2;
            return static_cast<int>(text.count("<td align=\"center\" valign=\"top\"><img"));
        };
        QCOMPARE(cells(QStringLiteral("1")), 1);
        QCOMPARE(cells(QStringLiteral("5")), 5);
        QCOMPARE(cells(QStringLiteral("0")), -2);
    }

    void errors()
    {
        QFETCH(QStringList, arguments);
        QFETCH(int, exitCode);
        QFETCH(QString, message);
        const Run r = cli(arguments);
        QCOMPARE(r.exitCode, exitCode);
        QVERIFY2(QString::fromUtf8(r.err).contains(message), r.err.constData());
    }

    void outOfMemoryIsExitCode2_data()
    {
        QTest::addColumn<QString>("command");
        QTest::addColumn<bool>("failsAfterLoading");
        QTest::addColumn<int>("stepKib");
        QTest::newRow("matching, AP, sweep") << QStringLiteral("sweep") << true << (4 << 10);
        QTest::newRow("ground truth read whole") << QStringLiteral("fields") << false << (8 << 10);
    }

    void outOfMemoryIsExitCode2()
    {
        // Under an address-space limit (ulimit -v) raised step by step, every run either succeeds
        // or says "out of memory while <stage>" with exit code 2: never an abort (exit 134), an
        // internal error, or a parse error made up for the failure ("nested more than 0 levels
        // deep"). Low limits fail while loading; with many predictions some limits above those
        // fail after loading (the threads of the matcher, AP and the sweep hold the peak there);
        // a high enough one succeeds. The data sets are described in memory_limit.h.
        QFETCH(QString, command);
        QFETCH(bool, failsAfterLoading);
        QFETCH(int, stepKib);
        if (test::kSanitized)
            QSKIP("a sanitizer build cannot run under an address-space limit");
        QTemporaryDir dir;
        QStringList arguments{command};
        if (failsAfterLoading) {
            const QString gt = dir.filePath(QStringLiteral("gt.json"));
            const QString pred = dir.filePath(QStringLiteral("pred.json"));
            test::writeManyPredictionsDataset(gt.toStdString(), pred.toStdString());
            arguments << gt << pred << QStringLiteral("--steps") << QStringLiteral("11");
        } else {
            const QString gt = dir.filePath(QStringLiteral("gt.json"));
            test::writeGroundTruthReadWhole(gt.toStdString());
            arguments << gt;
        }
        std::map<QString, int> failures; // stage -> runs
        bool succeeded = false;
        for (long long kib = 32 << 10; kib <= (2 << 20) && !succeeded; kib += stepKib) {
            const test::LimitedRun r = test::runCliWithMemoryLimit(kib, arguments);
            const QString err = QString::fromUtf8(r.err);
            const QString where =
                QStringLiteral("at ulimit -v %1: exit %2, %3").arg(kib).arg(r.exitCode).arg(err);
            QVERIFY2(r.status == QProcess::NormalExit, qPrintable(where));
            if (r.exitCode == 127 && err.contains(QLatin1String("error while loading shared libraries")))
                continue; // too little to start the program at all
            QVERIFY2(r.exitCode == 0 || r.exitCode == 2, qPrintable(where));
            if (r.exitCode == 0) {
                QVERIFY2(r.out.contains(failsAfterLoading ? "optimum" : "samples"), qPrintable(where));
                succeeded = true;
                continue;
            }
            static const QRegularExpression oom(
                QStringLiteral("^optconf-cli: out of memory while ([a-z ]+); free memory, raise the limit "
                               "\\(ulimit -v\\) or open less data at a time\n$"));
            const QRegularExpressionMatch m = oom.match(err);
            QVERIFY2(m.hasMatch(), qPrintable(where));
            ++failures[m.captured(1)];
        }
        QVERIFY2(succeeded, "no limit up to 2 GiB was enough");
        QVERIFY(failures.count(QStringLiteral("loading the inputs")) == 1);
        const int afterLoading = failures[QStringLiteral("matching predictions to ground truth")] +
                                 failures[QStringLiteral("computing average precision")] +
                                 failures[QStringLiteral("sweeping the thresholds")];
        QVERIFY2(afterLoading > 0 || !failsAfterLoading, "no limit failed after loading");
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
