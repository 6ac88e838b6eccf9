// SPDX-License-Identifier: MIT
// optconf-cli sweep with several --pred: the comparison table, the JSON whose models equal single
// runs, the bootstrap's statement, models from separate files of every format, and its errors.
#include "cli_run.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

namespace {

using Run = optconf::test::CliRun;

Run cli(const QStringList& arguments)
{
    return optconf::test::runOptconfCli(arguments);
}

QJsonObject json(const QByteArray& text)
{
    return QJsonDocument::fromJson(text).object();
}

/// A report without what legitimately differs between runs asked for differently: the command
/// line in its model card.
QJsonObject withoutInvocation(QJsonObject report)
{
    QJsonObject card = report.value(QStringLiteral("model_card")).toObject();
    card.remove(QStringLiteral("invocation"));
    report.insert(QStringLiteral("model_card"), card);
    return report;
}

const QString kData = QStringLiteral(OPTCONF_TEST_DATA);

bool copyTree(const QString& from, const QString& to)
{
    QDir().mkpath(to);
    const QDir source(from);
    for (const QFileInfo& entry : source.entryInfoList(QDir::Dirs | QDir::Files | QDir::NoDotAndDotDot)) {
        const QString target = to + QLatin1Char('/') + entry.fileName();
        if (entry.isDir() ? !copyTree(entry.filePath(), target) : !QFile::copy(entry.filePath(), target))
            return false;
    }
    return true;
}

} // namespace

class TestCliCompare : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

    /// Every model entry of a comparison equals the single run of that model.
    void verifyModelsEqualSingleRuns(const QStringList& inputs, const QStringList& models)
    {
        QStringList arguments{QStringLiteral("sweep")};
        arguments << inputs;
        for (const QString& m : models)
            arguments << QStringLiteral("--pred") << m;
        arguments << QStringLiteral("--json") << QStringLiteral("-");
        const Run compared = cli(arguments);
        QVERIFY2(compared.exitCode == 0, compared.err.constData());
        const QJsonObject report = json(compared.out);
        const QJsonArray entries = report.value(QStringLiteral("models")).toArray();
        QCOMPARE(entries.size(), models.size());
        for (qsizetype i = 0; i < models.size(); ++i) {
            QStringList single{QStringLiteral("sweep")};
            single << inputs << QStringLiteral("--pred") << models[i] << QStringLiteral("--json")
                   << QStringLiteral("-");
            const Run alone = cli(single);
            QVERIFY2(alone.exitCode == 0, alone.err.constData());
            const QJsonObject a = withoutInvocation(entries[i].toObject());
            const QJsonObject b = withoutInvocation(json(alone.out));
            QVERIFY(!b.isEmpty());
            QVERIFY2(a == b, qPrintable(models[i]));
            QCOMPARE(a.value(QStringLiteral("settings")).toObject().value(QStringLiteral("predictions")),
                     QJsonValue(models[i]));
        }
        const QJsonArray pairs =
            report.value(QStringLiteral("comparison")).toObject().value(QStringLiteral("pairs")).toArray();
        QCOMPARE(pairs.size(), models.size() * (models.size() - 1) / 2);
    }

