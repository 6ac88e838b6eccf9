// SPDX-License-Identifier: MIT
#include "app/cli_renderer.h"

#include <QLibrary>

#include <filesystem>
#include <system_error>

namespace optconf::cli {

bool rendererBuiltIn()
{
    return true;
}

Renderer* loadRenderer(QString& error)
{
    // Called before the application object exists (the module makes it), so the executable's
    // folder comes from the kernel rather than QCoreApplication::applicationDirPath().
    std::error_code ec;
    const std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (ec) {
        error = QStringLiteral("cannot find where optconf-cli is installed: %1")
                    .arg(QString::fromStdString(ec.message()));
        return nullptr;
    }
    const std::filesystem::path dir = exe.parent_path();
    QStringList tried;
    for (const std::filesystem::path& candidate :
         {dir / OPTCONF_RENDER_MODULE, dir / OPTCONF_RENDER_DIR / OPTCONF_RENDER_MODULE}) {
        const QString path = QString::fromStdString(candidate.lexically_normal().string());
        if (!QLibrary::isLibrary(path) || !std::filesystem::exists(candidate, ec)) {
            tried << path;
            continue;
        }
        QLibrary module(path); // stays loaded when the object goes: the renderer lives in it
        if (!module.load()) {
            error = QStringLiteral("cannot load %1: %2").arg(path, module.errorString());
            return nullptr;
        }
        const auto entry = reinterpret_cast<RendererEntry>(module.resolve(kRendererEntry));
        if (!entry) {
            error = QStringLiteral("%1 is not optconf-cli's renderer (no %2)")
                        .arg(path, QLatin1String(kRendererEntry));
            return nullptr;
        }
        return entry();
    }
    error = QStringLiteral("reports and charts need the module %1, which is not installed "
                           "(looked for %2)")
                .arg(QLatin1String(OPTCONF_RENDER_MODULE), tried.join(QStringLiteral(", ")));
    return nullptr;
}

} // namespace optconf::cli
