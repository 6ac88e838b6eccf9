// SPDX-License-Identifier: MIT
// OutputFile and outputConflict: what every writer does to the path it is given. Device nodes and
// FIFOs are made by the test in its own folder (never the machine's /dev), which needs root for
// the device nodes: CI runs as root; elsewhere those cases are skipped.
#include "core/output/output_file.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <string>

using namespace optconf;
namespace fs = std::filesystem;

/// Passes when `expr` (an optional message) is empty, and shows the message when it is not.
#define VERIFY_NO_ERROR(expr)                                                                                \
    do {                                                                                                     \
        const auto error_ = (expr);                                                                          \
        QVERIFY2(!error_, error_ ? error_->c_str() : "");                                                    \
    } while (false)

namespace {

std::string contents(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return "<unreadable>";
    return f.readAll().toStdString();
}

void makeFile(const QString& path, const QByteArray& bytes)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(bytes);
}

fs::path p(const QString& path)
{
    return fs::path(path.toStdString());
}

mode_t typeOf(const QString& path)
{
    struct stat st
    {};
    return ::lstat(path.toLocal8Bit().constData(), &st) == 0 ? (st.st_mode & S_IFMT) : 0;
}

/// A character device node like /dev/null (1,3) or /dev/full (1,7), in the test's own folder.
bool makeCharacterDevice(const QString& path, unsigned minor)
{
    return ::mknod(path.toLocal8Bit().constData(), S_IFCHR | 0666, makedev(1, minor)) == 0;
}

} // namespace

