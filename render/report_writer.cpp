// SPDX-License-Identifier: MIT
#include "render/report_writer.h"
#include "core/eval/run_warnings.h"
#include "core/output/output_file.h"
#include "core/output/thresholds_file.h"
#include "render/analysis_charts.h"
#include "render/chart_painter.h"
#include "render/class_charts.h"
#include "render/comparison_report.h"
#include "render/deployment_section.h"
#include "render/image_boxes.h"
#include "render/pdf_reproducible.h"
#include "render/report_images.h"
#include "render/table_fit.h"

#include <QAbstractTextDocumentLayout>
#include <QBuffer>
#include <QFileInfo>
#include <QFontMetricsF>
#include <QImage>
#include <QLocale>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QRegularExpression>
#include <QSvgGenerator>
#include <QTextCursor>
#include <QTextDocument>
#include <QTextObjectInterface>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <functional>

namespace optconf {

namespace {

// ---------------------------------------------------------------------------------------------
// Writes go through OutputFile (core/output): atomic for files, through for devices and FIFOs,
// with the same message in every writer.

QString cannotWrite(const QString& path, const QString& cause)
{
    return QString::fromStdString(OutputFile::cannotWrite(path.toStdString(), cause.toStdString()));
}

std::optional<QString> targetProblem(const QString& path)
{
    if (auto problem = OutputFile::problem(path.toStdString()))
        return QString::fromStdString(*problem);
    return std::nullopt;
}

std::optional<QString> writeAtomically(const QString& path, const QByteArray& bytes)
{
    if (auto error = OutputFile::write(path.toStdString(), std::string_view(bytes.constData(), bytes.size())))
        return QString::fromStdString(*error);
    return std::nullopt;
}

// ---------------------------------------------------------------------------------------------
// Text shared by HTML and PDF.

QString esc(const std::string& s)
{
    return QString::fromStdString(s).toHtmlEscaped();
}

QString shortest(double v)
{
    return QString::number(v, 'g', QLocale::FloatingPointShortest);
}

QString fixedOr(const std::optional<double>& v, int decimals = 4)
{
    return v ? formatFixed(*v, decimals) : QStringLiteral("\u2013");
}

QString f1Text(const Metrics& m)
{
    return m.f1Defined ? formatFixed(m.f1) : QStringLiteral("\u2013");
}

QString createdText(const ReportInput& input)
{
    const QDateTime t = input.created.isValid() ? input.created : QDateTime::currentDateTimeUtc();
    return t.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm 'UTC'"));
}

QDateTime createdTime(const ReportInput& input)
{
    return input.created.isValid() ? input.created.toUTC() : QDateTime::currentDateTimeUtc();
}

enum class Target
{
    Browser, ///< full CSS, charts as PNG data: URIs
    QtText   ///< QTextDocument's HTML subset, charts as placeholders replaced by vector objects
};

/// A chart of the report: its logical size and how to paint it.
struct Figure
{
    QString title;
    QSizeF size;
    std::function<void(QPainter&, const QRectF&)> paint;
};

/// Every chart of a report, in order: the two overall charts, then the per-class small multiples.
std::vector<Figure> reportFigures(const EvaluationResult& r, const ReportContext& context)
{
    std::vector<Figure> figures;
    for (const ChartSpec& spec : {confidenceChart(r), precisionRecallChart(r)})
        figures.push_back({spec.title, QSizeF(kChartWidth, kChartHeight),
                           [spec](QPainter& p, const QRectF& rect) { paintChart(p, rect, spec); }});
    auto add = [&](const std::vector<SmallMultiplesSpec>& specs) {
        for (const SmallMultiplesSpec& spec : specs)
            figures.push_back(
                {spec.title, QSizeF(kChartWidth, smallMultiplesHeight(spec)),
                 [spec](QPainter& p, const QRectF& rect) { paintSmallMultiples(p, rect, spec); }});
    };
    add(perClassConfidenceCharts(r));
    add(perClassPrecisionRecallCharts(r));
    if (context.comparison)
        for (const ChartSpec& spec : {comparisonConfidenceChart(*context.comparison),
                                      comparisonPrecisionRecallChart(*context.comparison)})
            figures.push_back({spec.title, QSizeF(kChartWidth, kChartHeight),
                               [spec](QPainter& p, const QRectF& rect) { paintChart(p, rect, spec); }});
    // The error section's figures come last, so the others keep their places.
    if (context.analysis)
        for (AnalysisFigure& f : analysisFigures(*context.analysis, context.analysisThreshold, kChartWidth))
            figures.push_back({f.title, f.size, std::move(f.paint)});
    return figures;
}

QString placeholder(std::size_t figure)
{
    return QStringLiteral("[[optconf-chart:%1]]").arg(figure);
}

QString tableOpen(Target target, const QString& cls)
{
    if (target == Target::QtText)
        return QStringLiteral("<table class=\"%1\" border=\"1\" cellspacing=\"0\" cellpadding=\"3\" "
                              "width=\"100%\" style=\"border-collapse: collapse; border-color: #b8c2cc;\">")
            .arg(cls);
    return QStringLiteral("<table class=\"%1\">").arg(cls);
}

QString th(const QString& text, bool numeric = true)
{
    return numeric ? QStringLiteral("<th class=\"num\" align=\"right\">%1</th>").arg(text)
                   : QStringLiteral("<th align=\"left\">%1</th>").arg(text);
}

QString td(const QString& text, bool numeric = true)
{
    return numeric ? QStringLiteral("<td class=\"num\" align=\"right\">%1</td>").arg(text)
                   : QStringLiteral("<td align=\"left\">%1</td>").arg(text);
}

QString keyValueRow(const QString& key, const QString& value)
{
    return QStringLiteral("<tr><th align=\"left\" class=\"key\">%1</th><td align=\"left\">%2</td></tr>")
        .arg(key, value);
}

QString sectionHeading(Target target, const QString& title, bool pageBreak)
{
    // QTextDocument honours page-break-before on headings; browsers get it from the print CSS.
    if (target == Target::QtText && pageBreak)
        return QStringLiteral("<h2 style=\"page-break-before: always;\">%1</h2>").arg(title);
    return QStringLiteral("<h2>%1</h2>").arg(title);
}

QImage chartImage(const ChartSpec& spec, double scale)
{
    QImage image(QSize(qRound(kChartWidth * scale), qRound(kChartHeight * scale)),
                 QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::white);
    QPainter painter(&image);
    paintChart(painter, QRectF(0, 0, image.width(), image.height()), spec);
    return image;
}

QString chartBlock(Target target, const std::vector<Figure>& figures, std::size_t index)
{
    if (target == Target::QtText)
        return QStringLiteral("<p align=\"center\">%1</p>").arg(placeholder(index));
    const Figure& figure = figures[index];
    constexpr double kScale = 2.0;
    QImage image((figure.size * kScale).toSize(), QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::white);
    {
        QPainter painter(&image);
        figure.paint(painter, QRectF(0, 0, image.width(), image.height()));
    }
    QByteArray png;
    QBuffer buffer(&png);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG");
    return QStringLiteral("<figure><img src=\"data:image/png;base64,%1\" width=\"%2\" height=\"%3\" "
                          "alt=\"%4\"></figure>")
        .arg(QString::fromLatin1(png.toBase64()))
        .arg(qRound(figure.size.width()))
        .arg(qRound(figure.size.height()))
        .arg(figure.title.toHtmlEscaped());
}

/// "Images with the most errors": each image drawn with its boxes at the report's threshold.
QString imagesSection(const ReportInput& input, Target target)
{
    if (input.reportImages <= 0)
        return {};
    const auto images =
        reportImages(input.dataset, input.result, input.reportImages,
                     std::filesystem::path(input.imagesDir.toStdString()), input.simulatedImages);
    const double threshold = reportImageThreshold(input.result);
    QString h = QStringLiteral("<section id=\"images\" class=\"break\">\n") +
                sectionHeading(target, QStringLiteral("Images with the most errors"), true);
    QStringList legend;
    for (const BoxKind kind : {BoxKind::GroundTruth, BoxKind::TruePositive, BoxKind::FalsePositive,
                               BoxKind::Missed, BoxKind::Ignored})
        legend << QStringLiteral("<span style=\"background-color: %1;\">&nbsp;%2&nbsp;</span>")
                      .arg(boxKindColor(kind).name(), boxKindName(kind).toHtmlEscaped());
    h += QStringLiteral("<p class=\"note\">The images with the most false positives plus misses at threshold "
                        "%1, worst first; ground truth dashed. %2</p>\n")
             .arg(formatFixed(threshold), legend.join(QLatin1Char(' ')));
    if (images.empty()) {
        h +=
            QStringLiteral("<p>No image has a false positive or a miss at this threshold.</p>\n</section>\n");
        return h;
    }
    constexpr int kColumns = 3;
    const int shownSide = target == Target::QtText ? 200 : 280;
    h += QStringLiteral("<table class=\"images\" cellpadding=\"4\">\n");
    for (std::size_t i = 0; i < images.size(); ++i) {
        const ReportImage& image = images[i];
        if (i % kColumns == 0)
            h += QStringLiteral("<tr>");
        QByteArray png;
        QBuffer buffer(&png);
        buffer.open(QIODevice::WriteOnly);
        image.picture.save(&buffer, "PNG");
        const QSize shown = image.picture.size().scaled(shownSide, shownSide, Qt::KeepAspectRatio);
        h += QStringLiteral("<td align=\"center\" valign=\"top\"><img src=\"data:image/png;base64,%1\" "
                            "width=\"%2\" height=\"%3\" alt=\"%4\"><br>%4<br>TP %5 · FP %6 · FN %7%8</td>")
                 .arg(QString::fromLatin1(png.toBase64()))
                 .arg(shown.width())
                 .arg(shown.height())
                 .arg(image.name.toHtmlEscaped())
                 .arg(image.counts.tp)
                 .arg(image.counts.fp)
                 .arg(image.counts.fn)
                 .arg(image.found ? QString() : QStringLiteral(" (image not found)"));
        if (i % kColumns == kColumns - 1 || i + 1 == images.size())
            h += QStringLiteral("</tr>\n");
    }
    h += QStringLiteral("</table>\n</section>\n");
    return h;
}

const char* const kBrowserCss = R"(
body { font-family: "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; font-size: 14px; color: #222;
       max-width: 900px; margin: 24px auto; padding: 0 16px; line-height: 1.4; }
h1 { font-size: 24px; margin-bottom: 4px; }
h2 { font-size: 18px; margin-top: 32px; border-bottom: 1px solid #ccd; padding-bottom: 4px; }
p.meta { color: #555; margin-top: 0; }
table { border-collapse: collapse; margin: 8px 0 16px 0; font-size: 13px; }
th, td { border: 1px solid #c8d0d8; padding: 3px 8px; }
th { background: #eef2f6; font-weight: 600; white-space: nowrap; }
td.name { overflow-wrap: anywhere; min-width: 8em; } /* long names wrap in their own column */
th.key { background: #f6f8fa; font-weight: 600; text-align: left; width: 220px; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.num { white-space: nowrap; } /* numbers never wrap */
/* The per-class table has many columns: its headers wrap (its numbers never do) and its cells are
   narrower, so that it fits the page instead of running off its right edge. */
table.classes th.num { white-space: normal; }
table.classes th, table.classes td { padding: 3px 5px; }
tr.highlight td { background: #fff3c4; font-weight: 600; }
.big { font-size: 30px; font-weight: 700; color: #b01e1e; }
p.warning { background: #fdecea; border-left: 4px solid #b01e1e; padding: 6px 10px; }
.exact { color: #555; font-size: 13px; }
figure { margin: 12px 0; }
figure img { max-width: 100%; height: auto; border: 1px solid #dde; }
.note { color: #555; font-size: 12px; }
p.notes { white-space: normal; border-left: 3px solid #ccd; padding-left: 8px; }
code { font-size: 12px; word-break: break-all; }
@media print {
  body { max-width: none; margin: 0; font-size: 11pt; }
  section.break { page-break-before: always; break-before: page; }
  table { page-break-inside: auto; }
  tr { page-break-inside: avoid; }
  thead { display: table-header-group; }
  figure { page-break-inside: avoid; }
}
)";

/// The per-class table's font size in the PDF (kQtCss says the same).
constexpr qreal kClassTablePointSize = 7.5;

const char* const kQtCss = R"(
h1 { font-size: 17pt; color: #222; margin-bottom: 2px; }
h2 { font-size: 13pt; color: #223; margin-top: 14px; margin-bottom: 6px; }
p.meta { color: #555; }
th { background-color: #eef2f6; white-space: nowrap; }
table.classes { font-size: 7.5pt; } /* kClassTablePointSize */
td.name { white-space: nowrap; }
td.num { white-space: nowrap; }
table.classes th.num { white-space: normal; }
th.key { background-color: #f6f8fa; }
tr.highlight td { background-color: #fff3c4; font-weight: bold; }
.big { font-size: 20pt; font-weight: bold; color: #b01e1e; }
p.warning { background-color: #fdecea; color: #7a1010; }
.exact { color: #555; }
.note { color: #555; font-size: 8pt; }
)";

/// The model card's rows of the settings table: how the run was asked for and what it read.
QString modelCardRows(const ReportContext& context)
{
    QString rows;
    if (!context.invocation.empty())
        rows += keyValueRow(context.invokedFromApp ? QStringLiteral("app settings, as a command")
                                                   : QStringLiteral("command line"),
                            QStringLiteral("<code>%1</code>").arg(esc(context.invocation)));
    rows += keyValueRow(QStringLiteral("OptConf version"), QStringLiteral(OPTCONF_VERSION));
    QString inputs;
    if (!context.inputDigests.empty()) {
        for (const InputDigest& d : context.inputDigests) {
            QString line = esc(d.path) + QStringLiteral("<br>");
            if (!d.error.empty())
                line += QStringLiteral("could not be read for its digest: %1").arg(esc(d.error));
            else if (d.folder)
                line += QStringLiteral("folder of %1 files, %2 bytes, SHA-256 of its listing <code>%3</code>")
                            .arg(d.files)
                            .arg(d.bytes)
                            .arg(esc(d.sha256));
            else
                line += QStringLiteral("%1 bytes, SHA-256 <code>%2</code>").arg(d.bytes).arg(esc(d.sha256));
            inputs += (inputs.isEmpty() ? QString() : QStringLiteral("<br>")) + line;
        }
    } else {
        for (const std::string& p : context.inputs)
            inputs += (inputs.isEmpty() ? QString() : QStringLiteral("<br>")) + esc(p);
    }
    if (!inputs.isEmpty())
        rows += keyValueRow(QStringLiteral("inputs"), inputs);
    return rows;
}

/// How the PDF's tables are measured: the fonts and device QTextDocument lays them out with.
struct PdfTableMetrics
{
    QFont cellFont;
    QFont headerFont;
    QPaintDevice* device = nullptr;
    qreal width = 0; ///< the text body's width in device pixels
};

/// The per-class table. In the PDF its columns are sized by TableFit so that numbers never wrap
/// and the table never runs off the page; a browser sizes them itself.
QString classTable(const EvaluationResult& r, Target target, const PdfTableMetrics* pdf)
{
    const Objective& objective = r.sweep.options.objective;
    QStringList headers = {
        QStringLiteral("class"),      QStringLiteral("GT"),           QStringLiteral("predictions"),
        QStringLiteral("threshold"),  QStringLiteral("F1"),           QStringLiteral("precision"),
        QStringLiteral("recall"),     QStringLiteral("TP"),           QStringLiteral("FP"),
        QStringLiteral("FN"),         QStringLiteral("F1 at global"), QStringLiteral("AP@0.5"),
        QStringLiteral("AP@[.5:.95]")};
    // In the PDF the long headers may break (at soft hyphens): the numbers below are narrower, and
    // the room is the class names'.
    if (target == Target::QtText && pdf) {
        headers[2] = QStringLiteral("pre\u00addic\u00adtions");
        headers[3] = QStringLiteral("thresh\u00adold");
        headers[5] = QStringLiteral("pre\u00adci\u00adsion");
    }
    // Under F-beta, the objective each class's optimum was chosen by, before F1.
    if (!objective.isF1())
        headers.insert(4, QString::fromStdString(objective.name()));
    std::vector<QStringList> columns(headers.size());
    for (qsizetype c = 0; c < headers.size(); ++c)
        columns[c] << headers[c];
    const QString none = QStringLiteral("\u2013");
    for (const ClassCurve& c : r.sweep.classes) {
        QStringList cells{QString::fromStdString(c.name), QString::number(c.groundTruth),
                          QString::number(c.predictions)};
        if (c.curve.optimum) {
            const Metrics& m = *c.curve.optimum;
            cells << formatFixed(m.threshold);
            if (!objective.isF1())
                cells << (m.f1Defined ? formatFixed(m.objective) : none);
            cells << f1Text(m) << fixedOr(m.precision) << fixedOr(m.recall) << QString::number(m.counts.tp)
                  << QString::number(m.counts.fp) << QString::number(m.counts.fn);
        } else {
            for (int i = 0; i < (objective.isF1() ? 7 : 8); ++i)
                cells << none;
        }
        cells << (c.atGlobalOptimum ? f1Text(*c.atGlobalOptimum) : none);
        cells << (c.label < r.ap.perLabelAp50.size() ? fixedOr(r.ap.perLabelAp50[c.label]) : none);
        cells << (c.label < r.ap.perLabelAp50_95.size() ? fixedOr(r.ap.perLabelAp50_95[c.label]) : none);
        for (qsizetype i = 0; i < cells.size(); ++i)
            columns[i] << cells[i];
    }
    std::optional<TableFit> fit;
    if (target == Target::QtText && pdf)
        fit.emplace(columns, pdf->cellFont, pdf->headerFont, pdf->device, pdf->width);

    QString h =
        fit ? QStringLiteral("<table class=\"classes\" border=\"1\" cellspacing=\"0\" cellpadding=\"%1\" "
                             "width=\"100%\" style=\"border-collapse: collapse; border-color: #b8c2cc;\">")
                  .arg(TableFit::kCellPadding)
            : tableOpen(target, QStringLiteral("classes"));
    h += QStringLiteral("<thead><tr>");
    for (qsizetype c = 0; c < headers.size(); ++c) {
        const bool numeric = c > 0;
        if (!fit) {
            h += th(headers[c], numeric);
            continue;
        }
        // As a share of the body: QTextDocument scales pixel lengths by the device's DPI over its
        // default DPI (72 offscreen), percentages it takes as they are.
        h +=
            QStringLiteral("<th class=\"%1\" align=\"%2\" width=\"%3%\">%4</th>")
                .arg(numeric ? QStringLiteral("num") : QStringLiteral("name"),
                     numeric ? QStringLiteral("right") : QStringLiteral("left"))
                .arg(QString::number(100 * (fit->widths()[c] + TableFit::kCellOverhead) / pdf->width, 'f', 2))
                .arg(headers[c]);
    }
    h += QStringLiteral("</tr></thead>\n<tbody>\n");
    for (qsizetype row = 1; row < columns.front().size(); ++row) {
        const QString& name = columns.front()[row];
        QStringList lines = fit ? fit->nameLines(name) : QStringList{name};
        for (QString& line : lines)
            line = line.toHtmlEscaped();
        h += QStringLiteral("<tr><td class=\"name\" align=\"left\">%1</td>")
                 .arg(lines.join(QStringLiteral("<br>")));
        for (std::size_t c = 1; c < columns.size(); ++c)
            h += td(columns[c][row]);
        h += QStringLiteral("</tr>\n");
    }
    h += QStringLiteral("</tbody></table>\n");
    return h;
}

/// The section a report written at the user's selected threshold opens with: that threshold, its
/// figures over all classes and each class's counts there.
QString selectedPointSection(const EvaluationResult& r, const SelectedPoint& sel, Target target)
{
    const Objective& objective = r.sweep.options.objective;
    const QString name = QString::fromStdString(objective.name());
    const QString none = QStringLiteral("\u2013");
    QString h =
        QStringLiteral("<section>\n") +
        sectionHeading(
            target, QStringLiteral("Operating point: selected threshold %1").arg(formatFixed(sel.threshold)),
            false);
    h += QStringLiteral("<p>This report is written at the threshold selected in OptConf, <span "
                        "class=\"big\">%1</span> <span class=\"exact\">(exact value %2; keep a detection "
                        "iff its confidence \u2265 this threshold)</span>, not at the optimum%3.</p>\n")
             .arg(formatFixed(sel.threshold), shortest(sel.threshold),
                  r.sweep.total.optimum
                      ? QStringLiteral(" (%1, below)").arg(formatFixed(r.sweep.total.optimum->threshold))
                      : QString());
    auto header = [&](const QString& first) -> QString {
        QString t = QStringLiteral("<thead><tr>") + th(first, false) + th(QStringLiteral("GT")) +
                    th(QStringLiteral("TP")) + th(QStringLiteral("FP")) + th(QStringLiteral("FN")) +
                    th(QStringLiteral("precision")) + th(QStringLiteral("recall")) + th(QStringLiteral("F1"));
        if (!objective.isF1())
            t += th(name);
        return t + QStringLiteral("</tr></thead>\n<tbody>\n");
    };
    auto row = [&](const QString& label, std::int64_t groundTruth,
                   const std::optional<Metrics>& m) -> QString {
        QString t = QStringLiteral("<tr>") + td(label, false) + td(QString::number(groundTruth));
        if (!m) {
            for (int i = 0; i < (objective.isF1() ? 6 : 7); ++i)
                t += td(none);
            return t + QStringLiteral("</tr>\n");
        }
        t += td(QString::number(m->counts.tp)) + td(QString::number(m->counts.fp)) +
             td(QString::number(m->counts.fn)) + td(fixedOr(m->precision)) + td(fixedOr(m->recall)) +
             td(f1Text(*m));
        if (!objective.isF1())
            t += td(m->f1Defined ? formatFixed(m->objective) : none);
        return t + QStringLiteral("</tr>\n");
    };
    h += tableOpen(target, QStringLiteral("summary")) + header(QString());
    h += row(QStringLiteral("all classes"), sel.total.counts.tp + sel.total.counts.fn, sel.total);
    h += QStringLiteral("</tbody></table>\n");
    h += QStringLiteral("<p>Each class at %1:</p>\n").arg(formatFixed(sel.threshold));
    h += tableOpen(target, QStringLiteral("selected-classes")) + header(QStringLiteral("class"));
    for (std::size_t i = 0; i < r.sweep.classes.size(); ++i) {
        const ClassCurve& c = r.sweep.classes[i];
        h += row(esc(c.name), c.groundTruth, i < sel.classes.size() ? sel.classes[i] : std::nullopt);
    }
    h += QStringLiteral("</tbody></table>\n</section>\n");
    return h;
}

/// The report body; `target` picks the HTML dialect.
QString reportHtml(const ReportInput& input, Target target, const PdfTableMetrics* pdfTable = nullptr)
{
    const Dataset& d = input.dataset;
    const EvaluationResult& r = input.result;
    const SweepResult& s = r.sweep;
    const SweepOptions& so = s.options;
    const MatchOptions& mo = r.request.match;
    const QString objective = QString::fromStdString(so.objective.name());
    const LabelField* gt = d.field(r.request.groundTruthField);
    const LabelField* pred = d.field(r.request.predictionField);
    const QString title = esc(reportTitle(input.context, r.request));
    const QString made =
        QStringLiteral("Made %1 with OptConf %2.").arg(createdText(input), QStringLiteral(OPTCONF_VERSION));
    const QString about =
        QStringLiteral("OptConf report: predictions <b>%1</b> against ground truth <b>%2</b>. %3")
            .arg(esc(r.request.predictionField), esc(r.request.groundTruthField), made);

    QString h;
    h += QStringLiteral("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                        "<meta name=\"generator\" content=\"OptConf %1\">\n<title>%2</title>\n")
             .arg(QStringLiteral(OPTCONF_VERSION), title);
    if (target == Target::Browser)
        h += QStringLiteral("<style>") + QString::fromLatin1(kBrowserCss) + QStringLiteral("</style>\n");
    h += QStringLiteral("</head>\n<body>\n");
    h += QStringLiteral("<h1>%1</h1>\n<p class=\"meta\">%2</p>\n").arg(title, about);
    if (!input.context.notes.empty())
        h += QStringLiteral("<p class=\"notes\">%1</p>\n")
                 .arg(esc(input.context.notes).replace(u'\n', QStringLiteral("<br>")));

    if (input.context.comparison) {
        // Its two charts come just before the error section's (reportFigures()).
        const std::vector<Figure> all = reportFigures(r, input.context);
        const std::size_t first = all.size() - (input.context.analysis ? kAnalysisFigureCount : 0) - 2;
        h += comparisonSectionHtml(*input.context.comparison, target == Target::QtText,
                                   [&](std::size_t i) { return chartBlock(target, all, first + i); });
    }
    if (input.context.selected)
        h += selectedPointSection(r, *input.context.selected, target);

    // --- Recommended threshold
    const std::vector<std::string> warnings = degenerateRunWarnings(r);
    h += QStringLiteral("<section>\n") + sectionHeading(target,
                                                        warnings.empty()
                                                            ? QStringLiteral("Recommended threshold")
                                                            : QStringLiteral("No threshold to recommend"),
                                                        false);
    for (const std::string& w : warnings)
        h += QStringLiteral("<p class=\"warning\"><b>Warning:</b> %1.</p>\n").arg(esc(w));
    if (s.total.optimum) {
        const Metrics& o = *s.total.optimum;
        if (warnings.empty())
            h +=
                QStringLiteral("<p><span class=\"big\">%1</span> <span class=\"exact\">(exact value %2; keep "
                               "a detection iff its confidence \u2265 this threshold)</span></p>\n")
                    .arg(formatFixed(o.threshold), shortest(o.threshold));
        h += tableOpen(target, QStringLiteral("summary"));
        h += QStringLiteral("<thead><tr>") + th(QString(), false) + th(QStringLiteral("threshold")) +
             th(objective);
        if (!so.objective.isF1())
            h += th(QStringLiteral("F1"));
        h += th(QStringLiteral("precision")) + th(QStringLiteral("recall")) + th(QStringLiteral("TP")) +
             th(QStringLiteral("FP")) + th(QStringLiteral("FN")) + QStringLiteral("</tr></thead>\n<tbody>\n");
        auto row = [&](const QString& name, const Metrics& m) {
            h += QStringLiteral("<tr>") + td(name, false) + td(formatFixed(m.threshold)) +
                 td(so.objective.isF1() ? f1Text(m) : formatFixed(m.objective));
            if (!so.objective.isF1())
                h += td(f1Text(m));
            h += td(fixedOr(m.precision)) + td(fixedOr(m.recall)) + td(QString::number(m.counts.tp)) +
                 td(QString::number(m.counts.fp)) + td(QString::number(m.counts.fn)) +
                 QStringLiteral("</tr>\n");
        };
        row(warnings.empty()        ? QStringLiteral("exact optimum")
            : so.objective.isCost() ? QStringLiteral("minimum of the objective")
                                    : QStringLiteral("maximum of the objective"),
            o);
        if (s.total.best)
            row(QStringLiteral("best on the grid"), *s.total.best);
        if (s.operatingPoints.maxRecallAtPrecision)
            row(QStringLiteral("max recall with precision \u2265 %1").arg(formatFixed(*so.minPrecision, 2)),
                *s.operatingPoints.maxRecallAtPrecision);
        if (s.operatingPoints.maxPrecisionAtRecall)
            row(QStringLiteral("max precision with recall \u2265 %1").arg(formatFixed(*so.minRecall, 2)),
                *s.operatingPoints.maxPrecisionAtRecall);
        h += QStringLiteral("</tbody></table>\n");
    } else {
        h += QStringLiteral("<p><b>No optimum:</b> no threshold in [%1, %2] has a defined %3.</p>\n")
                 .arg(formatFixed(so.lower), formatFixed(so.upper), objective);
    }
    // Whose AP: pycocotools' accumulate() under coco, FiftyOne's PR curves under fiftyone.
    const QString apMethod = r.request.match.protocol == Protocol::Coco
                                 ? QStringLiteral("pycocotools")
                                 : QStringLiteral("FiftyOne COCO-style");
    h += QStringLiteral("<p>AP@0.5 <b>%1</b> &nbsp; AP@[.5:.95] <b>%2</b> <span class=\"note\">(%3 "
                        "101-point interpolation, at threshold 0)</span></p>\n")
             .arg(fixedOr(r.ap.ap50), fixedOr(r.ap.ap50_95), apMethod);
    if (so.minPrecision && !s.operatingPoints.maxRecallAtPrecision)
        h += QStringLiteral("<p class=\"note\">No threshold reaches precision \u2265 %1.</p>\n")
                 .arg(formatFixed(*so.minPrecision, 2));
    if (so.minRecall && !s.operatingPoints.maxPrecisionAtRecall)
        h += QStringLiteral("<p class=\"note\">No threshold reaches recall \u2265 %1.</p>\n")
                 .arg(formatFixed(*so.minRecall, 2));
    h += QStringLiteral("</section>\n");

    // --- Dataset and settings
    h +=
        QStringLiteral("<section>\n") + sectionHeading(target, QStringLiteral("Dataset and settings"), false);
    h += tableOpen(target, QStringLiteral("keyvalue"));
    h += keyValueRow(QStringLiteral("dataset"), esc(input.context.datasetName));
    h += modelCardRows(input.context);
    h += keyValueRow(QStringLiteral("images"), QString::number(d.samples.size()));
    h += keyValueRow(QStringLiteral("ground-truth field"),
                     QStringLiteral("%1 (%2 objects; %3 counted, %4 ignored)")
                         .arg(esc(r.request.groundTruthField))
                         .arg(gt ? gt->objectCount() : 0)
                         .arg(r.match.groundTruth.size())
                         .arg(r.match.ignoredGroundTruth));
    h += keyValueRow(QStringLiteral("prediction field"),
                     QStringLiteral("%1 (%2 objects; %3 matched, %4 without confidence, %5 dropped)")
                         .arg(esc(r.request.predictionField))
                         .arg(pred ? pred->objectCount() : 0)
                         .arg(r.match.predictions.size())
                         .arg(r.match.unscoredPredictions)
                         .arg(r.match.droppedPredictions));
    h += keyValueRow(QStringLiteral("threshold bounds"),
                     QStringLiteral("%1 to %2, %3 grid steps (numpy linspace)")
                         .arg(shortest(so.lower), shortest(so.upper))
                         .arg(so.steps));
    h += keyValueRow(QStringLiteral("IoU threshold"), shortest(mo.iouThreshold));
    h += keyValueRow(QStringLiteral("protocol"),
                     mo.protocol == Protocol::Coco
                         ? QStringLiteral("coco (pycocotools counting)")
                         : QStringLiteral("fiftyone (COCO-style evaluate_detections)"));
    h += keyValueRow(
        QStringLiteral("matching"),
        QStringLiteral("%1%2%3").arg(
            mo.classwise ? QStringLiteral("classwise") : QStringLiteral("class-agnostic"),
            mo.maxDetections
                ? QStringLiteral(", at most %1 predictions per image and class").arg(*mo.maxDetections)
                : QString(),
            mo.countDifficult ? QStringLiteral(", difficult objects counted") : QString()));
    h += keyValueRow(QStringLiteral("images without kept predictions"),
                     so.pluginParity ? QStringLiteral("not counted (FiftyOne plugin parity)")
                                     : QStringLiteral("their ground truth counts as missed"));
    h += keyValueRow(QStringLiteral("objective"), QString::fromStdString(so.objective.describe()));
    h += QStringLiteral("</table>\n</section>\n");

    // --- Charts
    h += QStringLiteral("<section class=\"break\">\n") +
         sectionHeading(target, QStringLiteral("Charts"), true);
    const std::vector<Figure> figures = reportFigures(r, input.context);
    h += chartBlock(target, figures, 0);
    h += chartBlock(target, figures, 1);
    h += QStringLiteral("</section>\n");

    // --- Per class
    h += QStringLiteral("<section class=\"break\">\n") +
         sectionHeading(target, QStringLiteral("Per class"), true);
    h += QStringLiteral(
             "<p>Each class's own exact optimum, and its %1 at the global threshold%2 (what deploying "
             "one threshold gives it).</p>\n")
             .arg(QStringLiteral("F1"),
                  s.total.optimum ? QStringLiteral(" %1").arg(formatFixed(s.total.optimum->threshold))
                                  : QString());
    h += classTable(r, target, pdfTable);
    if (const auto deployed = deployableThresholds(r)) {
        QStringList global;
        for (const DeployedThreshold& t : deployed->classes)
            if (!t.fromClass)
                global << esc(t.label);
        h +=
            QStringLiteral(
                "<p class=\"note\">Deployable thresholds file: each class uses its own optimum when "
                "it has at least %1 ground-truth objects and a true positive there, else the "
                "global threshold%2.</p>\n")
                .arg(kMinGroundTruthForClassThreshold)
                .arg(global.isEmpty() ? QString()
                                      : QStringLiteral(" (here: %1)").arg(global.join(QStringLiteral(", "))));
    }
    h += QStringLiteral("</section>\n");
    if (input.context.deployment)
        h += deploymentSectionHtml(*input.context.deployment, target == Target::QtText);

    // --- Per-class curves
    h += QStringLiteral("<section class=\"break\">\n") +
         sectionHeading(target, QStringLiteral("Per-class curves"), true);
    const std::size_t analysisFigureCount = input.context.analysis ? kAnalysisFigureCount : 0;
    const std::size_t comparisonFigureCount = input.context.comparison ? 2 : 0;
    for (std::size_t i = 2; i + analysisFigureCount + comparisonFigureCount < figures.size(); ++i)
        h += chartBlock(target, figures, i);
    h += QStringLiteral("</section>\n");

    h += imagesSection(input, target);
    // --- Errors at the threshold
    if (input.context.analysis) {
        const std::size_t first = figures.size() - analysisFigureCount;
        h += QStringLiteral("<section class=\"break\">\n") +
             sectionHeading(target, QStringLiteral("Errors at the threshold"), true);
        h += analysisSectionHtml(*input.context.analysis, input.context.analysisThreshold,
                                 target == Target::QtText,
                                 [&](std::size_t i) { return chartBlock(target, figures, first + i); });
        h += QStringLiteral("</section>\n");
    }

    // --- Grid
    h += QStringLiteral("<section class=\"break\">\n") +
         sectionHeading(target, QStringLiteral("Threshold grid"), true);
    const auto& grid = s.total.grid;
    constexpr std::size_t kMaxGridRows = 1001;
    const std::size_t stride =
        grid.size() > kMaxGridRows ? (grid.size() + kMaxGridRows - 1) / kMaxGridRows : 1;
    if (stride > 1)
        h +=
            QStringLiteral("<p class=\"note\">The grid has %1 rows; this table shows every %2th row (and the "
                           "last). The CSV export has them all.</p>\n")
                .arg(grid.size())
                .arg(stride);
    h += QStringLiteral(
        "<p class=\"note\">The highlighted row is the best grid point; the exact optimum above "
        "may lie between grid points.</p>\n");
    h += tableOpen(target, QStringLiteral("grid"));
    h += QStringLiteral("<thead><tr>") + th(QStringLiteral("threshold")) + th(QStringLiteral("TP")) +
         th(QStringLiteral("FP")) + th(QStringLiteral("FN")) + th(QStringLiteral("precision")) +
         th(QStringLiteral("recall")) + th(QStringLiteral("F1"));
    if (!so.objective.isF1())
        h += th(objective);
    h += QStringLiteral("</tr></thead>\n<tbody>\n");
    for (std::size_t i = 0; i < grid.size(); ++i) {
        if (i % stride != 0 && i + 1 != grid.size())
            continue;
        const Metrics& m = grid[i];
        const bool best = s.total.best && s.total.best->threshold == m.threshold;
        h += best ? QStringLiteral("<tr class=\"highlight\">") : QStringLiteral("<tr>");
        h += td(formatFixed(m.threshold)) + td(QString::number(m.counts.tp)) +
             td(QString::number(m.counts.fp)) + td(QString::number(m.counts.fn)) + td(fixedOr(m.precision)) +
             td(fixedOr(m.recall)) + td(f1Text(m));
        if (!so.objective.isF1())
            h += td(formatFixed(m.objective));
        h += QStringLiteral("</tr>\n");
    }
    h += QStringLiteral("</tbody></table>\n</section>\n");
    h += QStringLiteral("<p class=\"note\">%1 Figures follow OptConf's semantics: a prediction is kept at "
                        "threshold t iff confidence \u2265 t; undefined ratios are shown as \u2013.</p>\n")
             .arg(made);
    h += QStringLiteral("</body>\n</html>\n");
    return h;
}

// ---------------------------------------------------------------------------------------------
// PDF: QTextDocument laid out in 96-dpi units on pages of the chosen size, charts as vector objects.

constexpr int kChartObjectType = QTextFormat::UserObject + 1;
constexpr int kChartKindProperty = QTextFormat::UserProperty + 1;

class ChartTextObject : public QObject, public QTextObjectInterface
{
    Q_OBJECT
    Q_INTERFACES(QTextObjectInterface)
public:
    ChartTextObject(std::vector<Figure> figures, qreal width)
        : m_figures(std::move(figures))
        , m_width(width)
    {}
    QSizeF intrinsicSize(QTextDocument*, int, const QTextFormat& format) override
    {
        const QSizeF size = figure(format).size;
        return QSizeF(m_width, m_width * size.height() / size.width());
    }
    void drawObject(QPainter* painter, const QRectF& rect, QTextDocument*, int,
                    const QTextFormat& format) override
    {
        figure(format).paint(*painter, rect);
    }
    std::size_t count() const { return m_figures.size(); }

private:
    const Figure& figure(const QTextFormat& format) const
    {
        const auto index = std::size_t(std::max(0, format.intProperty(kChartKindProperty)));
        return m_figures[std::min(index, m_figures.size() - 1)];
    }
    std::vector<Figure> m_figures;
    qreal m_width;
};

void replacePlaceholder(QTextDocument& doc, std::size_t index)
{
    QTextCursor cursor = doc.find(placeholder(index));
    if (cursor.isNull())
        return;
    QTextCharFormat format;
    format.setObjectType(kChartObjectType);
    format.setProperty(kChartKindProperty, int(index));
    cursor.insertText(QString(QChar::ObjectReplacementCharacter), format);
}

ChartSpec chartSpec(const EvaluationResult& r, ChartKind kind)
{
    return kind == ChartKind::Confidence ? confidenceChart(r) : precisionRecallChart(r);
}

} // namespace

QByteArray withFontFallbacks(const QByteArray& svg)
{
    static const QRegularExpression family(QStringLiteral("font-family=\"([^\"]*)\""));
    QString text = QString::fromUtf8(svg);
    QString out;
    qsizetype last = 0;
    for (auto it = family.globalMatch(text); it.hasNext();) {
        const auto m = it.next();
        QStringList list;
        const QString named = m.captured(1);
        if (!named.isEmpty() && named != QLatin1String("Sans Serif") && named != QLatin1String("DejaVu Sans"))
            list << QStringLiteral("'%1'").arg(named);
        list << QStringLiteral("'DejaVu Sans'") << QStringLiteral("Verdana") << QStringLiteral("Arial")
             << QStringLiteral("Helvetica") << QStringLiteral("sans-serif");
        out += QStringView(text).mid(last, m.capturedStart() - last);
        out += QStringLiteral("font-family=\"%1\"").arg(list.join(QStringLiteral(", ")));
        last = m.capturedEnd();
    }
    out += QStringView(text).mid(last);
    return out.toUtf8();
}

std::optional<QString> writeTextFile(const QString& path, const QByteArray& bytes)
{
    return writeAtomically(path, bytes);
}

QByteArray htmlReport(const ReportInput& input)
{
    return reportHtml(input, Target::Browser).toUtf8();
}

std::optional<QString> writeHtmlReport(const QString& path, const ReportInput& input)
{
    if (auto problem = targetProblem(path))
        return problem;
    return writeTextFile(path, htmlReport(input));
}

std::optional<QString> writePdfReport(const QString& path, const ReportInput& input, PageSize pageSize,
                                      PdfInfo* info)
{
    if (auto problem = targetProblem(path))
        return problem;
    // Rendered in memory, then written atomically with every byte checked.
    QByteArray bytes;
    QBuffer file(&bytes);
    file.open(QIODevice::WriteOnly);

    // Layout in 96-dpi units (a QImage with a fixed resolution as layout device keeps it
    // independent of the screen), drawn scaled to the writer's resolution.
    constexpr qreal kLayoutDpi = 96;
    QImage layoutDevice(1, 1, QImage::Format_ARGB32_Premultiplied);
    layoutDevice.setDotsPerMeterX(qRound(kLayoutDpi / 0.0254));
    layoutDevice.setDotsPerMeterY(qRound(kLayoutDpi / 0.0254));

    const QPageSize qPageSize(pageSize == PageSize::Letter ? QPageSize::Letter : QPageSize::A4);
    const QSizeF pageInch = qPageSize.size(QPageSize::Inch);
    const QSizeF page(pageInch.width() * kLayoutDpi, pageInch.height() * kLayoutDpi);
    const qreal margin = 18 / 25.4 * kLayoutDpi; // 18 mm
    const qreal footer = 10 / 25.4 * kLayoutDpi; // footer band inside the bottom margin
    const QSizeF body(page.width() - 2 * margin, page.height() - 2 * margin);

    QTextDocument doc;
    doc.documentLayout()->setPaintDevice(&layoutDevice);
    QFont font(QStringLiteral("DejaVu Sans"));
    font.setStyleHint(QFont::SansSerif);
    font.setPointSizeF(8.5);
    font.setHintingPreference(QFont::PreferNoHinting);
    // No ligatures: "fi" must stay two letters in the PDF's text (search, copy, pdftotext).
    font.setStyleStrategy(QFont::PreferNoShaping);
    doc.setDefaultFont(font);
    doc.setDocumentMargin(0);
    doc.setDefaultStyleSheet(QString::fromLatin1(kQtCss));
    ChartTextObject charts(reportFigures(input.result, input.context), body.width());
    doc.documentLayout()->registerHandler(kChartObjectType, &charts);
    PdfTableMetrics tableMetrics;
    tableMetrics.cellFont = font;
    tableMetrics.cellFont.setPointSizeF(kClassTablePointSize);
    tableMetrics.headerFont = tableMetrics.cellFont;
    tableMetrics.headerFont.setBold(true);
    tableMetrics.device = &layoutDevice;
    tableMetrics.width = body.width();
    doc.setHtml(reportHtml(input, Target::QtText, &tableMetrics));
    for (std::size_t i = 0; i < charts.count(); ++i)
        replacePlaceholder(doc, i);
    doc.setPageSize(body);
    const int pages = doc.pageCount();

    const DeterministicHashOrder sameFontOrder;
    QPdfWriter writer(&file);
    writer.setPageSize(qPageSize);
    writer.setPageMargins(QMarginsF(0, 0, 0, 0));
    writer.setResolution(300);
    writer.setTitle(QString::fromStdString(reportTitle(input.context, input.result.request)));
    writer.setCreator(QStringLiteral("OptConf " OPTCONF_VERSION));
    QPainter painter;
    if (!painter.begin(&writer))
        return cannotWrite(path, QStringLiteral("the PDF writer could not start"));
    const qreal scale = writer.resolution() / kLayoutDpi;
    // Drawn straight onto the writer: sized in layout pixels (7.5 pt at 96 dpi), scaled with the painter.
    QFont footerFont = font;
    footerFont.setPixelSize(10);
    const QFontMetricsF footerMetrics(footerFont, &layoutDevice);
    const QString footerLeft =
        QStringLiteral("%1 \u2013 OptConf %2 \u2013 %3 against %4 \u2013 %5")
            .arg(QString::fromStdString(reportTitle(input.context, input.result.request)),
                 QStringLiteral(OPTCONF_VERSION),
                 QString::fromStdString(input.result.request.predictionField),
                 QString::fromStdString(input.result.request.groundTruthField), createdText(input));
    for (int i = 0; i < pages; ++i) {
        if (i > 0 && !writer.newPage()) {
            painter.end();
            return cannotWrite(path, QStringLiteral("the PDF writer could not add page %1").arg(i + 1));
        }
        painter.save();
        painter.scale(scale, scale);
        painter.save();
        painter.translate(margin, margin - i * body.height());
        QAbstractTextDocumentLayout::PaintContext context;
        context.clip = QRectF(0, i * body.height(), body.width(), body.height());
        painter.setClipRect(context.clip);
        doc.documentLayout()->draw(&painter, context);
        painter.restore();
        // Footer in the bottom margin.
        painter.setFont(footerFont);
        painter.setPen(QColor(0x66, 0x66, 0x66));
        const QRectF footerRect(margin, page.height() - margin + footer / 2, body.width(), footer);
        painter.drawLine(QPointF(margin, footerRect.top() - 4),
                         QPointF(margin + body.width(), footerRect.top() - 4));
        const QString pageText = QStringLiteral("page %1 of %2").arg(i + 1).arg(pages);
        const qreal pageTextWidth = footerMetrics.horizontalAdvance(pageText) + 4;
        painter.drawText(footerRect, Qt::AlignRight | Qt::AlignTop, pageText);
        painter.drawText(
            QRectF(footerRect.left(), footerRect.top(), footerRect.width() - pageTextWidth - 16,
                   footerRect.height()),
            Qt::AlignLeft | Qt::AlignTop,
            footerMetrics.elidedText(footerLeft, Qt::ElideMiddle, footerRect.width() - pageTextWidth - 24));
        painter.restore();
    }
    painter.end();
    file.close();
    // The date the report states, not the writer's clock: with SOURCE_DATE_EPOCH set, two runs give
    // the same bytes.
    stampCreationDate(bytes, createdTime(input));
    if (auto error = writeAtomically(path, bytes))
        return error;
    if (info)
        info->pages = pages;
    return std::nullopt;
}

std::optional<QString> writeChartPng(const QString& path, const ReportInput& input, ChartKind kind,
                                     double scale)
{
    if (!(scale > 0 && scale <= 8))
        return cannotWrite(path, QStringLiteral("the scale must be in (0, 8], not %1").arg(scale));
    if (auto problem = targetProblem(path))
        return problem;
    const QImage image = chartImage(chartSpec(input.result, kind), scale);
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    if (!image.save(&buffer, "PNG"))
        return cannotWrite(path, QStringLiteral("PNG encoding failed"));
    return writeAtomically(path, bytes);
}

std::optional<QString> writeChartSvg(const QString& path, const ReportInput& input, ChartKind kind)
{
    if (auto problem = targetProblem(path))
        return problem;
    QByteArray bytes;
    QBuffer file(&bytes);
    file.open(QIODevice::WriteOnly);
    const ChartSpec spec = chartSpec(input.result, kind);
    QSvgGenerator generator;
    generator.setOutputDevice(&file);
    generator.setSize(QSize(qRound(kChartWidth), qRound(kChartHeight)));
    generator.setViewBox(QRectF(0, 0, kChartWidth, kChartHeight));
    generator.setResolution(96);
    generator.setTitle(spec.title);
    generator.setDescription(QStringLiteral("Made with OptConf %1").arg(QStringLiteral(OPTCONF_VERSION)));
    QPainter painter;
    if (!painter.begin(&generator))
        return cannotWrite(path, QStringLiteral("the SVG generator could not start"));
    paintChart(painter, QRectF(0, 0, kChartWidth, kChartHeight), spec);
    painter.end();
    file.close();
    return writeAtomically(path, withFontFallbacks(bytes));
}

std::optional<QString> writeThresholdsFile(const QString& path, const ReportInput& input)
{
    if (auto problem = targetProblem(path))
        return problem;
    const std::string text = thresholdsJson(input.dataset, input.result, input.context,
                                            createdTime(input).toString(Qt::ISODate).toStdString());
    if (text.empty())
        return cannotWrite(path,
                           QStringLiteral("the run has no optimum threshold, so there is nothing to deploy"));
    return writeTextFile(path, QByteArray::fromStdString(text));
}

} // namespace optconf

#include "report_writer.moc"
