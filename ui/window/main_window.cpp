// SPDX-License-Identifier: MIT
#include "ui/window/main_window.h"

#include "resources/bundled_example.h"
#include "ui/charts/curve_chart.h"
#include "ui/charts/pr_chart.h"
#include "ui/export/export_actions.h"
#include "ui/format.h"
#include "ui/images/images_panel.h"
#include "ui/jobs/analysis_job.h"
#include "ui/jobs/dataset_loader_job.h"
#include "ui/jobs/run_controller.h"
#include "ui/panels/class_panel.h"
#include "ui/panels/class_table_model.h"
#include "ui/panels/comparison_panel.h"
#include "ui/panels/confusion_panel.h"
#include "ui/panels/data_panel.h"
#include "ui/panels/deployment_panel.h"
#include "ui/panels/errors_panel.h"
#include "ui/panels/load_warnings_panel.h"
#include "ui/panels/results_panel.h"
#include "ui/panels/run_panel.h"
#include "ui/panels/settings_changes.h"
#include "ui/panels/settings_panel.h"
#include "ui/window/error_banner.h"
#include "ui/window/recent_inputs.h"
#include "ui/window/start_page.h"
#include "ui/window/window_geometry.h"
#include "ui/window/workspace.h"

#include <QAction>
#include <QApplication>
#include <QChartView>
#include <QCheckBox>
#include <QCloseEvent>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QPushButton>
#include <QSettings>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

