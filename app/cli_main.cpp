// SPDX-License-Identifier: MIT
#include "allocator_policy.h"
#include "cli_commands.h"

#include <QCoreApplication>
#include <QGuiApplication>

#include <cstdio>
#include <cstring>
#include <exception>
#include <memory>

namespace {

const char* const kUsage = R"(Usage: optconf-cli COMMAND [options] [INPUT...]

Finds the confidence threshold at which to deploy an object detector.

Commands:
  fields INPUT...     list the samples and label fields of a dataset
  sweep INPUT...      match predictions to ground truth and sweep the threshold
  generate --out DIR  write a synthetic dataset (the simulator behind the bundled example)

Run 'optconf-cli COMMAND --help' for the options of a command.
Options: -h, --help    this text;  -v, --version    the version
)";

/// Options that paint (charts, HTML and PDF reports) need fonts, hence a QGuiApplication.
bool needsRendering(int argc, char** argv)
{
    for (int i = 1; i < argc; ++i) {
        const char* a = argv[i];
        while (*a == '-')
            ++a;
        if (a == argv[i])
            continue;
        for (const char* option : {"report", "chart", "pr-chart"}) {
            const std::size_t n = std::strlen(option);
            if (std::strncmp(a, option, n) == 0 && (a[n] == '\0' || a[n] == '='))
                return true;
        }
    }
    return false;
}

} // namespace

int main(int argc, char** argv)
{
    optconf::keepFreedMemoryForReuse(); // a one-shot run: see allocator_policy.h
    // Like hotspot's main.cpp, pick the application class from the options: painting text needs a
    // QGuiApplication; without a display it runs on the offscreen platform.
    std::unique_ptr<QCoreApplication> application;
    if (needsRendering(argc, argv)) {
        if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
            qputenv("QT_QPA_PLATFORM", "offscreen");
        application = std::make_unique<QGuiApplication>(argc, argv);
    } else {
        application = std::make_unique<QCoreApplication>(argc, argv);
    }
    QCoreApplication::setApplicationName(QStringLiteral("optconf-cli"));
    QCoreApplication::setApplicationVersion(QStringLiteral(OPTCONF_VERSION));
    QStringList args = QCoreApplication::arguments();
    const QString command = args.size() > 1 ? args.at(1) : QString();
    if (command == QLatin1String("--version") || command == QLatin1String("-v")) {
        std::printf("optconf-cli %s\n", OPTCONF_VERSION);
        return optconf::cli::Success;
    }
    if (command.isEmpty() || command == QLatin1String("--help") || command == QLatin1String("-h") ||
        command == QLatin1String("help")) {
        std::fputs(kUsage, command.isEmpty() ? stderr : stdout);
        return command.isEmpty() ? optconf::cli::BadInput : optconf::cli::Success;
    }
    args.removeAt(1); // the remaining arguments are the command's, after the program name
    try {
        if (command == QLatin1String("fields"))
            return optconf::cli::fields(args);
        if (command == QLatin1String("sweep"))
            return optconf::cli::sweep(args);
        if (command == QLatin1String("generate"))
            return optconf::cli::generate(args);
    } catch (const std::bad_alloc&) {
        std::fputs("optconf-cli: out of memory\n", stderr);
        return optconf::cli::InternalError;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "optconf-cli: internal error: %s\n", e.what());
        return optconf::cli::InternalError;
    }
    std::fprintf(stderr, "optconf-cli: unknown command '%s'\n\n%s", qPrintable(command), kUsage);
    return optconf::cli::BadInput;
}