private slots:
    void comparisonEqualsSingleRuns()
    {
        verifyModelsEqualSingleRuns({QStringLiteral("--example")},
                                    {QStringLiteral("detector_large"), QStringLiteral("detector_small")});
    }

    void tableAndPlainStatement()
    {
        const Run r = cli({QStringLiteral("sweep"), QStringLiteral("--example"), QStringLiteral("--pred"),
                           QStringLiteral("detector_small"), QStringLiteral("--pred"),
                           QStringLiteral("detector_large")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QString out = QString::fromUtf8(r.out);
        QVERIFY(out.contains(QStringLiteral("2 models compared")));
        QVERIFY(out.contains(QStringLiteral("deployed F1")));
        // The strong detector wins clearly on the bundled example.
        static const QRegularExpression statement(
            QStringLiteral("detector_large better than detector_small by 0\\.\\d{3} F1, 95 % CI "
                           "\\[0\\.\\d{3}, 0\\.\\d{3}\\];"));
        QVERIFY2(statement.match(out).hasMatch(), qPrintable(out));
        // The JSON's numbers are the statement's.
        const Run j = cli({QStringLiteral("sweep"), QStringLiteral("--example"), QStringLiteral("--pred"),
                           QStringLiteral("detector_small"), QStringLiteral("--pred"),
                           QStringLiteral("detector_large"), QStringLiteral("--json"), QStringLiteral("-")});
        const QJsonObject pair = json(j.out)
                                     .value(QStringLiteral("comparison"))
                                     .toObject()
                                     .value(QStringLiteral("pairs"))
                                     .toArray()
                                     .at(0)
                                     .toObject();
        QCOMPARE(pair.value(QStringLiteral("a")).toString(), QStringLiteral("detector_small"));
        QCOMPARE(pair.value(QStringLiteral("b")).toString(), QStringLiteral("detector_large"));
        const double difference = pair.value(QStringLiteral("difference")).toDouble();
        const QJsonArray ci = pair.value(QStringLiteral("ci")).toArray();
        QVERIFY(ci.at(0).toDouble() <= difference && difference <= ci.at(1).toDouble());
        QVERIFY(ci.at(0).toDouble() > 0);
        QVERIFY(out.contains(QString::number(difference, 'f', 3) + QStringLiteral(" F1, 95 % CI [") +
                             QString::number(ci.at(0).toDouble(), 'f', 3)));
        const QJsonObject shares = pair.value(QStringLiteral("win_share")).toObject();
        QVERIFY(shares.value(QStringLiteral("b")).toDouble() > 0.95);
    }

    void htmlReport()
    {
        const QString path = m_dir.filePath(QStringLiteral("comparison.html"));
        const Run r = cli({QStringLiteral("sweep"), QStringLiteral("--example"), QStringLiteral("--pred"),
                           QStringLiteral("all"), QStringLiteral("--report"), path});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray html = file.readAll();
        // The first model's report, titled after the models, opening with the comparison section.
        QVERIFY(html.contains("<h1>detector_large vs detector_small</h1>"));
        const qsizetype section = html.indexOf("<section id=\"comparison\">");
        QVERIFY(section > 0);
        const qsizetype end = html.indexOf("</section>", section);
        const QByteArray comparison = html.mid(section, end - section);
        QCOMPARE(comparison.count("<img src=\"data:image/png;base64,"), 2); // overlaid P/R/F1 and PR
        QVERIFY(comparison.contains("detector_large better than detector_small by"));
        QVERIFY(comparison.contains(">deployed F1</th>"));
        QVERIFY(section < html.indexOf("Recommended threshold"));
    }

    void pdfReport()
    {
        const QString pdftotext = QStandardPaths::findExecutable(QStringLiteral("pdftotext"));
        if (pdftotext.isEmpty())
            QSKIP("pdftotext (poppler-utils) is not installed");
        const QString path = m_dir.filePath(QStringLiteral("comparison.pdf"));
        const Run r = cli({QStringLiteral("sweep"), QStringLiteral("--example"), QStringLiteral("--pred"),
                           QStringLiteral("all"), QStringLiteral("--report"), path});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QProcess text;
        text.start(pdftotext, {QStringLiteral("-f"), QStringLiteral("1"), QStringLiteral("-l"),
                               QStringLiteral("2"), path, QStringLiteral("-")});
        QVERIFY(text.waitForFinished(60000));
        const QString pages = QString::fromUtf8(text.readAllStandardOutput()).simplified();
        QVERIFY2(pages.contains(QStringLiteral("Model comparison")), qPrintable(pages));
        QVERIFY(pages.contains(QStringLiteral("detector_large better than detector_small by")));
        QVERIFY(pages.contains(QStringLiteral("Per class: F1 at each model's optimum")));
    }

    void predAllAndDeterminism()
    {
        const QStringList base{QStringLiteral("sweep"), QStringLiteral("--example"), QStringLiteral("--json"),
                               QStringLiteral("-")};
        const Run all = cli(base + QStringList{QStringLiteral("--pred"), QStringLiteral("all")});
        const Run named = cli(base + QStringList{QStringLiteral("--pred"), QStringLiteral("detector_large"),
                                                 QStringLiteral("--pred"), QStringLiteral("detector_small")});
        QVERIFY2(all.exitCode == 0, all.err.constData());
        QCOMPARE(json(all.out).value(QStringLiteral("comparison")),
                 json(named.out).value(QStringLiteral("comparison")));
        const Run again = cli(base + QStringList{QStringLiteral("--pred"), QStringLiteral("all")});
        QCOMPARE(again.out, all.out);
        const Run seeded = cli(base + QStringList{QStringLiteral("--pred"), QStringLiteral("all"),
                                                  QStringLiteral("--seed"), QStringLiteral("7")});
        auto ci = [](const Run& r) {
            return json(r.out)
                .value(QStringLiteral("comparison"))
                .toObject()
                .value(QStringLiteral("pairs"))
                .toArray()
                .at(0)
                .toObject()
                .value(QStringLiteral("ci"));
        };
        QVERIFY(ci(seeded) != ci(all));
        QCOMPARE(json(seeded.out)
                     .value(QStringLiteral("comparison"))
                     .toObject()
                     .value(QStringLiteral("bootstrap"))
                     .toObject()
                     .value(QStringLiteral("seed"))
                     .toInt(),
                 7);
    }

    void singlePredKeepsItsOutput()
    {
        // One --pred is today's single run: no comparison table, the same text as naming it by
        // being the only choice would not be (two scored fields), so compare with --pred=.
        const Run one = cli({QStringLiteral("sweep"), QStringLiteral("--example"), QStringLiteral("--pred"),
                             QStringLiteral("detector_large")});
        const Run equals = cli(
            {QStringLiteral("sweep"), QStringLiteral("--example"), QStringLiteral("--pred=detector_large")});
        QCOMPARE(one.exitCode, 0);
        QCOMPARE(one.out, equals.out);
        QVERIFY(one.out.contains("predictions 'detector_large'"));
        QVERIFY(!one.out.contains("models compared"));
        const Run json1 =
            cli({QStringLiteral("sweep"), QStringLiteral("--example"), QStringLiteral("--pred"),
                 QStringLiteral("detector_large"), QStringLiteral("--json"), QStringLiteral("-")});
        QVERIFY(!json(json1.out).contains(QStringLiteral("models")));
        QVERIFY(json(json1.out).contains(QStringLiteral("optimum")));
    }

    void modelsInSeparateFiles_data()
    {
        QTest::addColumn<QString>("format");
        QTest::addColumn<QStringList>("inputs"); // ground truth, first model, second model
        QTest::addColumn<QString>("copyFrom");   // the second model is a copy of the first
        QTest::addColumn<QString>("copyTo");
        auto list = [](const char* words) { return QString::fromLatin1(words).split(QLatin1Char(' ')); };
        QTest::newRow("coco") << "coco" << list("ground_truth.json detA.json detB.json") << "detA.json"
                              << "detB.json";
        QTest::newRow("csv") << "csv" << list("ground_truth.csv detA.csv detB.csv") << "detA.csv"
                             << "detB.csv";
        QTest::newRow("yolo folders") << "yolo" << list("labels detA/labels detB/labels") << "detA"
                                      << "detB";
        QTest::newRow("fiftyone") << "fiftyone" << list("gt detA/labels.json detB/labels.json") << "detA"
                                  << "detB";
    }

    void modelsInSeparateFiles()
    {
        QFETCH(QString, format);
        QFETCH(QStringList, inputs);
        QFETCH(QString, copyFrom);
        QFETCH(QString, copyTo);
        const QString folder = m_dir.filePath(format);
        QVERIFY(copyTree(kData + QStringLiteral("/formats/same/") + format, folder));
        const QString from = folder + QLatin1Char('/') + copyFrom;
        const QString to = folder + QLatin1Char('/') + copyTo;
        QVERIFY(QFileInfo(from).isDir() ? copyTree(from, to) : QFile::copy(from, to));
        for (QString& input : inputs)
            input = folder + QLatin1Char('/') + input;
        const Run fields = cli(QStringList{QStringLiteral("fields")} + inputs);
        QVERIFY2(fields.exitCode == 0, fields.err.constData());
        const Run all = cli(QStringList{QStringLiteral("sweep")} + inputs +
                            QStringList{QStringLiteral("--pred"), QStringLiteral("all"),
                                        QStringLiteral("--json"), QStringLiteral("-")});
        QVERIFY2(all.exitCode == 0, all.err.constData());
        const QJsonArray models = json(all.out).value(QStringLiteral("models")).toArray();
        QCOMPARE(models.size(), 2);
        QStringList names;
        for (const QJsonValue& m : models)
            names << m.toObject()
                         .value(QStringLiteral("settings"))
                         .toObject()
                         .value(QStringLiteral("predictions"))
                         .toString();
        // Two distinct names for the two models, whatever the format calls them.
        QVERIFY2(!names[0].isEmpty() && names[0] != names[1], qPrintable(names.join(QLatin1Char(','))));
        QVERIFY2(fields.out.contains(names[0].toUtf8()) && fields.out.contains(names[1].toUtf8()),
                 fields.out.constData());
        verifyModelsEqualSingleRuns(inputs, names);
        // The copy is the same model: a difference of exactly 0, in every replicate.
        const QJsonObject pair = json(all.out)
                                     .value(QStringLiteral("comparison"))
                                     .toObject()
                                     .value(QStringLiteral("pairs"))
                                     .toArray()
                                     .at(0)
                                     .toObject();
        QCOMPARE(pair.value(QStringLiteral("difference")).toDouble(), 0.0);
        QCOMPARE(pair.value(QStringLiteral("ci")).toArray(), (QJsonArray{0.0, 0.0}));
        QCOMPARE(pair.value(QStringLiteral("win_share")).toObject().value(QStringLiteral("a")).toDouble(),
                 0.0);
        QCOMPARE(pair.value(QStringLiteral("win_share")).toObject().value(QStringLiteral("b")).toDouble(),
                 0.0);
    }

    void errors_data()
    {
        QTest::addColumn<QStringList>("options");
        QTest::addColumn<QString>("message");
        QTest::newRow("unknown field")
            << QStringLiteral("--pred detector_large --pred nothing").split(QLatin1Char(' '))
            << "there is no field named 'nothing'";
        QTest::newRow("twice")
            << QStringLiteral("--pred detector_large --pred detector_large").split(QLatin1Char(' '))
            << "prediction field 'detector_large' is named twice";
        QTest::newRow("no replicates") << QStringLiteral("--pred all --bootstrap 0").split(QLatin1Char(' '))
                                       << "--bootstrap expects a whole number from 1 to 1000000, not '0'";
        QTest::newRow("a csv") << QStringLiteral("--pred all --csv -").split(QLatin1Char(' '))
                               << "comparing models writes the table, --json and --report (HTML or PDF)";
    }

    void errors()
    {
        QFETCH(QStringList, options);
        QFETCH(QString, message);
        const Run r = cli(QStringList{QStringLiteral("sweep"), QStringLiteral("--example")} + options);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(QString::fromUtf8(r.err).contains(message), r.err.constData());
    }
};

QTEST_GUILESS_MAIN(TestCliCompare)
#include "tst_cli_compare.moc"