namespace optconf {

namespace {
QSettings appSettings()
{
    return QSettings(QStringLiteral("OptConf"), QStringLiteral("OptConf"));
}

bool isYamlFile(const QFileInfo& f)
{
    const QString suffix = f.suffix().toLower();
    return f.isFile() && (suffix == QLatin1String("yaml") || suffix == QLatin1String("yml"));
}
} // namespace

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent)
    , m_loader(new DatasetLoaderJob(this))
    , m_run(new RunController(this))
    , m_stack(new QStackedWidget)
    , m_start(new StartPage)
    , m_workspace(new Workspace)
    , m_data(m_workspace->data())
    , m_settings(m_workspace->settings())
    , m_results(m_workspace->results())
    , m_classes(m_workspace->classes())
    , m_chart(m_workspace->chart())
    , m_pr(m_workspace->prChart())
    , m_runPanel(m_workspace->runPanel())
    , m_error(new ErrorBanner)
    , m_overlay(m_workspace->overlayToggle())
{
    registerUiMetaTypes();
    setWindowTitle(QStringLiteral("OptConf"));
    setAcceptDrops(true);

    m_stack->addWidget(m_start);
    m_stack->addWidget(m_workspace);

    auto* central = new QWidget;
    auto* centralLayout = new QVBoxLayout(central);
    centralLayout->setContentsMargins(6, 6, 6, 0);
    centralLayout->addWidget(m_error);
    centralLayout->addWidget(m_stack, 1);
    setCentralWidget(central);

    buildMenus();

    connect(m_start, &StartPage::openExampleRequested, this, &MainWindow::openExample);
    connect(m_start, &StartPage::openFilesRequested, this, &MainWindow::openFilesDialog);
    connect(m_start, &StartPage::openFolderRequested, this, &MainWindow::openFolderDialog);
    connect(m_start, &StartPage::openRecentRequested, this, &MainWindow::openPaths);
    connect(m_loader, &DatasetLoaderJob::loaded, this, &MainWindow::onLoaded);
    connect(m_loader, &DatasetLoaderJob::failed, this, &MainWindow::onLoadFailed);
    connect(m_loader, &DatasetLoaderJob::progress, m_runPanel, &RunPanel::showLoading);
    connect(m_loader, &DatasetLoaderJob::cancelled, this, [this] {
        if (!m_run->isRunning())
            m_runPanel->showEnded(tr("Loading cancelled."));
    });
    connect(m_run, &RunController::progress, m_runPanel, &RunPanel::showProgress);
    connect(m_run, &RunController::partialCurve, this, &MainWindow::onPartial);
    // Once matching is done the curve drawn is of every image: it is no longer partial.
    connect(m_run, &RunController::progress, this, [this](const RunProgress& p) {
        if (p.stage != EvaluationStage::Match)
            m_chart->setSubtitle(matchedAllText(p.imageCount));
    });
    connect(m_run, &RunController::finished, this, &MainWindow::onFinished);
    connect(m_run, &RunController::failed, this, [this](quint64, const QString& message) {
        onRunEnded(tr("Run failed."));
        showError(message, {});
    });
    connect(m_run, &RunController::cancelled, this, [this] {
        onRunEnded(m_result ? tr("Cancelled: the previous result is still shown.") : tr("Cancelled."));
    });
    connect(m_runPanel, &RunPanel::runRequested, this, &MainWindow::startRun);
    connect(m_runPanel, &RunPanel::cancelRequested, this, &MainWindow::cancelRun);
    connect(m_data, &DataPanel::fieldsChanged, this, &MainWindow::updateRunState);
    connect(m_settings, &SettingsPanel::changed, this, &MainWindow::updateRunState);
    connect(m_chart, &CurveChart::thresholdClicked, m_results, &ResultsPanel::setSelectedThreshold);
    connect(m_workspace->deployment(), &DeploymentPanel::stabilityChanged, m_chart,
            &CurveChart::setStability);
    connect(m_pr, &PrChart::thresholdClicked, m_results, &ResultsPanel::setSelectedThreshold);
    connect(m_results, &ResultsPanel::selectedThresholdChanged, this, [this](double t, const Metrics& m) {
        m_workspace->images()->setThreshold(t);
        m_chart->setSelectedThreshold(t);
        m_pr->setOperatingPoint(m);
        m_classes->setSelectedThreshold(t);
    });
    connect(m_overlay, &QCheckBox::toggled, this, &MainWindow::showResultCurves);
    connect(m_chart, &CurveChart::classClicked, this,
            [this](LabelId label) { m_classes->selectLabel(label); });
    connect(m_classes, &ClassPanel::classSelected, this, [this](std::optional<LabelId> label) {
        m_selectedClass = label;
        m_workspace->images()->setSelectedClass(label);
        m_results->setSelectedClass(label);
        showResultCurves();
    });

    // A class row's double-click (or Enter) shows that class's images, worst first.
    connect(m_classes->view(), &QAbstractItemView::activated, this, [this](const QModelIndex& index) {
        const QVariant label = index.data(ClassTableModel::LabelRole);
        if (!label.isValid())
            return;
        m_workspace->images()->setSelectedClass(static_cast<LabelId>(label.toUInt()));
        m_workspace->tabs()->setCurrentWidget(m_workspace->images());
    });

    connectThresholdAnalysis();
    restoreSettings();
    updateRunState();
}

