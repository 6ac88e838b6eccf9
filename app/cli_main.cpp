// SPDX-License-Identifier: MIT
#include "app/cli_commands.h"
#include "core/system/allocator_policy.h"

#include <QCoreApplication>

#include <cctype>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <exception>
#include <memory>
#include <new>
#include <stdexcept>
#include <string>

namespace {

const char* const kUsage = R"(Usage: optconf-cli COMMAND [options] [INPUT...]

Finds the confidence threshold at which to deploy an object detector.

Commands:
  fields INPUT...     list the samples and label fields of a dataset
  sweep INPUT...      match predictions to ground truth and sweep the threshold
  generate --out DIR  write a synthetic dataset (the simulator behind the bundled example)

Inputs: COCO (ground truth and results), FiftyOne exports, YOLO labels, Pascal VOC
annotations and CSV files; the format of each is recognised from its content.

Run 'optconf-cli COMMAND --help' for the options of a command.
Options: -h, --help    this text;  -v, --version    the version
)";

QtMessageHandler qtDefaultHandler = nullptr;

/// Qt's messages go to stderr as usual, except QStandardPaths' complaints about the runtime folder
/// (XDG_RUNTIME_DIR unset or not private, as for root, in containers and CI): Qt looks it up
/// while it loads libraries and plugins, the CLI never uses it, and a script should not see it.
void filterQtMessages(QtMsgType type, const QMessageLogContext& context, const QString& message)
{
    if (message.startsWith(QLatin1String("QStandardPaths: ")))
        return;
    if (qtDefaultHandler)
        qtDefaultHandler(type, context, message);
    else
        std::fprintf(stderr, "%s\n", qPrintable(qFormatLogMessage(type, context, message)));
}

int runCommand(int argc, char** argv)
{
    qtDefaultHandler = qInstallMessageHandler(filterQtMessages);
    optconf::keepFreedMemoryForReuse(); // a one-shot run: see allocator_policy.h
    // A reader that goes away (a closed pipe, `| head`, a FIFO) must turn into a write error with
    // a message and exit code 2, not a silent death by SIGPIPE with half an output.
    std::signal(SIGPIPE, SIG_IGN);
    // A QCoreApplication unless the run paints: then sweep() asks for the QGuiApplication that
    // painting needs (startPainting below), once its parser has seen --report or --chart. A run
    // that paints nothing never starts Qt Gui.
    auto application = std::make_unique<QCoreApplication>(argc, argv);
    const auto name = [] {
        QCoreApplication::setApplicationName(QStringLiteral("optconf-cli"));
        QCoreApplication::setApplicationVersion(QStringLiteral(OPTCONF_VERSION));
    };
    name();
    const auto startPainting = [&] {
        if (!optconf::cli::rendererBuiltIn())
            return false;
        application.reset(); // one application object at a time
        application = optconf::cli::createPaintingApplication(argc, argv);
        name();
        return true;
    };
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
            return optconf::cli::sweep(args, startPainting);
        if (command == QLatin1String("generate"))
            return optconf::cli::generate(args, startPainting);
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

} // namespace

int main(int argc, char** argv)
{
    const int exitCode = runCommand(argc, argv);
    // Everything printed (help, version, tables) reached its destination, or the run failed: a full
    // disk or a closed pipe behind standard output must not end as a truncated output and exit 0.
    if ((std::fflush(stdout) != 0 || std::ferror(stdout)) && exitCode == optconf::cli::Success) {
        std::string reason = std::strerror(errno);
        reason[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(reason[0])));
        std::fprintf(stderr, "optconf-cli: cannot write to standard output: %s\n", reason.c_str());
        return optconf::cli::BadInput;
    }
    return exitCode;
}