class TestOutputFile : public QObject
{
    Q_OBJECT

private slots:
    void regularFileIsReplacedAndKeepsItsPermissions()
    {
        QTemporaryDir dir;
        const QString target = dir.filePath(QStringLiteral("report.json"));
        makeFile(target, "old contents");
        QVERIFY(QFile::setPermissions(target, QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup));
        VERIFY_NO_ERROR(OutputFile::write(p(target), "new"));
        QCOMPARE(contents(target), std::string("new"));
        QCOMPARE(QFileInfo(target).permissions() & (QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup |
                                                    QFile::ReadOther | QFile::WriteGroup),
                 QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup);
        // No temporary file is left beside it.
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden).size(), 1);
    }

    void newFileIsCreated()
    {
        QTemporaryDir dir;
        const QString target = dir.filePath(QStringLiteral("new.csv"));
        VERIFY_NO_ERROR(OutputFile::write(p(target), "a,b\n"));
        QCOMPARE(contents(target), std::string("a,b\n"));
    }

    void symlinkTargetIsWrittenAndTheLinkKept()
    {
        QTemporaryDir dir;
        QVERIFY(QDir(dir.path()).mkdir(QStringLiteral("real")));
        const QString target = dir.filePath(QStringLiteral("real/target.json"));
        makeFile(target, "old");
        const QString link = dir.filePath(QStringLiteral("link.json"));
        // Relative, as `ln -s real/target.json link.json` makes it.
        QVERIFY(::symlink("real/target.json", link.toLocal8Bit().constData()) == 0);
        VERIFY_NO_ERROR(OutputFile::write(p(link), "through the link"));
        QCOMPARE(typeOf(link), mode_t(S_IFLNK));
        QCOMPARE(contents(target), std::string("through the link"));

        // A dangling link: its target is created, the link stays a link.
        const QString dangling = dir.filePath(QStringLiteral("dangling.json"));
        QVERIFY(::symlink("real/missing.json", dangling.toLocal8Bit().constData()) == 0);
        VERIFY_NO_ERROR(OutputFile::write(p(dangling), "created"));
        QCOMPARE(typeOf(dangling), mode_t(S_IFLNK));
        QCOMPARE(contents(dir.filePath(QStringLiteral("real/missing.json"))), std::string("created"));
    }

    void characterDeviceIsWrittenThroughNotReplaced()
    {
        if (::geteuid() != 0)
            QSKIP("making device nodes needs root (CI runs as root)");
        QTemporaryDir dir;
        const QString null = dir.filePath(QStringLiteral("null"));
        QVERIFY(makeCharacterDevice(null, 3));
        VERIFY_NO_ERROR(OutputFile::write(p(null), "report"));
        QCOMPARE(typeOf(null), mode_t(S_IFCHR));

        // A device that refuses the bytes: the system's reason, and the node is untouched.
        const QString full = dir.filePath(QStringLiteral("full"));
        QVERIFY(makeCharacterDevice(full, 7));
        const auto error = OutputFile::write(p(full), "report");
        QVERIFY(error);
        QVERIFY2(error->find("cannot write " + full.toStdString() + ": no space left on device") == 0,
                 error->c_str());
        QCOMPARE(typeOf(full), mode_t(S_IFCHR));
    }

    void blockDeviceIsRefused()
    {
        if (::geteuid() != 0)
            QSKIP("making device nodes needs root (CI runs as root)");
        QTemporaryDir dir;
        const QString disk = dir.filePath(QStringLiteral("disk"));
        // A loop device's numbers; nothing is ever opened, the type alone refuses it.
        QVERIFY(::mknod(disk.toLocal8Bit().constData(), S_IFBLK | 0600, makedev(7, 0)) == 0);
        const auto error = OutputFile::write(p(disk), "report");
        QVERIFY(error);
        QVERIFY2(error->find("block device") != std::string::npos, error->c_str());
        QCOMPARE(typeOf(disk), mode_t(S_IFBLK));
    }

    void fifoWithReaderIsWrittenThrough()
    {
        QTemporaryDir dir;
        const QString fifo = dir.filePath(QStringLiteral("pipe"));
        QVERIFY(::mkfifo(fifo.toLocal8Bit().constData(), 0600) == 0);
        const int reader = ::open(fifo.toLocal8Bit().constData(), O_RDONLY | O_NONBLOCK);
        QVERIFY(reader >= 0);
        std::string received;
        VERIFY_NO_ERROR(OutputFile::write(p(fifo), "through the pipe"));
        char buffer[64];
        ssize_t n = 0;
        while ((n = ::read(reader, buffer, sizeof buffer)) > 0)
            received.append(buffer, static_cast<std::size_t>(n));
        ::close(reader);
        QCOMPARE(received, std::string("through the pipe"));
        QCOMPARE(typeOf(fifo), mode_t(S_IFIFO));
    }

    void fifoWithoutReaderIsRefusedAtOnce()
    {
        QTemporaryDir dir;
        const QString fifo = dir.filePath(QStringLiteral("pipe"));
        QVERIFY(::mkfifo(fifo.toLocal8Bit().constData(), 0600) == 0);
        const auto error = OutputFile::write(p(fifo), "report"); // must not wait for a reader
        QVERIFY(error);
        QVERIFY2(error->find("nothing is reading from it") != std::string::npos, error->c_str());
        QCOMPARE(typeOf(fifo), mode_t(S_IFIFO));
    }

    void unwritableTargetsSayWhy_data()
    {
        QTest::addColumn<QString>("relative");
        QTest::addColumn<QString>("cause");
        QTest::newRow("folder") << QStringLiteral("sub") << QStringLiteral("it is a folder");
        QTest::newRow("missing folder")
            << QStringLiteral("nowhere/x.json") << QStringLiteral("does not exist");
        QTest::newRow("file as folder")
            << QStringLiteral("file.txt/x.json") << QStringLiteral("file.txt is not a folder");
    }

    void unwritableTargetsSayWhy()
    {
        QFETCH(QString, relative);
        QFETCH(QString, cause);
        QTemporaryDir dir;
        QVERIFY(QDir(dir.path()).mkdir(QStringLiteral("sub")));
        makeFile(dir.filePath(QStringLiteral("file.txt")), "keep me");
        const QString target = dir.filePath(relative);
        const auto error = OutputFile::write(p(target), "x");
        QVERIFY(error);
        QVERIFY2(error->find("cannot write " + target.toStdString() + ": ") == 0, error->c_str());
        QVERIFY2(error->find(cause.toStdString()) != std::string::npos, error->c_str());
        QCOMPARE(contents(dir.filePath(QStringLiteral("file.txt"))), std::string("keep me"));
    }

    void readOnlyFolderLeavesTheFile()
    {
        if (::geteuid() == 0)
            QSKIP("root may write anywhere");
        QTemporaryDir dir;
        const QString target = dir.filePath(QStringLiteral("r.json"));
        makeFile(target, "old");
        QVERIFY(QFile::setPermissions(dir.path(), QFile::ReadOwner | QFile::ExeOwner));
        const auto error = OutputFile::write(p(target), "new");
        QFile::setPermissions(dir.path(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        QVERIFY(error);
        QVERIFY2(error->find("permission denied") != std::string::npos, error->c_str());
        QCOMPARE(contents(target), std::string("old"));
    }

    void outputsNeverReplaceInputs()
    {
        QTemporaryDir dir;
        const QString gt = dir.filePath(QStringLiteral("gt.json"));
        const QString det = dir.filePath(QStringLiteral("det.json"));
        makeFile(gt, "{}");
        makeFile(det, "[]");
        QVERIFY(QDir(dir.path()).mkdir(QStringLiteral("labels")));
        QVERIFY(::symlink("det.json", dir.filePath(QStringLiteral("alias.json")).toLocal8Bit().constData()) ==
                0);
        const std::vector<fs::path> inputs = {p(gt), p(det), p(dir.filePath(QStringLiteral("labels/")))};
        auto conflict = [&](std::vector<std::pair<std::string, std::string>> outputs) {
            return outputConflict(inputs, outputs);
        };
        const auto same = conflict({{"--json", det.toStdString()}});
        QVERIFY(same);
        QVERIFY2(same->find("--json " + det.toStdString() + " is the input") == 0, same->c_str());
        // Another spelling of the same file, and a link to it.
        QVERIFY(conflict({{"--csv", dir.filePath(QStringLiteral("labels/../det.json")).toStdString()}}));
        QVERIFY(conflict({{"--csv", dir.filePath(QStringLiteral("alias.json")).toStdString()}}));
        // Inside an input folder: the next load would read it.
        const auto inside =
            conflict({{"--json", dir.filePath(QStringLiteral("labels/r.json")).toStdString()}});
        QVERIFY(inside);
        QVERIFY2(inside->find("inside the input folder") != std::string::npos, inside->c_str());
        // Fine: a new file beside the inputs.
        VERIFY_NO_ERROR(conflict({{"--json", dir.filePath(QStringLiteral("report.json")).toStdString()}}));
    }

    void outputsNeverShareAFileOrStandardOutput()
    {
        QTemporaryDir dir;
        const std::string a = dir.filePath(QStringLiteral("a.json")).toStdString();
        const auto twice = outputConflict({}, {{"--json", "-"}, {"--thresholds", "-"}});
        QVERIFY(twice);
        QVERIFY2(twice->find("--json and --thresholds both name standard output") == 0, twice->c_str());
        QVERIFY(outputConflict({}, {{"--json", a}, {"--csv", a}}));
        VERIFY_NO_ERROR(outputConflict({}, {{"--json", a}, {"--csv", "-"}}));
        if (::geteuid() == 0) { // many outputs into one null device is how timings are taken
            const QString null = dir.filePath(QStringLiteral("null"));
            QVERIFY(makeCharacterDevice(null, 3));
            VERIFY_NO_ERROR(
                outputConflict({}, {{"--json", null.toStdString()}, {"--csv", null.toStdString()}}));
        }
    }
};

QTEST_GUILESS_MAIN(TestOutputFile)
#include "tst_output_file.moc"