void MainWindow::connectThresholdAnalysis()
{
    // The Confusion and Errors tabs: computed in the background after each run, then following the
    // selected threshold and class like the other views.
    auto* job = new AnalysisJob(this);
    ConfusionPanel* confusion = m_workspace->confusion();
    ErrorsPanel* errors = m_workspace->errors();
    connect(m_run, &RunController::finished, job, [this, job, confusion, errors](const RunOutcome& outcome) {
        confusion->clear(tr("Analysing the errors of this run…"));
        errors->clear(tr("Analysing the errors of this run…"));
        job->start(m_dataset, outcome.result);
    });
    connect(job, &AnalysisJob::ready, this,
            [this, confusion, errors](std::shared_ptr<const ThresholdAnalysis> analysis) {
                if (!m_result)
                    return;
                const double t = m_results->selectedThreshold().value_or(defaultAnalysisThreshold(*m_result));
                confusion->setAnalysis(analysis, m_dataset);
                confusion->setThreshold(t);
                errors->setAnalysis(analysis, m_dataset, m_result->request.match.iouThreshold);
                errors->setSelectedClass(m_selectedClass);
                errors->setThreshold(t);
            });
    connect(job, &AnalysisJob::failed, this, [confusion, errors](const QString& message) {
        confusion->clear(tr("The error analysis failed: %1").arg(message));
        errors->clear(tr("The error analysis failed: %1").arg(message));
    });
    connect(m_results, &ResultsPanel::selectedThresholdChanged, confusion, &ConfusionPanel::setThreshold);
    // A cell's double-click (or its "Show in Images") lists the cell's images in the gallery.
    connect(confusion, &ConfusionPanel::imagesRequested, this,
            [this](const std::vector<SampleIndex>& images, const std::vector<ConfusionEntry>& entries,
                   const QString& caption) {
                m_workspace->images()->showConfusionCell(images, entries, caption);
                m_workspace->tabs()->setCurrentWidget(m_workspace->images());
            });
    connect(m_results, &ResultsPanel::selectedThresholdChanged, errors, &ErrorsPanel::setThreshold);
    connect(m_classes, &ClassPanel::classSelected, errors, &ErrorsPanel::setSelectedClass);
}

MainWindow::~MainWindow() = default;

QPushButton* MainWindow::runButton() const
{
    return m_runPanel->runButton();
}

std::optional<ExportSnapshot> MainWindow::exportSnapshot() const
{
    if (!m_dataset || !m_result)
        return std::nullopt;
    ReportContext context;
    context.datasetName = m_datasetName.toStdString();
    for (const QString& p : m_inputs)
        context.inputs.push_back(p.toStdString());
    // The chart the user is looking at: the precision-recall tab exports the precision-recall chart.
    // The confusion matrix and error types, once analysed, at the selected threshold (--at).
    if (auto analysis = m_workspace->confusion()->sharedAnalysis()) {
        context.analysis = std::move(analysis);
        context.analysisThreshold =
            m_results->selectedThreshold().value_or(defaultAnalysisThreshold(*m_result));
    }
    auto* shown = qobject_cast<QChartView*>(m_workspace->tabs()->currentWidget());
    ExportSnapshot snapshot{m_dataset, m_result, context, shown ? shown : m_chart, std::nullopt};
    snapshot.simulatedImages = m_synthetic;
    if (const auto t = m_results->selectedThreshold(); t && m_counter)
        snapshot.selectable = selectedPoint(*m_result, *m_counter, *t);
    return snapshot;
}

