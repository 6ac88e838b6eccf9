// SPDX-License-Identifier: MIT
#include "ui/panels/data_panel.h"

#include "ui/format.h"
#include "ui/theme.h"

#include <QComboBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QSignalBlocker>
#include <QVBoxLayout>

namespace optconf {

namespace {

QString fieldText(const LabelField& f)
{
    return QStringLiteral("%1 — %2 objects")
        .arg(QString::fromStdString(f.name), formatCount(static_cast<std::int64_t>(f.objectCount())));
}

/// Where the field came from, under its picker: "COCO results · detector_large.json".
QString originText(const LabelField* f)
{
    if (!f)
        return {};
    return QStringLiteral("%1 · %2").arg(QString::fromStdString(f->format),
                                         QFileInfo(QString::fromStdString(f->source)).fileName());
}

QString fieldTip(const LabelField& f)
{
    return QObject::tr("%1\n%2 objects, %3 with a confidence\nFormat: %4\nFrom: %5")
        .arg(QString::fromStdString(f.name), formatCount(static_cast<std::int64_t>(f.objectCount())),
             formatCount(static_cast<std::int64_t>(f.scoredCount())), QString::fromStdString(f.format),
             QString::fromStdString(f.source));
}

void selectData(QComboBox* combo, const QString& name)
{
    const int i = combo->findData(name);
    if (i >= 0)
        combo->setCurrentIndex(i);
}

} // namespace

DataPanel::DataPanel(QWidget* parent)
    : QWidget(parent)
    , m_summary(new QLabel(tr("Nothing open yet.")))
    , m_gt(new QComboBox)
    , m_pred(new QComboBox)
    , m_gtSource(new QLabel)
    , m_predSource(new QLabel)
    , m_problem(new QLabel)
{
    m_summary->setWordWrap(true);
    m_summary->setObjectName(QStringLiteral("datasetSummary"));
    m_gt->setObjectName(QStringLiteral("groundTruthField"));
    m_pred->setObjectName(QStringLiteral("predictionField"));
    for (QComboBox* c : {m_gt, m_pred}) {
        c->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        c->setMinimumContentsLength(16);
    }
    for (QLabel* l : {m_gtSource, m_predSource}) {
        l->setStyleSheet(theme::textStyle(theme::Tone::Muted, palette()));
        l->setTextFormat(Qt::PlainText);
    }
    m_problem->setObjectName(QStringLiteral("fieldProblem"));
    m_problem->setWordWrap(true);
    m_problem->setStyleSheet(theme::textStyle(theme::Tone::Error, palette()));
    m_problem->setVisible(false);

    auto* box = new QGroupBox(tr("Data"));
    auto* form = new QFormLayout(box);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->addRow(m_summary);
    form->addRow(tr("&Ground truth:"), m_gt);
    form->addRow(QString(), m_gtSource);
    form->addRow(tr("&Predictions:"), m_pred);
    form->addRow(QString(), m_predSource);
    form->addRow(m_problem);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(box);

    connect(m_gt, &QComboBox::currentIndexChanged, this, &DataPanel::updateProblem);
    connect(m_pred, &QComboBox::currentIndexChanged, this, &DataPanel::updateProblem);
}

void DataPanel::setDataset(std::shared_ptr<const Dataset> dataset, const QString& name, bool synthetic)
{
    const QString oldGt = m_gt->count() ? groundTruthField() : m_preferredGt;
    const QString oldPred = m_pred->count() ? predictionField() : m_preferredPred;
    m_dataset = std::move(dataset);
    {
        const QSignalBlocker b1(m_gt);
        const QSignalBlocker b2(m_pred);
        m_gt->clear();
        m_pred->clear();
        if (m_dataset) {
            // Unscored fields first in the ground-truth list: they are what ground truth looks like.
            for (bool scored : {false, true})
                for (const LabelField& f : m_dataset->fields)
                    if (f.isScored() == scored)
                        m_gt->addItem(fieldText(f), QString::fromStdString(f.name));
            for (const LabelField& f : m_dataset->fields)
                if (f.isScored())
                    m_pred->addItem(fieldText(f), QString::fromStdString(f.name));
            for (int i = 0; i < m_gt->count(); ++i)
                m_gt->setItemData(i, fieldTip(*m_dataset->field(m_gt->itemData(i).toString().toStdString())),
                                  Qt::ToolTipRole);
            for (int i = 0; i < m_pred->count(); ++i)
                m_pred->setItemData(i,
                                    fieldTip(*m_dataset->field(m_pred->itemData(i).toString().toStdString())),
                                    Qt::ToolTipRole);
            // Default: the first unscored field against the first scored field that differs.
            if (m_pred->count() > 1 && m_pred->itemData(0) == m_gt->itemData(0))
                m_pred->setCurrentIndex(1);
            selectData(m_gt, oldGt);
            selectData(m_pred, oldPred);
        }
    }
    if (m_dataset) {
        // Each count with its own plural ("1 image, 1 class, 2 fields"): no translator is loaded, so
        // the English forms are chosen here rather than through tr()'s %n.
        const auto counted = [](std::size_t n, const QString& one, const QString& many) {
            return (n == 1 ? one : many).arg(formatCount(static_cast<std::int64_t>(n)));
        };
        QString text = QStringLiteral("<b>%1</b><br>%2, %3, %4")
                           .arg(name.toHtmlEscaped(),
                                counted(m_dataset->samples.size(), tr("%1 image"), tr("%1 images")),
                                counted(m_dataset->labels.size(), tr("%1 class"), tr("%1 classes")),
                                counted(m_dataset->fields.size(), tr("%1 field"), tr("%1 fields")));
        if (synthetic)
            text +=
                QStringLiteral("<br><span style='color:%1'>%2</span>")
                    .arg(theme::textColor(theme::Tone::Warning, palette()).name(),
                         tr("Synthetic data: simulated detectors on simulated ground truth, not real data."));
        m_summary->setText(text);
    } else {
        m_summary->setText(tr("Nothing open yet."));
    }
    updateProblem();
}

void DataPanel::selectFields(const QString& groundTruth, const QString& predictions)
{
    m_preferredGt = groundTruth;
    m_preferredPred = predictions;
    selectData(m_gt, groundTruth);
    selectData(m_pred, predictions);
}

QString DataPanel::groundTruthField() const
{
    return m_gt->currentData().toString();
}

QString DataPanel::predictionField() const
{
    return m_pred->currentData().toString();
}

QString DataPanel::fieldProblem() const
{
    if (!m_dataset)
        return {};
    if (m_pred->count() == 0)
        return tr("No field has confidences, so there are no predictions to sweep. Open a results file "
                  "or a dataset whose detections carry a confidence.");
    if (!groundTruthField().isEmpty() && groundTruthField() == predictionField())
        return tr("The ground truth and the predictions must be different fields.");
    return {};
}

void DataPanel::updateProblem()
{
    const auto field = [this](const QString& name) {
        return m_dataset && !name.isEmpty() ? m_dataset->field(name.toStdString()) : nullptr;
    };
    m_gtSource->setText(originText(field(groundTruthField())));
    m_predSource->setText(originText(field(predictionField())));
    m_gtSource->setToolTip(m_gt->currentData(Qt::ToolTipRole).toString());
    m_predSource->setToolTip(m_pred->currentData(Qt::ToolTipRole).toString());
    const QString problem = fieldProblem();
    m_problem->setText(problem);
    m_problem->setVisible(!problem.isEmpty());
    emit fieldsChanged();
}

} // namespace optconf
