// SPDX-License-Identifier: MIT
// The desktop app: `optconf [PATH...]`, `optconf --example`, `optconf --version`.
#include "ui/charts/curve_chart.h"
#include "ui/window/main_window.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>
#include <QTimer>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace {

QtMessageHandler g_qtHandler = nullptr;

/// Messages held back while QApplication starts, given to Qt's handler once it has started (when it
/// cannot, only the one line below is printed).
struct HeldMessage
{
    QtMsgType type;
    const char* category; // Qt's categories are static strings
    QString text;
};
std::vector<HeldMessage> g_held;

/// While QApplication starts: Qt ends with qFatal (abort, exit 134 and a paragraph about plugins)
/// when no display can be opened. Say it in one line, with what to do, and exit with 1.
void startupMessages(QtMsgType type, const QMessageLogContext& context, const QString& message)
{
    if (type == QtFatalMsg) {
        const QByteArray display = qgetenv("DISPLAY"), wayland = qgetenv("WAYLAND_DISPLAY");
        const QByteArray where = !display.isEmpty() ? "DISPLAY=" + display
                                 : !wayland.isEmpty()
                                     ? "WAYLAND_DISPLAY=" + wayland
                                     : QByteArray("neither DISPLAY nor WAYLAND_DISPLAY is set");
        std::fprintf(stderr,
                     "optconf: cannot open a display (%s); run it under xvfb-run, or use optconf-cli "
                     "without a display\n",
                     where.constData());
        std::fflush(stderr);
        std::_Exit(1);
    }
    g_held.push_back({type, context.category, message});
}

void releaseStartupMessages()
{
    qInstallMessageHandler(g_qtHandler);
    for (const HeldMessage& m : g_held)
        qt_message_output(m.type, QMessageLogContext(nullptr, 0, nullptr, m.category), m.text);
    g_held.clear();
}

} // namespace

int main(int argc, char** argv)
{
    // Exports may go to a FIFO whose reader can go away: that must be a failed export with a
    // message, not the end of the app (and of the user's work) by SIGPIPE.
    std::signal(SIGPIPE, SIG_IGN);
    // Answered before QApplication exists, so it works without a display.
    for (int i = 1; i < argc; ++i)
        if (std::strcmp(argv[i], "--version") == 0) {
            std::printf("optconf %s\n", OPTCONF_VERSION);
            return 0;
        }

    g_qtHandler = qInstallMessageHandler(startupMessages);
    QApplication app(argc, argv);
    releaseStartupMessages();
    QApplication::setOrganizationName(QStringLiteral("OptConf"));
    QApplication::setApplicationName(QStringLiteral("OptConf"));
    QApplication::setApplicationVersion(QStringLiteral(OPTCONF_VERSION));
    // Ties the window to the installed org.optconf.OptConf.desktop (Wayland uses it for the icon).
    QGuiApplication::setDesktopFileName(QStringLiteral("org.optconf.OptConf"));
    // The installed theme icon when there is one, the embedded SVG otherwise (run from the build tree).
    QApplication::setWindowIcon(QIcon::fromTheme(QStringLiteral("org.optconf.OptConf"),
                                                 QIcon(QStringLiteral(":/icons/org.optconf.OptConf.svg"))));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Find the confidence threshold at which to deploy an object detector."));
    parser.addHelpOption();
    const QCommandLineOption version(QStringLiteral("version"),
                                     QStringLiteral("Print \"optconf <version>\" and exit."));
    const QCommandLineOption example(
        QStringLiteral("example"),
        QStringLiteral("Open the bundled synthetic example (simulated, not real data)."));
    const QCommandLineOption run(QStringLiteral("run"), QStringLiteral("Run as soon as the data is open."));
    const QCommandLineOption screenshot(
        QStringLiteral("screenshot"),
        QStringLiteral("Run on the data, save the window to <file> as PNG and exit (tools/screenshot)."),
        QStringLiteral("file"));
    const QCommandLineOption size(QStringLiteral("size"), QStringLiteral("Window size, e.g. 1440x900."),
                                  QStringLiteral("WxH"));
    parser.addOptions({version, example, run, screenshot, size});
    parser.addPositionalArgument(
        QStringLiteral("paths"),
        QStringLiteral("A COCO ground-truth file and results files, or a FiftyOne export folder."),
        QStringLiteral("[PATH...]"));
    parser.process(app);

    optconf::MainWindow window;
    if (parser.isSet(size)) {
        const QStringList wh = parser.value(size).split(QLatin1Char('x'));
        if (wh.size() == 2)
            window.resize(wh[0].toInt(), wh[1].toInt());
    }
    window.show();

    const QString shotFile = parser.value(screenshot);
    if (parser.isSet(run) || !shotFile.isEmpty()) {
        QObject::connect(&window, &optconf::MainWindow::datasetChanged, &window,
                         [&window] { window.startRun(); });
        QObject::connect(&window, &optconf::MainWindow::loadFailed, &app, [] { QCoreApplication::exit(1); });
    }
    if (!shotFile.isEmpty()) {
        QObject::connect(&window, &optconf::MainWindow::resultChanged, &window, [&window, shotFile] {
            // Let the chart's batched redraw and the layout settle before grabbing.
            QTimer::singleShot(400, &window, [&window, shotFile] {
                const bool saved = window.grab().save(shotFile, "PNG");
                std::fprintf(saved ? stdout : stderr, "%s %s\n", saved ? "saved" : "could not save",
                             qPrintable(shotFile));
                QCoreApplication::exit(saved ? 0 : 1);
            });
        });
    }

    if (parser.isSet(example))
        window.openExample();
    else if (!parser.positionalArguments().isEmpty())
        window.openPaths(parser.positionalArguments());
    return app.exec();
}