void MainWindow::buildMenus()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* openFiles = file->addAction(tr("Open &Files…"), this, &MainWindow::openFilesDialog);
    openFiles->setShortcut(QKeySequence::Open);
    file->addAction(tr("Open F&older…"), this, &MainWindow::openFolderDialog);
    // YOLO and VOC keep ground truth and each model's predictions in separate folders: these add
    // more inputs to what is open (the whole set is loaded again, in the background).
    m_addFiles = file->addAction(tr("&Add Prediction Files…"), this, &MainWindow::addFilesDialog);
    m_addFolder = file->addAction(tr("Add Prediction Fol&der…"), this, &MainWindow::addFolderDialog);
    for (QAction* a : {m_addFiles, m_addFolder})
        a->setEnabled(false); // there is nothing to add them to yet
    file->addAction(tr("Open the Synthetic E&xample"), this, &MainWindow::openExample);
    m_recent = new RecentInputs(file->addMenu(tr("Open &Recent")), this);
    connect(m_recent, &RecentInputs::openRequested, this, &MainWindow::openPaths);
    connect(m_recent, &RecentInputs::changed, m_start, &StartPage::setRecent);
    auto* exports = new ExportActions(this, [this] { return exportSnapshot(); });
    m_exports = exports;
    file->addMenu(exports->menu())->setText(tr("&Export"));
    m_results->addActionButton(exports->reportAction());
    exports->setEnabled(false);
    connect(exports, &ExportActions::exported, this, [this](const QString& path) {
        statusBar()->showMessage(
            m_staleChanges.isEmpty()
                ? tr("Saved %1").arg(path)
                : tr("Saved %1: the results of the previous settings (changed since: %2)")
                      .arg(path, m_staleChanges.join(QStringLiteral("; "))),
            m_staleChanges.isEmpty() ? 8000 : 15000);
    });
    connect(exports, &ExportActions::failed, this,
            [this](const QString& message) { showError(message, {}); });
    file->addSeparator();
    file->addAction(tr("&Quit"), this, &QWidget::close)->setShortcut(QKeySequence::Quit);

    QMenu* run = menuBar()->addMenu(tr("&Run"));
    m_runAction = run->addAction(tr("&Run"), this, &MainWindow::startRun);
    m_runAction->setShortcuts({QKeySequence(Qt::CTRL | Qt::Key_R), QKeySequence(Qt::Key_F5)});
    m_cancelAction = run->addAction(tr("&Cancel"), this, &MainWindow::cancelRun);
    m_cancelAction->setShortcut(QKeySequence(Qt::Key_Escape));
    m_cancelAction->setEnabled(false);
    run->addSeparator();
    // Several prediction fields against each other, in a window of their own: it has its own
    // chart and tables, and the settings stay the main window's.
    m_compare = new ComparisonPanel(this);
    m_compare->setWindowFlag(Qt::Window);
    m_compare->setWindowTitle(tr("Compare Models — OptConf"));
    m_compare->resize(1280, 900);
    m_compare->setRequestSource([this] { return currentRequest(); });
    m_compare->setContextSource([this] {
        ReportContext context;
        context.datasetName = m_datasetName.toStdString();
        for (const QString& p : m_inputs)
            context.inputs.push_back(p.toStdString());
        return context;
    });
    m_compareAction = run->addAction(tr("Compare &Models…"), this, [this] {
        m_compare->show();
        m_compare->raise();
        m_compare->activateWindow();
    });
    m_compareAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_M));

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About OptConf"), this, &MainWindow::showAbout);
}

void MainWindow::openPaths(const QStringList& given)
{
    if (given.isEmpty())
        return;
    // Absolute from here on: recent entries, added prediction files and reports name them.
    QStringList paths;
    for (const QString& p : given)
        paths << QFileInfo(p).absoluteFilePath();
    const QFileInfo first(paths.first());
    m_lastFolder = first.isDir() ? first.absoluteFilePath() : first.absolutePath();
    // A YOLO data set's data.yaml stands for its folder, and is named after it.
    const bool yaml = isYamlFile(first);
    m_loader->load(paths, first.isDir() ? first.fileName()
                          : yaml        ? first.absoluteDir().dirName()
                                        : first.completeBaseName());
}

void MainWindow::openExample()
{
    const QStringList paths = bundledExamplePaths();
    if (paths.isEmpty()) {
        showError(tr("The bundled example could not be written to %1").arg(QDir::tempPath()), {});
        return;
    }
    m_loader->load(paths, tr("Synthetic example"), true);
}

