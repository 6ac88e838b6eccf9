// SPDX-License-Identifier: MIT
#pragma once

#include "core/eval/evaluation.h"

#include <optional>
#include <string>
#include <vector>

namespace optconf {

/// A mean over classes of one per-class figure: plain (macro) and weighted by each class's
/// ground-truth count (support). Classes where the figure is undefined are left out of both; a
/// class without ground truth weighs nothing in the weighted mean.
struct ClassAverage
{
    std::optional<double> macro;
    std::optional<double> weighted;
};

/// Averages over classes of the per-class table's figures (each class at its own optimum, and at
/// the global optimum).
struct ClassAverages
{
    ClassAverage precision, recall, f1, objective; ///< at each class's own exact optimum
    ClassAverage f1AtGlobal;                       ///< at the global exact optimum
    ClassAverage ap50, ap50_95;
};

ClassAverages classAverages(const EvaluationResult& result);

/// The per-class CSV (`--classes-csv`): one row per class (its exact optimum, its F1 at the global
/// optimum, its AP), then a "macro average" and a "weighted average" row. Undefined values are
/// empty cells; numbers are the shortest text that reads back as the same double.
std::string classesCsv(const EvaluationResult& result);

} // namespace optconf
