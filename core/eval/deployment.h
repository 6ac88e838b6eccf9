// SPDX-License-Identifier: MIT
#pragma once

#include "core/eval/bootstrap.h"
#include "core/eval/cross_validation.h"
#include "core/eval/joint_thresholds.h"
#include "core/eval/plateau.h"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace optconf {

/// What to work out about deploying a run's thresholds.
struct DeploymentRequest
{
    GuardRails rails;
    int folds = 5;      ///< 0: no cross-validation
    int replicates = 0; ///< bootstrap replicates; 0: none
    std::uint64_t seed = 0;
    double plateauTolerance = kDefaultPlateauTolerance;
    /// Thresholds to count as given (a thresholds file), with where they came from.
    std::optional<ClassThresholdMap> applied;
    std::string appliedSource;
};

/// The three rules side by side, a given thresholds map's figures, and how far they hold.
struct DeploymentReport
{
    std::vector<RuleResult> rules; ///< global, then independent and joint when the run allows them
    std::string rulesNote;         ///< why only the global rule is offered, empty otherwise
    std::optional<DeployedFigures> applied;
    std::optional<ClassThresholdMap> appliedMap;
    std::string appliedSource;
    std::string appliedNote; ///< why the given thresholds could not be counted
    std::optional<CrossValidationResult> crossValidation;
    std::string crossValidationNote;
    std::optional<BootstrapResult> bootstrap;
    std::optional<Interval> plateau;
    double plateauTolerance = kDefaultPlateauTolerance;
    Objective objective; ///< what the rules optimise (the run's)

    const RuleResult* rule(ThresholdRule r) const;
};

/// Under an objective other than F1, what the rules were chosen by and where each gets it:
/// "Chosen by cost per image (FP 1, FN 5): global 0.4100, independent 0.4000, joint 0.3900."
/// Empty under F1, whose figures the tables show.
std::string objectiveNote(const DeploymentReport& report);

/// Everything above, in the calling thread (the GUI runs it in a worker). `progress` gets a
/// fraction and a stage name and returns false to cancel (then nullopt). Nullopt also when the
/// run has no optimum (nothing to deploy).
std::optional<DeploymentReport>
computeDeployment(const Dataset& dataset, const EvaluationResult& result, const DeploymentRequest& request,
                  const std::function<bool(double, const char*)>& progress = {});

} // namespace optconf
