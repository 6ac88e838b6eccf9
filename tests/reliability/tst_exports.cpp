// SPDX-License-Identifier: MIT
// Exports never destroy what the user has. Special files are written through, never replaced:
// a character device, a FIFO (made by the test in its own folder, the device nodes as root) and a
// symbolic link's target; an output naming an input, or two outputs on one file or on standard
// output, are refused before anything runs; standard output that cannot take the text (a full
// device) is an error. And a failing export never destroys the file it was to replace: optconf-cli sweep
// --json/--csv (and the other file outputs the CLI has) against a full disk (simulated with a
// file-size limit, RLIMIT_FSIZE, which makes write() fail with EFBIG exactly as ENOSPC would, and
// works as root too), a folder that does not exist, and a read-only folder (not as root, which
// writes anyway). Each time: exit code 2, a message naming the path, the previous file unchanged.
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <atomic>
#include <chrono>
#include <thread>

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

class TestExports : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void failingWrite_data();
    void failingWrite();
    void successfulWriteReplaces();
    void specialFilesAreWrittenThrough_data();
    void specialFilesAreWrittenThrough();
    void fullDeviceIsAnError();
    void outputOverAnInputIsRefused_data();
    void outputOverAnInputIsRefused();
    void standardOutputTakesOneOutput();
    void standardOutputErrorsAreReported_data();
    void standardOutputErrorsAreReported();
    void paintingPrintsNoQtNoise();
    void thresholdsFileNamesSourceClassIds();
};

