// SPDX-License-Identifier: MIT
#include "ui/export/report_details_dialog.h"
#include "ui/export/operating_point_choice.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QVBoxLayout>

namespace optconf {

ReportDetailsDialog::ReportDetailsDialog(QWidget* parent, const QString& defaultTitle, const QString& title,
                                         const QString& notes,
                                         std::optional<std::pair<double, double>> optimumAndSelected)
    : QDialog(parent)
    , m_title(new QLineEdit(title, this))
    , m_notes(new QPlainTextEdit(notes, this))
{
    setWindowTitle(tr("Report Details"));
    m_title->setObjectName(QStringLiteral("reportTitle"));
    m_title->setPlaceholderText(defaultTitle);
    m_notes->setObjectName(QStringLiteral("reportNotes"));
    m_notes->setPlaceholderText(tr("What was evaluated, for whom, caveats…"));
    auto* form = new QFormLayout;
    form->addRow(tr("&Title:"), m_title);
    form->addRow(tr("&Notes:"), m_notes);
    auto* hint = new QLabel(tr("The report also states the settings (as an optconf-cli command), the OptConf "
                               "version and each input's size and SHA-256."),
                            this);
    hint->setWordWrap(true);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    if (optimumAndSelected) {
        m_point = new OperatingPointChoice(this, optimumAndSelected->first, optimumAndSelected->second);
        layout->addWidget(m_point);
    }
    layout->addWidget(hint);
    layout->addWidget(buttons);
}

QString ReportDetailsDialog::title() const
{
    return m_title->text().trimmed();
}

bool ReportDetailsDialog::selectedChosen() const
{
    return m_point && m_point->selectedChosen();
}

QString ReportDetailsDialog::notes() const
{
    return m_notes->toPlainText().trimmed();
}

} // namespace optconf
