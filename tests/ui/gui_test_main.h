// SPDX-License-Identifier: MIT
#pragma once

#include <QApplication>
#include <QTemporaryDir>
#include <QTest>

/// A deterministic GUI test main: offscreen unless a platform was chosen, 1:1 scaling, and a
/// private settings folder so tests neither read nor write the user's OptConf settings.
#define OPTCONF_UI_TEST_MAIN(TestClass)                                                                      \
    int main(int argc, char** argv)                                                                          \
    {                                                                                                        \
        if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))                                                  \
            qputenv("QT_QPA_PLATFORM", "offscreen");                                                         \
        qputenv("QT_SCALE_FACTOR", "1");                                                                     \
        QTemporaryDir config;                                                                                \
        qputenv("XDG_CONFIG_HOME", config.path().toLocal8Bit());                                             \
        QApplication::setAttribute(Qt::AA_Use96Dpi, true);                                                   \
        QApplication app(argc, argv);                                                                        \
        TestClass test;                                                                                      \
        QTEST_SET_MAIN_SOURCE_PATH                                                                           \
        return QTest::qExec(&test, argc, argv);                                                              \
    }
