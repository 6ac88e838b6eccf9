// SPDX-License-Identifier: MIT
// optconf-cli built without reports and charts (OPTCONF_BUILD_REPORTS=OFF: no Qt Gui, no Qt Svg):
// there is no renderer module to load.
#include "app/cli_renderer.h"

namespace optconf::cli {

bool rendererBuiltIn()
{
    return false;
}

Renderer* loadRenderer(QString& error)
{
    error = QString::fromUtf8(kBuiltWithoutReports);
    return nullptr;
}

} // namespace optconf::cli
