// SPDX-License-Identifier: MIT
#pragma once

#include <QSplitter>

class QCheckBox;
class QSettings;
class QTabWidget;

namespace optconf {

class ClassPanel;
class ConfusionPanel;
class ErrorsPanel;
class CurveChart;
class DataPanel;
class ImagesPanel;
class DeploymentPanel;
class LoadWarningsPanel;
class PrChart;
class ResultsPanel;
class RunPanel;
class SettingsPanel;

/// The page shown once data is open, and only its layout: on the left what to compare and how,
/// then Run; on the right the charts over the results and the per-class table. The panels are
/// created here and wired by MainWindow.
class Workspace final : public QSplitter
{
    Q_OBJECT
public:
    explicit Workspace(QWidget* parent = nullptr);

    DataPanel* data() const { return m_data; }
    LoadWarningsPanel* loadWarnings() const { return m_loadWarnings; }
    SettingsPanel* settings() const { return m_settings; }
    RunPanel* runPanel() const { return m_runPanel; }
    CurveChart* chart() const { return m_chart; }
    PrChart* prChart() const { return m_pr; }
    ResultsPanel* results() const { return m_results; }
    ClassPanel* classes() const { return m_classes; }
    /// The Images tab: the gallery of the run's images and their boxes.
    ImagesPanel* images() const { return m_images; }
    ConfusionPanel* confusion() const { return m_confusion; }
    ErrorsPanel* errors() const { return m_errors; }
    /// "Every class": the P/R/F1 chart overlays each class's objective line.
    QCheckBox* overlayToggle() const { return m_overlay; }
    QTabWidget* tabs() const { return m_tabs; }
    /// The threshold rules, cross-validation and bootstrap: a tab beside the charts.
    DeploymentPanel* deployment() const { return m_deployment; }

    /// Splitter positions.
    void saveLayout(QSettings& settings) const;
    void restoreLayout(const QSettings& settings);

private:
    DataPanel* m_data;
    LoadWarningsPanel* m_loadWarnings;
    SettingsPanel* m_settings;
    RunPanel* m_runPanel;
    CurveChart* m_chart;
    PrChart* m_pr;
    ResultsPanel* m_results;
    ClassPanel* m_classes;
    ImagesPanel* m_images;
    ConfusionPanel* m_confusion;
    ErrorsPanel* m_errors;
    QTabWidget* m_tabs;
    QCheckBox* m_overlay;
    QSplitter* m_right;
    QSplitter* m_bottom;
    DeploymentPanel* m_deployment;
};

} // namespace optconf
