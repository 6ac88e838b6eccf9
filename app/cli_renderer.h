// SPDX-License-Identifier: MIT
#pragma once

// The half of optconf-cli that paints (reports, charts: optconf_render, Qt Gui and Qt Svg). It is
// linked in when the project is built with reports (cli_renderer.cpp) and absent without them
// (renderer_absent.cpp: a CLI-only build needs no Qt Gui). A run that paints nothing makes a
// QCoreApplication; painting text needs a QGuiApplication, which replaces it once the parsed
// arguments ask for a report or a chart.

#include "core/eval/comparison.h"
#include "core/eval/evaluation.h"
#include "core/output/report_json.h"

#include <QDateTime>
#include <QString>
#include <QStringList>

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>

class QCoreApplication;

namespace optconf::cli {

/// What a sweep asks to be drawn or written besides its JSON and CSV; paths checked already.
struct RenderRequest
{
    QStringList reportTargets;    ///< .pdf: a PDF, else an HTML report
    QStringList chartTargets;     ///< P/R/F1-vs-threshold chart: .svg, else PNG
    QStringList prChartTargets;   ///< precision-recall chart: .svg, else PNG
    bool letterPages = false;     ///< PDF page size Letter instead of A4
    double chartScale = 1.0;      ///< PNG pixel scale
    QDateTime created;            ///< the "made at" time reports show
    int reportImages = 12;        ///< images in the reports' "Images with the most errors"
    QString imagesDir;            ///< where the images are (searched first); empty for none
    bool simulatedImages = false; ///< --example: images painted by the simulator

    bool empty() const
    {
        return reportTargets.isEmpty() && chartTargets.isEmpty() && prChartTargets.isEmpty();
    }
};

/// False when this optconf-cli was built without reports and charts (OPTCONF_BUILD_REPORTS=OFF,
/// no Qt Gui): then the options that need painting are refused as a usage error.
bool rendererBuiltIn();
inline constexpr const char* kBuiltWithoutReports =
    "--report, --chart and --pr-chart are not available: this optconf-cli was built without reports (Qt Gui)";

/// The application object painting needs: a QGuiApplication, on the offscreen platform unless
/// QT_QPA_PLATFORM names another. `argc` must outlive it. Null when built without reports.
std::unique_ptr<QCoreApplication> createPaintingApplication(int& argc, char** argv);

/// Writes everything `request` names, each file atomically; every failure's message is given to
/// `report`. False when any failed. Needs the application createPaintingApplication() made.
bool writeRendered(const Dataset& dataset, const EvaluationResult& result, const ReportContext& context,
                   const RenderRequest& request, const std::function<void(const QString&)>& report);

/// The simulator's picture of every image of the COCO ground truth `groundTruth` (as
/// `generate` writes it), painted into `folder` as JPEG under the images' file names. False when
/// any failed (the messages given to `report`).
bool writeSyntheticPictures(const std::filesystem::path& groundTruth, const std::filesystem::path& folder,
                            const std::function<void(const QString&)>& report);

/// A comparison of models: each of request.reportTargets (HTML or PDF) as the first model's report
/// opening with the comparison section. False when any failed (the messages given to `report`).
bool writeRenderedComparison(const Dataset& dataset, const ComparisonResult& result,
                             const ReportContext& context, std::optional<double> analysisAt,
                             const RenderRequest& request, const std::function<void(const QString&)>& report);

} // namespace optconf::cli
