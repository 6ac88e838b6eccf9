// SPDX-License-Identifier: MIT
#pragma once

#include <QStringList>

namespace optconf::cli {

/// Exit codes of optconf-cli.
enum ExitCode
{
    Success = 0,
    InternalError = 1,
    BadInput = 2
};

/// `optconf-cli fields INPUT...`
int fields(const QStringList& arguments);
/// `optconf-cli sweep INPUT... [options]`
int sweep(const QStringList& arguments);
/// `optconf-cli generate --out FOLDER [options]`: the project's synthetic data generator.
int generate(const QStringList& arguments);

} // namespace optconf::cli
