// SPDX-License-Identifier: MIT
#pragma once

#include "evaluation.h"

#include <QAbstractTableModel>

#include <memory>

namespace optconf {

/// One row per class of a run: ground truth, predictions, the class's own optimal threshold and
/// F1 there, F1 at the global optimum, and AP@0.5. Qt::UserRole gives raw numbers for sorting.
class ClassTableModel final : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        Name,
        GroundTruth,
        Predictions,
        Threshold,
        F1AtOwn,
        F1AtGlobal,
        Ap50,
        ColumnCount
    };
    static constexpr int SortRole = Qt::UserRole;
    static constexpr int ClassIndexRole = Qt::UserRole + 1;

    explicit ClassTableModel(QObject* parent = nullptr);

    /// Replaces everything in one reset.
    void setResult(std::shared_ptr<const EvaluationResult> result);
    const ClassCurve* classAt(int row) const;

    int rowCount(const QModelIndex& parent = {}) const final;
    int columnCount(const QModelIndex& parent = {}) const final;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const final;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const final;

private:
    QVariant cell(const ClassCurve& c, int column, int role) const;

    std::shared_ptr<const EvaluationResult> m_result;
};

} // namespace optconf