void MainWindow::onLoaded(const LoadedDataset& loaded)
{
    m_run->cancel(); // a run on the previous dataset has nothing left to say
    m_dataset = loaded.dataset;
    m_inputs = loaded.inputs;
    m_datasetName = loaded.name;
    // Files given in any order are named after the ground truth, never after a results file (a
    // folder keeps its own name).
    const bool folder = std::any_of(m_inputs.begin(), m_inputs.end(), [](const QString& p) {
        return QFileInfo(p).isDir() || isYamlFile(QFileInfo(p));
    });
    if (!loaded.synthetic && !folder && m_dataset) {
        const auto gt = std::find_if(m_dataset->fields.begin(), m_dataset->fields.end(),
                                     [](const auto& f) { return !f.isScored() && !f.source.empty(); });
        if (gt != m_dataset->fields.end())
            m_datasetName = QFileInfo(QString::fromStdString(gt->source)).completeBaseName();
    }
    m_synthetic = loaded.synthetic;
    m_result.reset();
    m_counter.reset();
    m_selectedClass.reset();
    m_error->setVisible(false);
    m_runPanel->showEnded(QString());
    m_data->setDataset(m_dataset, m_datasetName, m_synthetic);
    m_compare->setDataset(m_dataset);
    m_results->clear(tr("Press Run (Ctrl+R) to find the threshold to deploy."));
    m_classes->setResult(nullptr);
    m_workspace->images()->setResult(nullptr, nullptr);
    m_workspace->images()->setSimulated(m_synthetic);
    m_workspace->deployment()->clear();
    m_chart->setOverlay({}, std::nullopt);
    m_chart->setTargets({});
    m_chart->clearCurve();
    m_pr->clearCurve();
    m_chart->setSelectedThreshold(std::nullopt);
    m_exports->setEnabled(false);
    m_stack->setCurrentWidget(m_workspace);
    for (QAction* a : {m_addFiles, m_addFolder})
        a->setEnabled(true);
    setWindowTitle(tr("%1 — OptConf").arg(m_datasetName));
    if (!m_synthetic)
        m_recent->add(m_inputs);
    statusBar()->showMessage(loaded.warnings.isEmpty()
                                 ? tr("Opened %1").arg(m_datasetName)
                                 : tr("Opened %1 with %n warning(s) (listed under the data)", nullptr,
                                      static_cast<int>(loaded.warnings.size()))
                                       .arg(m_datasetName),
                             10000);
    statusBar()->setToolTip(loaded.warnings.join(QLatin1Char('\n')));
    m_workspace->loadWarnings()->setWarnings(loaded.warnings);
    updateRunState();
    emit datasetChanged();
}

void MainWindow::onLoadFailed(const QString& summary, const QStringList& details)
{
    if (!m_run->isRunning())
        m_runPanel->showEnded(QString());
    showError(tr("Could not open the data. %1").arg(summary), details);
    statusBar()->showMessage(m_dataset ? tr("Open failed; %1 is still open.").arg(m_datasetName)
                                       : tr("Open failed."));
    emit loadFailed(summary);
}

void MainWindow::showError(const QString& summary, const QStringList& details)
{
    m_error->showError(summary, details);
}

QString MainWindow::errorText() const
{
    return m_error->message();
}

EvaluationRequest MainWindow::currentRequest() const
{
    EvaluationRequest request;
    request.groundTruthField = m_data->groundTruthField().toStdString();
    request.predictionField = m_data->predictionField().toStdString();
    m_settings->applyTo(request);
    // Selecting a class reads its exact counts at any threshold and draws its precision-recall curve.
    request.sweep.keepClassCounters = true;
    request.sweep.keepTotalCounter = true; // the slider's figures at any threshold
    return request;
}

QString MainWindow::runProblem() const
{
    if (!m_dataset)
        return tr("Open data first.");
    if (const QString fields = m_data->fieldProblem(); !fields.isEmpty())
        return fields;
    const std::optional<std::string> problem = validate(*m_dataset, currentRequest());
    if (!problem)
        return {};
    QString text = QString::fromStdString(*problem);
    text[0] = text[0].toUpper();
    return text + QLatin1Char('.');
}

void MainWindow::updateRunState()
{
    const QString problem = runProblem();
    // Field problems are explained next to the fields; everything else next to the settings.
    m_settings->setProblem(m_dataset && m_data->fieldProblem().isEmpty() ? problem : QString());
    m_runPanel->setRunnable(problem);
    m_runAction->setEnabled(problem.isEmpty());
    updateStale();
}

void MainWindow::updateStale()
{
    m_staleChanges =
        m_result && m_dataset ? settingsChanges(m_result->request, currentRequest()) : QStringList();
    m_results->setStale(m_staleChanges);
    m_exports->setStale(m_staleChanges);
}

