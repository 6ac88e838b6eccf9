// SPDX-License-Identifier: MIT
#pragma once

#include "core/eval/evaluation.h"

#include <QAbstractTableModel>

#include <memory>
#include <optional>
#include <vector>

namespace optconf {

/// One row per class of a run: ground truth, predictions, the class's own optimal threshold and
/// F1 there, F1 at the global optimum, TP/FP/FN, precision, recall and F1 at the selected threshold
/// (exact, from each class's ThresholdCounter), and AP@0.5. Qt::UserRole gives raw numbers for
/// sorting. A class without ground truth has no optimum and no recall: those cells read "—".
class ClassTableModel final : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        Name,
        GroundTruth,
        Predictions,
        TpAtSelected,
        FpAtSelected,
        FnAtSelected,
        PrecisionAtSelected,
        RecallAtSelected,
        F1AtSelected,
        Threshold,
        F1AtOwn,
        F1AtGlobal,
        Ap50,
        ColumnCount
    };
    static constexpr int SortRole = Qt::UserRole;
    static constexpr int LabelRole = Qt::UserRole + 1;

    explicit ClassTableModel(QObject* parent = nullptr);

    /// Replaces everything in one reset.
    void setResult(std::shared_ptr<const EvaluationResult> result);
    /// Recomputes the "at the selected threshold" columns (one dataChanged for them).
    void setSelectedThreshold(std::optional<double> threshold);
    std::optional<double> selectedThreshold() const { return m_threshold; }
    const ClassCurve* classAt(int row) const;
    /// The row of the class with this label, -1 when there is none.
    int rowOf(LabelId label) const;

    int rowCount(const QModelIndex& parent = {}) const final;
    int columnCount(const QModelIndex& parent = {}) const final;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const final;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const final;

private:
    QVariant cell(int row, const ClassCurve& c, int column, int role) const;

    std::shared_ptr<const EvaluationResult> m_result;
    std::optional<double> m_threshold;
    std::vector<std::optional<Metrics>> m_atSelected; ///< per row, at m_threshold
};

} // namespace optconf
