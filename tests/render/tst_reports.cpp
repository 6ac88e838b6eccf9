// SPDX-License-Identifier: MIT
// Reports and exports: each test writes a file through render/ or optconf-cli and parses it back.
#include "core/eval/evaluation.h"
#include "core/eval/threshold_analysis.h"
#include "core/io/loader.h"
#include "core/output/input_digest.h"
#include "core/output/invocation.h"
#include "core/output/report_json.h"
#include "core/output/thresholds_file.h"
#include "render/chart_painter.h"
#include "render/report_writer.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

#include <unistd.h>

#include <memory>

using namespace optconf;

Q_DECLARE_METATYPE(optconf::PageSize)

namespace {

QStringList examplePaths()
{
    const QString dir = QStringLiteral(OPTCONF_EXAMPLE_DIR);
    return {dir + QStringLiteral("/ground_truth.json"), dir + QStringLiteral("/detector_large.json"),
            dir + QStringLiteral("/detector_small.json")};
}

QByteArray readAll(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.readAll();
}

struct CliRun
{
    int exitCode = -1;
    QByteArray out, err;
};

CliRun runCli(const QStringList& arguments, const QString& program = QStringLiteral(OPTCONF_CLI),
              const QStringList& prefix = {})
{
    QProcess p;
    p.start(program, prefix + arguments);
    CliRun r;
    if (!p.waitForFinished(120000)) {
        p.kill();
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

QString runTool(const QString& tool, const QStringList& arguments)
{
    QProcess p;
    p.start(tool, arguments);
    p.waitForFinished(60000);
    return QString::fromUtf8(p.readAllStandardOutput());
}

/// Pages counted in the PDF's own page objects (independent of the writer's count).
int pdfPageObjects(const QByteArray& pdf)
{
    static const QRegularExpression page(QStringLiteral("/Type\\s*/Page(?![a-zA-Z])"));
    return int(QString::fromLatin1(pdf).count(page));
}

Detection box(double x, LabelId label, double confidence = kNoConfidence)
{
    Detection d;
    d.box = {x, 0, 10, 10};
    d.area = 100;
    d.label = label;
    d.confidence = confidence;
    return d;
}

/// "common" has 12 ground-truth objects, "rare" 3: the thresholds file must give "rare" the global
/// threshold although its own optimum differs.
Dataset ruleDataset()
{
    Dataset d;
    d.labels = {"common", "rare"};
    LabelField gt{"gt", "test", "", {}, {0}};
    LabelField pred{"pred", "test", "", {}, {0}};
    auto sample = [&](std::vector<Detection> g, std::vector<Detection> p) {
        d.samples.push_back({"s" + std::to_string(d.samples.size()), "", 100, 100});
        gt.detections.insert(gt.detections.end(), g.begin(), g.end());
        pred.detections.insert(pred.detections.end(), p.begin(), p.end());
        gt.offsets.push_back(std::uint32_t(gt.detections.size()));
        pred.offsets.push_back(std::uint32_t(pred.detections.size()));
    };
    for (int i = 0; i < 12; ++i) // found at scores 0.30 .. 0.74
        sample({box(0, 0)}, {box(0, 0, 0.30 + 0.04 * i)});
    sample({}, {box(50, 0, 0.2), box(70, 0, 0.25)}); // two low false positives of "common"
    for (int i = 0; i < 3; ++i)                      // rare: found at 0.9, with false positives at 0.5
        sample({box(0, 1)}, {box(0, 1, 0.9), box(50, 1, 0.5)});
    d.fields = {std::move(gt), std::move(pred)};
    return d;
}

/// A class of 12,350 ground-truth objects whose name is 43 characters without a space, one with a
/// long name of several words, and a short one: the PDF's per-class table must keep every number
/// whole and every column on the page.
Dataset wideTableDataset()
{
    Dataset d;
    d.labels = {"a_very_long_class_name_without_any_space_x", "another class name long enough to wrap twice",
                "car"};
    LabelField gt{"gt", "test", "", {}, {0}};
    LabelField pred{"pred", "test", "", {}, {0}};
    for (int image = 0; image < 1235; ++image) {
        d.samples.push_back({"s" + std::to_string(image), "", 1000, 100});
        for (int k = 0; k < 10; ++k) {
            gt.detections.push_back(box(20.0 * k, 0));
            // Most are found, at scores spread over (0, 1); every seventh is missed.
            if ((image * 10 + k) % 7 != 0)
                pred.detections.push_back(box(20.0 * k, 0, 0.05 + 0.9 * ((image * 10 + k) % 89) / 89.0));
            if (k % 3 == 0) // false positives away from every object
                pred.detections.push_back(box(500.0 + 20.0 * k, 0, 0.02 + 0.9 * (image % 53) / 53.0));
        }
        if (image % 40 == 0) {
            gt.detections.push_back(box(700, 1));
            pred.detections.push_back(box(700, 1, 0.6));
            gt.detections.push_back(box(740, 2));
            pred.detections.push_back(box(740, 2, 0.3 + (image % 7) / 10.0));
        }
        gt.offsets.push_back(std::uint32_t(gt.detections.size()));
        pred.offsets.push_back(std::uint32_t(pred.detections.size()));
    }
    d.fields = {std::move(gt), std::move(pred)};
    return d;
}

struct PdfWord
{
    QString text;
    double xMin = 0, xMax = 0;
};

/// The words on one page as poppler reads them (pdftotext -bbox), with the page's width in points.
QList<PdfWord> pdfWords(const QString& pdftotext, const QString& pdf, int page, double* pageWidth)
{
    const QString html =
        runTool(pdftotext, {QStringLiteral("-f"), QString::number(page), QStringLiteral("-l"),
                            QString::number(page), QStringLiteral("-bbox"), pdf, QStringLiteral("-")});
    static const QRegularExpression pageRe(QStringLiteral("<page width=\"([0-9.]+)\""));
    *pageWidth = pageRe.match(html).captured(1).toDouble();
    static const QRegularExpression wordRe(QStringLiteral(
        "<word xMin=\"([0-9.]+)\" yMin=\"[0-9.]+\" xMax=\"([0-9.]+)\" yMax=\"[0-9.]+\">([^<]*)</word>"));
    QList<PdfWord> words;
    for (auto it = wordRe.globalMatch(html); it.hasNext();) {
        const auto m = it.next();
        words.append({m.captured(3), m.captured(1).toDouble(), m.captured(2).toDouble()});
    }
    return words;
}

/// Predictions that never overlap the ground truth: every threshold's TP is 0.
Dataset missedDataset()
{
    Dataset d;
    d.labels = {"thing"};
    LabelField gt{"gt", "test", "", {}, {0}};
    LabelField pred{"pred", "test", "", {}, {0}};
    for (int i = 0; i < 5; ++i) {
        d.samples.push_back({"s" + std::to_string(i), "", 100, 100});
        gt.detections.push_back(box(0, 0));
        pred.detections.push_back(box(60, 0, 0.2 + 0.1 * i));
        gt.offsets.push_back(std::uint32_t(gt.detections.size()));
        pred.offsets.push_back(std::uint32_t(pred.detections.size()));
    }
    d.fields = {std::move(gt), std::move(pred)};
    return d;
}

EvaluationResult evaluateOrFail(const Dataset& d, const std::string& gt, const std::string& pred)
{
    EvaluationRequest request;
    request.groundTruthField = gt;
    request.predictionField = pred;
    if (auto invalid = validate(d, request))
        qFatal("invalid request: %s", invalid->c_str());
    auto result = evaluate(d, request);
    if (!result)
        qFatal("evaluation cancelled");
    return std::move(*result);
}

} // namespace

class TestReports : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<Dataset> m_dataset;
    std::unique_ptr<EvaluationResult> m_result;
    ReportContext m_context;
    QTemporaryDir m_dir;

    ReportInput input() const
    {
        return ReportInput{*m_dataset, *m_result, m_context,
                           QDateTime(QDate(2026, 1, 2), QTime(3, 4), Qt::UTC)};
    }
    QString path(const QString& name) const { return m_dir.filePath(name); }
    QString optimumText() const { return formatFixed(m_result->sweep.total.optimum->threshold); }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        std::vector<std::filesystem::path> paths;
        for (const QString& p : examplePaths())
            paths.emplace_back(p.toStdString());
        LoadResult loaded = loadDataset(LoadRequest{paths, {}});
        QVERIFY(loaded.ok());
        m_dataset = std::make_unique<Dataset>(std::move(*loaded.dataset));
        m_result =
            std::make_unique<EvaluationResult>(evaluateOrFail(*m_dataset, "ground_truth", "detector_large"));
        QVERIFY(m_result->sweep.total.optimum);
        QVERIFY(m_result->sweep.classes.size() >= 2);
        // What the CLI puts in the context for these inputs (not --example).
        for (const auto& p : paths)
            m_context.inputs.push_back(p.string());
        m_context.datasetName = paths.front().filename().string();
    }