bool MainWindow::startRun()
{
    if (!runProblem().isEmpty())
        return false;
    const EvaluationRequest request = currentRequest();
    m_chart->setBounds(request.sweep.lower, request.sweep.upper);
    m_chart->setObjective(request.sweep.objective);
    m_chart->setTargets({});
    m_chart->setOverlay({}, std::nullopt); // the run's total is drawn live; the overlay comes back at the end
    m_chart->clearCurve(tr("matching…"));
    m_workspace->deployment()->clear();
    m_run->start(m_dataset, request);
    m_runPanel->showStarted();
    m_cancelAction->setEnabled(true);
    if (m_result)
        m_results->setNote(tr("Running: the figures below are from the previous run."));
    return true;
}

void MainWindow::cancelRun()
{
    if (m_loader->isLoading())
        m_loader->cancel();
    m_run->cancel();
}

void MainWindow::onPartial(const PartialCurve& c)
{
    m_chart->setCurve(*c.curve, c.imagesDone >= c.imageCount
                                    ? matchedAllText(c.imageCount)
                                    : tr("partial: %1 of %2 images")
                                          .arg(formatCount(static_cast<std::int64_t>(c.imagesDone)),
                                               formatCount(static_cast<std::int64_t>(c.imageCount))));
}

QString MainWindow::matchedAllText(std::size_t images) const
{
    return tr("all %1 images matched: finding the exact optimum…")
        .arg(formatCount(static_cast<std::int64_t>(images)));
}

void MainWindow::onFinished(const RunOutcome& outcome)
{
    m_result = outcome.result;
    m_counter = m_result->sweep.totalCounter;
    m_selectedClass.reset();
    m_classes->setResult(m_result);
    m_workspace->images()->setResult(m_dataset, m_result);
    m_results->setResult(m_result, m_counter);
    m_workspace->deployment()->setResult(m_dataset, m_result, m_datasetName);
    updateStale();
    showResultCurves();
    m_exports->setEnabled(true);
    onRunEnded(tr("Done: %1 images in %2.")
                   .arg(formatCount(static_cast<std::int64_t>(m_result->imageCount)),
                        formatDuration(m_runPanel->lastElapsedSeconds())));
    emit resultChanged();
}

void MainWindow::onRunEnded(const QString& message)
{
    m_runPanel->showEnded(message);
    m_cancelAction->setEnabled(false);
    m_results->setNote(m_result && message.startsWith(tr("Cancelled")) ? message : QString());
    if (!m_result)
        m_chart->clearCurve();
    else
        showResultCurves();
    statusBar()->showMessage(message, 8000);
}

void MainWindow::showResultCurves()
{
    if (!m_result)
        return;
    const auto& o = m_result->sweep.options;
    const QString pred = QString::fromStdString(m_result->request.predictionField);
    const ClassCurve* cls = m_selectedClass ? findClass(m_result->sweep, *m_selectedClass) : nullptr;
    const Curve& curve = cls ? cls->curve : m_result->sweep.total;
    const QString subtitle = tr("%1, %2").arg(pred, m_results->scopeText());
    m_chart->setBounds(o.lower, o.upper);
    m_chart->setObjective(o.objective);
    m_chart->setCurve(curve, subtitle);
    std::vector<CurveChart::ClassLine> lines;
    if (m_overlay->isChecked())
        for (const ClassCurve& c : m_result->sweep.classes) {
            if (c.groundTruth == 0)
                continue; // its objective is 0 at every threshold
            CurveChart::ClassLine line{c.label, QString::fromStdString(c.name), {}};
            for (const Metrics& m : c.curve.grid)
                if (m.f1Defined)
                    line.points.append(QPointF(m.threshold, m.objective));
            lines.push_back(std::move(line));
        }
    m_chart->setOverlay(lines, m_selectedClass);
    if (cls && cls->counter)
        m_pr->setCurve(exactRows(*cls->counter, o, PrChart::kMaxDrawnPoints), curve.optimum, subtitle);
    else
        m_pr->setCurve(curve.exact, curve.optimum, subtitle);
    m_chart->setSelectedThreshold(m_results->selectedThreshold());
    m_pr->setOperatingPoint(m_results->selectedMetrics());
    // The targets' operating points are the total's: drawn when all classes are shown.
    std::vector<Metrics> targets;
    if (!cls)
        for (const auto& p : {m_result->sweep.operatingPoints.maxRecallAtPrecision,
                              m_result->sweep.operatingPoints.maxPrecisionAtRecall})
            if (p)
                targets.push_back(*p);
    m_chart->setTargets(targets);
    m_pr->setTargets(targets);
}

