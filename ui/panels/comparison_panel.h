// SPDX-License-Identifier: MIT
#pragma once

#include "core/eval/comparison.h"
#include "core/output/report_json.h"

#include <QWidget>

#include <functional>
#include <memory>
#include <optional>

template<typename T>
class QFutureWatcher;

class QCheckBox;
class QComboBox;
class QPlainTextEdit;
class QLabel;
class QListWidget;
class QProgressBar;
class QPushButton;
class QTableWidget;

namespace optconf {

class ComparisonChart;
class ComparisonJob;

/// Compare models: check two or more prediction fields, Run, and see their curves overlaid, one
/// row per model, each class's F1 under each model, and whether each difference is more than the
/// noise of the images (paired bootstrap). The comparison runs in a worker with progress and
/// cancel; the settings (ground truth, matching, thresholds) are the window's.
class ComparisonPanel final : public QWidget
{
    Q_OBJECT
public:
    explicit ComparisonPanel(QWidget* parent = nullptr);
    ~ComparisonPanel() override;

    void setDataset(std::shared_ptr<const Dataset> dataset);
    /// The window's current settings; their prediction field is ignored.
    void setRequestSource(std::function<EvaluationRequest()> source);
    /// What the exported report names as its dataset and inputs.
    void setContextSource(std::function<ReportContext()> source);
    /// Asks where to write the report (.html or .pdf); empty: not now. A save dialog by default.
    void setReportPathChooser(std::function<QString()> chooser);

    QListWidget* fieldList() const { return m_fields; }
    QPushButton* runButton() const { return m_run; }
    QPushButton* cancelButton() const { return m_cancel; }
    QProgressBar* progressBar() const { return m_progress; }
    QComboBox* viewChoice() const { return m_view; }
    QTableWidget* table() const { return m_table; }
    QTableWidget* classTable() const { return m_classTable; }
    ComparisonChart* chart() const { return m_chart; }
    QPlainTextEdit* statements() const { return m_statements; }
    QCheckBox* precisionRecallToggle() const { return m_precisionRecall; }
    QLabel* problem() const { return m_problem; }
    QPushButton* exportButton() const { return m_export; }
    std::shared_ptr<const ComparisonResult> result() const { return m_result; }
    ComparisonJob* job() const { return m_job; }

signals:
    void comparisonFinished();
    /// A report export ended: `error` empty on success.
    void reportExported(const QString& path, const QString& error);

private:
    void run();
    void exportReport();
    void updateRunnable();
    void showComparison(std::shared_ptr<const ComparisonResult> result);
    std::vector<std::string> checkedFields() const;

    std::shared_ptr<const Dataset> m_dataset;
    std::function<EvaluationRequest()> m_requestSource;
    std::function<ReportContext()> m_contextSource;
    std::function<QString()> m_reportPathChooser;
    QFutureWatcher<std::optional<QString>>* m_exportWatcher;
    QString m_exportPath;
    std::shared_ptr<const ComparisonResult> m_result;
    ComparisonJob* m_job;
    QListWidget* m_fields;
    QPushButton* m_run;
    QPushButton* m_cancel;
    QPushButton* m_export;
    QProgressBar* m_progress;
    QComboBox* m_view;
    QLabel* m_problem;
    ComparisonChart* m_chart;
    QTableWidget* m_table;
    QTableWidget* m_classTable;
    QPlainTextEdit* m_statements;
    QCheckBox* m_precisionRecall;
};

} // namespace optconf
