// SPDX-License-Identifier: MIT
#pragma once

#include "render/report_writer.h"

#include <QObject>
#include <QPointer>

#include <functional>
#include <memory>
#include <optional>

class QAction;
class QChartView;
class QMenu;
class QWidget;

namespace optconf {

/// What an export is made from: the run on screen, shared so a worker thread can keep it alive.
struct ExportSnapshot
{
    std::shared_ptr<const Dataset> dataset;
    std::shared_ptr<const EvaluationResult> result;
    ReportContext context;
    /// The chart on screen; when set, chart images are of it, else of render/'s painter charts.
    QChartView* chart = nullptr;
    /// The threshold selected in the window, with its figures: when it differs from the optimum,
    /// the HTML/PDF report and the thresholds file ask whether to be written at it (then
    /// context.selected is set).
    std::optional<SelectedPoint> selectable;
    /// The dataset is the simulator's (the bundled example): reports paint its images.
    bool simulatedImages = false;
};

/// The optimum and the selectable threshold when a report or thresholds file can be written at
/// either (they differ); nullopt when there is only the optimum to write at.
std::optional<std::pair<double, double>> operatingPointChoice(const ExportSnapshot& snapshot);

enum class ExportKind
{
    HtmlReport,
    PdfReport,
    ChartPng,
    ChartPng2x,
    ChartSvg,
    GridCsv,
    CurveCsv,
    ClassesCsv,
    JsonReport,
    Thresholds
};

/// Fills what the report and JSON show as their model card when the snapshot has none: the app's
/// settings as an optconf-cli command and each input's size and SHA-256 (reads every input).
void completeModelCard(ExportSnapshot& snapshot);

/// Writes one export to `path` (atomically); nullopt on success, else a message naming the path and
/// the cause. Chart kinds with snapshot.chart set must run on the GUI thread; the others run anywhere.
std::optional<QString> exportTo(ExportKind kind, const QString& path, const ExportSnapshot& snapshot,
                                PageSize pageSize = PageSize::A4);

/// The page size for the user's locale: Letter where US measurements are used, else A4.
PageSize localePageSize();

/// File > Export menu and the report button next to the results. Reports (HTML, PDF) are written on
/// a worker thread; the others are fast and written at once. Results come back as signals: connect
/// `failed` to something the user sees.
class ExportActions : public QObject
{
    Q_OBJECT
public:
    ExportActions(QWidget* window, std::function<std::optional<ExportSnapshot>()> snapshot);

    QMenu* menu() const; ///< Report (HTML)…, Report (PDF)…, Chart PNG…, … Deployable thresholds…
    QAction* reportAction() const; ///< the button next to the results: HTML or PDF by the chosen name
    void setEnabled(bool enabled);
    /// Non-empty: the result to export is from settings changed since ("steps 101 → 51"); the
    /// report button and every export say so.
    void setStale(const QStringList& changes);

signals:
    void exported(const QString& path);
    void failed(const QString& message);

private:
    void run(ExportKind kind);
    void runReportDialog();
    void write(ExportKind kind, const QString& path, const ExportSnapshot& snapshot);
    /// Asks for the report's title and notes into `snapshot` (and, for `withPoint`, the operating
    /// point); false when cancelled.
    bool askReportDetails(ExportSnapshot& snapshot, bool withPoint);
    /// Asks whether the thresholds file is written at the optimum or the selected threshold.
    bool askOperatingPoint(ExportSnapshot& snapshot);

    QPointer<QWidget> m_window;
    std::function<std::optional<ExportSnapshot>()> m_snapshot;
    QMenu* m_menu = nullptr;
    QAction* m_reportAction = nullptr;
    QList<QAction*> m_actions;
    QString m_lastFolder;
    QString m_title, m_notes; ///< the last report's model-card fields, offered again
    bool m_enabled = true;
    QStringList m_stale;
    int m_running = 0; ///< background reports in flight
};

} // namespace optconf