    // --- JSON and CSV: the CLI's files are the engine's numbers.

    void jsonIsTheEngineReport()
    {
        const QString out = path(QStringLiteral("cli.json"));
        const CliRun r = runCli(QStringList{QStringLiteral("sweep")} + examplePaths() +
                                QStringList{QStringLiteral("--pred"), QStringLiteral("detector_large"),
                                            QStringLiteral("--json"), out});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QByteArray written = readAll(out);
        // Byte for byte what the GUI's JSON export writes (reportJson with the same context; the
        // CLI's model card states its command line and the inputs' digests).
        ReportContext context = m_context;
        std::vector<std::string> words{"optconf-cli", "sweep"};
        std::vector<std::filesystem::path> paths;
        for (const QString& p : examplePaths()) {
            words.push_back(p.toStdString());
            paths.emplace_back(p.toStdString());
        }
        for (const char* w : {"--pred", "detector_large", "--json"})
            words.emplace_back(w);
        words.push_back(out.toStdString());
        context.invocation = shellCommandLine(words);
        context.inputDigests = digestInputs(paths);
        // The confusion matrix and error types at the optimum, after the other keys.
        context.analysis =
            std::make_shared<const ThresholdAnalysis>(analyseThresholds(*m_dataset, *m_result));
        context.analysisThreshold = m_result->sweep.total.optimum->threshold;
        QCOMPARE(written, QByteArray::fromStdString(reportJson(*m_dataset, *m_result, context)));
        QJsonParseError error;
        const QJsonObject j = QJsonDocument::fromJson(written, &error).object();
        QCOMPARE(error.error, QJsonParseError::NoError);
        const Metrics& o = *m_result->sweep.total.optimum;
        const QJsonObject optimum = j.value(QStringLiteral("optimum")).toObject();
        QCOMPARE(optimum.value(QStringLiteral("threshold")).toDouble(), o.threshold);
        QCOMPARE(optimum.value(QStringLiteral("tp")).toInteger(), o.counts.tp);
        QCOMPARE(optimum.value(QStringLiteral("fp")).toInteger(), o.counts.fp);
        QCOMPARE(optimum.value(QStringLiteral("fn")).toInteger(), o.counts.fn);
        QCOMPARE(optimum.value(QStringLiteral("f1")).toDouble(), o.f1);
        QCOMPARE(j.value(QStringLiteral("ap50")).toDouble(), *m_result->ap.ap50);
        QCOMPARE(j.value(QStringLiteral("grid")).toArray().size(),
                 qsizetype(m_result->sweep.total.grid.size()));
    }

    void csvHasTheGridRows_data()
    {
        QTest::addColumn<bool>("curve");
        QTest::newRow("grid") << false;
        QTest::newRow("exact curve") << true;
    }
    void csvHasTheGridRows()
    {
        QFETCH(bool, curve);
        const QString out = path(QStringLiteral("cli.csv"));
        QStringList args = QStringList{QStringLiteral("sweep")} + examplePaths() +
                           QStringList{QStringLiteral("--pred"), QStringLiteral("detector_large"),
                                       QStringLiteral("--csv"), out};
        if (curve)
            args << QStringLiteral("--curve");
        const CliRun r = runCli(args);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QStringList lines = QString::fromUtf8(readAll(out)).split(u'\n', Qt::SkipEmptyParts);
        const auto& rows = curve ? m_result->sweep.total.exact : m_result->sweep.total.grid;
        QCOMPARE(lines.value(0), QStringLiteral("threshold,tp,fp,fn,precision,recall,f1"));
        QCOMPARE(lines.size(), qsizetype(rows.size()) + 1);
        for (std::size_t i = 0; i < rows.size(); ++i) {
            const QStringList cells = lines.at(qsizetype(i) + 1).split(u',');
            QCOMPARE(cells.size(), 7);
            QCOMPARE(cells[0].toDouble(), rows[i].threshold); // shortest round-trip text: exact
            QCOMPARE(cells[1].toLongLong(), rows[i].counts.tp);
            QCOMPARE(cells[2].toLongLong(), rows[i].counts.fp);
            QCOMPARE(cells[3].toLongLong(), rows[i].counts.fn);
            QCOMPARE(cells[6].isEmpty(), !rows[i].f1Defined);
        }
    }

    void classesCsvFromCli()
    {
        const QString out = path(QStringLiteral("classes.csv"));
        const CliRun r = runCli(QStringList{QStringLiteral("sweep")} + examplePaths() +
                                QStringList{QStringLiteral("--pred"), QStringLiteral("detector_large"),
                                            QStringLiteral("--classes-csv"), out});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QStringList lines = QString::fromUtf8(readAll(out)).split(u'\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.value(0),
                 QStringLiteral("class_index,class,ground_truth,predictions,threshold,tp,fp,fn,"
                                "precision,recall,f1,f1_at_global_threshold,ap50,ap50_95"));
        const auto& classes = m_result->sweep.classes;
        QCOMPARE(lines.size(), qsizetype(classes.size()) + 3);
        double sum[6] = {}, weighted[6] = {};
        double support = 0;
        for (std::size_t i = 0; i < classes.size(); ++i) {
            const ClassCurve& c = classes[i];
            const Metrics& m = *c.curve.optimum;
            const QStringList cells = lines[qsizetype(i) + 1].split(u',');
            QCOMPARE(cells.size(), 14);
            QCOMPARE(cells[0].toULongLong(), c.label);
            QCOMPARE(cells[1], QString::fromStdString(c.name));
            QCOMPARE(cells[2].toLongLong(), c.groundTruth);
            QCOMPARE(cells[4].toDouble(), m.threshold);
            QCOMPARE(cells[5].toLongLong(), m.counts.tp);
            QCOMPARE(cells[10].toDouble(), m.f1);
            QCOMPARE(cells[11].toDouble(), c.atGlobalOptimum->f1);
            QCOMPARE(cells[12].toDouble(), *m_result->ap.perLabelAp50[c.label]);
            const double values[6] = {*m.precision,
                                      *m.recall,
                                      m.f1,
                                      c.atGlobalOptimum->f1,
                                      *m_result->ap.perLabelAp50[c.label],
                                      *m_result->ap.perLabelAp50_95[c.label]};
            for (int k = 0; k < 6; ++k) {
                sum[k] += values[k];
                weighted[k] += values[k] * double(c.groundTruth);
            }
            support += double(c.groundTruth);
        }
        const QStringList macro = lines[lines.size() - 2].split(u',');
        const QStringList byGt = lines[lines.size() - 1].split(u',');
        QCOMPARE(macro[1], QStringLiteral("macro average"));
        QCOMPARE(byGt[1], QStringLiteral("weighted average (by ground truth)"));
        const int columns[6] = {8, 9, 10, 11, 12, 13};
        for (int k = 0; k < 6; ++k) {
            QVERIFY(qFuzzyCompare(macro[columns[k]].toDouble(), sum[k] / double(classes.size())));
            QVERIFY(qFuzzyCompare(byGt[columns[k]].toDouble(), weighted[k] / support));
        }
        QVERIFY(std::abs(sum[2] / double(classes.size()) - weighted[2] / support) > 1e-6); // they differ
    }

