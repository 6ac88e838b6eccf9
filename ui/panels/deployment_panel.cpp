// SPDX-License-Identifier: MIT
#include "ui/panels/deployment_panel.h"

#include "core/output/thresholds_file.h"

#include <QComboBox>
#include <QDateTime>
#include <QFile>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <cmath>

namespace optconf {

namespace {

QString number(double v, int digits = 4)
{
    return QString::number(v, 'f', digits);
}

QString ruleTitle(ThresholdRule r)
{
    switch (r) {
    case ThresholdRule::Global:
        return DeploymentPanel::tr("Global (one threshold)");
    case ThresholdRule::Independent:
        return DeploymentPanel::tr("Independent (each class its own optimum)");
    case ThresholdRule::Joint:
        return DeploymentPanel::tr("Joint (optimal together)");
    }
    return {};
}

enum Column
{
    RuleColumn,
    F1Column,
    PrecisionColumn,
    RecallColumn,
    TpColumn,
    FpColumn,
    FnColumn,
    HeldOutColumn,
    ClassesColumn,
    ColumnCount
};

} // namespace

DeploymentPanel::DeploymentPanel(QWidget* parent)
    : QWidget(parent)
    , m_table(new QTableWidget(0, ColumnCount))
    , m_rule(new QComboBox)
    , m_folds(new QSpinBox)
    , m_replicates(new QSpinBox)
    , m_seed(new QSpinBox)
    , m_estimate(new QPushButton(tr("&Estimate")))
    , m_cancel(new QPushButton(tr("Cancel")))
    , m_export(new QPushButton(tr("Export &thresholds…")))
    , m_progress(new QProgressBar)
    , m_summary(new QLabel)
{
    setObjectName(QStringLiteral("deploymentPanel"));
    m_table->setObjectName(QStringLiteral("deploymentRules"));
    m_table->setHorizontalHeaderLabels({tr("Rule"), tr("F1"), tr("Precision"), tr("Recall"), tr("TP"),
                                        tr("FP"), tr("FN"), tr("Held-out F1"),
                                        tr("Classes: own / global / none")});
    m_table->horizontalHeaderItem(F1Column)->setToolTip(
        tr("Overall F1 when every class keeps its predictions at "
           "its own threshold (exact, on this data)"));
    m_table->horizontalHeaderItem(HeldOutColumn)
        ->setToolTip(tr("Cross-validated over images: thresholds chosen on the other folds, counted on each "
                        "held-out fold, pooled"));
    m_table->verticalHeader()->setVisible(false);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);

    m_rule->setObjectName(QStringLiteral("deploymentRule"));
    for (ThresholdRule r : {ThresholdRule::Global, ThresholdRule::Independent, ThresholdRule::Joint})
        m_rule->addItem(ruleTitle(r), static_cast<int>(r));
    m_rule->setCurrentIndex(2);
    m_folds->setRange(0, 20);
    m_folds->setValue(5);
    m_folds->setSpecialValueText(tr("none"));
    m_replicates->setRange(0, 100000);
    m_replicates->setSingleStep(100);
    m_replicates->setValue(1000);
    m_replicates->setSpecialValueText(tr("none"));
    m_seed->setRange(0, 1000000);
    m_folds->setObjectName(QStringLiteral("deploymentFolds"));
    m_replicates->setObjectName(QStringLiteral("deploymentReplicates"));
    m_seed->setObjectName(QStringLiteral("deploymentSeed"));
    m_estimate->setObjectName(QStringLiteral("deploymentEstimate"));
    m_cancel->setObjectName(QStringLiteral("deploymentCancel"));
    m_export->setObjectName(QStringLiteral("deploymentExport"));
    m_estimate->setToolTip(
        tr("Cross-validate the rules and bootstrap the optimum over images, in the background"));
    m_cancel->setEnabled(false);
    m_progress->setRange(0, 1000);
    m_progress->setVisible(false);
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_summary->setObjectName(QStringLiteral("deploymentSummary"));
    // Word-wrapped labels get too little height in a box layout: room for its four lines.
    m_summary->setMinimumHeight(m_summary->fontMetrics().lineSpacing() * 4 + 4);
    m_summary->setAlignment(Qt::AlignLeft | Qt::AlignTop);

    // A row of the table chooses the rule to export.
    connect(m_table, &QTableWidget::currentCellChanged, this, [this](int row) {
        if (row >= 0 && m_table->item(row, RuleColumn))
            m_rule->setCurrentIndex(m_rule->findData(m_table->item(row, RuleColumn)->data(Qt::UserRole)));
    });

