// SPDX-License-Identifier: MIT
#pragma once

// The half of optconf-cli that paints lives in a module of its own (optconf-cli-render), loaded
// only when a run asks for a report or a chart. Qt Gui, Qt Svg and the
// libraries they bring (about 40: OpenGL, fontconfig, freetype, harfbuzz...) took 7 ms to load
// and start, a twentieth of a whole 20,000-image sweep, in every run that draws nothing.

#include "core/eval/comparison.h"
#include "core/eval/evaluation.h"
#include "core/output/report_json.h"

#include <QDateTime>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>
#include <optional>

class QCoreApplication;

namespace optconf::cli {

/// What a sweep asks to be drawn or written besides its JSON and CSV; paths checked already.
struct RenderRequest
{
    QStringList reportTargets;  ///< .pdf: a PDF, else an HTML report
    QStringList chartTargets;   ///< P/R/F1-vs-threshold chart: .svg, else PNG
    QStringList prChartTargets; ///< precision-recall chart: .svg, else PNG
    bool letterPages = false;   ///< PDF page size Letter instead of A4
    double chartScale = 1.0;    ///< PNG pixel scale
    QDateTime created;          ///< the "made at" time reports show

    bool empty() const
    {
        return reportTargets.isEmpty() && chartTargets.isEmpty() && prChartTargets.isEmpty();
    }
};

class Renderer
{
public:
    virtual ~Renderer() = default;
    /// The application object painting needs: a QGuiApplication, on the offscreen platform
    /// unless QT_QPA_PLATFORM names another. `argc` must outlive it.
    virtual std::unique_ptr<QCoreApplication> createApplication(int& argc, char** argv) = 0;
    /// Writes everything `request` names, each file atomically; every failure's message is given
    /// to `report`. False when any failed.
    virtual bool write(const Dataset& dataset, const EvaluationResult& result, const ReportContext& context,
                       const RenderRequest& request, const std::function<void(const QString&)>& report) = 0;
    /// A comparison of models: each of request.reportTargets as the HTML comparison report.
    virtual bool writeComparison(const Dataset& dataset, const ComparisonResult& result,
                                 const RenderRequest& request,
                                 const std::function<void(const QString&)>& report) = 0;
};

/// The module's one exported function: its renderer, which lives as long as the process.
using RendererEntry = Renderer* (*)();
inline constexpr const char* kRendererEntry = "optconf_cli_renderer";

/// False when this optconf-cli was built without reports and charts (OPTCONF_BUILD_REPORTS=OFF,
/// no Qt Gui): then the options that need the renderer are refused as a usage error.
bool rendererBuiltIn();
inline constexpr const char* kBuiltWithoutReports =
    "--report, --chart and --pr-chart are not available: this optconf-cli was built without reports (Qt Gui)";

/// Loads the module from beside the executable, or from the library folder it is installed in
/// (OPTCONF_RENDER_DIR, relative to the executable's folder). nullptr with `error` set when it
/// cannot be found or loaded, or was not built.
Renderer* loadRenderer(QString& error);

} // namespace optconf::cli
