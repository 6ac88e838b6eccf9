// SPDX-License-Identifier: MIT
#include "ui/export/export_actions.h"
#include "core/output/output_file.h"

#include "core/eval/class_summary.h"
#include "core/output/input_digest.h"
#include "core/output/invocation.h"
#include "core/output/report_json.h"
#include "ui/export/operating_point_choice.h"
#include "ui/export/report_details_dialog.h"

#include <QAction>
#include <QBuffer>
#include <QChartView>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QImage>
#include <QLocale>
#include <QMenu>
#include <QPainter>
#include <QSvgGenerator>
#include <QWidget>
#include <QtConcurrent>

namespace optconf {

namespace {

struct KindInfo
{
    ExportKind kind;
    const char* menuText;
    const char* suffix;
    const char* filter;
    const char* fileStem;
};

const KindInfo kKinds[] = {
    {ExportKind::HtmlReport, QT_TRANSLATE_NOOP("ExportActions", "Report (&HTML)…"), "html",
     QT_TRANSLATE_NOOP("ExportActions", "HTML report (*.html)"), "report"},
    {ExportKind::PdfReport, QT_TRANSLATE_NOOP("ExportActions", "Report (&PDF)…"), "pdf",
     QT_TRANSLATE_NOOP("ExportActions", "PDF report (*.pdf)"), "report"},
    {ExportKind::ChartPng, QT_TRANSLATE_NOOP("ExportActions", "Chart P&NG (the chart shown)…"), "png",
     QT_TRANSLATE_NOOP("ExportActions", "PNG image (*.png)"), "chart"},
    {ExportKind::ChartPng2x, QT_TRANSLATE_NOOP("ExportActions", "Chart PNG @&2x (the chart shown)…"), "png",
     QT_TRANSLATE_NOOP("ExportActions", "PNG image (*.png)"), "chart@2x"},
    {ExportKind::ChartSvg, QT_TRANSLATE_NOOP("ExportActions", "Chart &SVG (the chart shown)…"), "svg",
     QT_TRANSLATE_NOOP("ExportActions", "SVG image (*.svg)"), "chart"},
    {ExportKind::GridCsv, QT_TRANSLATE_NOOP("ExportActions", "&Grid CSV…"), "csv",
     QT_TRANSLATE_NOOP("ExportActions", "CSV (*.csv)"), "grid"},
    {ExportKind::CurveCsv, QT_TRANSLATE_NOOP("ExportActions", "E&xact curve CSV…"), "csv",
     QT_TRANSLATE_NOOP("ExportActions", "CSV (*.csv)"), "curve"},
    {ExportKind::ClassesCsv, QT_TRANSLATE_NOOP("ExportActions", "Per-&class CSV…"), "csv",
     QT_TRANSLATE_NOOP("ExportActions", "CSV (*.csv)"), "classes"},
    {ExportKind::JsonReport, QT_TRANSLATE_NOOP("ExportActions", "&JSON report…"), "json",
     QT_TRANSLATE_NOOP("ExportActions", "JSON (*.json)"), "report"},
    {ExportKind::Thresholds, QT_TRANSLATE_NOOP("ExportActions", "&Deployable thresholds…"), "json",
     QT_TRANSLATE_NOOP("ExportActions", "OptConf thresholds (*.json)"), "thresholds"},
};

const KindInfo& info(ExportKind kind)
{
    for (const KindInfo& k : kKinds)
        if (k.kind == kind)
            return k;
    return kKinds[0];
}

bool isChart(ExportKind kind)
{
    return kind == ExportKind::ChartPng || kind == ExportKind::ChartPng2x || kind == ExportKind::ChartSvg;
}

/// The chart on screen as PNG (scaled by `scale`, drawn as vectors, not upscaled pixels) or SVG.
std::optional<QString> exportChartView(QChartView* view, ExportKind kind, const QString& path)
{
    const QSize size = view->size();
    if (size.isEmpty())
        return QStringLiteral("cannot write %1: the chart is not shown (it has no size)").arg(path);
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    if (kind == ExportKind::ChartSvg) {
        QSvgGenerator generator;
        generator.setOutputDevice(&buffer);
        generator.setSize(size);
        generator.setViewBox(QRect(QPoint(0, 0), size));
        generator.setTitle(QStringLiteral("OptConf chart"));
        generator.setDescription(QStringLiteral("Made with OptConf %1").arg(QStringLiteral(OPTCONF_VERSION)));
        QPainter painter(&generator);
        view->render(&painter);
    } else {
        const int scale = kind == ExportKind::ChartPng2x ? 2 : 1;
        QImage image(size * scale, QImage::Format_ARGB32_Premultiplied);
        image.setDevicePixelRatio(scale);
        image.fill(Qt::white);
        {
            QPainter painter(&image);
            painter.setRenderHint(QPainter::Antialiasing);
            view->render(&painter);
        }
        if (!image.save(&buffer, "PNG"))
            return QStringLiteral("cannot write %1: PNG encoding failed").arg(path);
    }
    return writeTextFile(path, kind == ExportKind::ChartSvg ? withFontFallbacks(bytes) : bytes);
}

} // namespace

std::optional<std::pair<double, double>> operatingPointChoice(const ExportSnapshot& snapshot)
{
    if (!snapshot.result || !snapshot.selectable || !snapshot.result->sweep.total.optimum)
        return std::nullopt;
    const double optimum = snapshot.result->sweep.total.optimum->threshold;
    if (snapshot.selectable->threshold == optimum)
        return std::nullopt;
    return std::pair(optimum, snapshot.selectable->threshold);
}

PageSize localePageSize()
{
    return QLocale::system().measurementSystem() == QLocale::ImperialUSSystem ? PageSize::Letter
                                                                              : PageSize::A4;
}

void completeModelCard(ExportSnapshot& snapshot)
{
    if (!snapshot.result)
        return;
    ReportContext& c = snapshot.context;
    if (c.invocation.empty()) {
        c.invocation = equivalentCliCommand(snapshot.result->request, c.inputs);
        c.invokedFromApp = true;
    }
    if (c.inputDigests.empty() && !c.inputs.empty()) {
        std::vector<std::filesystem::path> paths(c.inputs.begin(), c.inputs.end());
        c.inputDigests = digestInputs(paths);
    }
}

std::optional<QString> exportTo(ExportKind kind, const QString& path, const ExportSnapshot& given,
                                PageSize pageSize)
{
    if (!given.dataset || !given.result)
        return QStringLiteral("cannot write %1: there is no result to export (run a sweep first)").arg(path);
    std::vector<std::filesystem::path> inputs(given.context.inputs.begin(), given.context.inputs.end());
    if (auto conflict = outputConflict(inputs, {{"the export", path.toStdString()}}))
        return QString::fromStdString(*conflict);
    ExportSnapshot snapshot = given;
    if (kind == ExportKind::HtmlReport || kind == ExportKind::PdfReport || kind == ExportKind::JsonReport)
        completeModelCard(snapshot);
    ReportInput input{*snapshot.dataset, *snapshot.result, snapshot.context, QDateTime::currentDateTimeUtc()};
    input.simulatedImages = snapshot.simulatedImages;
    if (isChart(kind) && snapshot.chart)
        return exportChartView(snapshot.chart, kind, path);
    switch (kind) {
    case ExportKind::HtmlReport:
        return writeHtmlReport(path, input);
    case ExportKind::PdfReport:
        return writePdfReport(path, input, pageSize);
    case ExportKind::ChartPng:
        return writeChartPng(path, input, ChartKind::Confidence, 1.0);
    case ExportKind::ChartPng2x:
        return writeChartPng(path, input, ChartKind::Confidence, 2.0);
    case ExportKind::ChartSvg:
        return writeChartSvg(path, input, ChartKind::Confidence);
    case ExportKind::GridCsv:
        return writeTextFile(path, QByteArray::fromStdString(gridCsv(*snapshot.result, false)));
    case ExportKind::CurveCsv:
        return writeTextFile(path, QByteArray::fromStdString(gridCsv(*snapshot.result, true)));
    case ExportKind::ClassesCsv:
        return writeTextFile(path, QByteArray::fromStdString(classesCsv(*snapshot.result)));
    case ExportKind::JsonReport:
        // The same text as `optconf-cli sweep --json` for the same inputs.
        return writeTextFile(path, QByteArray::fromStdString(
                                       reportJson(*snapshot.dataset, *snapshot.result, snapshot.context)));
    case ExportKind::Thresholds:
        return writeThresholdsFile(path, input);
    }
    return QStringLiteral("cannot write %1: unknown export").arg(path);
}

ExportActions::ExportActions(QWidget* window, std::function<std::optional<ExportSnapshot>()> snapshot)
    : QObject(window)
    , m_window(window)
    , m_snapshot(std::move(snapshot))
    , m_menu(new QMenu(tr("&Export"), window))
    , m_lastFolder(QDir::homePath())
{
    for (const KindInfo& k : kKinds) {
        QAction* action = m_menu->addAction(tr(k.menuText));
        const ExportKind kind = k.kind;
        connect(action, &QAction::triggered, this, [this, kind] { run(kind); });
        m_actions << action;
        if (kind == ExportKind::PdfReport || kind == ExportKind::ChartSvg || kind == ExportKind::JsonReport)
            m_menu->addSeparator();
    }
    m_reportAction = new QAction(tr("Export Report…"), this);
    m_reportAction->setToolTip(tr("Save the results as an HTML or PDF report"));
    connect(m_reportAction, &QAction::triggered, this, &ExportActions::runReportDialog);
}

QMenu* ExportActions::menu() const
{
    return m_menu;
}

QAction* ExportActions::reportAction() const
{
    return m_reportAction;
}

void ExportActions::setEnabled(bool enabled)
{
    m_enabled = enabled;
    const bool on = enabled && m_running == 0;
    for (QAction* a : m_actions)
        a->setEnabled(on);
    m_reportAction->setEnabled(on);
    m_menu->setEnabled(on);
}

void ExportActions::setStale(const QStringList& changes)
{
    m_stale = changes;
    const QString why = tr("The results to export are from the previous settings (changed since: %1)")
                            .arg(changes.join(u"; "));
    m_reportAction->setText(changes.isEmpty() ? tr("Export Report…")
                                              : tr("Export Report (previous settings)…"));
    m_reportAction->setToolTip(changes.isEmpty() ? tr("Save the results as an HTML or PDF report") : why);
    m_menu->setTitle(changes.isEmpty() ? tr("&Export") : tr("&Export (previous settings)"));
    for (QAction* a : m_actions)
        a->setStatusTip(changes.isEmpty() ? QString() : why);
}

void ExportActions::run(ExportKind kind)
{
    const auto snapshot = m_snapshot ? m_snapshot() : std::nullopt;
    if (!snapshot) {
        emit failed(tr("Nothing to export yet: run a sweep first."));
        return;
    }
    const KindInfo& k = info(kind);
    const bool prChart =
        isChart(kind) && snapshot->chart && snapshot->chart->objectName() == QLatin1String("prChart");
    const QString stem = QString::fromStdString(snapshot->result->request.predictionField) + u'-' +
                         (prChart ? QStringLiteral("pr-") : QString()) + QString::fromLatin1(k.fileStem);
    const QString suggested = QDir(m_lastFolder).filePath(stem + u'.' + QString::fromLatin1(k.suffix));
    QString path = QFileDialog::getSaveFileName(m_window, tr("Export"), suggested, tr(k.filter));
    if (path.isEmpty())
        return; // cancelled: nothing written
    if (QFileInfo(path).suffix().isEmpty())
        path += u'.' + QString::fromLatin1(k.suffix);
    ExportSnapshot chosen = *snapshot;
    const bool hasModelCard =
        kind == ExportKind::HtmlReport || kind == ExportKind::PdfReport || kind == ExportKind::JsonReport;
    if (hasModelCard && !askReportDetails(chosen, kind != ExportKind::JsonReport))
        return;
    if (kind == ExportKind::Thresholds && !askOperatingPoint(chosen))
        return;
    write(kind, path, chosen);
}

void ExportActions::runReportDialog()
{
    const auto snapshot = m_snapshot ? m_snapshot() : std::nullopt;
    if (!snapshot) {
        emit failed(tr("Nothing to export yet: run a sweep first."));
        return;
    }
    const QString html = tr("HTML report (*.html)"), pdf = tr("PDF report (*.pdf)");
    QString filter = html;
    const QString suggested =
        QDir(m_lastFolder)
            .filePath(QString::fromStdString(snapshot->result->request.predictionField) +
                      QStringLiteral("-report.html"));
    QString path =
        QFileDialog::getSaveFileName(m_window, tr("Export Report"), suggested, html + u";;" + pdf, &filter);
    if (path.isEmpty())
        return;
    const QString suffix = QFileInfo(path).suffix().toLower();
    bool asPdf = suffix == QLatin1String("pdf");
    if (suffix.isEmpty()) {
        asPdf = filter == pdf;
        path += asPdf ? QStringLiteral(".pdf") : QStringLiteral(".html");
    }
    ExportSnapshot chosen = *snapshot;
    if (!askReportDetails(chosen, true))
        return;
    write(asPdf ? ExportKind::PdfReport : ExportKind::HtmlReport, path, chosen);
}

bool ExportActions::askReportDetails(ExportSnapshot& snapshot, bool withPoint)
{
    ReportDetailsDialog dialog(m_window, QString::fromStdString(snapshot.result->request.predictionField),
                               m_title, m_notes, withPoint ? operatingPointChoice(snapshot) : std::nullopt);
    if (dialog.exec() != QDialog::Accepted)
        return false;
    m_title = dialog.title();
    m_notes = dialog.notes();
    snapshot.context.title = m_title.toStdString();
    snapshot.context.notes = m_notes.toStdString();
    if (dialog.selectedChosen())
        snapshot.context.selected = snapshot.selectable;
    return true;
}

bool ExportActions::askOperatingPoint(ExportSnapshot& snapshot)
{
    const auto choice = operatingPointChoice(snapshot);
    if (!choice)
        return true; // only the optimum to write at
    OperatingPointDialog dialog(m_window, choice->first, choice->second);
    if (dialog.exec() != QDialog::Accepted)
        return false;
    if (dialog.selectedChosen())
        snapshot.context.selected = snapshot.selectable;
    return true;
}

void ExportActions::write(ExportKind kind, const QString& path, const ExportSnapshot& snapshot)
{
    m_lastFolder = QFileInfo(path).absolutePath();
    // Reports, and the JSON report too: its model card reads every input again for its SHA-256.
    const bool background =
        kind == ExportKind::HtmlReport || kind == ExportKind::PdfReport || kind == ExportKind::JsonReport;
    if (!background) {
        // Charts (grabbing the on-screen view must happen here), CSV and thresholds: milliseconds.
        if (auto error = exportTo(kind, path, snapshot, localePageSize()))
            emit failed(*error);
        else
            emit exported(path);
        return;
    }
    // Reports lay out text and draw charts for a few hundred milliseconds: a worker does it, on a
    // copy of the snapshot whose shared data outlives the window if need be.
    ExportSnapshot copy = snapshot;
    copy.chart = nullptr; // the report draws its own charts; widgets stay on the GUI thread
    const PageSize pageSize = localePageSize();
    ++m_running;
    setEnabled(m_enabled);
    auto* watcher = new QFutureWatcher<std::optional<QString>>(this);
    connect(watcher, &QFutureWatcher<std::optional<QString>>::finished, this, [this, watcher, path] {
        const auto error = watcher->result();
        watcher->deleteLater();
        --m_running;
        setEnabled(m_enabled);
        if (error)
            emit failed(*error);
        else
            emit exported(path);
    });
    watcher->setFuture(
        QtConcurrent::run([kind, path, copy, pageSize] { return exportTo(kind, path, copy, pageSize); }));
}

} // namespace optconf
