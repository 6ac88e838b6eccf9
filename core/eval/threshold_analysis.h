// SPDX-License-Identifier: MIT
#pragma once

#include "core/eval/confusion.h"
#include "core/eval/error_types.h"
#include "core/eval/evaluation.h"
#include "core/eval/iou_curves.h"
#include "core/eval/score_histogram.h"
#include "core/eval/size_breakdown.h"

#include <optional>

namespace optconf {

/// Why the errors at a threshold happen: the confusion matrix, the TIDE error types, the TP/FP
/// score histogram, the counts per object size and F1 at the AP IoU thresholds of a run, each
/// answering any threshold without matching again.
struct ThresholdAnalysis
{
    ConfusionMatrix confusion;
    ErrorAnalysis errors;
    ScoreHistogram histogram;
    SizeBreakdown sizes;
    IouCurves iouCurves;
};

/// More matching passes over the run's fields, each in parallel over images (class-agnostic for
/// the matrix, the run's own for the error types, per object size, per AP IoU threshold) and the
/// histogram of the run's scores.
ThresholdAnalysis analyseThresholds(const Dataset& dataset, const EvaluationResult& result);

/// The threshold the reports show these at by default: the exact optimum, else the grid's lowest.
double defaultAnalysisThreshold(const EvaluationResult& result);

} // namespace optconf