void MainWindow::openFilesDialog()
{
    const QStringList files = QFileDialog::getOpenFileNames(
        this, tr("Open a ground-truth file and its prediction files"), m_lastFolder,
        tr("Detection data (*.json *.csv *.yaml *.yml);;All files (*)"));
    openPaths(files);
}

void MainWindow::addFilesDialog()
{
    const QStringList files = QFileDialog::getOpenFileNames(
        this, tr("Add prediction files"), m_lastFolder, tr("Detection data (*.json *.csv);;All files (*)"));
    if (!files.isEmpty())
        openPaths(m_inputs + files);
}

void MainWindow::addFolderDialog()
{
    const QString folder =
        QFileDialog::getExistingDirectory(this, tr("Add a prediction folder"), m_lastFolder);
    if (!folder.isEmpty())
        openPaths(m_inputs + QStringList{folder});
}

void MainWindow::openFolderDialog()
{
    const QString folder = QFileDialog::getExistingDirectory(
        this, tr("Open a dataset folder (FiftyOne export, YOLO data set or labels, Pascal VOC, COCO files)"),
        m_lastFolder);
    if (!folder.isEmpty())
        openPaths({folder});
}

void MainWindow::showAbout()
{
    QMessageBox::about(this, tr("About OptConf"),
                       tr("<h3>OptConf %1</h3><p>Finds the confidence threshold at which to deploy an object "
                          "detector.</p><p>Built with Qt %2 (running on Qt %3).</p><p>Licence: MIT.</p>")
                           .arg(QStringLiteral(OPTCONF_VERSION), QStringLiteral(QT_VERSION_STR),
                                QString::fromLatin1(qVersion())));
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event)
{
    if (event->mimeData()->hasUrls())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event)
{
    QStringList paths;
    for (const QUrl& url : event->mimeData()->urls())
        if (url.isLocalFile())
            paths << url.toLocalFile();
    if (!paths.isEmpty()) {
        event->acceptProposedAction();
        openPaths(paths);
    }
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    m_run->cancel();
    saveSettings();
    QMainWindow::closeEvent(event);
}

void MainWindow::saveSettings() const
{
    QSettings s = appSettings();
    s.setValue(QStringLiteral("window/geometry"), saveGeometry());
    s.setValue(QStringLiteral("window/state"), saveState());
    m_workspace->saveLayout(s);
    s.setValue(QStringLiteral("lastFolder"), m_lastFolder);
    m_recent->save(s);
    s.setValue(QStringLiteral("fields/groundTruth"), m_data->groundTruthField());
    s.setValue(QStringLiteral("fields/predictions"), m_data->predictionField());
    m_settings->save(s);
}

void MainWindow::restoreSettings()
{
    const QSettings s = appSettings();
    if (!restoreGeometry(s.value(QStringLiteral("window/geometry")).toByteArray()))
        resize(1360, 880);
    fitToScreen(*this);

    restoreState(s.value(QStringLiteral("window/state")).toByteArray());
    m_workspace->restoreLayout(s);
    m_lastFolder = s.value(QStringLiteral("lastFolder"), QDir::homePath()).toString();
    m_recent->restore(s);
    m_settings->restore(s);
    m_data->selectFields(s.value(QStringLiteral("fields/groundTruth")).toString(),
                         s.value(QStringLiteral("fields/predictions")).toString());
}

} // namespace optconf
