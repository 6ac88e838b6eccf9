// SPDX-License-Identifier: MIT
#include "ui/panels/comparison_panel.h"

#include "ui/charts/comparison_chart.h"
#include "ui/export/comparison_export.h"
#include "ui/export/export_actions.h"
#include "ui/jobs/comparison_job.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFileDialog>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollBar>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace optconf {

namespace {

QString number(const std::optional<double>& v, int decimals = 4)
{
    return v ? QString::number(*v, 'f', decimals) : QStringLiteral("–");
}

QTableWidgetItem* item(const QString& text, bool numeric = true)
{
    auto* i = new QTableWidgetItem(text);
    i->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
    if (numeric)
        i->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return i;
}

} // namespace

ComparisonPanel::ComparisonPanel(QWidget* parent)
    : QWidget(parent)
    , m_exportWatcher(new QFutureWatcher<std::optional<QString>>(this))
    , m_job(new ComparisonJob(this))
    , m_fields(new QListWidget)
    , m_run(new QPushButton(tr("&Compare")))
    , m_cancel(new QPushButton(tr("Cancel")))
    , m_export(new QPushButton(tr("Export &Report…")))
    , m_progress(new QProgressBar)
    , m_view(new QComboBox)
    , m_problem(new QLabel)
    , m_chart(new ComparisonChart)
    , m_table(new QTableWidget)
    , m_classTable(new QTableWidget)
    , m_statements(new QPlainTextEdit)
    , m_precisionRecall(new QCheckBox(tr("&Precision and recall")))
{
    setObjectName(QStringLiteral("comparisonPanel"));
    m_fields->setObjectName(QStringLiteral("compareFields"));
    m_run->setObjectName(QStringLiteral("compareRun"));
    m_cancel->setObjectName(QStringLiteral("compareCancel"));
    m_export->setObjectName(QStringLiteral("compareExport"));
    m_export->setEnabled(false);
    m_export->setToolTip(tr("Write the comparison as an HTML or PDF report, as optconf-cli's --report does"));
    m_table->setObjectName(QStringLiteral("compareTable"));
    m_classTable->setObjectName(QStringLiteral("compareClassTable"));
    m_fields->setMaximumHeight(110);
    m_fields->setToolTip(tr("Check the prediction fields (models) to compare"));
    m_view->addItems({tr("P / R / F1 against confidence"), tr("Precision–recall")});
    m_cancel->setEnabled(false);
    m_progress->setRange(0, 1000);
    m_progress->setValue(0);
    m_problem->setWordWrap(true);
    m_statements->setReadOnly(true);
    m_statements->setObjectName(QStringLiteral("compareStatements"));
    m_precisionRecall->setChecked(true);
    m_precisionRecall->setToolTip(tr("Draw each model's precision and recall beside its F1; with many models "
                                     "F1 alone reads more easily"));

    auto* controls = new QVBoxLayout;
    controls->addWidget(m_run);
    controls->addWidget(m_cancel);
    controls->addWidget(m_progress);
    controls->addWidget(m_view);
    controls->addWidget(m_precisionRecall);
    controls->addWidget(m_export);
    controls->addStretch(1);
    auto* top = new QHBoxLayout;
    auto* fieldsBox = new QVBoxLayout;
    fieldsBox->addWidget(new QLabel(tr("Models (prediction fields):")));
    fieldsBox->addWidget(m_fields);
    fieldsBox->addWidget(m_problem);
    top->addLayout(fieldsBox, 1);
    top->addLayout(controls);

    for (QTableWidget* t : {m_table, m_classTable}) {
        t->verticalHeader()->hide();
        t->setSelectionBehavior(QAbstractItemView::SelectRows);
        t->setSelectionMode(QAbstractItemView::SingleSelection);
        t->setEditTriggers(QAbstractItemView::NoEditTriggers);
        t->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    }
    m_classTable->setToolTip(tr("Select a class to draw every model's curves for it"));

    auto* tables = new QSplitter(Qt::Horizontal);
    // The statements scroll: four models make six pairs, two lines each.
    auto* left = new QSplitter(Qt::Vertical);
    left->addWidget(m_table);
    left->addWidget(m_statements);
    tables->addWidget(left);
    tables->addWidget(m_classTable);
    // The model table has eleven columns: it gets the larger share.
    tables->setStretchFactor(0, 3);
    tables->setStretchFactor(1, 2);
    auto* split = new QSplitter(Qt::Vertical);
    split->addWidget(m_chart);
    split->addWidget(tables);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(split, 1);

    connect(m_fields, &QListWidget::itemChanged, this, &ComparisonPanel::updateRunnable);
    connect(m_run, &QPushButton::clicked, this, &ComparisonPanel::run);
    connect(m_cancel, &QPushButton::clicked, this, [this] { m_job->cancel(); });
    connect(m_export, &QPushButton::clicked, this, &ComparisonPanel::exportReport);
    connect(m_exportWatcher, &QFutureWatcher<std::optional<QString>>::finished, this, [this] {
        const std::optional<QString> error = m_exportWatcher->result();
        m_export->setEnabled(m_result != nullptr);
        m_problem->setText(error ? *error : tr("Report written to %1").arg(m_exportPath));
        emit reportExported(m_exportPath, error.value_or(QString()));
    });
    m_reportPathChooser = [this] {
        return QFileDialog::getSaveFileName(this, tr("Export Comparison Report"),
                                            QStringLiteral("comparison.html"),
                                            tr("HTML report (*.html);;PDF report (*.pdf)"));
    };
    connect(m_view, &QComboBox::currentIndexChanged, this, [this](int index) {
        m_chart->setView(index == 1 ? ComparisonChart::View::PrecisionRecall
                                    : ComparisonChart::View::AgainstThreshold);
    });
    connect(m_precisionRecall, &QCheckBox::toggled, m_chart, &ComparisonChart::setPrecisionRecallShown);
    connect(m_job, &ComparisonJob::progress, this, [this](double fraction, const QString& stage) {
        m_progress->setValue(static_cast<int>(fraction * 1000));
        m_progress->setFormat(stage + QStringLiteral(" %p%"));
    });
    connect(m_job, &ComparisonJob::finished, this, &ComparisonPanel::showComparison);
    auto stopped = [this] {
        m_cancel->setEnabled(false);
        m_progress->setValue(0);
        m_progress->setFormat(QStringLiteral("%p%"));
        updateRunnable();
    };
    connect(m_job, &ComparisonJob::cancelled, this, [this, stopped] {
        stopped();
        m_problem->setText(tr("Comparison cancelled."));
    });
    connect(m_job, &ComparisonJob::failed, this, [this, stopped](const QString& message) {
        stopped();
        m_problem->setText(message);
    });
    connect(m_classTable, &QTableWidget::itemSelectionChanged, this, [this] {
        const auto rows = m_classTable->selectionModel()->selectedRows();
        if (!m_result || rows.isEmpty()) {
            m_chart->setClass(std::nullopt);
            return;
        }
        const int row = rows.front().row();
        if (row >= 0 && static_cast<std::size_t>(row) < m_result->classes.size())
            m_chart->setClass(m_result->classes[static_cast<std::size_t>(row)].label);
    });
    updateRunnable();
}

