// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace optconf {

struct Counts
{
    std::int64_t tp = 0, fp = 0, fn = 0;
    friend bool operator==(const Counts&, const Counts&) = default;
};

/// What the sweep optimises: F-beta (maximised; F1 is beta = 1), or the cost of the errors,
/// costFp * FP + costFn * FN per image (minimised).
struct Objective
{
    enum class Kind
    {
        FBeta,
        Cost,
    };
    double beta = 1.0; ///< first, so that Objective{2.0} is F2
    Kind kind = Kind::FBeta;
    double costFp = 1.0; ///< cost objective: the price of one false positive
    double costFn = 1.0; ///< cost objective: the price of one missed object
    /// Cost objective: the images the cost is divided by, the run's (set by evaluate()); 0 gives
    /// the total cost. The same divisor at every threshold, so it never moves an optimum.
    std::int64_t images = 0;

    bool isF1() const { return kind == Kind::FBeta && beta == 1.0; }
    bool isCost() const { return kind == Kind::Cost; }
    /// Whether objective value `a` beats `b`: higher F-beta, lower cost. Every optimum keeps the
    /// first row that nothing later beats, so ties go to the lowest threshold under either kind.
    bool better(double a, double b) const { return isCost() ? a < b : a > b; }
    std::string name() const; ///< "F1" or "F2", "F0.5"..., or "cost"
    std::string spec() const; ///< as --objective takes it: "f1", "fbeta:2", "cost:1,5"
    /// For a sentence: "F2", or "cost per image (FP 1, FN 5)".
    std::string describe() const;
};

/// The figures at one threshold. Undefined ratios are empty optionals (JSON null, no chart point).
struct Metrics
{
    double threshold = 0;
    Counts counts;
    std::optional<double> precision; ///< undefined when nothing is kept
    std::optional<double> recall;    ///< undefined when there is nothing to find
    double f1 = 0;                   ///< 0 when TP+FP+FN = 0, flagged by f1Defined
    bool f1Defined = false;          ///< false: JSON null, "-" in tables, never an optimum
    double objective = 0;            ///< the chosen objective: F-beta (equal to f1 for F1) or the cost
};

/// semantics.md §2: P, R, F1 and F-beta from counts.
Metrics metricsAt(double threshold, const Counts& c, const Objective& objective);

/// F1 from counts: the plugin's tp / (tp + 0.5 (fp + fn)), written as 2TP / (2TP + FP + FN), the
/// same value; 0 when TP + FP + FN = 0.
inline double f1At(const Counts& c)
{
    const auto tp = static_cast<double>(c.tp);
    const auto fp = static_cast<double>(c.fp);
    const auto fn = static_cast<double>(c.fn);
    return c.tp + c.fp + c.fn > 0 ? 2.0 * tp / (2.0 * tp + fp + fn) : 0.0;
}

/// metricsAt(t, c, objective).objective alone, the same double: the sweep compares it at every
/// distinct score (hundreds of thousands on a large set) and makes the whole Metrics, with its
/// three divisions more, only where the optimum moves. Inline, as it is called in that loop.
inline double objectiveAt(const Counts& c, const Objective& objective)
{
    if (objective.isF1())
        return f1At(c);
    if (objective.isCost()) {
        const double total =
            objective.costFp * static_cast<double>(c.fp) + objective.costFn * static_cast<double>(c.fn);
        return objective.images > 0 ? total / static_cast<double>(objective.images) : total;
    }
    const auto tp = static_cast<double>(c.tp);
    const auto fp = static_cast<double>(c.fp);
    const auto fn = static_cast<double>(c.fn);
    const double b2 = objective.beta * objective.beta;
    const double denominator = (1.0 + b2) * tp + b2 * fn + fp;
    return denominator > 0 ? (1.0 + b2) * tp / denominator : 0.0;
}

} // namespace optconf
