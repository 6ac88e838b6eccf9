// SPDX-License-Identifier: MIT
#pragma once

#include "core/eval/evaluation.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QSettings;
class QSpinBox;

namespace optconf {

/// Bounds, steps, IoU, matching protocol, plugin parity and the objective. Editors cannot hold
/// values outside their ranges; what only the combination can break (lower above upper) is
/// explained inline with optconf::validate's message (setProblem).
class SettingsPanel final : public QWidget
{
    Q_OBJECT
public:
    explicit SettingsPanel(QWidget* parent = nullptr);

    /// Writes the settings into `request` (the fields are left alone).
    void applyTo(EvaluationRequest& request) const;
    void setFrom(const EvaluationRequest& request);
    void setProblem(const QString& message);

    void save(QSettings& settings) const;
    void restore(const QSettings& settings);

    QDoubleSpinBox* lowerBox() const { return m_lower; }
    QDoubleSpinBox* upperBox() const { return m_upper; }
    QSpinBox* stepsBox() const { return m_steps; }

signals:
    void changed();

private:
    QDoubleSpinBox* m_lower;
    QDoubleSpinBox* m_upper;
    QSpinBox* m_steps;
    QDoubleSpinBox* m_iou;
    QCheckBox* m_classAgnostic;
    QComboBox* m_protocol;
    QLabel* m_protocolNote;
    QCheckBox* m_pluginParity;
    QComboBox* m_objective;
    QDoubleSpinBox* m_beta;
    QDoubleSpinBox* m_costFp; ///< the cost objective's prices, shown with it
    QDoubleSpinBox* m_costFn;
    QDoubleSpinBox* m_minPrecision;
    QDoubleSpinBox* m_minRecall;
    QLabel* m_problem;
};

} // namespace optconf
