// SPDX-License-Identifier: MIT
#pragma once

#include "core/eval/deployed.h"
#include "core/model/dataset.h"

#include <string>
#include <variant>
#include <vector>

namespace optconf {

struct ReadThresholds
{
    ClassThresholdMap map;
    std::vector<std::string> warnings; ///< labels of the file the dataset does not have
};

/// Reads an "optconf-thresholds" file's text (or any JSON object with `thresholds`: label ->
/// number, and optionally `default_threshold`), mapping labels to the dataset's by name.
/// Returns the message naming `path`, the place and the cause when it cannot.
std::variant<ReadThresholds, std::string>
parseThresholdsFile(const std::string& text, const std::string& path, const Dataset& dataset);

} // namespace optconf
