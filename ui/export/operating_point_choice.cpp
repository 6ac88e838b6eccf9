// SPDX-License-Identifier: MIT
#include "ui/export/operating_point_choice.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QRadioButton>
#include <QVBoxLayout>

namespace optconf {

OperatingPointChoice::OperatingPointChoice(QWidget* parent, double optimum, double selected)
    : QGroupBox(tr("Write at"), parent)
    , m_optimum(new QRadioButton(tr("the &optimum, %1").arg(QString::number(optimum, 'f', 4)), this))
    , m_selected(new QRadioButton(
          tr("the &selected threshold, %1 (every class)").arg(QString::number(selected, 'f', 4)), this))
{
    setObjectName(QStringLiteral("operatingPoint"));
    m_optimum->setObjectName(QStringLiteral("atOptimum"));
    m_selected->setObjectName(QStringLiteral("atSelected"));
    // The optimum stays the default: Enter writes what a report always stated.
    m_optimum->setChecked(true);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_optimum);
    layout->addWidget(m_selected);
}

bool OperatingPointChoice::selectedChosen() const
{
    return m_selected->isChecked();
}

OperatingPointDialog::OperatingPointDialog(QWidget* parent, double optimum, double selected)
    : QDialog(parent)
    , m_choice(new OperatingPointChoice(this, optimum, selected))
{
    setWindowTitle(tr("Deployable Thresholds"));
    auto* hint = new QLabel(tr("At the optimum each class with enough ground truth gets its own optimal "
                               "threshold; at the selected threshold every class uses that one."),
                            this);
    hint->setWordWrap(true);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_choice);
    layout->addWidget(hint);
    layout->addWidget(buttons);
}

} // namespace optconf