ComparisonPanel::~ComparisonPanel() = default;

void ComparisonPanel::setDataset(std::shared_ptr<const Dataset> dataset)
{
    m_job->cancel();
    m_dataset = std::move(dataset);
    m_result.reset();
    m_export->setEnabled(false);
    m_chart->clear();
    m_table->clear();
    m_table->setRowCount(0);
    m_classTable->clear();
    m_classTable->setRowCount(0);
    m_statements->clear();
    const QSignalBlocker block(m_fields);
    m_fields->clear();
    if (m_dataset)
        for (const LabelField& f : m_dataset->fields) {
            if (!f.isScored())
                continue;
            auto* i = new QListWidgetItem(QString::fromStdString(f.name), m_fields);
            i->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable | Qt::ItemIsSelectable);
            i->setCheckState(Qt::Unchecked);
            i->setToolTip(QString::fromStdString(f.format + ": " + f.source));
        }
    updateRunnable();
}

void ComparisonPanel::setRequestSource(std::function<EvaluationRequest()> source)
{
    m_requestSource = std::move(source);
    updateRunnable();
}

void ComparisonPanel::setContextSource(std::function<ReportContext()> source)
{
    m_contextSource = std::move(source);
}

void ComparisonPanel::setReportPathChooser(std::function<QString()> chooser)
{
    m_reportPathChooser = std::move(chooser);
}

