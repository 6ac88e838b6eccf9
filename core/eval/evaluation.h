// SPDX-License-Identifier: MIT
#pragma once

#include "core/eval/average_precision.h"
#include "core/eval/matching.h"
#include "core/eval/sweep.h"
#include "core/model/dataset.h"

#include <functional>
#include <optional>
#include <string>

namespace optconf {

/// Everything a run needs, as a value: what to compare and how.
struct EvaluationRequest
{
    std::string groundTruthField;
    std::string predictionField;
    MatchOptions match;
    SweepOptions sweep;
};

struct EvaluationResult
{
    EvaluationRequest request;
    MatchResult match;
    SweepResult sweep;
    AveragePrecision ap;
    std::size_t imageCount = 0;
};

/// Stages a run goes through, for progress and for the benchmark's --stop-after.
enum class EvaluationStage
{
    Match,
    Sweep, ///< the total and the per-class curves
    AveragePrecision
};

struct EvaluationProgress
{
    EvaluationStage stage;
    double fraction; ///< of the whole run, in [0, 1]
    std::size_t imagesDone = 0;
    std::size_t imageCount = 0;
    /// The total curve over the images matched so far (progressive refinement), when available.
    const Curve* partialCurve = nullptr;
};

/// Return false to cancel.
using EvaluationCallback = std::function<bool(const EvaluationProgress&)>;

/// Most per-class grid rows (classes x steps) a run may ask for: about 0.5 GB of curves, and more
/// again in a report. validate() refuses more, naming the largest number of steps that fits.
inline constexpr long long kMaxPerClassGridRows = 5'000'000;

/// Why an objective cannot be optimised (beta not positive, a negative or non-finite cost, both
/// costs zero), or nullopt.
std::optional<std::string> objectiveProblem(const Objective& objective);

/// A request that cannot run: names of fields missing, same field twice, bad bounds...
std::optional<std::string> validate(const Dataset& dataset, const EvaluationRequest& request);

/// Runs match, sweep, per-class curves and AP. Returns nullopt when cancelled.
/// Precondition: validate() returned nullopt.
std::optional<EvaluationResult> evaluate(const Dataset& dataset, const EvaluationRequest& request,
                                         const EvaluationCallback& progress = {},
                                         std::size_t partialCurveEveryImages = 0);

} // namespace optconf
