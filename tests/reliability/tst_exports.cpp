// SPDX-License-Identifier: MIT
// A failing export never destroys the file it was to replace and is reported: optconf-cli sweep
// --json/--csv (and the other file outputs the CLI has) against a full disk (simulated with a
// file-size limit, RLIMIT_FSIZE, which makes write() fail with EFBIG exactly as ENOSPC would, and
// works as root too), a folder that does not exist, and a read-only folder (not as root, which
// writes anyway). Each time: exit code 2, a message naming the path, the previous file unchanged.
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <unistd.h>

class TestExports : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void failingWrite_data();
    void failingWrite();
    void successfulWriteReplaces();
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

QTEST_GUILESS_MAIN(TestExports)
#include "tst_exports.moc"