    void jsonHasPerClassRows()
    {
        const QJsonObject j =
            QJsonDocument::fromJson(QByteArray::fromStdString(reportJson(*m_dataset, *m_result, m_context)))
                .object();
        const QJsonArray classes = j.value(QStringLiteral("classes")).toArray();
        QCOMPARE(classes.size(), qsizetype(m_result->sweep.classes.size()));
        for (qsizetype i = 0; i < classes.size(); ++i) {
            const ClassCurve& c = m_result->sweep.classes[std::size_t(i)];
            const QJsonObject cj = classes[i].toObject();
            QCOMPARE(cj.value(QStringLiteral("class_index")).toInteger(), qint64(c.label));
            // F1 at the global threshold, as the terminal and report tables print it.
            QCOMPARE(cj.value(QStringLiteral("f1_at_global_threshold")).toDouble(), c.atGlobalOptimum->f1);
            QCOMPARE(cj.value(QStringLiteral("at_global_threshold"))
                         .toObject()
                         .value(QStringLiteral("tp"))
                         .toInteger(),
                     c.atGlobalOptimum->counts.tp);
            // The rows the per-class charts draw.
            const QJsonArray grid = cj.value(QStringLiteral("grid")).toArray();
            QCOMPARE(grid.size(), qsizetype(c.curve.grid.size()));
            for (qsizetype k = 0; k < grid.size(); ++k) {
                const QJsonObject row = grid[k].toObject();
                const Metrics& m = c.curve.grid[std::size_t(k)];
                QCOMPARE(row.value(QStringLiteral("threshold")).toDouble(), m.threshold);
                QCOMPARE(row.value(QStringLiteral("tp")).toInteger(), m.counts.tp);
                QCOMPARE(row.value(QStringLiteral("fp")).toInteger(), m.counts.fp);
                QCOMPARE(row.value(QStringLiteral("fn")).toInteger(), m.counts.fn);
            }
        }
        const QJsonObject averages = j.value(QStringLiteral("class_averages")).toObject();
        QVERIFY(averages.value(QStringLiteral("f1")).toObject().contains(QStringLiteral("macro")));
        QVERIFY(averages.value(QStringLiteral("ap50")).toObject().contains(QStringLiteral("weighted")));
    }

    // --- HTML

    void htmlIsSelfContainedWithThresholdAndImages()
    {
        const QString out = path(QStringLiteral("report.html"));
        const auto error = writeHtmlReport(out, input());
        QVERIFY2(!error, qPrintable(error.value_or(QString())));
        const QString html = QString::fromUtf8(readAll(out));
        QVERIFY(html.startsWith(QLatin1String("<!DOCTYPE html>")));
        QVERIFY(html.contains(optimumText()));
        QVERIFY(html.contains(QStringLiteral("OptConf " OPTCONF_VERSION)));
        QVERIFY(html.contains(QStringLiteral("2026-01-02 03:04 UTC")));
        for (const ClassCurve& c : m_result->sweep.classes)
            QVERIFY2(html.contains(QString::fromStdString(c.name).toHtmlEscaped()), c.name.c_str());
        // Every grid row is in the table.
        for (const Metrics& m : m_result->sweep.total.grid)
            QVERIFY(html.contains(
                QStringLiteral("<td class=\"num\" align=\"right\">%1</td>").arg(formatFixed(m.threshold))));
        // Nothing is fetched from elsewhere: both charts are data: URIs that decode to 2x PNGs.
        QVERIFY(!html.contains(QLatin1String("src=\"http")));
        QVERIFY(!html.contains(QLatin1String("<link")));
        static const QRegularExpression image(
            QStringLiteral("src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\""));
        // The report's images with the most errors come after the charts, in their own section.
        const qsizetype imagesSection = html.indexOf(QLatin1String("<section id=\"images\""));
        QVERIFY(imagesSection > 0);
        int thumbnails = 0;
        for (auto it = image.globalMatch(html, imagesSection); it.hasNext(); ++thumbnails) {
            const QImage decoded =
                QImage::fromData(QByteArray::fromBase64(it.next().captured(1).toLatin1()), "PNG");
            QCOMPARE(std::max(decoded.width(), decoded.height()), 320);
        }
        QCOMPARE(thumbnails, 12); // the default, and the example has more images with errors
        int images = 0;
        for (auto it = image.globalMatch(html.left(imagesSection)); it.hasNext(); ++images) {
            const QImage decoded =
                QImage::fromData(QByteArray::fromBase64(it.next().captured(1).toLatin1()), "PNG");
            if (images < 2)
                QCOMPARE(decoded.size(), QSize(1600, 960));
            else
                QCOMPARE(decoded.width(), 1600);
        }
        // The two overall charts, then per-class small multiples: P/R/F1 against the threshold and
        // precision against recall (the example's six classes fit one chart of each).
        QCOMPARE(images, 4);
        QVERIFY(html.contains(QStringLiteral("Per-class curves")));
        QVERIFY(html.contains(
            QStringLiteral("alt=\"Per class: precision, recall and F1 against the confidence threshold\"")));
        QVERIFY(html.contains(QStringLiteral("alt=\"Per class: precision against recall\"")));
    }

    void modelCardInEveryReport()
    {
        const QString json = path(QStringLiteral("card.json")), html = path(QStringLiteral("card.html")),
                      pdf = path(QStringLiteral("card.pdf"));
        const QString title = QStringLiteral("Fleet camera detector, rev 7");
        const QString notes = QStringLiteral("Night-time subset excluded.\nContact: the vision team");
        const QStringList args = QStringList{QStringLiteral("sweep")} + examplePaths() +
                                 QStringList{QStringLiteral("--pred"),   QStringLiteral("detector_large"),
                                             QStringLiteral("--title"),  title,
                                             QStringLiteral("--notes"),  notes,
                                             QStringLiteral("--json"),   json,
                                             QStringLiteral("--report"), html,
                                             QStringLiteral("--report"), pdf};
        const CliRun r = runCli(args);
        QVERIFY2(r.exitCode == 0, r.err.constData());

        // Each input's size and SHA-256, computed here from the files.
        QStringList digests;
        for (const QString& p : examplePaths()) {
            QFile f(p);
            QVERIFY(f.open(QIODevice::ReadOnly));
            digests << QString::fromLatin1(
                QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256).toHex());
        }
        const QJsonObject card =
            QJsonDocument::fromJson(readAll(json)).object().value(QStringLiteral("model_card")).toObject();
        QCOMPARE(card.value(QStringLiteral("title")).toString(), title);
        QCOMPARE(card.value(QStringLiteral("notes")).toString(), notes);
        QCOMPARE(card.value(QStringLiteral("optconf_version")).toString(), QStringLiteral(OPTCONF_VERSION));
        const QString invocation = card.value(QStringLiteral("invocation")).toString();
        QVERIFY2(invocation.startsWith(QStringLiteral("optconf-cli sweep ")), qPrintable(invocation));
        QVERIFY2(invocation.contains(QStringLiteral("--title 'Fleet camera detector, rev 7'")),
                 qPrintable(invocation));
        const QJsonArray inputs = card.value(QStringLiteral("inputs")).toArray();
        QCOMPARE(inputs.size(), 3);
        for (qsizetype i = 0; i < inputs.size(); ++i) {
            const QJsonObject in = inputs[i].toObject();
            QCOMPARE(in.value(QStringLiteral("path")).toString(), examplePaths()[i]);
            QCOMPARE(in.value(QStringLiteral("bytes")).toInteger(), QFileInfo(examplePaths()[i]).size());
            QCOMPARE(in.value(QStringLiteral("sha256")).toString(), digests[i]);
        }

