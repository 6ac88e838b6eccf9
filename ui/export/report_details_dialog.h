// SPDX-License-Identifier: MIT
#pragma once

#include <QDialog>

class QLineEdit;
class QPlainTextEdit;

namespace optconf {

/// Asks for a report's model-card fields: its title (empty: the prediction field's name) and notes.
class ReportDetailsDialog : public QDialog
{
    Q_OBJECT
public:
    ReportDetailsDialog(QWidget* parent, const QString& defaultTitle, const QString& title,
                        const QString& notes);
    QString title() const;
    QString notes() const;

private:
    QLineEdit* m_title;
    QPlainTextEdit* m_notes;
};

} // namespace optconf
