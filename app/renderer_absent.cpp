// SPDX-License-Identifier: MIT
// optconf-cli built without reports and charts (OPTCONF_BUILD_REPORTS=OFF: no Qt Gui, no Qt Svg):
// nothing can be painted.
#include "app/cli_renderer.h"

#include <QCoreApplication>

namespace optconf::cli {

bool rendererBuiltIn()
{
    return false;
}

std::unique_ptr<QCoreApplication> createPaintingApplication(int&, char**)
{
    return nullptr;
}

bool writeRendered(const Dataset&, const EvaluationResult&, const ReportContext&, const RenderRequest&,
                   const std::function<void(const QString&)>& report)
{
    report(QString::fromUtf8(kBuiltWithoutReports));
    return false;
}

bool writeSyntheticPictures(const std::filesystem::path&, const std::filesystem::path&,
                            const std::function<void(const QString&)>& report)
{
    report(QString::fromUtf8(kBuiltWithoutReports));
    return false;
}

bool writeRenderedComparison(const Dataset&, const ComparisonResult&, const ReportContext&,
                             std::optional<double>, const RenderRequest&,
                             const std::function<void(const QString&)>& report)
{
    report(QString::fromUtf8(kBuiltWithoutReports));
    return false;
}

} // namespace optconf::cli