    auto* controls = new QHBoxLayout;
    auto* form = new QFormLayout;
    form->addRow(tr("&Folds"), m_folds);
    auto* form2 = new QFormLayout;
    form2->addRow(tr("&Replicates"), m_replicates);
    auto* form3 = new QFormLayout;
    form3->addRow(tr("Seed"), m_seed);
    controls->addLayout(form);
    controls->addLayout(form2);
    controls->addLayout(form3);
    controls->addWidget(m_estimate);
    controls->addWidget(m_cancel);
    controls->addWidget(m_progress, 1);
    auto* exportRow = new QHBoxLayout;
    exportRow->addWidget(new QLabel(tr("Rule for the thresholds file:")));
    exportRow->addWidget(m_rule, 1);
    exportRow->addWidget(m_export);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_summary);
    layout->addLayout(controls);
    layout->addLayout(exportRow);

    connect(m_estimate, &QPushButton::clicked, this,
            [this] { start(m_folds->value(), m_replicates->value()); });
    connect(m_cancel, &QPushButton::clicked, this, [this] {
        if (m_cancelFlag)
            *m_cancelFlag = true;
    });
    connect(m_export, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Export thresholds"),
                                                          m_datasetName + QStringLiteral("-thresholds.json"),
                                                          tr("JSON (*.json)"));
        if (!path.isEmpty())
            exportThresholds(path);
    });
    connect(&m_watcher, &QFutureWatcher<std::optional<DeploymentReport>>::finished, this,
            &DeploymentPanel::onJobFinished);
    clear();
}

DeploymentPanel::~DeploymentPanel()
{
    if (m_cancelFlag)
        *m_cancelFlag = true;
    m_watcher.waitForFinished();
}

void DeploymentPanel::clear()
{
    if (m_cancelFlag)
        *m_cancelFlag = true;
    m_result.reset();
    m_report.reset();
    m_table->setRowCount(0);
    m_summary->setText(tr("Run first: the rules compare what deploying per-class thresholds gives."));
    m_estimate->setEnabled(false);
    m_export->setEnabled(false);
    emit stabilityChanged({}, {}, std::nullopt);
}

void DeploymentPanel::setResult(std::shared_ptr<const Dataset> dataset,
                                std::shared_ptr<const EvaluationResult> result, const QString& datasetName)
{
    clear();
    m_dataset = std::move(dataset);
    m_result = std::move(result);
    m_datasetName = datasetName;
    if (m_dataset && m_result)
        start(0, 0);
}

void DeploymentPanel::start(int folds, int replicates)
{
    if (!m_dataset || !m_result)
        return;
    if (m_cancelFlag)
        *m_cancelFlag = true;
    m_watcher.waitForFinished(); // a cancelled job stops at its next progress report
    auto cancel = std::make_shared<std::atomic<bool>>(false);
    m_cancelFlag = cancel;
    DeploymentRequest request;
    request.folds = folds;
    request.replicates = replicates;
    request.seed = static_cast<std::uint64_t>(m_seed->value());
    QPointer<QProgressBar> bar = m_progress;
    const bool estimating = folds > 0 || replicates > 0;
    m_progress->setValue(0);
    m_progress->setVisible(estimating);
    m_cancel->setEnabled(estimating);
    m_estimate->setEnabled(false);
    m_watcher.setFuture(QtConcurrent::run(
        [dataset = m_dataset, result = m_result, request, cancel, bar]() -> std::optional<DeploymentReport> {
            try {
                return computeDeployment(*dataset, *result, request, [&](double f, const char* stage) {
                    const QString text = QString::fromLatin1(stage);
                    QMetaObject::invokeMethod(
                        bar,
                        [bar, f, text] {
                            if (!bar)
                                return;
                            bar->setValue(static_cast<int>(f * 1000));
                            bar->setFormat(text + QStringLiteral(" %p%"));
                        },
                        Qt::QueuedConnection);
                    return !*cancel;
                });
            } catch (const std::exception&) {
                // Out of memory most likely: the panel says the estimate failed, the app lives on.
                return std::nullopt;
            }
        }));
}

void DeploymentPanel::onJobFinished()
{
    const bool cancelled = m_cancelFlag && *m_cancelFlag;
    auto report = m_watcher.result();
    m_progress->setVisible(false);
    m_cancel->setEnabled(false);
    m_estimate->setEnabled(m_result != nullptr);
    if (report && !cancelled) {
        m_report = std::move(report);
        showReport();
    } else if (m_result) {
        m_summary->setText(cancelled ? tr("Cancelled: the estimates are those of before.")
                                     : tr("The estimate failed (out of memory?)."));
    }
    emit jobEnded();
}

