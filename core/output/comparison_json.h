// SPDX-License-Identifier: MIT
#pragma once

#include "core/eval/comparison.h"
#include "core/output/report_json.h"

#include <optional>
#include <string>

namespace optconf {

/// The `optconf-cli sweep --pred A --pred B --json` report: `models`, each model's own report
/// exactly as reportJson() writes it alone (indented one level deeper), then `comparison`: the
/// table, the per-class comparison and the bootstrap of every pair.
std::string comparisonJson(const Dataset& dataset, const ComparisonResult& result,
                           const ReportContext& context, std::optional<double> analysisAt = std::nullopt);

} // namespace optconf
