// SPDX-License-Identifier: MIT
#pragma once

#include "core/eval/evaluation.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace optconf {

/// Several prediction fields (models) of one dataset against one ground truth, with the same
/// settings, and whether their differences are more than the noise of which images were sampled.
struct ComparisonRequest
{
    /// Ground truth, matching and sweep settings; its predictionField is ignored.
    EvaluationRequest base;
    std::vector<std::string> predictionFields; ///< two or more, in the order to report them
    int bootstrapReplicates = 1000;
    std::uint64_t seed = 1;
    /// The threshold every model is also compared at (a deployed detector's setting).
    double commonThreshold = 0.5;
    double confidenceLevel = 0.95;
};

/// One row of the comparison table.
struct ModelRow
{
    std::string field;
    std::optional<Metrics> optimum; ///< the exact optimum of the total curve
    std::optional<double> ap50, ap50_95;
    /// What deploying the model's thresholds file gives (deployedThresholdsFigures()): its counts
    /// and F1. Empty where per-class thresholds cannot be counted.
    std::optional<Counts> deployedCounts;
    std::optional<double> deployedF1;
};

/// One class: its F1 under each model's global optimum (what deploying that model's one
/// threshold gives the class), and which model does best.
struct ClassComparisonRow
{
    LabelId label = 0;
    std::string name;
    std::vector<std::optional<double>> f1; ///< per model; empty when undefined or the class is absent
    std::optional<std::size_t> winner;     ///< index of the highest F1 (the first on ties)
};

/// Paired bootstrap of F1(b) - F1(a) at fixed thresholds.
struct BootstrapEstimate
{
    double thresholdA = 0, thresholdB = 0;
    double difference = 0; ///< observed: F1(b) - F1(a) on every image once
    double lower = 0, upper = 0;
    double winShareA = 0, winShareB = 0; ///< replicates where a (b) has the strictly higher F1
};

struct PairComparison
{
    std::size_t a = 0, b = 0; ///< indices into the models
    /// Each model at its own exact optimum; empty when either has none.
    std::optional<BootstrapEstimate> atOptimum;
    BootstrapEstimate atCommon; ///< both at ComparisonRequest::commonThreshold
};

struct ComparisonResult
{
    ComparisonRequest request;
    std::vector<EvaluationResult> models; ///< each equal to evaluate() of that field alone
    std::vector<ModelRow> rows;
    std::vector<ClassComparisonRow> classes; ///< the union of the models' classes, sorted by name
    std::vector<PairComparison> pairs;       ///< every (i, j) with i < j
};

/// What a comparison is doing, for progress bars: matching takes most of the time.
struct ComparisonProgress
{
    double fraction = 0; ///< of the whole comparison, in [0, 1]
    std::string stage;   ///< "matching", "sweeping", "bootstrap"
};
/// Return false to cancel.
using ComparisonCallback = std::function<bool(const ComparisonProgress&)>;

/// Why the request cannot run, or nullopt: validate() of every model, fewer than two models, a
/// field named twice, bad bootstrap settings.
std::optional<std::string> validate(const Dataset& dataset, const ComparisonRequest& request);

/// Matches every model once (all models' images shared out among all cores), sweeps each, and
/// bootstraps every pair. Returns nullopt when cancelled. Precondition: validate() returned nullopt.
std::optional<ComparisonResult> compare(const Dataset& dataset, const ComparisonRequest& request,
                                        const ComparisonCallback& progress = {});

/// What deploying a run's per-class thresholds gives overall, by the rule and guard rails of the
/// thresholds file a single run writes by default (independent: each class its own optimum, with
/// GuardRails' defaults), counted by deployedFigures(). Nullopt when there is nothing to deploy or
/// the thresholds differ by class and the run ties the classes (perClassRefusal()).
std::optional<Metrics> deployedThresholdsFigures(const EvaluationResult& result);

/// "B better than A by 0.021 F1, 95 % CI [0.012, 0.030]" (or "no clear difference ..." when the
/// interval contains 0).
std::string plainStatement(const std::string& a, const std::string& b, const BootstrapEstimate& e,
                           double confidenceLevel);

} // namespace optconf
