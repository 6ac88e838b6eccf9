// SPDX-License-Identifier: MIT
#pragma once

#include <QApplication>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

/// A deterministic GUI test main: offscreen unless a platform was chosen, 1:1 scaling, and a
/// private settings folder so tests neither read nor write the user's OptConf settings. The
/// offscreen screen is 1600 x 1000 (its default, 800 x 600, is smaller than the window's default
/// size, which the window would then shrink to fit).
#define OPTCONF_UI_TEST_MAIN(TestClass)                                                                      \
    int main(int argc, char** argv)                                                                          \
    {                                                                                                        \
        QTemporaryDir config;                                                                                \
        const QByteArray platform = qgetenv("QT_QPA_PLATFORM");                                              \
        if (platform.isEmpty() || platform == "offscreen") {                                                 \
            const QString screens = config.filePath(QStringLiteral("offscreen.json"));                       \
            QFile file(screens);                                                                             \
            if (file.open(QIODevice::WriteOnly))                                                             \
                file.write("{\"screens\": [{\"name\": \"test\", \"x\": 0, \"y\": 0, \"width\": 1600, "       \
                           "\"height\": 1000, \"logicalDpi\": 96, \"logicalBaseDpi\": 96, \"dpr\": 1}]}");   \
            file.close();                                                                                    \
            qputenv("QT_QPA_PLATFORM", "offscreen:configfile=" + screens.toLocal8Bit());                     \
        }                                                                                                    \
        qputenv("QT_SCALE_FACTOR", "1");                                                                     \
        qputenv("XDG_CONFIG_HOME", config.path().toLocal8Bit());                                             \
        QApplication::setAttribute(Qt::AA_Use96Dpi, true);                                                   \
        QApplication app(argc, argv);                                                                        \
        TestClass test;                                                                                      \
        QTEST_SET_MAIN_SOURCE_PATH                                                                           \
        return QTest::qExec(&test, argc, argv);                                                              \
    }
