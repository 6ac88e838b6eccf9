// SPDX-License-Identifier: MIT
#include "core/output/thresholds_reader.h"

#include <nlohmann/json.hpp>

#include <cmath>

namespace optconf {

std::variant<ReadThresholds, std::string> parseThresholdsFile(const std::string& text,
                                                              const std::string& path, const Dataset& dataset)
{
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(text);
    } catch (const nlohmann::json::parse_error& e) {
        return path + ": not JSON (byte " + std::to_string(e.byte) + ")";
    }
    if (!j.is_object() || !j.contains("thresholds") || !j["thresholds"].is_object())
        return path + ": no \"thresholds\" object (label -> threshold): not a thresholds file";
    ReadThresholds out;
    if (j.contains("default_threshold")) {
        if (!j["default_threshold"].is_number())
            return path + ": \"default_threshold\" must be a number";
        out.map.defaultThreshold = j["default_threshold"].get<double>();
    } else {
        out.map.defaultThreshold = 0;
        out.warnings.push_back("no default_threshold: labels not listed keep every prediction (threshold 0)");
    }
    for (const auto& [label, value] : j["thresholds"].items()) {
        if (!value.is_number() || !std::isfinite(value.get<double>()))
            return path + ": \"thresholds\" / \"" + label + "\" must be a number";
        bool found = false;
        for (std::size_t l = 0; l < dataset.labels.size(); ++l)
            if (dataset.labels[l] == label) {
                out.map.byLabel[static_cast<LabelId>(l)] = value.get<double>();
                found = true;
            }
        if (!found)
            out.warnings.push_back("label '" + label + "' of " + path + " is not in the dataset");
    }
    return out;
}

} // namespace optconf
