// SPDX-License-Identifier: MIT
#pragma once

#include "core/eval/deployment.h"
#include "core/output/thresholds_file.h"

#include <QCommandLineParser>
#include <QString>

#include <optional>

namespace optconf::cli {

/// The sweep's deployment options: which rule writes the thresholds file, its guard rails,
/// thresholds to apply, cross-validation and bootstrap.
struct DeploymentArguments
{
    bool requested = false; ///< any of the options below: report the rules, CV and stability
    ThresholdChoice choice;
    DeploymentRequest request;
    std::optional<QString> applyThresholds;
};

void addDeploymentOptions(QCommandLineParser& parser);
/// Reads them; false (with `error` set) when one is malformed.
bool parseDeploymentOptions(const QCommandLineParser& parser, DeploymentArguments& out, QString& error);

} // namespace optconf::cli
