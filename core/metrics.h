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

/// What the sweep maximises. F1 is F-beta with beta = 1.
struct Objective
{
    double beta = 1.0;
    bool isF1() const { return beta == 1.0; }
    std::string name() const; ///< "F1" or "F2", "F0.5"...
};

/// The figures at one threshold. Undefined ratios are empty optionals (JSON null, no chart point).
struct Metrics
{
    double threshold = 0;
    Counts counts;
    std::optional<double> precision; ///< undefined when nothing is kept
    std::optional<double> recall;    ///< undefined when there is nothing to find
    double f1 = 0;                   ///< 0 when TP+FP+FN = 0, flagged by f1Defined
    bool f1Defined = false;
    double objective = 0; ///< F-beta of the chosen objective (equal to f1 for F1)
};

/// semantics.md §2: P, R, F1 and F-beta from counts.
Metrics metricsAt(double threshold, const Counts& c, const Objective& objective);

/// metricsAt(t, c, objective).objective alone, the same double: the sweep compares it at every
/// distinct score (hundreds of thousands on a large set) and makes the whole Metrics, with its
/// three divisions more, only where the optimum moves.
double objectiveAt(const Counts& c, const Objective& objective);

} // namespace optconf
