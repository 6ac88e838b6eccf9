// SPDX-License-Identifier: MIT
#pragma once

#include "core/eval/matching.h"
#include "core/model/dataset.h"

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace optconf {

/// One object or prediction behind a confusion-matrix cell.
struct ConfusionEntry
{
    /// The prediction's score; for a miss cell, the highest score of a prediction that matched the
    /// object (-inf when none did): it is a miss below that.
    double score;
    SampleIndex image;
    int object = -1;     ///< position in the image's ground truth, or -1 for a false positive
    int prediction = -1; ///< position in the image's predictions, or -1 for a miss
};

/// A cell off the diagonal and its count, for "most confused" lists.
struct ConfusedPair
{
    std::size_t row;
    std::size_t column;
    std::int64_t count;
};

/// FiftyOne's confusion_matrix() at any threshold from one class-agnostic matching pass: rows are
/// ground-truth classes then "(none)", columns predicted classes then "(none)". A kept prediction
/// matched to an object adds one to (object's class, prediction's class); a kept unmatched one to
/// ((none), its class); an object no kept prediction matched to (its class, (none)). Greedy
/// matching is prefix-stable, so the matches of the predictions kept at t are those of the full
/// pass: each cell holds its entries by score and a threshold is a binary search.
///
/// Crowds and the per-image cap follow the run's protocol: under fiftyone a crowd takes every
/// prediction of its class that reaches it (each adds to its row, so a row can exceed the class's
/// object count by the repeated crowd matches) and an unmatched crowd is a miss; under coco
/// predictions matched to crowds, area-ignored or difficult objects, and those objects, are left
/// out, as they count for nothing.
class ConfusionMatrix
{
public:
    ConfusionMatrix() = default;
    /// The run's IoU threshold, protocol, cap and difficult rule; options.classwise is ignored.
    ConfusionMatrix(const Dataset& dataset, const LabelField& groundTruth, const LabelField& predictions,
                    const MatchOptions& options);

    /// Classes of the rows and columns (without "(none)"), by descending ground-truth count, then
    /// prediction count, then name.
    const std::vector<LabelId>& labels() const { return m_labels; }
    const std::vector<std::string>& names() const { return m_names; }
    /// Rows and columns, "(none)" included: labels().size() + 1.
    std::size_t size() const { return m_labels.size() + 1; }
    std::size_t noneIndex() const { return m_labels.size(); }

    std::int64_t count(std::size_t row, std::size_t column, double threshold) const;
    /// Every cell at a threshold, row-major (size() x size()).
    std::vector<std::int64_t> counts(double threshold) const;
    /// The objects and predictions of a cell at a threshold, highest score first.
    std::vector<ConfusionEntry> entries(std::size_t row, std::size_t column, double threshold) const;
    /// The largest off-diagonal cells at a threshold (the "(none)" row and column excluded),
    /// largest first, ties by row then column; at most `limit`.
    std::vector<ConfusedPair> mostConfused(double threshold, std::size_t limit) const;

private:
    struct Cell
    {
        std::vector<ConfusionEntry> entries; ///< ascending score
    };
    const Cell* cell(std::size_t row, std::size_t column) const;
    std::vector<LabelId> m_labels;
    std::vector<std::string> m_names;
    std::unordered_map<std::size_t, Cell> m_cells; ///< by row * size() + column; empty cells absent
};

/// The matrix as CSV: a header of predicted labels, one line per ground-truth label.
std::string confusionCsv(const ConfusionMatrix& matrix, double threshold);

} // namespace optconf
