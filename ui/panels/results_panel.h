// SPDX-License-Identifier: MIT
#pragma once

#include "core/eval/evaluation.h"

#include <QWidget>

#include <memory>
#include <optional>

class QAction;
class QDoubleSpinBox;
class QGridLayout;
class QGroupBox;
class QHBoxLayout;
class QLabel;
class QSlider;

namespace optconf {

/// The answer of a run: the optimal threshold (exact and on the grid) with F1, precision, recall,
/// TP/FP/FN and AP; and a selected threshold (slider, spin box, or a click on the chart) whose
/// figures come instantly from a ThresholdCounter over the run's matching, with no re-run.
class ResultsPanel final : public QWidget
{
    Q_OBJECT
public:
    explicit ResultsPanel(QWidget* parent = nullptr);

    void setResult(std::shared_ptr<const EvaluationResult> result,
                   std::shared_ptr<const ThresholdCounter> counter);
    void clear(const QString& message);
    /// A small status line under the figures ("Running…", "Cancelled: showing the previous run").
    void setNote(const QString& note);
    /// `changes` (settings or fields changed since the run, "steps 101 → 51"): shown above the
    /// figures, which are then marked as those of the previous settings; empty when current.
    void setStale(const QStringList& changes);

    /// Shows `label`'s own optimum and its exact counts at the selected threshold (its
    /// ClassCurve::counter); empty for all classes. Every figure is labelled with what it is of.
    void setSelectedClass(std::optional<LabelId> label);
    std::optional<LabelId> selectedClass() const { return m_class; }
    /// "all classes" or "class “name”".
    QString scopeText() const;

    void setSelectedThreshold(double threshold);
    std::optional<double> selectedThreshold() const;
    std::optional<Metrics> selectedMetrics() const;
    /// Puts a button for `action` next to the results (the report export).
    void addActionButton(QAction* action);

    const EvaluationResult* result() const { return m_result.get(); }

signals:
    void selectedThresholdChanged(double threshold, const optconf::Metrics& metrics);

private:
    void showOptimum();
    const ThresholdCounter* scopeCounter() const;
    enum class ThresholdSource
    {
        Other,
        SpinBox
    };
    void updateSelected(ThresholdSource source = ThresholdSource::Other);
    /// A caption and its value at (row, column) and (row, column + 1); the value is returned, the
    /// caption too through `captionLabel` when asked for.
    QLabel* addValue(QGridLayout* grid, int row, int column, const QString& caption, const QString& name,
                     QLabel** captionLabel = nullptr);

    std::shared_ptr<const EvaluationResult> m_result;
    std::shared_ptr<const ThresholdCounter> m_counter;
    std::optional<double> m_threshold;
    std::optional<LabelId> m_class;

    QGroupBox* m_bestBox;
    QGroupBox* m_selBox;
    QLabel* m_optimum;
    QLabel* m_gridBest;
    QLabel* m_f1;
    QLabel* m_objective;        ///< the objective's value at the optimum, when it is not F1
    QLabel* m_objectiveCaption; ///< its name
    QLabel* m_precision;
    QLabel* m_recall;
    QLabel* m_counts;
    QLabel* m_ap50;
    QLabel* m_ap5095;
    QLabel* m_targets;
    QLabel* m_note;
    QLabel* m_warning; ///< why the optimum is no threshold to deploy, when it is not
    QLabel* m_stale;
    QSlider* m_slider;
    QDoubleSpinBox* m_spin;
    QLabel* m_selCounts;
    QLabel* m_selRatios;
    QHBoxLayout* m_buttons;
};

} // namespace optconf
