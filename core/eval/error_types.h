// SPDX-License-Identifier: MIT
#pragma once

#include "core/eval/matching.h"
#include "core/eval/metrics.h"
#include "core/model/dataset.h"

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace optconf {

/// TIDE's false-positive error types (dbolya/tide), decided in TIDE's order of precedence:
/// background (IoU < 0.1 with every object), localization (right class, 0.1 <= IoU < the match
/// threshold), classification (IoU >= the match threshold with an object of another class),
/// duplicate (right class, IoU >= the match threshold with an object a higher-scoring prediction
/// took), both (wrong class, 0.1 <= IoU < the match threshold). Every false positive is exactly one.
enum class ErrorType : std::uint8_t
{
    Classification,
    Localization,
    Both,
    Duplicate,
    Background,
};
inline constexpr std::size_t kErrorTypeCount = 5;
/// The lower IoU bound of TIDE's localization and both errors; below it a box is background.
inline constexpr double kBackgroundIou = 0.1;

/// The JSON key and display name of a type: "classification", "localization", "both",
/// "duplicate", "background".
std::string_view errorTypeKey(ErrorType type);

struct ErrorCounts
{
    std::array<std::int64_t, kErrorTypeCount> falsePositives{}; ///< by ErrorType
    /// Misses not explained by a kept localization or classification error aimed at the object.
    std::int64_t missed = 0;
    std::int64_t of(ErrorType type) const { return falsePositives[static_cast<std::size_t>(type)]; }
    std::int64_t falsePositiveTotal() const;
    friend bool operator==(const ErrorCounts&, const ErrorCounts&) = default;
};

/// What fixing every error of one kind at a threshold would give (TIDE's "dAP" applied to F1).
struct ErrorFix
{
    std::optional<ErrorType> type; ///< empty: the missed objects
    Counts counts;                 ///< the counts with that kind fixed
    double f1Gain = 0;             ///< F1 fixed minus F1 as it is
};

/// Error types of every false positive and miss of a run, at any threshold from one pass. A type
/// is a property of the prediction under the run's own matching (classwise unless the run is
/// class-agnostic) and does not change with the threshold: greedy matching is prefix-stable, so a
/// duplicate's suppressor and a miss's matcher are kept whenever it is. Counting at t is then a
/// binary search per type, as for TP and FP.
///
/// Misses follow TIDE: an object is a miss at t when no kept prediction recovers it and no kept
/// localization or classification error is aimed at it (the object it overlaps most, of its class
/// for localization, of another class for classification).
///
/// Fixing (ErrorFix), documented rule: background, both and duplicate errors are removed (FP - n);
/// a localization or classification error is removed and, when the object it is aimed at is a
/// false negative at t, that object becomes a true positive (TP + k, FN - k, k = such objects,
/// each counted once); fixing missed objects removes them from the ground truth (FN - n), as TIDE
/// reduces the number of objects. FN here counts every image (not the plugin-parity rule).
class ErrorAnalysis
{
public:
    ErrorAnalysis() = default;
    ErrorAnalysis(const Dataset& dataset, const LabelField& groundTruth, const LabelField& predictions,
                  const MatchOptions& options);

    ErrorCounts at(double threshold) const { return m_total.at(threshold); }
    /// False positives predicted as `label`, misses of objects of `label`.
    ErrorCounts at(double threshold, LabelId label) const;
    /// TP, FP and FN of the run's matching at t (every image counts).
    Counts countsAt(double threshold) const { return m_total.counts(threshold); }
    /// TP, FP and FN of one class at t: its predictions and its objects.
    Counts countsAt(double threshold, LabelId label) const;
    /// The five types in ErrorType order, then missed.
    std::vector<ErrorFix> fixesAt(double threshold) const;
    /// The same for one class's own counts (countsAt(t, label)): its false positives of each type
    /// removed, its objects that its localization errors or any class's classification errors
    /// are aimed at recovered, its missed objects removed; the gains are of that class's F1.
    std::vector<ErrorFix> fixesAt(double threshold, LabelId label) const;
    /// IoU of the kept true positives with their objects, in `bins` equal bins over [lower, 1].
    std::vector<std::int64_t> truePositiveIous(double threshold, double lower, int bins) const;

private:
    struct Tally
    {
        std::array<std::vector<double>, kErrorTypeCount> fpScores; ///< ascending
        std::vector<double> tpScores, fpAll;                       ///< ascending
        std::vector<double> recoveredAt;                           ///< per object, ascending
        std::vector<double> missedBelow; ///< per object: max(recovered, explained), ascending
        /// Objects a kept localization (resp. classification) error would recover: t in (lo, hi].
        std::array<std::vector<double>, 2> fixLo, fixHi;
        void append(Tally&& other);
        void sort();
        ErrorCounts at(double threshold) const;
        Counts counts(double threshold) const;
        std::vector<ErrorFix> fixesAt(double threshold) const;
    };
    Tally m_total;
    std::vector<Tally> m_perLabel;                  ///< by label id
    std::vector<std::pair<double, double>> m_tpIou; ///< (score, IoU) of every true positive
};

} // namespace optconf