void ComparisonPanel::exportReport()
{
    if (!m_result || !m_dataset || m_exportWatcher->isRunning())
        return;
    const QString path = m_reportPathChooser ? m_reportPathChooser() : QString();
    if (path.isEmpty())
        return;
    m_exportPath = path;
    m_export->setEnabled(false);
    m_problem->setText(tr("Writing the report…"));
    // The worker keeps the dataset and the comparison alive, whatever the window does meanwhile.
    m_exportWatcher->setFuture(QtConcurrent::run(
        [dataset = m_dataset, result = m_result, path,
         context = m_contextSource ? m_contextSource() : ReportContext{}, pageSize = localePageSize()]() {
            return exportComparisonReport(path, *dataset, *result, context, pageSize);
        }));
}

std::vector<std::string> ComparisonPanel::checkedFields() const
{
    std::vector<std::string> names;
    for (int i = 0; i < m_fields->count(); ++i)
        if (m_fields->item(i)->checkState() == Qt::Checked)
            names.push_back(m_fields->item(i)->text().toStdString());
    return names;
}

void ComparisonPanel::updateRunnable()
{
    const std::size_t checked = checkedFields().size();
    m_run->setEnabled(m_dataset && m_requestSource && checked >= 2 && !m_job->isRunning());
    if (!m_job->isRunning())
        m_problem->setText(m_dataset && checked < 2 ? tr("Check two or more models to compare.") : QString());
}

void ComparisonPanel::run()
{
    if (!m_dataset || !m_requestSource)
        return;
    ComparisonRequest request;
    request.base = m_requestSource();
    request.predictionFields = checkedFields();
    if (auto problem = validate(*m_dataset, request)) {
        m_problem->setText(QString::fromStdString(*problem));
        return;
    }
    m_problem->setText(
        tr("Comparing %n models…", nullptr, static_cast<int>(request.predictionFields.size())));
    m_run->setEnabled(false);
    m_cancel->setEnabled(true);
    m_job->start(m_dataset, request);
}

