// SPDX-License-Identifier: MIT
// Reports and charts for optconf-cli (see cli_renderer.h), built with OPTCONF_BUILD_REPORTS.
#include "app/cli_renderer.h"
#include "core/example/scene.h"
#include "core/io/loader.h"
#include "render/comparison_report.h"
#include "render/report_writer.h"
#include "render/scene_picture.h"

#include <QFileInfo>
#include <QGuiApplication>
#include <QImageWriter>

namespace optconf::cli {

bool rendererBuiltIn()
{
    return true;
}

bool writeSyntheticPictures(const std::filesystem::path& groundTruth, const std::filesystem::path& folder,
                            const std::function<void(const QString&)>& report)
{
    LoadResult loaded = loadDataset(LoadRequest{{groundTruth}, {}});
    if (!loaded.dataset || loaded.dataset->fields.empty()) {
        report(QStringLiteral("%1: cannot be read back to paint its pictures")
                   .arg(QString::fromStdString(groundTruth.string())));
        return false;
    }
    const Dataset& d = *loaded.dataset;
    std::error_code error;
    std::filesystem::create_directories(folder, error);
    for (SampleIndex i = 0; i < d.samples.size(); ++i) {
        const std::filesystem::path path = folder / d.samples[i].fileName;
        QImageWriter writer(QString::fromStdString(path.string()), "jpeg");
        writer.setQuality(85);
        const SyntheticScene scene = describeScene(d.samples[i], d.fields.front().forSample(i), d.boxUnits);
        const QImage picture = paintScene(scene, QSize(scene.width, scene.height));
        if (!writer.write(picture)) {
            report(QStringLiteral("cannot write %1: %2")
                       .arg(QString::fromStdString(path.string()), writer.errorString()));
            return false;
        }
    }
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
    input.simulatedImages = request.simulatedImages;
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
