// SPDX-License-Identifier: MIT
// optconf-cli-render: reports and charts for optconf-cli (see cli_renderer.h).
#include "app/cli_renderer.h"
#include "render/comparison_report.h"
#include "render/report_writer.h"

#include <QFileInfo>
#include <QGuiApplication>

namespace optconf::cli {

namespace {

class ReportRenderer final : public Renderer
{
public:
    std::unique_ptr<QCoreApplication> createApplication(int& argc, char** argv) override
    {
        // Like hotspot's main.cpp, the application class follows from the options: painting text
        // needs a QGuiApplication; without a display it runs on the offscreen platform.
        if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
            qputenv("QT_QPA_PLATFORM", "offscreen");
        return std::make_unique<QGuiApplication>(argc, argv);
    }

    bool write(const Dataset& dataset, const EvaluationResult& result, const ReportContext& context,
               const RenderRequest& request, const std::function<void(const QString&)>& report) override
    {
        ReportInput input{dataset, result, context, request.created};
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

    bool writeComparison(const Dataset& dataset, const ComparisonResult& result, const RenderRequest& request,
                         const std::function<void(const QString&)>& report) override
    {
        bool ok = true;
        for (const QString& path : request.reportTargets)
            if (auto error = writeComparisonReport(path, dataset, result, request.created)) {
                report(*error);
                ok = false;
            }
        return ok;
    }
};

} // namespace

} // namespace optconf::cli

extern "C" Q_DECL_EXPORT optconf::cli::Renderer* optconf_cli_renderer()
{
    static optconf::cli::ReportRenderer renderer;
    return &renderer;
}
