// SPDX-License-Identifier: MIT
#pragma once

#include "core/model/dataset.h"

#include <QWidget>

#include <memory>

class QComboBox;
class QLabel;

namespace optconf {

class ElidedLabel;

/// What is open and which fields to compare: the ground-truth and prediction pickers list every
/// detection field with its object count, format and source; only scored fields are offered as
/// predictions. Choosing the same field twice is refused inline, as the FiftyOne plugin does.
class DataPanel final : public QWidget
{
    Q_OBJECT
public:
    explicit DataPanel(QWidget* parent = nullptr);

    /// Fills the pickers; keeps the previous choice when the new dataset has fields of that name.
    void setDataset(std::shared_ptr<const Dataset> dataset, const QString& name, bool synthetic);
    /// Selects these fields when present, and prefers them in datasets opened later.
    void selectFields(const QString& groundTruth, const QString& predictions);

    QString groundTruthField() const;
    QString predictionField() const;
    /// Empty when the pair is acceptable; otherwise the inline message shown.
    QString fieldProblem() const;

    QComboBox* groundTruthCombo() const { return m_gt; }
    QComboBox* predictionCombo() const { return m_pred; }

signals:
    void fieldsChanged();

private:
    void updateProblem();

    std::shared_ptr<const Dataset> m_dataset;
    QLabel* m_summary;
    QComboBox* m_gt;
    QComboBox* m_pred;
    ElidedLabel* m_gtSource;
    ElidedLabel* m_predSource;
    QLabel* m_problem;
    QString m_preferredGt, m_preferredPred;
};

} // namespace optconf
