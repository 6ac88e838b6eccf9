// SPDX-License-Identifier: MIT
#pragma once

#include "core/eval/evaluation.h"
#include "core/eval/joint_thresholds.h"
#include "core/output/report_json.h"

#include <optional>
#include <string>
#include <vector>

namespace optconf {

/// A class gets its own exact optimum only with at least this many ground-truth objects (and an
/// optimum with at least one true positive); every other class uses the global threshold.
inline constexpr std::int64_t kMinGroundTruthForClassThreshold = 10;

struct DeployedThreshold
{
    LabelId classIndex = 0; ///< the class's position in the dataset's label list
    std::string label;
    double threshold = 0;
    bool fromClass = false; ///< its own optimum (true) or the global one (false)
    std::int64_t groundTruth = 0;
    std::string reason; ///< why the global threshold was used, empty otherwise
    /// What made the threshold, when not the independent rule's "class optimum" / "global optimum".
    std::string source;
    bool suppressed = false; ///< keeps nothing: `threshold` lies above every score
    /// The objective (F1, or F-beta) and its counts at `threshold`; empty when undefined there.
    std::optional<Metrics> at;
};

struct DeployableThresholds
{
    double globalThreshold = 0;
    std::vector<DeployedThreshold> classes; ///< in the sweep's class order
};

/// Applies the rule above. Nullopt when the run has no global optimum (nothing to deploy).
std::optional<DeployableThresholds>
deployableThresholds(const EvaluationResult& result,
                     std::int64_t minGroundTruth = kMinGroundTruthForClassThreshold);

/// Which rule writes the thresholds file, and its guard rails. The default is the file OptConf has
/// always written: each class its own optimum (independent), with its guard rails.
struct ThresholdChoice
{
    ThresholdRule rule = ThresholdRule::Independent;
    GuardRails rails;
    bool isDefault() const;
};

/// The thresholds of any rule, as the file writes them; a suppressed class gets a threshold just
/// above both 1 and every score it has. Nullopt when there is nothing to deploy, or when the rule
/// needs classes that are independent and the run ties them (perClassRefusal()).
std::optional<DeployableThresholds> deployableThresholds(const EvaluationResult& result,
                                                         const ThresholdChoice& choice);

/// Lowest confidence of the prediction field's scored objects of each label (index = LabelId);
/// nullopt for a label with none.
std::vector<std::optional<double>> lowestScores(const Dataset& dataset, const std::string& predictionField);

/// What a user must know before deploying the thresholds: each class whose threshold lies below
/// the lowest score the model produced for it (the evaluation saw nothing there: a model run
/// with a lower confidence cutoff emits boxes this threshold keeps that were never evaluated).
std::vector<std::string> thresholdWarnings(const Dataset& dataset, const EvaluationResult& result);

/// The JSON text of the thresholds file ("optconf-thresholds" format, version 1); `created` is an
/// ISO 8601 timestamp. Empty when deployableThresholds() is empty.
std::string thresholdsJson(const Dataset& dataset, const EvaluationResult& result,
                           const ReportContext& context, const std::string& created);
/// The same, with the thresholds of `choice`; empty when that rule has nothing to deploy.
std::string thresholdsJson(const Dataset& dataset, const EvaluationResult& result,
                           const ReportContext& context, const std::string& created,
                           const ThresholdChoice& choice);

} // namespace optconf
