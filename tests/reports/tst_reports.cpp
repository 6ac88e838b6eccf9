// SPDX-License-Identifier: MIT
// Reports and exports: each test writes a file through core/report or optconf-cli and parses it back.
#include "chart_painter.h"
#include "evaluation.h"
#include "loader.h"
#include "output/thresholds_file.h"
#include "report_json.h"
#include "report_writer.h"

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
        // Byte for byte what the GUI's JSON export writes (reportJson with the same context).
        QCOMPARE(written, QByteArray::fromStdString(reportJson(*m_dataset, *m_result, m_context)));
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
        int images = 0;
        for (auto it = image.globalMatch(html); it.hasNext(); ++images) {
            const QImage decoded =
                QImage::fromData(QByteArray::fromBase64(it.next().captured(1).toLatin1()), "PNG");
            QCOMPARE(decoded.size(), QSize(1600, 960));
        }
        QCOMPARE(images, 2);
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
