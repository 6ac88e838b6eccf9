// SPDX-License-Identifier: MIT
#pragma once

#include "core/eval/deployed.h"
#include "core/eval/metrics.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace optconf {

/// How per-class thresholds are chosen.
enum class ThresholdRule
{
    Global,      ///< one threshold for every class: the overall optimum
    Independent, ///< each class its own optimum (of its own objective)
    Joint,       ///< the per-class thresholds that together maximise the overall objective
};

std::string ruleName(ThresholdRule rule); ///< "global", "independent", "joint"
std::optional<ThresholdRule> parseRule(std::string_view text);

/// When a class may have a threshold of its own (independent and joint rules; the global rule
/// has none). Defaults keep the thresholds file OptConf has always written for the independent rule.
struct GuardRails
{
    /// Fewer ground-truth objects than this: the class uses the global threshold.
    std::int64_t minGroundTruth = 10;
    /// A class's own threshold must keep at least this many true positives; else it uses the global
    /// threshold. 0 also lets the joint rule suppress a class.
    std::int64_t minTruePositives = 1;
    /// No class threshold below `floor` or above `ceiling` (the global fallback is clamped too).
    std::optional<double> floor;
    std::optional<double> ceiling;
    /// A class with predictions but no ground truth (every box a false positive) keeps nothing.
    bool suppressWithoutGroundTruth = false;
};

/// One class's counts at every threshold it can be given: `lower`, then each distinct score of its
/// predictions above `lower`, ascending. Above the last, nothing is kept: {0, 0, groundTruth}.
struct ClassRows
{
    LabelId label = 0;
    std::int64_t groundTruth = 0;
    std::int64_t predictions = 0;
    std::vector<double> thresholds;
    std::vector<Counts> counts;

    /// Counts at any threshold t >= the first row's (counts change only at the class's scores).
    Counts at(double t) const;
};

/// A counter's rows from `lower` up (every distinct score at or above it).
ClassRows classRows(const ThresholdCounter& counter, LabelId label, double lower);

/// The rows of every class with ground truth or predictions of a run (classwise, without parity).
std::vector<ClassRows> classRows(const EvaluationResult& result);

struct ClassChoice
{
    enum class Source
    {
        Global,     ///< the global threshold (the rule, or a guard rail)
        Own,        ///< chosen for this class by the rule
        Suppressed, ///< keeps nothing
    };
    LabelId label = 0;
    double threshold = 0; ///< kSuppressed when suppressed
    Source source = Source::Global;
    std::string reason; ///< why a guard rail applied; empty otherwise
    std::int64_t groundTruth = 0;
    std::int64_t predictions = 0;
    Counts counts; ///< the class's counts at its threshold
};

struct RuleResult
{
    ThresholdRule rule = ThresholdRule::Global;
    GuardRails rails;
    double globalThreshold = 0;       ///< the overall optimum (before any floor or ceiling)
    std::vector<ClassChoice> classes; ///< in the order of the rows given
    Metrics deployed;                 ///< overall, every class at its threshold
    int iterations = 0;               ///< Dinkelbach passes (joint rule)

    ClassThresholdMap thresholdMap() const;
};

/// The range thresholds are chosen in and the objective they maximise.
struct RuleSettings
{
    double lower = 0;
    double upper = 1;
    Objective objective;
};

/// The global optimum over the rows' summed counts: `lower` and every distinct score in
/// [lower, upper], ties to the lowest; nullopt when the objective is undefined at all of them.
std::optional<Metrics> globalOptimum(const std::vector<ClassRows>& rows, const RuleSettings& settings);

/// Applies a rule. Exact: the joint rule maximises the overall F-beta over every combination of
/// the classes' allowed thresholds, by Dinkelbach's iteration; the overall cost, a sum over
/// classes, is least with each class at its cheapest allowed threshold. A class may take `lower` (or the
/// floor), any of its scores in [lower, upper] (within floor and ceiling) that keeps at least
/// minTruePositives true positives, the global optimum, and, with minTruePositives 0, nothing. Nullopt when
/// there is no global optimum (nothing to deploy).
std::optional<RuleResult> applyRule(const std::vector<ClassRows>& rows, ThresholdRule rule,
                                    const GuardRails& rails, const RuleSettings& settings);

} // namespace optconf
