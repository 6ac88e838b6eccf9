// SPDX-License-Identifier: MIT
#pragma once

#include "app/cli_commands.h"
#include "core/eval/comparison.h"
#include "core/output/report_json.h"

namespace optconf::cli {

/// True when `sweep` compares models: --pred given more than once, or --pred all.
bool isComparison(const SweepArguments& args);

/// The fields --pred names, "all" expanded to every scored field but the ground truth; the error
/// (printed) when the ground truth cannot be chosen.
std::optional<ComparisonRequest> comparisonRequest(const Dataset& dataset, const SweepArguments& args);

/// `sweep` with two or more models: the comparison table, the per-class comparison and the
/// paired bootstrap on standard output; --json writes comparisonJson(), --report (.html) the
/// comparison report. Returns the exit code.
int runComparison(const Dataset& dataset, SweepArguments& args, const ReportContext& context,
                  std::string& stage);

/// The comparison as the terminal shows it.
std::string comparisonText(const Dataset& dataset, const ComparisonResult& result);

} // namespace optconf::cli
