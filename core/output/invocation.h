// SPDX-License-Identifier: MIT
#pragma once

#include "core/eval/evaluation.h"

#include <string>
#include <vector>

namespace optconf {

/// Shell text of a command: each argument quoted for a POSIX shell where it needs to be.
std::string shellCommandLine(const std::vector<std::string>& arguments);

/// The `optconf-cli sweep` command that runs `request` on `inputs`: how the app states the settings
/// a report was made with, in a form that reproduces it.
std::string equivalentCliCommand(const EvaluationRequest& request, const std::vector<std::string>& inputs);

} // namespace optconf