void ComparisonPanel::showComparison(std::shared_ptr<const ComparisonResult> result)
{
    m_result = std::move(result);
    m_cancel->setEnabled(false);
    m_progress->setValue(1000);
    m_progress->setFormat(QStringLiteral("%p%"));
    updateRunnable();
    const ComparisonResult& r = *m_result;
    // Beyond two models twelve lines crowd the chart: start with F1 alone.
    {
        const QSignalBlocker block(m_precisionRecall);
        m_precisionRecall->setChecked(r.models.size() <= 2);
    }
    m_chart->setPrecisionRecallShown(m_precisionRecall->isChecked());
    m_chart->setComparison(m_result);

    const QStringList header{tr("model"),  tr("threshold"),   tr("F1"),         tr("precision"),
                             tr("recall"), tr("TP"),          tr("FP"),         tr("FN"),
                             tr("AP@0.5"), tr("AP@[.5:.95]"), tr("deployed F1")};
    m_table->clear();
    m_table->setColumnCount(static_cast<int>(header.size()));
    m_table->setHorizontalHeaderLabels(header);
    m_table->horizontalHeaderItem(10)->setToolTip(
        tr("What the model's deployable thresholds file gives: each class at its own optimum when it has "
           "at least 10 ground-truth objects and a true positive there, else at the global threshold"));
    m_table->setRowCount(static_cast<int>(r.rows.size()));
    for (std::size_t m = 0; m < r.rows.size(); ++m) {
        const ModelRow& row = r.rows[m];
        const auto& o = row.optimum;
        const int y = static_cast<int>(m);
        auto* name = item(QString::fromStdString(row.field), false);
        name->setForeground(ComparisonChart::modelColour(m));
        m_table->setItem(y, 0, name);
        m_table->setItem(y, 1, item(o ? QString::number(o->threshold, 'f', 4) : QStringLiteral("–")));
        m_table->setItem(y, 2,
                         item(o && o->f1Defined ? QString::number(o->f1, 'f', 4) : QStringLiteral("–")));
        m_table->setItem(y, 3, item(o ? number(o->precision) : QStringLiteral("–")));
        m_table->setItem(y, 4, item(o ? number(o->recall) : QStringLiteral("–")));
        m_table->setItem(y, 5, item(o ? QString::number(o->counts.tp) : QStringLiteral("–")));
        m_table->setItem(y, 6, item(o ? QString::number(o->counts.fp) : QStringLiteral("–")));
        m_table->setItem(y, 7, item(o ? QString::number(o->counts.fn) : QStringLiteral("–")));
        m_table->setItem(y, 8, item(number(row.ap50)));
        m_table->setItem(y, 9, item(number(row.ap50_95)));
        m_table->setItem(y, 10, item(number(row.deployedF1)));
    }
    // Every model's row in sight (up to six; beyond, the table scrolls).
    m_table->resizeRowsToContents();
    const int shown = std::min(m_table->rowCount(), 6);
    m_table->setMinimumHeight(
        m_table->horizontalHeader()->height() + shown * m_table->verticalHeader()->defaultSectionSize() +
        2 * m_table->frameWidth() + m_table->horizontalScrollBar()->sizeHint().height());

    // The winner beside the class, where it is seen without scrolling past every model's column.
    QStringList classHeader{tr("class"), tr("best")};
    for (const ModelRow& row : r.rows)
        classHeader << tr("%1 F1").arg(QString::fromStdString(row.field));
    m_classTable->clear();
    m_classTable->setColumnCount(static_cast<int>(classHeader.size()));
    m_classTable->setHorizontalHeaderLabels(classHeader);
    m_classTable->setRowCount(static_cast<int>(r.classes.size()));
    for (std::size_t c = 0; c < r.classes.size(); ++c) {
        const ClassComparisonRow& row = r.classes[c];
        const int y = static_cast<int>(c);
        m_classTable->setItem(y, 0, item(QString::fromStdString(row.name), false));
        for (std::size_t m = 0; m < row.f1.size(); ++m) {
            auto* cell = item(number(row.f1[m]));
            if (row.winner == m) {
                QFont bold = cell->font();
                bold.setBold(true);
                cell->setFont(bold);
                cell->setForeground(ComparisonChart::modelColour(m));
                cell->setToolTip(tr("The best F1 of this class"));
            }
            m_classTable->setItem(y, static_cast<int>(m) + 2, cell);
        }
        auto* winner =
            item(row.winner ? QString::fromStdString(r.rows[*row.winner].field) : QStringLiteral("–"), false);
        if (row.winner) {
            winner->setForeground(ComparisonChart::modelColour(*row.winner));
            QFont bold = winner->font();
            bold.setBold(true);
            winner->setFont(bold);
        }
        m_classTable->setItem(y, 1, winner);
    }

    QStringList lines;
    for (const PairComparison& p : r.pairs) {
        const std::string& a = r.rows[p.a].field;
        const std::string& b = r.rows[p.b].field;
        if (p.atOptimum)
            lines << QString::fromStdString(plainStatement(a, b, *p.atOptimum, r.request.confidenceLevel)) +
                         tr(" (%1 wins %2 %, %3 wins %4 % of %5 bootstrap replicates)")
                             .arg(QString::fromStdString(a))
                             .arg(100 * p.atOptimum->winShareA, 0, 'f', 1)
                             .arg(QString::fromStdString(b))
                             .arg(100 * p.atOptimum->winShareB, 0, 'f', 1)
                             .arg(r.request.bootstrapReplicates);
        lines << tr("At threshold %1: ").arg(r.request.commonThreshold, 0, 'f', 2) +
                     QString::fromStdString(plainStatement(a, b, p.atCommon, r.request.confidenceLevel));
    }
    m_statements->setPlainText(lines.join(QLatin1Char('\n')));
    m_problem->clear();
    m_export->setEnabled(!m_exportWatcher->isRunning());
    emit comparisonFinished();
}

} // namespace optconf
