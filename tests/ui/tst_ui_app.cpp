// SPDX-License-Identifier: MIT
// The `optconf` executable: --version, and --example end to end (load, run, grab the window).
#include "gui_test_main.h"

#include <QImage>
#include <QProcess>

class TstApp final : public QObject
{
    Q_OBJECT
private slots:
    void versionPrintsNameAndVersion()
    {
        QProcess p;
        p.start(QStringLiteral(OPTCONF_GUI), {QStringLiteral("--version")});
        QVERIFY(p.waitForFinished(20000));
        QCOMPARE(p.exitCode(), 0);
        QCOMPARE(QString::fromUtf8(p.readAllStandardOutput()),
                 QStringLiteral("optconf " OPTCONF_VERSION "\n"));
    }

    void exampleRunsAndRenders()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString png = dir.filePath(QStringLiteral("shot.png"));
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), dir.path());
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(OPTCONF_GUI),
                {QStringLiteral("--example"), QStringLiteral("--size"), QStringLiteral("1200x800"),
                 QStringLiteral("--screenshot"), png});
        QVERIFY(p.waitForFinished(60000));
        QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
        const QImage image(png);
        QCOMPARE(image.size(), QSize(1200, 800));
    }

    void noDisplayExitsWithOneLine()
    {
        QTemporaryDir dir;
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const char* name : {"QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY"})
            env.remove(QString::fromLatin1(name));
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), dir.path());
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(OPTCONF_GUI), {QStringLiteral("--example")});
        QVERIFY(p.waitForFinished(30000));
        QCOMPARE(p.exitStatus(), QProcess::NormalExit); // not Qt's abort (134)
        QCOMPARE(p.exitCode(), 1);
        const QString err = QString::fromUtf8(p.readAllStandardError()).trimmed();
        QVERIFY2(!err.contains(u'\n'), qPrintable(err));
        QVERIFY2(err.contains(QStringLiteral("cannot open a display")) &&
                     err.contains(QStringLiteral("xvfb-run")) && err.contains(QStringLiteral("optconf-cli")),
                 qPrintable(err));
    }

    void unreadableInputExitsWithFailure()
    {
        QTemporaryDir dir;
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), dir.path());
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(OPTCONF_GUI),
                {QStringLiteral("--run"), dir.filePath(QStringLiteral("missing.json"))});
        QVERIFY(p.waitForFinished(30000));
        QCOMPARE(p.exitCode(), 1);
    }
};

OPTCONF_UI_TEST_MAIN(TstApp)
#include "tst_ui_app.moc"