void DeploymentPanel::showReport()
{
    const DeploymentReport& d = *m_report;
    m_table->setRowCount(static_cast<int>(d.rules.size()));
    for (int row = 0; row < static_cast<int>(d.rules.size()); ++row) {
        const RuleResult& r = d.rules[static_cast<std::size_t>(row)];
        const Metrics& m = r.deployed;
        int own = 0, global = 0, none = 0;
        for (const ClassChoice& c : r.classes)
            (c.source == ClassChoice::Source::Own      ? own
             : c.source == ClassChoice::Source::Global ? global
                                                       : none)++;
        QString heldOut = tr("–");
        if (d.crossValidation)
            for (const RuleEstimate& e : d.crossValidation->rules)
                if (e.rule == r.rule && e.heldOut.f1Defined)
                    heldOut = number(e.heldOut.f1);
        const QStringList cells{ruleTitle(r.rule),
                                m.f1Defined ? number(m.f1) : tr("–"),
                                m.precision ? number(*m.precision) : tr("–"),
                                m.recall ? number(*m.recall) : tr("–"),
                                QString::number(m.counts.tp),
                                QString::number(m.counts.fp),
                                QString::number(m.counts.fn),
                                heldOut,
                                QStringLiteral("%1 / %2 / %3").arg(own).arg(global).arg(none)};
        for (int col = 0; col < ColumnCount; ++col) {
            auto* item = new QTableWidgetItem(cells[col]);
            if (col != RuleColumn)
                item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            item->setData(Qt::UserRole, static_cast<int>(r.rule));
            m_table->setItem(row, col, item);
        }
    }
    QStringList lines;
    if (!d.rulesNote.empty())
        lines << tr("Only the global rule: %1.").arg(QString::fromStdString(d.rulesNote));
    if (const std::string chosen = objectiveNote(d); !chosen.empty())
        lines << QString::fromStdString(chosen);
    if (d.plateau)
        lines << tr("Plateau: thresholds %1 to %2 are within %3 of the optimum.")
                     .arg(number(d.plateau->lo), number(d.plateau->hi), number(d.plateauTolerance, 3));
    if (d.crossValidation)
        lines << tr("Held-out F1: %1-fold cross-validation over images, seed %2.")
                     .arg(d.crossValidation->folds)
                     .arg(d.crossValidation->seed);
    else if (!d.crossValidationNote.empty())
        lines << tr("No cross-validation: %1.").arg(QString::fromStdString(d.crossValidationNote));
    QList<QPointF> low, high;
    if (d.bootstrap) {
        const BootstrapResult& b = *d.bootstrap;
        if (b.total.threshold)
            lines << tr("Bootstrap (%1 replicates over images, seed %2): optimal threshold %3 to %4, F1 "
                        "there %5 to "
                        "%6 (95 %)%7.")
                         .arg(b.replicates)
                         .arg(b.seed)
                         .arg(number(b.total.threshold->lo), number(b.total.threshold->hi),
                              number(b.total.f1->lo), number(b.total.f1->hi),
                              b.total.thresholdCv ? tr("; the threshold varies by %1 %")
                                                        .arg(*b.total.thresholdCv * 100, 0, 'f', 1)
                                                  : QString());
        for (std::size_t g = 0; g < b.band.size(); ++g)
            if (b.band[g]) {
                low << QPointF(b.gridThresholds[g], b.band[g]->lo);
                high << QPointF(b.gridThresholds[g], b.band[g]->hi);
            }
    } else {
        lines << tr("Estimate to cross-validate the rules and bootstrap the optimum.");
    }
    m_summary->setText(lines.join(QLatin1Char('\n')));
    m_export->setEnabled(true);
    emit stabilityChanged(low, high,
                          d.plateau ? std::optional(std::pair(d.plateau->lo, d.plateau->hi)) : std::nullopt);
}

bool DeploymentPanel::exportThresholds(const QString& path)
{
    if (!m_dataset || !m_result)
        return false;
    ThresholdChoice choice;
    choice.rule = static_cast<ThresholdRule>(m_rule->currentData().toInt());
    ReportContext context;
    context.datasetName = m_datasetName.toStdString();
    context.invokedFromApp = true;
    const std::string text =
        thresholdsJson(*m_dataset, *m_result, context,
                       QDateTime::currentDateTimeUtc().toString(Qt::ISODate).toStdString(), choice);
    QFile file(path);
    if (text.empty() || !file.open(QIODevice::WriteOnly) ||
        file.write(text.data(), static_cast<qint64>(text.size())) != static_cast<qint64>(text.size())) {
        m_summary->setText(text.empty() ? tr("Nothing to export: this rule has no thresholds for this run.")
                                        : tr("Cannot write %1: %2").arg(path, file.errorString()));
        return false;
    }
    m_summary->setText(tr("Wrote %1 (%2 rule).").arg(path, QString::fromStdString(ruleName(choice.rule))));
    return true;
}

} // namespace optconf