namespace {

/// A small synthetic dataset written by `optconf-cli generate` (not --example: the bundled example
/// is written to a temporary folder first, which the file-size limit would stop).
QTemporaryDir* g_data = nullptr;
QStringList g_inputs;

QStringList sweepArguments(const QString& option, const QString& target)
{
    return QStringList{QStringLiteral("sweep")} + g_inputs +
           QStringList{QStringLiteral("--pred"), QStringLiteral("detector_large"), option, target};
}

const QByteArray kPrevious = "PREVIOUS CONTENT: must survive a failed export\n";

QByteArray readAll(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray("<cannot read>");
}

/// The file options of `optconf-cli sweep`, with the file name each is given.
QList<QPair<QString, QString>> fileOptions()
{
    QList<QPair<QString, QString>> options{{QStringLiteral("--json"), QStringLiteral("report.json")},
                                           {QStringLiteral("--csv"), QStringLiteral("grid.csv")}};
    QProcess help;
    help.start(QStringLiteral(OPTCONF_CLI), {QStringLiteral("sweep"), QStringLiteral("--help")});
    help.waitForFinished(60'000);
    const QString text = QString::fromUtf8(help.readAllStandardOutput());
    // Outputs added by the reports work, when this build has them.
    if (text.contains(QLatin1String("--thresholds")))
        options.append({QStringLiteral("--thresholds"), QStringLiteral("thresholds.json")});
    if (text.contains(QLatin1String("--report")))
        options.append({QStringLiteral("--report"), QStringLiteral("report.html")});
    return options;
}

/// Every file option, including the charts (for the special-file cases).
QList<QPair<QString, QString>> everyFileOption()
{
    return fileOptions() +
           QList<QPair<QString, QString>>{{QStringLiteral("--chart"), QStringLiteral("c.png")},
                                          {QStringLiteral("--pr-chart"), QStringLiteral("pr.svg")}};
}

mode_t typeOf(const QString& path)
{
    struct stat st
    {};
    return ::lstat(path.toLocal8Bit().constData(), &st) == 0 ? (st.st_mode & S_IFMT) : 0;
}

struct CliRun
{
    int exitCode = -1;
    QByteArray out, err;
};

CliRun runCli(const QStringList& arguments, const QString& standardOutputFile = {},
              const QProcessEnvironment& environment = QProcessEnvironment::systemEnvironment())
{
    QProcess cli;
    cli.setProcessEnvironment(environment);
    if (!standardOutputFile.isEmpty())
        cli.setStandardOutputFile(standardOutputFile, QIODevice::Append);
    cli.start(QStringLiteral(OPTCONF_CLI), arguments);
    if (!cli.waitForFinished(300'000) || cli.exitStatus() != QProcess::NormalExit)
        return {};
    return {cli.exitCode(), cli.readAllStandardOutput(), cli.readAllStandardError()};
}

} // namespace

void TestExports::initTestCase()
{
    g_data = new QTemporaryDir;
    QVERIFY(g_data->isValid());
    QProcess generate;
    generate.start(QStringLiteral(OPTCONF_CLI),
                   {QStringLiteral("generate"), QStringLiteral("--out"), g_data->path(),
                    QStringLiteral("--images"), QStringLiteral("60")});
    QVERIFY(generate.waitForFinished(120'000));
    QCOMPARE(generate.exitCode(), 0);
    g_inputs =
        QString::fromUtf8(generate.readAllStandardOutput()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QVERIFY(g_inputs.size() >= 2);
}

void TestExports::failingWrite_data()
{
    QTest::addColumn<QString>("option");
    QTest::addColumn<QString>("fileName");
    QTest::addColumn<QString>("failure");
    for (const auto& [option, fileName] : fileOptions()) {
        for (const char* failure : {"disk-full", "missing-folder", "read-only-folder"})
            QTest::newRow(qPrintable(option + QLatin1Char(' ') + QLatin1String(failure)))
                << option << fileName << QString::fromLatin1(failure);
    }
}

void TestExports::failingWrite()
{
    QFETCH(QString, option);
    QFETCH(QString, fileName);
    QFETCH(QString, failure);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QString target = dir.filePath(fileName);
    QString program = QStringLiteral(OPTCONF_CLI);
    QStringList arguments = sweepArguments(option, target);

    if (failure == QLatin1String("disk-full")) {
        // A 1 KiB file-size limit: the report cannot be written in full. SIGXFSZ is ignored, so
        // write() fails with EFBIG instead of the process being killed, as on a full disk.
        arguments.prepend(program);
        arguments =
            QStringList{QStringLiteral("-c"), QStringLiteral("ulimit -f 1; trap '' XFSZ; exec \"$@\""),
                        QStringLiteral("sh")} +
            arguments;
        program = QStringLiteral("/bin/sh");
    } else if (failure == QLatin1String("missing-folder")) {
        target = dir.filePath(QStringLiteral("removed/") + fileName);
        arguments.last() = target;
    } else if (failure == QLatin1String("read-only-folder")) {
        if (::geteuid() == 0)
            QSKIP("root writes into read-only folders");
        QVERIFY(QFile::setPermissions(dir.path(), QFile::ReadOwner | QFile::ExeOwner));
    }
    const bool previousExists = failure != QLatin1String("missing-folder");
    if (previousExists) {
        if (failure == QLatin1String("read-only-folder"))
            QVERIFY(
                QFile::setPermissions(dir.path(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
        QFile previous(target);
        QVERIFY(previous.open(QIODevice::WriteOnly));
        previous.write(kPrevious);
        previous.close();
        if (failure == QLatin1String("read-only-folder"))
            QVERIFY(QFile::setPermissions(dir.path(), QFile::ReadOwner | QFile::ExeOwner));
    }

    QProcess cli;
    cli.start(program, arguments);
    QVERIFY(cli.waitForStarted());
    QVERIFY2(cli.waitForFinished(300'000), "optconf-cli hangs");
    const QString err = QString::fromUtf8(cli.readAllStandardError());
    QFile::setPermissions(dir.path(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    QCOMPARE(cli.exitStatus(), QProcess::NormalExit);
    QVERIFY2(cli.exitCode() == 2,
             qPrintable(QStringLiteral("exit code %1; stderr:\n%2").arg(cli.exitCode()).arg(err)));
    QVERIFY2(err.contains(target),
             qPrintable(QStringLiteral("the message does not name %1:\n%2").arg(target, err)));
    if (previousExists)
        QCOMPARE(readAll(target), kPrevious);
    else
        QVERIFY(!QFile::exists(target));
    // No temporary file left behind next to it.
    const QStringList left = QDir(QFileInfo(target).path()).entryList(QDir::Files | QDir::Hidden);
    QVERIFY2(left.size() <= (previousExists ? 1 : 0), qPrintable(left.join(QLatin1String(", "))));
}

void TestExports::successfulWriteReplaces()
{
    // The control: with room to write, the same command replaces the previous file.
    QTemporaryDir dir;
    const QString target = dir.filePath(QStringLiteral("report.json"));
    QFile previous(target);
    QVERIFY(previous.open(QIODevice::WriteOnly));
    previous.write(kPrevious);
    previous.close();
    QProcess cli;
    cli.start(QStringLiteral(OPTCONF_CLI), sweepArguments(QStringLiteral("--json"), target));
    QVERIFY(cli.waitForFinished(300'000));
    QCOMPARE(cli.exitCode(), 0);
    const QByteArray now = readAll(target);
    QVERIFY(now != kPrevious);
    QVERIFY(now.startsWith('{'));
}

void TestExports::specialFilesAreWrittenThrough_data()
{
    QTest::addColumn<QString>("option");
    QTest::addColumn<QString>("fileName");
    QTest::addColumn<QString>("kind");
    for (const auto& [option, fileName] : everyFileOption())
        for (const char* kind : {"character-device", "fifo", "symlink"})
            QTest::newRow(qPrintable(option + QLatin1Char(' ') + QLatin1String(kind)))
                << option << fileName << QString::fromLatin1(kind);
}

void TestExports::specialFilesAreWrittenThrough()
{
    QFETCH(QString, option);
    QFETCH(QString, fileName);
    QFETCH(QString, kind);
    QTemporaryDir dir;
    // The name keeps the extension that picks the format (c.png, report.html...).
    const QString path = dir.filePath(QStringLiteral("special-") + fileName);
    const QByteArray local = path.toLocal8Bit();
    int reader = -1;
    mode_t expected = 0;
    if (kind == QLatin1String("character-device")) {
        if (::geteuid() != 0)
            QSKIP("making a device node needs root (CI runs as root)");
        QVERIFY(::mknod(local.constData(), S_IFCHR | 0666, makedev(1, 3)) == 0); // a null device
        expected = S_IFCHR;
    } else if (kind == QLatin1String("fifo")) {
        QVERIFY(::mkfifo(local.constData(), 0600) == 0);
        // Opened for reading first (non-blocking), so the writer finds a reader; drained while
        // the CLI writes, since a report can be larger than any pipe buffer.
        reader = ::open(local.constData(), O_RDONLY | O_NONBLOCK);
        QVERIFY(reader >= 0);
        expected = S_IFIFO;
    } else {
        QVERIFY(QDir(dir.path()).mkdir(QStringLiteral("real")));
        QVERIFY(::symlink(qPrintable(QStringLiteral("real/") + fileName), local.constData()) == 0);
        expected = S_IFLNK;
    }
    QByteArray received;
    std::atomic<bool> finished{false};
    std::thread drain;
    if (reader >= 0)
        drain = std::thread([&] {
            // Before the writer opens and after it closes, read() gives 0: keep reading until the
            // CLI has exited, then take what is left.
            char buffer[65536];
            for (;;) {
                const bool last = finished.load();
                ssize_t n = 0;
                while ((n = ::read(reader, buffer, sizeof buffer)) > 0)
                    received.append(buffer, n);
                if (last)
                    return;
                std::this_thread::sleep_for(std::chrono::milliseconds(2));
            }
        });
    const CliRun run = runCli(sweepArguments(option, path));
    finished = true;
    if (drain.joinable()) {
        drain.join();
        ::close(reader);
    }
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QCOMPARE(typeOf(path), expected);
    if (kind == QLatin1String("fifo"))
        QVERIFY(!received.isEmpty());
    if (kind == QLatin1String("symlink"))
        QVERIFY(QFileInfo(dir.filePath(QStringLiteral("real/") + fileName)).size() > 0);
}

void TestExports::fullDeviceIsAnError()
{
    if (::geteuid() != 0)
        QSKIP("making a device node needs root (CI runs as root)");
    QTemporaryDir dir;
    const QString full = dir.filePath(QStringLiteral("full"));
    QVERIFY(::mknod(full.toLocal8Bit().constData(), S_IFCHR | 0666, makedev(1, 7)) == 0);
    const CliRun run = runCli(sweepArguments(QStringLiteral("--json"), full));
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains(
                 QByteArray(QByteArray("cannot write ") + full.toLocal8Bit() + ": no space left on device")),
             run.err.constData());
    QCOMPARE(typeOf(full), mode_t(S_IFCHR));
}

void TestExports::outputOverAnInputIsRefused_data()
{
    QTest::addColumn<QString>("option");
    for (const auto& [option, fileName] : fileOptions())
        QTest::newRow(qPrintable(option)) << option;
}

void TestExports::outputOverAnInputIsRefused()
{
    QFETCH(QString, option);
    const QString predictions = g_inputs.last();
    const QByteArray before = readAll(predictions);
    const CliRun run = runCli(sweepArguments(option, predictions));
    QCOMPARE(run.exitCode, 2);
    // A report is refused earlier still, by the extension the input does not have.
    if (option != QLatin1String("--report"))
        QVERIFY2(run.err.contains("is the input"), run.err.constData());
    QCOMPARE(readAll(predictions), before);
}

void TestExports::standardOutputTakesOneOutput()
{
    const QString dash = QStringLiteral("-");
    const CliRun both =
        runCli(sweepArguments(QStringLiteral("--json"), dash) + QStringList{QStringLiteral("--csv"), dash});
    QCOMPARE(both.exitCode, 2);
    QVERIFY2(both.err.contains("both name standard output"), both.err.constData());
    QVERIFY(both.out.isEmpty());

    // --thresholds - writes the thresholds file itself to standard output (not a file named "-").
    QTemporaryDir dir;
    QProcess cli;
    cli.setWorkingDirectory(dir.path());
    cli.start(QStringLiteral(OPTCONF_CLI), sweepArguments(QStringLiteral("--thresholds"), dash));
    QVERIFY(cli.waitForFinished(300'000));
    QCOMPARE(cli.exitCode(), 0);
    QVERIFY(cli.readAllStandardOutput().contains("\"optconf-thresholds\""));
    QVERIFY(!QFile::exists(dir.filePath(dash)));

    // /dev/stdout is standard output too: with stdout redirected to a file, that file holds the
    // report alone (the table, written through the shell's descriptor, would overwrite its start).
    const QString redirected = dir.filePath(QStringLiteral("redirected.json"));
    const CliRun viaPath =
        runCli(sweepArguments(QStringLiteral("--json"), QStringLiteral("/dev/stdout")), redirected);
    QVERIFY2(viaPath.exitCode == 0, viaPath.err.constData());
    QJsonParseError parseError;
    QJsonDocument::fromJson(readAll(redirected), &parseError);
    QCOMPARE(parseError.error, QJsonParseError::NoError);
    const CliRun twice = runCli(sweepArguments(QStringLiteral("--json"), QStringLiteral("/dev/stdout")) +
                                QStringList{QStringLiteral("--csv"), dash});
    QCOMPARE(twice.exitCode, 2);
}

void TestExports::standardOutputErrorsAreReported_data()
{
    QTest::addColumn<QStringList>("extra");
    QTest::newRow("table") << QStringList{};
    QTest::newRow("--json -") << QStringList{QStringLiteral("--json"), QStringLiteral("-")};
    QTest::newRow("--csv -") << QStringList{QStringLiteral("--csv"), QStringLiteral("-")};
    QTest::newRow("--thresholds -") << QStringList{QStringLiteral("--thresholds"), QStringLiteral("-")};
}

void TestExports::standardOutputErrorsAreReported()
{
    QFETCH(QStringList, extra);
    QTemporaryDir dir;
    QString full = QStringLiteral("/dev/full"); // only ever opened for writing: nothing is replaced
    if (::geteuid() == 0) {
        full = dir.filePath(QStringLiteral("full"));
        QVERIFY(::mknod(full.toLocal8Bit().constData(), S_IFCHR | 0666, makedev(1, 7)) == 0);
    }
    QStringList arguments = QStringList{QStringLiteral("sweep")} + g_inputs +
                            QStringList{QStringLiteral("--pred"), QStringLiteral("detector_large")} + extra;
    const CliRun run = runCli(arguments, full);
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains("cannot write to standard output: no space left on device"),
             run.err.constData());
}

void TestExports::paintingPrintsNoQtNoise()
{
    // Root, containers and CI have no XDG_RUNTIME_DIR: Qt's complaint about it is not the CLI's
    // business, and a script reading stderr must see nothing on success.
    QTemporaryDir dir;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("XDG_RUNTIME_DIR"));
    const CliRun run =
        runCli(sweepArguments(QStringLiteral("--report"), dir.filePath(QStringLiteral("r.html"))) +
                   QStringList{QStringLiteral("--chart"), dir.filePath(QStringLiteral("c.png"))},
               {}, env);
    QCOMPARE(run.exitCode, 0);
    QVERIFY2(run.err.isEmpty(), run.err.constData());
}

void TestExports::thresholdsFileNamesSourceClassIds()
{
    // A deployed detector emits COCO category ids (here 1 and 3, not 0 and 1) or YOLO indices:
    // the thresholds file keys its thresholds by those too.
    const QString data = QStringLiteral(OPTCONF_TEST_DATA);
    const CliRun coco = runCli({QStringLiteral("sweep"), data + QStringLiteral("/coco/gt.json"),
                                data + QStringLiteral("/coco/model_a.json"), QStringLiteral("--thresholds"),
                                QStringLiteral("-")});
    QVERIFY2(coco.exitCode == 0, coco.err.constData());
    const QJsonObject file = QJsonDocument::fromJson(coco.out).object();
    const QJsonObject byId = file.value(QStringLiteral("thresholds_by_class_id")).toObject();
    QCOMPARE(byId.keys(), (QStringList{QStringLiteral("1"), QStringLiteral("3")}));
    for (const QJsonValue c : file.value(QStringLiteral("classes")).toArray()) {
        const QJsonObject entry = c.toObject();
        const QString label = entry.value(QStringLiteral("label")).toString();
        QCOMPARE(entry.value(QStringLiteral("class_id")).toInt(), label == QLatin1String("cat") ? 1 : 3);
        QCOMPARE(byId.value(QString::number(entry.value(QStringLiteral("class_id")).toInt())).toDouble(),
                 entry.value(QStringLiteral("threshold")).toDouble());
    }
}

QTEST_GUILESS_MAIN(TestExports)
#include "tst_exports.moc"