        const QString page = QString::fromUtf8(readAll(html));
        QVERIFY(page.contains(QStringLiteral("<title>%1</title>").arg(title.toHtmlEscaped())));
        QVERIFY(page.contains(QStringLiteral("<h1>%1</h1>").arg(title.toHtmlEscaped())));
        QVERIFY(page.contains(QStringLiteral("Night-time subset excluded.<br>Contact: the vision team")));
        QVERIFY(page.contains(QStringLiteral("--title &#x27;Fleet camera")) ||
                page.contains(QStringLiteral("--title 'Fleet camera")));
        for (const QString& d : digests)
            QVERIFY(page.contains(d));

        const QString pdftotext = QStandardPaths::findExecutable(QStringLiteral("pdftotext"));
        if (pdftotext.isEmpty())
            QSKIP("pdftotext (poppler-utils) is not installed");
        const QString text = runTool(pdftotext, {QStringLiteral("-layout"), pdf, QStringLiteral("-")});
        QVERIFY2(text.startsWith(title), qPrintable(text.left(200)));
        QVERIFY(text.contains(QStringLiteral("Night-time subset excluded.")));
        QVERIFY(text.contains(QStringLiteral("OptConf version")));
        for (const QString& d : digests)
            QVERIFY2(text.contains(d), qPrintable(d));
        const QString pdfinfo = QStandardPaths::findExecutable(QStringLiteral("pdfinfo"));
        if (!pdfinfo.isEmpty())
            QVERIFY(runTool(pdfinfo, {pdf}).contains(QStringLiteral("Title:           %1").arg(title)));
    }

    void titleDefaultsToThePredictionField()
    {
        const QString html = QString::fromUtf8(htmlReport(input()));
        QVERIFY2(html.contains(QStringLiteral("<h1>detector_large</h1>")), qPrintable(html.left(2000)));
        QVERIFY(!html.contains(QStringLiteral("<h1>OptConf report")));
    }

    // --- PDF

    void pdfPagesAndText_data()
    {
        QTest::addColumn<PageSize>("pageSize");
        QTest::addColumn<QString>("pdfinfoSize");
        QTest::newRow("A4") << PageSize::A4 << QStringLiteral("(A4)");
        QTest::newRow("Letter") << PageSize::Letter << QStringLiteral("(letter)");
    }
    void pdfPagesAndText()
    {
        QFETCH(PageSize, pageSize);
        QFETCH(QString, pdfinfoSize);
        const QString out = path(QStringLiteral("report.pdf"));
        PdfInfo info;
        const auto error = writePdfReport(out, input(), pageSize, &info);
        QVERIFY2(!error, qPrintable(error.value_or(QString())));
        const QByteArray pdf = readAll(out);
        QVERIFY(pdf.startsWith("%PDF-"));
        QVERIFY(pdf.trimmed().endsWith("%%EOF"));
        // Summary + settings, charts, per class, grid (101 rows span more than one page): page breaks
        // between sections give at least 5 pages.
        QVERIFY2(info.pages >= 5, qPrintable(QString::number(info.pages)));
        QCOMPARE(pdfPageObjects(pdf), info.pages);

        const QString pdftotext = QStandardPaths::findExecutable(QStringLiteral("pdftotext"));
        if (pdftotext.isEmpty())
            QSKIP("pdftotext (poppler-utils) is not installed: the PDF's text is not checked");
        auto pageText = [&](int page) {
            return runTool(pdftotext,
                           {QStringLiteral("-f"), QString::number(page), QStringLiteral("-l"),
                            QString::number(page), QStringLiteral("-layout"), out, QStringLiteral("-")});
        };
        const QString first = pageText(1);
        QVERIFY2(first.contains(QStringLiteral("Recommended threshold")), qPrintable(first));
        QVERIFY(first.contains(optimumText()));
        QVERIFY(first.contains(QStringLiteral("OptConf " OPTCONF_VERSION)));
        QVERIFY(first.contains(QStringLiteral("page 1 of %1").arg(info.pages)));
        QVERIFY(!first.contains(QStringLiteral("Per class"))); // sections start on new pages
        const QString second = pageText(2);
        QVERIFY(second.contains(QStringLiteral("Charts")));
        QVERIFY(second.contains(QStringLiteral("optimum F1 = %1 at threshold %2")
                                    .arg(formatFixed(m_result->sweep.total.optimum->f1), optimumText())));
        const QString all = runTool(pdftotext, {QStringLiteral("-layout"), out, QStringLiteral("-")});
        for (const ClassCurve& c : m_result->sweep.classes)
            QVERIFY(all.contains(QString::fromStdString(c.name)));
        QVERIFY(pageText(info.pages).contains(QStringLiteral("1.0000"))); // the grid's last row

        const QString pdfinfo = QStandardPaths::findExecutable(QStringLiteral("pdfinfo"));
        if (!pdfinfo.isEmpty()) {
            const QString meta = runTool(pdfinfo, {out});
            QVERIFY2(meta.contains(pdfinfoSize), qPrintable(meta));
            QVERIFY(meta.contains(QRegularExpression(QStringLiteral("Pages:\\s+%1\\n").arg(info.pages))));
        }
    }

    void pdfClassTableKeepsNumbersWholeOnThePage_data()
    {
        QTest::addColumn<PageSize>("pageSize");
        QTest::newRow("A4") << PageSize::A4;
        QTest::newRow("Letter") << PageSize::Letter;
    }
    void pdfClassTableKeepsNumbersWholeOnThePage()
    {
        QFETCH(PageSize, pageSize);
        const QString pdftotext = QStandardPaths::findExecutable(QStringLiteral("pdftotext"));
        if (pdftotext.isEmpty())
            QSKIP("pdftotext (poppler-utils) is not installed");
        const Dataset d = wideTableDataset();
        const EvaluationResult r = evaluateOrFail(d, "gt", "pred");
        QCOMPARE(r.sweep.classes.size(), std::size_t(3));
        const QString out = path(QStringLiteral("wide.pdf"));
        PdfInfo info;
        const auto error = writePdfReport(out, ReportInput{d, r, {}, {}}, pageSize, &info);
        QVERIFY2(!error, qPrintable(error.value_or(QString())));

        // The page with the per-class table.
        int page = 0;
        QString text;
        for (int p = 1; p <= info.pages && page == 0; ++p) {
            text =
                runTool(pdftotext, {QStringLiteral("-f"), QString::number(p), QStringLiteral("-l"),
                                    QString::number(p), QStringLiteral("-layout"), out, QStringLiteral("-")});
            if (text.contains(QStringLiteral("Per class")))
                page = p;
        }
        QVERIFY(page > 0);
        const QStringList lines = text.split(u'\n');
        for (const ClassCurve& c : r.sweep.classes) {
            QVERIFY(c.curve.optimum && c.atGlobalOptimum);
            const Metrics& m = *c.curve.optimum;
            // The row's first line: it starts with the start of the name and holds every number whole.
            const QString start = QString::fromStdString(c.name).left(8);
            const auto row = std::find_if(lines.begin(), lines.end(), [&](const QString& line) {
                return line.trimmed().startsWith(start);
            });
            QVERIFY2(row != lines.end(), qPrintable(start + u'\n' + text));
            QStringList expected{QString::number(c.groundTruth),
                                 QString::number(c.predictions),
                                 formatFixed(m.threshold),
                                 formatFixed(m.f1),
                                 formatFixed(*m.precision),
                                 formatFixed(*m.recall),
                                 QString::number(m.counts.tp),
                                 QString::number(m.counts.fp),
                                 QString::number(m.counts.fn),
                                 formatFixed(c.atGlobalOptimum->f1),
                                 formatFixed(*r.ap.perLabelAp50[c.label]),
                                 formatFixed(*r.ap.perLabelAp50_95[c.label])};
            const QStringList cells = row->split(u' ', Qt::SkipEmptyParts);
            // The numbers are the row's last twelve words, in order.
            QVERIFY2(cells.size() > expected.size(), qPrintable(*row));
            QCOMPARE(cells.mid(cells.size() - expected.size()), expected);
        }
        QVERIFY2(r.sweep.classes[0].groundTruth >= 10000, "a 5-digit count is what is tested");
        // The long names wrap (or elide) in their own column: the next line continues them.
        const QString spaced = QString::fromStdString(r.sweep.classes[1].name);
        QVERIFY2(!text.contains(spaced), qPrintable(text));
        QVERIFY(text.contains(spaced.left(8)));

        // Nothing runs into the right margin (18 mm), let alone off the page.
        double pageWidth = 0;
        const QList<PdfWord> words = pdfWords(pdftotext, out, page, &pageWidth);
        QVERIFY(pageWidth > 500);
        QVERIFY(words.size() > 40);
        const double right = pageWidth - 18 / 25.4 * 72;
        for (const PdfWord& w : words)
            QVERIFY2(w.xMax <= right + 1,
                     qPrintable(QStringLiteral("'%1' ends at %2 pt, the text body at %3 pt")
                                    .arg(w.text)
                                    .arg(w.xMax)
                                    .arg(right)));
        QVERIFY(std::any_of(words.begin(), words.end(),
                            [](const PdfWord& w) { return w.text == QLatin1String("AP@[.5:.95]"); }));
    }

    void pdfIsReproducibleWithSourceDateEpoch()
    {
        // Two runs in separate processes (the font order depended on the process's hash seed), one
        // second apart at least (the creation date came from the clock), one of them in another
        // time zone: the same bytes, stamped with SOURCE_DATE_EPOCH.
        QByteArray runs[2];
        for (int i = 0; i < 2; ++i) {
            QTemporaryDir dir;
            QVERIFY(dir.isValid());
            QProcess p;
            QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
            env.insert(QStringLiteral("SOURCE_DATE_EPOCH"), QStringLiteral("1700000000"));
            env.insert(QStringLiteral("TZ"),
                       i == 0 ? QStringLiteral("UTC") : QStringLiteral("Europe/Berlin"));
            p.setProcessEnvironment(env);
            p.setWorkingDirectory(dir.path());
            p.start(QStringLiteral(OPTCONF_CLI),
                    {QStringLiteral("sweep"), QStringLiteral("--example"), QStringLiteral("--pred"),
                     QStringLiteral("detector_large"), QStringLiteral("--report"), QStringLiteral("r.pdf")});
            QVERIFY(p.waitForFinished(120000));
            QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
            runs[i] = readAll(dir.filePath(QStringLiteral("r.pdf")));
            QVERIFY(runs[i].startsWith("%PDF-"));
            if (i == 0)
                QTest::qWait(1100);
        }
        QVERIFY(runs[0] == runs[1]);
        QVERIFY(runs[0].contains("/CreationDate (D:20231114221320Z)"));
        // The date was rewritten in place of Berlin's longer "+01'00'": every cross-reference must
        // still point at its object.
        const QByteArray& pdf = runs[1];
        const qsizetype startxref = pdf.lastIndexOf("startxref\n");
        QVERIFY(startxref > 0);
        const qsizetype table = pdf.mid(startxref + 10, 20).split('\n').value(0).trimmed().toLongLong();
        QVERIFY(pdf.mid(table, 4) == "xref");
        static const QRegularExpression entry(QStringLiteral("(\\d{10}) 00000 n"));
        int checked = 0;
        for (auto it = entry.globalMatch(QString::fromLatin1(pdf.mid(table, startxref - table)));
             it.hasNext(); ++checked) {
            const qsizetype offset = it.next().captured(1).toLongLong();
            QVERIFY2(QRegularExpression(QStringLiteral("^\\d+ 0 obj"))
                         .match(QString::fromLatin1(pdf.mid(offset, 16)))
                         .hasMatch(),
                     qPrintable(QString::number(offset)));
        }
        QVERIFY(checked > 20);
    }

    // --- Charts

    void pngAtOneAndTwoX()
    {
        for (const double scale : {1.0, 2.0}) {
            const QString out = path(QStringLiteral("chart.png"));
            const auto error = writeChartPng(out, input(), ChartKind::Confidence, scale);
            QVERIFY2(!error, qPrintable(error.value_or(QString())));
            const QImage image(out, "PNG");
            QCOMPARE(image.size(), QSize(qRound(800 * scale), qRound(480 * scale)));
            // The F1 line and the optimum marker are drawn in their colours.
            int f1Pixels = 0, markerPixels = 0;
            for (int y = 0; y < image.height(); ++y)
                for (int x = 0; x < image.width(); ++x) {
                    const QRgb c = image.pixel(x, y);
                    f1Pixels += c == qRgb(0x2c, 0xa0, 0x2c);
                    markerPixels += c == qRgb(0xd6, 0x27, 0x28);
                }
            QVERIFY(f1Pixels > 100 * scale);
            QVERIFY(markerPixels > 20);
        }
        const QString pr = path(QStringLiteral("pr.png"));
        QVERIFY(!writeChartPng(pr, input(), ChartKind::PrecisionRecall, 1.0));
        QCOMPARE(QImage(pr, "PNG").size(), QSize(800, 480));
    }

    void svgIsValidXmlWithTheSeries()
    {
        const QString out = path(QStringLiteral("chart.svg"));
        const auto error = writeChartSvg(out, input(), ChartKind::Confidence);
        QVERIFY2(!error, qPrintable(error.value_or(QString())));
        QXmlStreamReader xml(readAll(out));
        QString currentStroke;
        QStringList texts;
        QHash<QString, int> longestPath; // stroke colour -> most points in one path
        bool root = false;
        while (!xml.atEnd()) {
            xml.readNext();
            if (!xml.isStartElement())
                continue;
            if (!root) {
                QCOMPARE(xml.name(), QStringLiteral("svg"));
                root = true;
            }
            if (xml.name() == QLatin1String("g"))
                currentStroke = xml.attributes().value(QStringLiteral("stroke")).toString();
            else if (xml.name() == QLatin1String("path")) {
                const QString d = xml.attributes().value(QStringLiteral("d")).toString();
                const int points = int(d.count(u'M') + d.count(u'L'));
                longestPath[currentStroke] = std::max(longestPath.value(currentStroke), points);
            } else if (xml.name() == QLatin1String("text"))
                texts << xml.readElementText();
        }
        QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
        QVERIFY(root);
        // Precision, recall and F1 are one path each, one point per grid threshold (all defined
        // here but precision at the top, where nothing is kept).
        const int grid = int(m_result->sweep.total.grid.size());
        QCOMPARE(longestPath.value(QStringLiteral("#2ca02c")), grid);      // F1
        QCOMPARE(longestPath.value(QStringLiteral("#e67e00")), grid);      // recall
        QVERIFY(longestPath.value(QStringLiteral("#1f77b4")) >= grid - 1); // precision
        for (const QString& label :
             {QStringLiteral("precision"), QStringLiteral("recall"), QStringLiteral("F1")})
            QVERIFY2(texts.contains(label), qPrintable(texts.join(u'|')));
        QVERIFY(texts.join(u'|').contains(optimumText()));
        // Every font names fallbacks down to the generic family: without DejaVu it is still sans-serif.
        const QString svg = QString::fromUtf8(readAll(out));
        static const QRegularExpression family(QStringLiteral("font-family=\"([^\"]*)\""));
        int families = 0;
        for (auto it = family.globalMatch(svg); it.hasNext(); ++families) {
            const QString list = it.next().captured(1);
            QVERIFY2(list.endsWith(QStringLiteral(", sans-serif")) &&
                         list.contains(QStringLiteral("'DejaVu Sans'")),
                     qPrintable(list));
        }
        QVERIFY(families > 10);
    }

    void prChartCaptionSaysWhatIsDrawn()
    {
        // Hand-made: recall 0.5 at precision 1 and recall 1 at precision 0.5 give, at 101 recall
        // points, 51 times 1 and 50 times 0.5.
        std::vector<Metrics> rows(2);
        rows[0].recall = 0.5;
        rows[0].precision = 1.0;
        rows[1].recall = 1.0;
        rows[1].precision = 0.5;
        QCOMPARE(*interpolatedArea(rows), (51 + 25) / 101.0);
        QVERIFY(!interpolatedArea({Metrics{}}));

        const QString out = path(QStringLiteral("pr.svg"));
        QVERIFY(!writeChartSvg(out, input(), ChartKind::PrecisionRecall));
        QXmlStreamReader xml(readAll(out));
        QStringList texts;
        while (!xml.atEnd())
            if (xml.readNext() == QXmlStreamReader::StartElement && xml.name() == QLatin1String("text"))
                texts << xml.readElementText();
        const QString all = texts.join(u'|');
        // The curve drawn is every class pooled: labelled so, with the area under it, computed
        // here from the exact rows with the same 101-point rule as COCO.
        double sum = 0;
        for (int k = 0; k <= 100; ++k) {
            double best = 0;
            for (const Metrics& m : m_result->sweep.total.exact)
                if (m.precision && m.recall && *m.recall >= k / 100.0)
                    best = std::max(best, *m.precision);
            sum += best;
        }
        QVERIFY2(all.contains(QStringLiteral("all classes pooled")), qPrintable(all));
        QVERIFY2(all.contains(QStringLiteral("area %1").arg(formatFixed(sum / 101))), qPrintable(all));
        // AP, the mean over classes, is named as such and not as the drawn curve's figure.
        QVERIFY2(all.contains(QStringLiteral("AP is the mean of the per-class curves: AP@0.5 %1")
                                  .arg(formatFixed(*m_result->ap.ap50))),
                 qPrintable(all));
        QVERIFY(std::abs(sum / 101 - *m_result->ap.ap50) > 1e-4); // they differ, so the test can tell
    }

    void pdfHasPerClassCurves()
    {
        const QString pdftotext = QStandardPaths::findExecutable(QStringLiteral("pdftotext"));
        if (pdftotext.isEmpty())
            QSKIP("pdftotext (poppler-utils) is not installed");
        const QString out = path(QStringLiteral("classes.pdf"));
        QVERIFY(!writePdfReport(out, input()));
        const QString all = runTool(pdftotext, {out, QStringLiteral("-")});
        QVERIFY(all.contains(
            QStringLiteral("Per class: precision, recall and F1 against the confidence threshold")));
        QVERIFY(all.contains(QStringLiteral("Per class: precision against recall")));
        // One panel per class, in each of the two charts.
        for (const ClassCurve& c : m_result->sweep.classes) {
            const QString title =
                QStringLiteral("%1 (GT %2)").arg(QString::fromStdString(c.name)).arg(c.groundTruth);
            QVERIFY2(all.count(title) == 2, qPrintable(title));
        }
    }

    void degenerateRunsAreCalledOut()
    {
        // An optimum without a true positive: no headline recommendation in HTML, PDF or JSON.
        const Dataset d = missedDataset();
        const EvaluationResult r = evaluateOrFail(d, "gt", "pred");
        QVERIFY(r.sweep.total.optimum);
        QCOMPARE(r.sweep.total.optimum->counts.tp, 0);
        const QString html = QString::fromUtf8(htmlReport(ReportInput{d, r, {}, {}}));
        QVERIFY(!html.contains(QStringLiteral("Recommended threshold")));
        QVERIFY(html.contains(QStringLiteral("<h2>No threshold to recommend</h2>")));
        QVERIFY(html.contains(QStringLiteral("the optimum keeps no true positive")));
        QVERIFY(!html.contains(QStringLiteral("class=\"big\"")));
        const QJsonArray warnings = QJsonDocument::fromJson(QByteArray::fromStdString(reportJson(d, r, {})))
                                        .object()
                                        .value(QStringLiteral("warnings"))
                                        .toArray();
        QCOMPARE(warnings.size(), 1);
        // The thresholds file, a deployment's input, carries it too.
        const QString thresholds = path(QStringLiteral("missed-thresholds.json"));
        QVERIFY(!writeThresholdsFile(thresholds, ReportInput{d, r, {}, {}}));
        QVERIFY(QJsonDocument::fromJson(readAll(thresholds))
                    .object()
                    .value(QStringLiteral("warnings"))
                    .toArray()
                    .first()
                    .toString()
                    .startsWith(QStringLiteral("the optimum keeps no true positive")));

        // Bounds with no prediction score inside: the terminal, the JSON and the PDF say so.
        const QString json = path(QStringLiteral("narrow.json")), pdf = path(QStringLiteral("narrow.pdf"));
        const CliRun cli = runCli(
            QStringList{QStringLiteral("sweep")} + examplePaths() +
            QStringList{QStringLiteral("--pred"), QStringLiteral("detector_large"), QStringLiteral("--lower"),
                        QStringLiteral("0.99999"), QStringLiteral("--upper"), QStringLiteral("0.999999"),
                        QStringLiteral("--json"), json, QStringLiteral("--report"), pdf});
        QVERIFY2(cli.exitCode == 0, cli.err.constData());
        QVERIFY2(cli.out.contains(
                     "Warning     no threshold to recommend: no prediction scores inside the threshold "
                     "bounds [0.99999, 0.999999]"),
                 cli.out.constData());
        QVERIFY(!cli.out.contains("optimum (exact)"));
        QVERIFY(QJsonDocument::fromJson(readAll(json))
                    .object()
                    .value(QStringLiteral("warnings"))
                    .toArray()
                    .first()
                    .toString()
                    .startsWith(QStringLiteral("no prediction scores inside")));
        const QString pdftotext = QStandardPaths::findExecutable(QStringLiteral("pdftotext"));
        if (pdftotext.isEmpty())
            QSKIP("pdftotext (poppler-utils) is not installed");
        const QString first =
            runTool(pdftotext, {QStringLiteral("-f"), QStringLiteral("1"), QStringLiteral("-l"),
                                QStringLiteral("1"), pdf, QStringLiteral("-")});
        QVERIFY2(first.contains(QStringLiteral("No threshold to recommend")), qPrintable(first));
        QVERIFY(!first.contains(QStringLiteral("Recommended threshold")));
    }

    // --- Deployable thresholds

    void thresholdsFileFromCli()
    {
        const QString out = path(QStringLiteral("thresholds.json"));
        const CliRun r = runCli(QStringList{QStringLiteral("sweep")} + examplePaths() +
                                QStringList{QStringLiteral("--pred"), QStringLiteral("detector_large"),
                                            QStringLiteral("--thresholds"), out});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonObject j = QJsonDocument::fromJson(readAll(out)).object();
        QCOMPARE(j.value(QStringLiteral("format")).toString(), QStringLiteral("optconf-thresholds"));
        QVERIFY(j.value(QStringLiteral("rule")).toString().contains(QStringLiteral("at least 10")));
        QCOMPARE(j.value(QStringLiteral("global_threshold")).toDouble(),
                 m_result->sweep.total.optimum->threshold);
        const QJsonObject map = j.value(QStringLiteral("thresholds")).toObject();
        QCOMPARE(map.size(), qsizetype(m_result->sweep.classes.size()));
        for (const ClassCurve& c : m_result->sweep.classes) {
            QVERIFY(c.groundTruth >= kMinGroundTruthForClassThreshold); // every example class has enough
            QCOMPARE(map.value(QString::fromStdString(c.name)).toDouble(), c.curve.optimum->threshold);
        }
    }

    void thresholdsRuleFallsBackToGlobal()
    {
        const Dataset d = ruleDataset();
        const EvaluationResult r = evaluateOrFail(d, "gt", "pred");
        QCOMPARE(r.sweep.classes.size(), std::size_t(2));
        const double global = r.sweep.total.optimum->threshold;
        const ClassCurve& common = r.sweep.classes[0];
        const ClassCurve& rare = r.sweep.classes[1];
        QCOMPARE(rare.name, std::string("rare"));
        QCOMPARE(rare.groundTruth, 3);
        QCOMPARE(common.groundTruth, 12);
        QVERIFY(rare.curve.optimum->threshold != global); // so that the fallback is visible

        const QString out = path(QStringLiteral("rule.json"));
        const auto error = writeThresholdsFile(out, ReportInput{d, r, {}, {}});
        QVERIFY2(!error, qPrintable(error.value_or(QString())));
        const QJsonObject j = QJsonDocument::fromJson(readAll(out)).object();
        const QJsonObject map = j.value(QStringLiteral("thresholds")).toObject();
        QCOMPARE(map.value(QStringLiteral("rare")).toDouble(), global);
        QCOMPARE(map.value(QStringLiteral("common")).toDouble(), common.curve.optimum->threshold);
        QCOMPARE(j.value(QStringLiteral("default_threshold")).toDouble(), global);
        const QJsonArray classes = j.value(QStringLiteral("classes")).toArray();
        QCOMPARE(classes.size(), 2);
        QCOMPARE(classes[1].toObject().value(QStringLiteral("source")).toString(),
                 QStringLiteral("global optimum"));
        QVERIFY(classes[1]
                    .toObject()
                    .value(QStringLiteral("reason"))
                    .toString()
                    .contains(QStringLiteral("fewer than 10")));
        QCOMPARE(classes[0].toObject().value(QStringLiteral("source")).toString(),
                 QStringLiteral("class optimum"));
    }

    void thresholdsFileStatesItsSettingsAndWarns()
    {
        const Dataset d = ruleDataset();
        EvaluationRequest request;
        request.groundTruthField = "gt";
        request.predictionField = "pred";
        request.sweep.objective.beta = 2;
        request.match.iouThreshold = 0.6;
        request.match.maxDetections = 50;
        QVERIFY(!validate(d, request));
        const auto r = evaluate(d, request);
        QVERIFY(r);
        const QString out = path(QStringLiteral("settings-thresholds.json"));
        QVERIFY(!writeThresholdsFile(out, ReportInput{d, *r, {}, {}}));
        const QJsonObject j = QJsonDocument::fromJson(readAll(out)).object();

        const QJsonObject from = j.value(QStringLiteral("made_from")).toObject();
        QCOMPARE(from.value(QStringLiteral("iou")).toDouble(), 0.6);
        QCOMPARE(from.value(QStringLiteral("protocol")).toString(), QStringLiteral("fiftyone"));
        QCOMPARE(from.value(QStringLiteral("max_dets")).toInt(), 50);
        QCOMPARE(from.value(QStringLiteral("objective")).toString(), QStringLiteral("F2"));

        const QJsonArray classes = j.value(QStringLiteral("classes")).toArray();
        QCOMPARE(classes.size(), 2);
        double smallest = 1;
        bool differsFromF1 = false; // so that F1 in its place would be caught
        for (qsizetype i = 0; i < classes.size(); ++i) {
            const QJsonObject c = classes[i].toObject();
            const ClassCurve& curve = r->sweep.classes[std::size_t(i)];
            QCOMPARE(c.value(QStringLiteral("class_index")).toInteger(), qint64(curve.label));
            QCOMPARE(j.value(QStringLiteral("thresholds_by_class_index"))
                         .toObject()
                         .value(QString::number(curve.label))
                         .toDouble(),
                     c.value(QStringLiteral("threshold")).toDouble());
            // The objective's value at the class's threshold: F2 from the counts there, not F1.
            const Metrics& m = c.value(QStringLiteral("source")).toString() == QLatin1String("class optimum")
                                   ? *curve.curve.optimum
                                   : *curve.atGlobalOptimum;
            const double tp = double(m.counts.tp), fp = double(m.counts.fp), fn = double(m.counts.fn);
            const double f2 = 5 * tp / (5 * tp + 4 * fn + fp);
            QCOMPARE(c.value(QStringLiteral("objective_at_threshold")).toDouble(), f2);
            differsFromF1 = differsFromF1 || std::abs(f2 - m.f1) > 1e-6;
            smallest = std::min(smallest, c.value(QStringLiteral("threshold")).toDouble());
        }
        QVERIFY(differsFromF1);
        QCOMPARE(j.value(QStringLiteral("min_threshold")).toDouble(), smallest);

        // "rare" falls back to the global threshold, which lies below every score the model gave
        // "rare" (0.5 and 0.9): the file and the CLI say so.
        const QJsonObject rare = classes[1].toObject();
        QCOMPARE(rare.value(QStringLiteral("lowest_score")).toDouble(), 0.5);
        QVERIFY(rare.value(QStringLiteral("threshold")).toDouble() < 0.5);
        const QJsonArray warnings = j.value(QStringLiteral("warnings")).toArray();
        QCOMPARE(warnings.size(), 1);
        QVERIFY2(warnings[0].toString().contains(QStringLiteral("class 'rare'")) &&
                     warnings[0].toString().contains(QStringLiteral("below the lowest score")),
                 qPrintable(warnings[0].toString()));
    }

    // --- Failures: the message names the path and the cause; nothing is half-written or destroyed.

    void missingFolderFails()
    {
        const QString out = path(QStringLiteral("no/such/folder/report.html"));
        const auto error = writeHtmlReport(out, input());
        QVERIFY(error);
        QVERIFY2(error->contains(out) && error->contains(QStringLiteral("does not exist")),
                 qPrintable(*error));
        QVERIFY(!QFile::exists(out));
        const auto pdfError = writePdfReport(out, input());
        QVERIFY(pdfError && pdfError->contains(out));
        const CliRun r = runCli(QStringList{QStringLiteral("sweep")} + examplePaths() +
                                QStringList{QStringLiteral("--pred"), QStringLiteral("detector_large"),
                                            QStringLiteral("--report"), out});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(out.toUtf8()) && r.err.contains("does not exist"), r.err.constData());
    }

    void parentIsAFileFails()
    {
        const QString file = path(QStringLiteral("plain-file"));
        QVERIFY(!writeTextFile(file, "x"));
        const QString out = file + QStringLiteral("/chart.svg");
        const auto error = writeChartSvg(out, input(), ChartKind::Confidence);
        QVERIFY(error);
        QVERIFY2(error->contains(out) && error->contains(QStringLiteral("not a folder")), qPrintable(*error));
        QCOMPARE(readAll(file), QByteArray("x"));
    }

    void readOnlyFolderKeepsExistingFile()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString out = dir.filePath(QStringLiteral("report.pdf"));
        const QByteArray previous = "previous report, must survive";
        QVERIFY(!writeTextFile(out, previous));
        QVERIFY(QFile::setPermissions(dir.path(), QFile::ReadOwner | QFile::ExeOwner | QFile::ReadGroup |
                                                      QFile::ExeGroup | QFile::ReadOther | QFile::ExeOther));
        auto restore = qScopeGuard([&] {
            QFile::setPermissions(dir.path(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        });
        if (::geteuid() != 0) {
            const auto error = writePdfReport(out, input());
            QVERIFY(error);
            QVERIFY2(error->contains(out) && error->contains(QStringLiteral("permission denied")),
                     qPrintable(*error));
        } else {
            // root writes anywhere: run the CLI as an unprivileged user instead.
            const QString setpriv = QStandardPaths::findExecutable(QStringLiteral("setpriv"));
            if (setpriv.isEmpty())
                QSKIP("running as root without setpriv: permissions cannot be exercised");
            const CliRun r =
                runCli(QStringList{QStringLiteral("sweep")} + examplePaths() +
                           QStringList{QStringLiteral("--pred"), QStringLiteral("detector_large"),
                                       QStringLiteral("--report"), out},
                       setpriv,
                       {QStringLiteral("--reuid=65534"), QStringLiteral("--regid=65534"),
                        QStringLiteral("--clear-groups"), QStringLiteral(OPTCONF_CLI)});
            QCOMPARE(r.exitCode, 2);
            QVERIFY2(r.err.contains(out.toUtf8()) && r.err.contains("permission denied"), r.err.constData());
        }
        QCOMPARE(readAll(out), previous);
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden).size(), 1); // no temporary left
    }

    void fullDiskKeepsExistingFiles()
    {
        // A 48 KiB tmpfs in a private mount namespace (needs root or CAP_SYS_ADMIN; skipped otherwise):
        // the reports do not fit, so every write must fail with "no space" and leave the old files.
        const QString unshare = QStandardPaths::findExecutable(QStringLiteral("unshare"));
        if (unshare.isEmpty())
            QSKIP("unshare (util-linux) is not installed");
        const QString script = QStringLiteral(
            "D=$(mktemp -d) && mount -t tmpfs -o size=48k tmpfs \"$D\" || exit 77\n"
            "printf previous > \"$D/r.html\"; printf previous > \"$D/r.pdf\"\n"
            "\"$1\" sweep --example --pred detector_large --report \"$D/r.html\" --report \"$D/r.pdf\" "
            "--chart \"$D/c.png\" > /dev/null\n"
            "code=$?; echo \"dir=$D\"; echo \"html=$(cat \"$D/r.html\")\"; echo \"pdf=$(cat \"$D/r.pdf\")\"; "
            "echo \"files=$(ls -A \"$D\" | tr '\\n' ' ')\"; exit $code\n");
        const CliRun r = runCli({QStringLiteral("-m"), QStringLiteral("sh"), QStringLiteral("-c"), script,
                                 QStringLiteral("sh"), QStringLiteral(OPTCONF_CLI)},
                                unshare);
        if (r.exitCode == 77 || r.err.contains("unshare failed") || r.err.contains("Operation not permitted"))
            QSKIP("no permission to mount a small tmpfs: the full-disk case is not exercised");
        QCOMPARE(r.exitCode, 2);
        const QString out = QString::fromUtf8(r.out);
        const QString dir = QRegularExpression(QStringLiteral("dir=(\\S+)")).match(out).captured(1);
        QVERIFY(!dir.isEmpty());
        for (const char* name : {"r.html", "r.pdf", "c.png"})
            QVERIFY2(r.err.contains((QStringLiteral("cannot write %1/%2: no space left on device")
                                         .arg(dir, QLatin1String(name)))
                                        .toUtf8()),
                     r.err.constData());
        QVERIFY2(out.contains(QStringLiteral("html=previous\n")) &&
                     out.contains(QStringLiteral("pdf=previous\n")),
                 qPrintable(out));
        QVERIFY2(out.contains(QStringLiteral("files=r.html r.pdf \n")), qPrintable(out)); // no temporary left
    }

    void cliRejectsUnknownFormats()
    {
        const CliRun report = runCli({QStringLiteral("sweep"), QStringLiteral("--example"),
                                      QStringLiteral("--report"), path(QStringLiteral("r.docx"))});
        QCOMPARE(report.exitCode, 2);
        QVERIFY(report.err.contains(".html or .pdf"));
        const CliRun page =
            runCli({QStringLiteral("sweep"), QStringLiteral("--example"), QStringLiteral("--report"),
                    path(QStringLiteral("r.pdf")), QStringLiteral("--page-size"), QStringLiteral("a5")});
        QCOMPARE(page.exitCode, 2);
        QVERIFY(page.err.contains("a4 or letter"));
        QVERIFY(!QFile::exists(path(QStringLiteral("r.pdf"))));
    }

    void cliWritesEveryExport()
    {
        const QStringList names = {QStringLiteral("all.html"),   QStringLiteral("all.pdf"),
                                   QStringLiteral("all.png"),    QStringLiteral("all.svg"),
                                   QStringLiteral("all-pr.svg"), QStringLiteral("all-t.json")};
        const CliRun r = runCli({QStringLiteral("sweep"),         QStringLiteral("--example"),
                                 QStringLiteral("--pred"),        QStringLiteral("detector_large"),
                                 QStringLiteral("--report"),      path(names[0]),
                                 QStringLiteral("--report"),      path(names[1]),
                                 QStringLiteral("--page-size"),   QStringLiteral("letter"),
                                 QStringLiteral("--chart"),       path(names[2]),
                                 QStringLiteral("--chart-scale"), QStringLiteral("2"),
                                 QStringLiteral("--chart"),       path(names[3]),
                                 QStringLiteral("--pr-chart"),    path(names[4]),
                                 QStringLiteral("--thresholds"),  path(names[5])});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY(r.out.contains(optimumText().toUtf8())); // the table is still printed
        QCOMPARE(QImage(path(names[2]), "PNG").size(), QSize(1600, 960));
        QVERIFY(readAll(path(names[1])).startsWith("%PDF-"));
        QVERIFY(readAll(path(names[0])).contains(optimumText().toUtf8()));
        QVERIFY(readAll(path(names[4])).contains("Precision against recall"));
    }
};

QTEST_MAIN(TestReports)
#include "tst_reports.moc"
