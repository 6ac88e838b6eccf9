// SPDX-License-Identifier: MIT
#pragma once

#include "core/eval/deployment.h"
#include "core/model/dataset.h"

#include <nlohmann/json.hpp>

#include <string>

namespace optconf {

/// Adds `class_thresholds`, `cross_validation` and `stability` to a JSON report.
void addDeploymentJson(nlohmann::ordered_json& report, const Dataset& dataset,
                       const DeploymentReport& deployment);

/// The deployment tables of the CLI's text report.
std::string deploymentText(const Dataset& dataset, const DeploymentReport& deployment);

} // namespace optconf
