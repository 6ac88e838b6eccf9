// SPDX-License-Identifier: MIT
#pragma once

#include "core/eval/matching.h"
#include "core/eval/metrics.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace optconf {

/// numpy.linspace(lower, upper, steps), bit for bit: lower + i * ((upper - lower) / (steps - 1)),
/// the last value exactly `upper`; steps == 1 gives {lower}.
std::vector<double> linspace(double lower, double upper, int steps);

struct Curve;
struct SweepOptions;
struct SweepResult;

/// TP, FP and FN at any threshold, from one matching pass: sorted scores answer each query with
/// binary searches (semantics.md §4).
class ThresholdCounter
{
public:
    ThresholdCounter() = default;
    /// `label`: only records of this label; empty for all (micro totals).
    ThresholdCounter(const MatchResult& match, std::optional<LabelId> label, bool pluginParity);
    /// Marks scores that come sorted ascending already.
    struct Sorted
    {};
    /// From the scores themselves, each ascending: true and false positives, the objects'
    /// recoveredAt and (plugin parity only) imageMaxScore.
    ThresholdCounter(Sorted, std::vector<double> tpScores, std::vector<double> fpScores,
                     std::vector<double> recoveredAt, std::vector<double> imageMaxScore, bool pluginParity);

    Counts at(double threshold) const;
    /// Every distinct score of a counted prediction, ascending.
    std::vector<double> distinctScores() const;
    std::int64_t groundTruthCount() const { return static_cast<std::int64_t>(m_recoveredAt.size()); }
    std::int64_t predictionCount() const
    {
        return static_cast<std::int64_t>(m_tpScores.size() + m_fpScores.size());
    }

    /// Calls f(threshold, counts) at `lo` (unless `lo` is itself a score) and at every distinct
    /// score in [lo, hi], ascending: the rows of Curve::exact, in one merge pass. Defined in
    /// sweep.cpp, the only place that instantiates it.
    template<class F>
    void forEachExact(double lo, double hi, F&& f) const;

private:
    std::vector<double> m_tpScores, m_fpScores; // ascending
    std::vector<double> m_recoveredAt;          // ascending; -inf for never recovered
    std::vector<double> m_imageMaxScore;        // ascending; only with plugin parity
    bool m_pluginParity = false;
};

struct SweepOptions
{
    double lower = 0.0;
    double upper = 1.0;
    int steps = 101;
    bool pluginParity = false;
    Objective objective;
    /// Operating points: highest recall with precision >= p, highest precision with recall >= r.
    std::optional<double> minPrecision;
    std::optional<double> minRecall;
    bool perClass = true;
    /// Keep every exact row in Curve::exact (88 bytes per distinct score: the largest allocation of
    /// a big run). Without, the exact optimum and the operating points are found in one streaming
    /// pass and Curve::exact stays empty: for front ends that only report the optima.
    bool keepExactRows = true;
    /// Keep each class's ThresholdCounter in ClassCurve::counter (the sweep builds them anyway and
    /// drops them once the class is done): exact per-class counts at any threshold and each
    /// class's precision-recall rows on demand, for a front end that explores classes.
    bool keepClassCounters = false;
    /// Keep the total ThresholdCounter in SweepResult::totalCounter, for the same reason: the
    /// figures at any threshold (a slider) without sorting every score again.
    bool keepTotalCounter = false;
};

/// A curve over thresholds with its optima.
struct Curve
{
    std::vector<Metrics> grid;  ///< at every user grid threshold
    std::vector<Metrics> exact; ///< at `lower` and every distinct score in [lower, upper], ascending
                                ///< (empty unless SweepOptions::keepExactRows)
    /// Grid optimum of the objective (lowest threshold on ties); rows with undefined F1
    /// (TP + FP + FN = 0) never win, and when every row is undefined there is none.
    std::optional<Metrics> best;
    std::optional<Metrics> optimum; ///< exact optimum over `exact`, by the same rules
};

struct ClassCurve
{
    LabelId label = 0;
    std::string name;
    std::int64_t groundTruth = 0; ///< objects that count for recall
    std::int64_t predictions = 0; ///< scored predictions counted as TP or FP
    Curve curve;
    /// This class's figures at the global exact optimum: what deploying one threshold gives it.
    std::optional<Metrics> atGlobalOptimum;
    /// The class's counts at any threshold; only with SweepOptions::keepClassCounters.
    std::shared_ptr<const ThresholdCounter> counter;
};

struct OperatingPoints
{
    std::optional<Metrics> maxRecallAtPrecision; ///< empty when no threshold reaches the precision
    std::optional<Metrics> maxPrecisionAtRecall;
};

struct SweepResult
{
    SweepOptions options;
    std::vector<double> thresholds; ///< the user grid
    Curve total;
    std::vector<ClassCurve> classes; ///< labels with any GT or prediction, in label id order
    OperatingPoints operatingPoints;
    /// The total's counts at any threshold; only with SweepOptions::keepTotalCounter.
    std::shared_ptr<const ThresholdCounter> totalCounter;
};

/// The class with this label in `sweep.classes`, or null when the run has none.
const ClassCurve* findClass(const SweepResult& sweep, LabelId label);

/// Computes the curves from one matching pass.
SweepResult sweep(const MatchResult& match, const std::vector<std::string>& labelNames,
                  const SweepOptions& options);

/// Curve of one counter over the grid and the exact thresholds.
Curve computeCurve(const ThresholdCounter& counter, const std::vector<double>& grid,
                   const SweepOptions& options);

/// Metrics at one threshold (for a slider): instant, no re-matching.
Metrics metricsAt(const ThresholdCounter& counter, double threshold, const Objective& objective);

/// The rows of Curve::exact for `counter` within the options' bounds, or, when there are more than
/// `maxRows` (>= 2), every n-th of them with the first and the last always kept: a curve to draw
/// without holding millions of rows.
std::vector<Metrics> exactRows(const ThresholdCounter& counter, const SweepOptions& options,
                               std::size_t maxRows);

} // namespace optconf
