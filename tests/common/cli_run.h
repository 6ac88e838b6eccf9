// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QProcess>
#include <QStringList>

namespace optconf::test {

/// What one optconf-cli run gave: its exit code (-1: it did not finish) and its two streams.
struct CliRun
{
    int exitCode = -1;
    QByteArray out, err;
};

/// Runs the optconf-cli this build made (OPTCONF_CLI) with `arguments`, for at most two minutes.
inline CliRun runOptconfCli(const QStringList& arguments)
{
    QProcess p;
    p.start(QStringLiteral(OPTCONF_CLI), arguments);
    if (!p.waitForFinished(120000))
        return {};
    return {p.exitCode(), p.readAllStandardOutput(), p.readAllStandardError()};
}

} // namespace optconf::test
