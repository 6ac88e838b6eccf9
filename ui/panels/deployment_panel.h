// SPDX-License-Identifier: MIT
#pragma once

#include "core/eval/deployment.h"
#include "core/eval/evaluation.h"

#include <QFutureWatcher>
#include <QList>
#include <QPointF>
#include <QWidget>

#include <atomic>
#include <memory>
#include <optional>
#include <utility>

class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTableWidget;

namespace optconf {

/// Deploying per-class thresholds: the three rules (one global threshold, each class its own
/// optimum, jointly optimal) side by side with what deploying each gives overall, their
/// cross-validated F1, and the bootstrap's interval and the plateau (also drawn on the chart).
/// Everything is computed in a worker, with progress and cancel; the rules table fills as soon
/// as a run ends, the estimates when asked for.
class DeploymentPanel final : public QWidget
{
    Q_OBJECT
public:
    explicit DeploymentPanel(QWidget* parent = nullptr);
    ~DeploymentPanel() override;

    void setResult(std::shared_ptr<const Dataset> dataset, std::shared_ptr<const EvaluationResult> result,
                   const QString& datasetName);
    void clear();

    QTableWidget* rulesTable() const { return m_table; }
    QPushButton* estimateButton() const { return m_estimate; }
    QPushButton* cancelButton() const { return m_cancel; }
    QPushButton* exportButton() const { return m_export; }
    QProgressBar* progressBar() const { return m_progress; }
    QComboBox* ruleChoice() const { return m_rule; }
    QSpinBox* foldsBox() const { return m_folds; }
    QSpinBox* replicatesBox() const { return m_replicates; }
    QSpinBox* seedBox() const { return m_seed; }
    QLabel* summary() const { return m_summary; }
    const std::optional<DeploymentReport>& report() const { return m_report; }
    bool busy() const { return m_watcher.isRunning(); }

    /// Writes the thresholds file of the chosen rule (what the Export button does after asking
    /// where); false with a message in the summary when it cannot.
    bool exportThresholds(const QString& path);

signals:
    /// The bootstrap band (empty without one) and the plateau, for the confidence chart.
    void stabilityChanged(const QList<QPointF>& bandLow, const QList<QPointF>& bandHigh,
                          std::optional<std::pair<double, double>> plateau);
    /// A computation ended (finished, cancelled or failed).
    void jobEnded();

private:
    void start(int folds, int replicates);
    void onJobFinished();
    void showReport();

    std::shared_ptr<const Dataset> m_dataset;
    std::shared_ptr<const EvaluationResult> m_result;
    QString m_datasetName;
    std::optional<DeploymentReport> m_report;
    QFutureWatcher<std::optional<DeploymentReport>> m_watcher;
    std::shared_ptr<std::atomic<bool>> m_cancelFlag;
    QTableWidget* m_table;
    QComboBox* m_rule;
    QSpinBox* m_folds;
    QSpinBox* m_replicates;
    QSpinBox* m_seed;
    QPushButton* m_estimate;
    QPushButton* m_cancel;
    QPushButton* m_export;
    QProgressBar* m_progress;
    QLabel* m_summary;
};

} // namespace optconf
