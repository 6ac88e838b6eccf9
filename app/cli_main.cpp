// SPDX-License-Identifier: MIT
#include "allocator_policy.h"
#include "cli_commands.h"

#include <QCoreApplication>

#include <cstdio>
#include <cstring>
#include <exception>
#include <memory>
#include <new>
#include <stdexcept>

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

} // namespace

int main(int argc, char** argv)
{
    optconf::keepFreedMemoryForReuse(); // a one-shot run: see allocator_policy.h
    // Painting (reports, charts) needs a QGuiApplication, which the renderer module makes; a run
    // that paints nothing never loads Qt Gui at all (see cli_renderer.h).
    optconf::cli::Renderer* renderer = nullptr;
    std::unique_ptr<QCoreApplication> application;
    if (optconf::cli::needsRenderer(argc, argv)) {
        QString error;
        renderer = optconf::cli::loadRenderer(error);
        if (!renderer) {
            std::fprintf(stderr, "optconf-cli: %s\n", qPrintable(error));
            return optconf::cli::InternalError;
        }
        application = renderer->createApplication(argc, argv);
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
            return optconf::cli::sweep(args, renderer);
        if (command == QLatin1String("generate"))
            return optconf::cli::generate(args);
    } catch (const std::bad_alloc&) {
        // The commands name the stage themselves; this is whatever lies outside them.
        std::fputs("optconf-cli: out of memory while starting\n", stderr);
        return optconf::cli::OutOfMemory;
    } catch (const std::length_error&) {
        std::fputs("optconf-cli: out of memory while starting\n", stderr);
        return optconf::cli::OutOfMemory;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "optconf-cli: internal error: %s\n", e.what());
        return optconf::cli::InternalError;
    }
    std::fprintf(stderr, "optconf-cli: unknown command '%s'\n\n%s", qPrintable(command), kUsage);
    return optconf::cli::BadInput;
}
