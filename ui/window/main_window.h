// SPDX-License-Identifier: MIT
#pragma once

#include "ui/export/export_actions.h"
#include "ui/jobs/payloads.h"

#include <QMainWindow>

#include <memory>
#include <optional>

class QAction;
class QCheckBox;
class QLabel;
class QMenu;
class QPushButton;
class QStackedWidget;

namespace optconf {

class ClassPanel;
class ComparisonPanel;
class CurveChart;
class DataPanel;
class DatasetLoaderJob;
class ErrorBanner;
class ExportActions;
class PrChart;
class RecentInputs;
class ResultsPanel;
class RunController;
class RunPanel;
class SettingsPanel;
class StartPage;
class Workspace;

/// The wiring hub: panels own their widgets, DatasetLoaderJob loads and RunController runs;
/// this class connects them, keeps what is open and the last result, and persists settings.
class MainWindow final : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    /// Loads `paths` in the background; on failure the error is shown and what was open stays.
    void openPaths(const QStringList& paths);
    void openExample();
    /// Starts a run with the current choices; false (and nothing started) when they are invalid.
    bool startRun();
    void cancelRun();

    std::shared_ptr<const Dataset> dataset() const { return m_dataset; }
    std::shared_ptr<const EvaluationResult> result() const { return m_result; }
    QString errorText() const;
    QString runProblem() const;

    DataPanel* dataPanel() const { return m_data; }
    SettingsPanel* settingsPanel() const { return m_settings; }
    ResultsPanel* resultsPanel() const { return m_results; }
    ClassPanel* classPanel() const { return m_classes; }
    CurveChart* curveChart() const { return m_chart; }
    PrChart* prChart() const { return m_pr; }
    RunController* runController() const { return m_run; }
    DatasetLoaderJob* loaderJob() const { return m_loader; }
    RunPanel* runPanel() const { return m_runPanel; }
    /// Run > Compare Models: its own window, created with the main window.
    ComparisonPanel* comparisonPanel() const { return m_compare; }
    QPushButton* runButton() const;
    /// What File > Export writes now: the result on screen and the chart of the visible tab.
    std::optional<ExportSnapshot> exportSnapshot() const;

signals:
    void datasetChanged();
    void loadFailed(const QString& message);
    void resultChanged();

protected:
    void closeEvent(QCloseEvent* event) final;
    void dragEnterEvent(QDragEnterEvent* event) final;
    void dropEvent(QDropEvent* event) final;

private:
    void connectThresholdAnalysis();
    void buildMenus();
    void onLoaded(const LoadedDataset& loaded);
    void onLoadFailed(const QString& summary, const QStringList& details);
    void onPartial(const PartialCurve& c);
    QString matchedAllText(std::size_t images) const;
    void onFinished(const RunOutcome& outcome);
    void onRunEnded(const QString& message);
    void updateRunState();
    /// Marks the result, and Export, as from the previous settings when they changed since.
    void updateStale();
    EvaluationRequest currentRequest() const;
    void showResultCurves();
    void showError(const QString& summary, const QStringList& details);
    void openFilesDialog();
    void openFolderDialog();
    void addFilesDialog();
    void addFolderDialog();
    void showAbout();
    void saveSettings() const;
    void restoreSettings();

    DatasetLoaderJob* m_loader;
    RunController* m_run;
    QStackedWidget* m_stack;
    StartPage* m_start;
    Workspace* m_workspace;
    DataPanel* m_data;
    SettingsPanel* m_settings;
    ResultsPanel* m_results;
    ClassPanel* m_classes;
    CurveChart* m_chart;
    PrChart* m_pr;
    RunPanel* m_runPanel;
    ErrorBanner* m_error;
    QAction* m_runAction = nullptr;
    QAction* m_cancelAction = nullptr;
    QAction* m_addFiles = nullptr;
    QAction* m_addFolder = nullptr;
    RecentInputs* m_recent = nullptr;
    ExportActions* m_exports = nullptr;
    QCheckBox* m_overlay;

    std::shared_ptr<const Dataset> m_dataset;
    QStringList m_inputs;
    QString m_datasetName;
    bool m_synthetic = false;
    std::shared_ptr<const EvaluationResult> m_result;
    std::shared_ptr<const ThresholdCounter> m_counter;
    std::optional<LabelId> m_selectedClass; ///< by label: a new result never leaves it dangling
    QString m_lastFolder;
    QStringList m_staleChanges;
    QAction* m_compareAction = nullptr;
    ComparisonPanel* m_compare = nullptr;
};

} // namespace optconf
