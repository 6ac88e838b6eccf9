// SPDX-License-Identifier: MIT
// optconf-cli's deployment options on a hand-derived COCO set: the three rules' deployed figures,
// a thresholds file applied, the thresholds file of the joint rule, the bootstrap's seed, errors.
#include "cli_run.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

namespace {

using Run = optconf::test::CliRun;

Run cli(const QStringList& arguments)
{
    return optconf::test::runOptconfCli(arguments);
}

void write(const QString& path, const QByteArray& text)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(text);
}

QJsonObject readJson(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(f.readAll()).object();
}

} // namespace

// One image. Class a: objects A1, A2; predictions 0.9 on A1, 0.6 a false positive, 0.4 on A2.
// Class b: object B1; false positives at 0.8, 0.75 and 0.7, 0.3 on B1.
//   Global: at 0 everything is kept, TP 3, FP 4, FN 0: F1 6/10 = 0.6, the best single threshold
//   (0.4: 4/9; 0.6: 2/8; 0.7: 2/7; 0.75: 2/6; 0.8: 2/5; 0.9: 2/4).
//   Independent: a's own best is 0 (TP 2, FP 1: 0.8), b's is 0 (TP 1, FP 3: 0.4): again 0.6.
//   Joint (no guard rails): a at 0, b kept nothing: TP 2, FP 1, FN 1: 4/6, better than any other
//   combination. Applying {a: 0.5, b: 0.2}: a keeps 0.9, 0.6 (TP 1, FP 1, FN 1), b keeps all
//   (TP 1, FP 3): TP 2, FP 4, FN 1: 4/9.
class TestCliDeployment : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString gt() const { return m_dir.filePath(QStringLiteral("gt.json")); }
    QString pred() const { return m_dir.filePath(QStringLiteral("pred.json")); }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        write(gt(),
              "{\"images\": [{\"id\": 1, \"file_name\": \"1.jpg\", \"width\": 100, \"height\": 100}],"
              " \"categories\": [{\"id\": 1, \"name\": \"a\"}, {\"id\": 2, \"name\": \"b\"}],"
              " \"annotations\": ["
              "{\"id\": 1, \"image_id\": 1, \"category_id\": 1, \"bbox\": [0, 0, 10, 10], \"area\": 100, "
              "\"iscrowd\": 0},"
              "{\"id\": 2, \"image_id\": 1, \"category_id\": 1, \"bbox\": [20, 0, 10, 10], \"area\": 100, "
              "\"iscrowd\": 0},"
              "{\"id\": 3, \"image_id\": 1, \"category_id\": 2, \"bbox\": [40, 40, 10, 10], \"area\": 100, "
              "\"iscrowd\": 0}]}");
        write(pred(), "[{\"image_id\": 1, \"category_id\": 1, \"bbox\": [0, 0, 10, 10], \"score\": 0.9},"
                      "{\"image_id\": 1, \"category_id\": 1, \"bbox\": [70, 70, 5, 5], \"score\": 0.6},"
                      "{\"image_id\": 1, \"category_id\": 1, \"bbox\": [20, 0, 10, 10], \"score\": 0.4},"
                      "{\"image_id\": 1, \"category_id\": 2, \"bbox\": [80, 0, 5, 5], \"score\": 0.8},"
                      "{\"image_id\": 1, \"category_id\": 2, \"bbox\": [80, 80, 5, 5], \"score\": 0.75},"
                      "{\"image_id\": 1, \"category_id\": 2, \"bbox\": [60, 60, 5, 5], \"score\": 0.7},"
                      "{\"image_id\": 1, \"category_id\": 2, \"bbox\": [40, 40, 10, 10], \"score\": 0.3}]");
        write(m_dir.filePath(QStringLiteral("apply.json")),
              "{\"thresholds\": {\"a\": 0.5, \"b\": 0.2}, \"default_threshold\": 0.5}");
    }

    void rulesSideBySide()
    {
        const QString json = m_dir.filePath(QStringLiteral("r.json"));
        const Run r = cli({QStringLiteral("sweep"), gt(), pred(), QStringLiteral("--thresholds-rule"),
                           QStringLiteral("joint"), QStringLiteral("--min-class-gt"), QStringLiteral("0"),
                           QStringLiteral("--min-class-tp"), QStringLiteral("0"), QStringLiteral("--folds"),
                           QStringLiteral("0"), QStringLiteral("--apply-thresholds"),
                           m_dir.filePath(QStringLiteral("apply.json")), QStringLiteral("--json"), json});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonObject rules = readJson(json).value(QStringLiteral("class_thresholds")).toObject();
        auto deployed = [&](const char* rule) {
            return rules.value(QLatin1String(rule)).toObject().value(QStringLiteral("deployed")).toObject();
        };
        QCOMPARE(deployed("global").value(QStringLiteral("f1")).toDouble(), 0.6);
        QCOMPARE(deployed("independent").value(QStringLiteral("f1")).toDouble(), 0.6);
        QCOMPARE(deployed("joint").value(QStringLiteral("f1")).toDouble(), 4.0 / 6.0);
        QCOMPARE(deployed("joint").value(QStringLiteral("tp")).toInt(), 2);
        QCOMPARE(deployed("joint").value(QStringLiteral("fp")).toInt(), 1);
        QCOMPARE(deployed("joint").value(QStringLiteral("fn")).toInt(), 1);
        const QJsonArray joint =
            rules.value(QStringLiteral("joint")).toObject().value(QStringLiteral("thresholds")).toArray();
        QCOMPARE(joint.size(), 2);
        for (const auto& v : joint) {
            const QJsonObject c = v.toObject();
            if (c.value(QStringLiteral("label")).toString() == QLatin1String("b")) {
                QVERIFY(c.value(QStringLiteral("threshold")).isNull());
                QCOMPARE(c.value(QStringLiteral("source")).toString(), QStringLiteral("suppressed"));
                QCOMPARE(c.value(QStringLiteral("id")).toInt(), 2);
            } else {
                QCOMPARE(c.value(QStringLiteral("threshold")).toDouble(), 0.0);
            }
        }
        const QJsonObject applied = rules.value(QStringLiteral("applied")).toObject();
        QCOMPARE(applied.value(QStringLiteral("deployed")).toObject().value(QStringLiteral("f1")).toDouble(),
                 4.0 / 9.0);
        QVERIFY(r.out.contains("joint        0.6667"));
    }

    void jointThresholdsFile()
    {
        const QString file = m_dir.filePath(QStringLiteral("t.json"));
        const Run r = cli({QStringLiteral("sweep"), gt(), pred(), QStringLiteral("--thresholds-rule"),
                           QStringLiteral("joint"), QStringLiteral("--min-class-gt"), QStringLiteral("0"),
                           QStringLiteral("--min-class-tp"), QStringLiteral("0"),
                           QStringLiteral("--thresholds"), file});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonObject j = readJson(file);
        QCOMPARE(j.value(QStringLiteral("thresholds_rule")).toString(), QStringLiteral("joint"));
        QCOMPARE(j.value(QStringLiteral("guard_rails"))
                     .toObject()
                     .value(QStringLiteral("min_true_positives"))
                     .toInt(),
                 0);
        QCOMPARE(j.value(QStringLiteral("deployed")).toObject().value(QStringLiteral("f1")).toDouble(),
                 4.0 / 6.0);
        // Suppressed: a threshold above every score (and above 1).
        QVERIFY(j.value(QStringLiteral("thresholds")).toObject().value(QStringLiteral("b")).toDouble() > 1.0);
        // Applying the file it wrote gives the same figures.
        const QString json = m_dir.filePath(QStringLiteral("again.json"));
        QCOMPARE(cli({QStringLiteral("sweep"), gt(), pred(), QStringLiteral("--apply-thresholds"), file,
                      QStringLiteral("--folds"), QStringLiteral("0"), QStringLiteral("--json"), json})
                     .exitCode,
                 0);
        QCOMPARE(readJson(json)
                     .value(QStringLiteral("class_thresholds"))
                     .toObject()
                     .value(QStringLiteral("applied"))
                     .toObject()
                     .value(QStringLiteral("deployed"))
                     .toObject()
                     .value(QStringLiteral("f1"))
                     .toDouble(),
                 4.0 / 6.0);
    }

    void bootstrapIsSeeded()
    {
        QByteArray first;
        for (int i = 0; i < 2; ++i) {
            const QString json = m_dir.filePath(QStringLiteral("b%1.json").arg(i));
            const Run r = cli({QStringLiteral("sweep"), gt(), pred(), QStringLiteral("--bootstrap"),
                               QStringLiteral("50"), QStringLiteral("--seed"), QStringLiteral("3"),
                               QStringLiteral("--json"), json});
            QVERIFY2(r.exitCode == 0, r.err.constData());
            const QJsonObject s = readJson(json).value(QStringLiteral("stability")).toObject();
            QCOMPARE(s.value(QStringLiteral("replicates")).toInt(), 50);
            // One image: every replicate is that image, so the interval is the point estimate.
            QCOMPARE(s.value(QStringLiteral("f1_ci")).toArray().at(0).toDouble(), 0.6);
            QCOMPARE(s.value(QStringLiteral("f1_ci")).toArray().at(1).toDouble(), 0.6);
            const QByteArray text = QJsonDocument(s).toJson();
            if (i == 0)
                first = text;
            else
                QCOMPARE(text, first);
            // More folds than images: said, not failed.
            QVERIFY(readJson(json)
                        .value(QStringLiteral("cross_validation"))
                        .toObject()
                        .contains(QStringLiteral("note")));
        }
    }

    // Under --objective cost:1,2 (a miss costs two false positives; one image, so per image is the
    // total): one threshold costs 4 at 0 (TP 3, FP 4), 6 at 0.4 (FP 4, FN 1), 4 again only from
    // 0.9 (FP 0, FN 2): 0 wins the tie. Independent: a at 0 costs 1 (FP 1), b at 0 costs 3 (FP 3):
    // 4. Joint: b keeps nothing (its miss costs 2): TP 2, FP 1, FN 1, cost 3.
    void costObjective()
    {
        const QString json = m_dir.filePath(QStringLiteral("cost.json"));
        const QString file = m_dir.filePath(QStringLiteral("cost-thresholds.json"));
        const Run r =
            cli({QStringLiteral("sweep"), gt(), pred(), QStringLiteral("--objective"),
                 QStringLiteral("cost:1,2"), QStringLiteral("--thresholds-rule"), QStringLiteral("joint"),
                 QStringLiteral("--min-class-gt"), QStringLiteral("0"), QStringLiteral("--min-class-tp"),
                 QStringLiteral("0"), QStringLiteral("--folds"), QStringLiteral("0"),
                 QStringLiteral("--json"), json, QStringLiteral("--thresholds"), file});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonObject j = readJson(json);
        const QJsonObject settings = j.value(QStringLiteral("settings")).toObject();
        QCOMPARE(settings.value(QStringLiteral("objective")).toString(), QStringLiteral("cost:1,2"));
        const QJsonObject costs = settings.value(QStringLiteral("objective_cost")).toObject();
        QCOMPARE(costs.value(QStringLiteral("fp")).toDouble(), 1.0);
        QCOMPARE(costs.value(QStringLiteral("fn")).toDouble(), 2.0);
        QCOMPARE(costs.value(QStringLiteral("per_images")).toInt(), 1);
        const QJsonObject optimum = j.value(QStringLiteral("optimum")).toObject();
        QCOMPARE(optimum.value(QStringLiteral("threshold")).toDouble(), 0.0);
        QCOMPARE(optimum.value(QStringLiteral("objective")).toDouble(), 4.0);
        const QJsonObject rules = j.value(QStringLiteral("class_thresholds")).toObject();
        auto deployed = [&](const char* rule) {
            return rules.value(QLatin1String(rule)).toObject().value(QStringLiteral("deployed")).toObject();
        };
        QCOMPARE(deployed("global").value(QStringLiteral("objective")).toDouble(), 4.0);
        QCOMPARE(deployed("independent").value(QStringLiteral("objective")).toDouble(), 4.0);
        QCOMPARE(deployed("joint").value(QStringLiteral("objective")).toDouble(), 3.0);
        QCOMPARE(deployed("joint").value(QStringLiteral("fn")).toInt(), 1);
        QCOMPARE(deployed("joint").value(QStringLiteral("fp")).toInt(), 1);
        // The thresholds file says what it minimises and at what prices.
        const QJsonObject t = readJson(file);
        QCOMPARE(t.value(QStringLiteral("objective")).toString(), QStringLiteral("cost"));
        QCOMPARE(t.value(QStringLiteral("objective_cost")).toObject().value(QStringLiteral("fn")).toDouble(),
                 2.0);
        QVERIFY(t.value(QStringLiteral("rule"))
                    .toString()
                    .contains(QStringLiteral("jointly minimise the overall cost")));
    }

    void costObjectiveErrors()
    {
        const std::pair<const char*, const char*> cases[] = {
            {"cost:-1,2", "--objective cost:FP,FN: the costs must be non-negative numbers; got '-1,2'"},
            {"cost:x,2", "--objective cost:FP,FN: expected two numbers"},
            {"cost:1", "--objective cost:FP,FN: expected two numbers"},
            {"cost:1,2,3", "--objective cost:FP,FN: expected two numbers"},
            {"cost:0,0", "--objective cost:FP,FN: the costs must not both be zero"},
            {"cost:inf,1", "--objective cost:FP,FN: the costs must be non-negative numbers"},
            {"price:1,2", "--objective expects f1, fbeta:B or cost:FP,FN, not 'price:1,2'"},
        };
        for (const auto& [value, message] : cases) {
            const Run r = cli({QStringLiteral("sweep"), gt(), pred(), QStringLiteral("--objective"),
                               QString::fromLatin1(value)});
            QCOMPARE(r.exitCode, 2);
            QVERIFY2(r.err.contains(message), r.err.constData());
        }
    }

    void plainRunUnchanged()
    {
        const QString json = m_dir.filePath(QStringLiteral("plain.json"));
        QCOMPARE(cli({QStringLiteral("sweep"), gt(), pred(), QStringLiteral("--json"), json}).exitCode, 0);
        QVERIFY(!readJson(json).contains(QStringLiteral("class_thresholds")));
        QVERIFY(!readJson(json).contains(QStringLiteral("stability")));
    }

    void errorsNameTheCause()
    {
        Run r = cli({QStringLiteral("sweep"), gt(), pred(), QStringLiteral("--thresholds-rule"),
                     QStringLiteral("best")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains("--thresholds-rule expects global, independent or joint, not 'best'"));
        r = cli({QStringLiteral("sweep"), gt(), pred(), QStringLiteral("--apply-thresholds"), pred()});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("no \"thresholds\" object"), r.err.constData());
        r = cli({QStringLiteral("sweep"), gt(), pred(), QStringLiteral("--folds"), QStringLiteral("1")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains("--folds expects 0 (none) or at least 2"));
    }
};

QTEST_GUILESS_MAIN(TestCliDeployment)
#include "tst_cli_deployment.moc"
