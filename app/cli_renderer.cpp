// SPDX-License-Identifier: MIT
// Reports and charts for optconf-cli (see cli_renderer.h), built with OPTCONF_BUILD_REPORTS.
#include "app/cli_renderer.h"
#include "render/comparison_report.h"
#include "render/report_writer.h"

#include <QFileInfo>
#include <QGuiApplication>

namespace optconf::cli {

bool rendererBuiltIn()
{
    return true;
}

std::unique_ptr<QCoreApplication> createPaintingApplication(int& argc, char** argv)
{
    // Without a display, painting runs on the offscreen platform.
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    return std::make_unique<QGuiApplication>(argc, argv);
}

bool writeRendered(const Dataset& dataset, const EvaluationResult& result, const ReportContext& context,
                   const RenderRequest& request, const std::function<void(const QString&)>& report)
{
    ReportInput input{dataset, result, context, request.created};
    input.reportImages = request.reportImages;
    input.imagesDir = request.imagesDir;
    bool ok = true;
    auto check = [&](const std::optional<QString>& error) {
        if (error) {
            report(*error);
            ok = false;
        }
    };
    auto isExtension = [](const QString& path, const char* ext) {
        return QFileInfo(path).suffix().compare(QLatin1String(ext), Qt::CaseInsensitive) == 0;
    };
    for (const QString& path : request.reportTargets) {
        if (isExtension(path, "pdf"))
            check(writePdfReport(path, input, request.letterPages ? PageSize::Letter : PageSize::A4));
        else
            check(writeHtmlReport(path, input));
    }
    auto writeChart = [&](const QString& path, ChartKind kind) {
        if (isExtension(path, "svg"))
            check(writeChartSvg(path, input, kind));
        else
            check(writeChartPng(path, input, kind, request.chartScale));
    };
    for (const QString& path : request.chartTargets)
        writeChart(path, ChartKind::Confidence);
    for (const QString& path : request.prChartTargets)
        writeChart(path, ChartKind::PrecisionRecall);
    return ok;
}

bool writeRenderedComparison(const Dataset& dataset, const ComparisonResult& result,
                             const ReportContext& context, std::optional<double> analysisAt,
                             const RenderRequest& request, const std::function<void(const QString&)>& report)
{
    // The first model's report, opening with the comparison section.
    const ReportContext first = comparisonReportContext(context, dataset, result, analysisAt);
    RenderRequest reports = request;
    reports.chartTargets.clear();
    reports.prChartTargets.clear();
    return writeRendered(dataset, result.models.front(), first, reports, report);
}

} // namespace optconf::cli
