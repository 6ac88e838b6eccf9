// SPDX-License-Identifier: MIT
#pragma once

#include <QDialog>

#include <optional>

class QLineEdit;
class QPlainTextEdit;

namespace optconf {

class OperatingPointChoice;

/// Asks for a report's model-card fields: its title (empty: the prediction field's name) and notes.
class ReportDetailsDialog : public QDialog
{
    Q_OBJECT
public:
    /// `optimumAndSelected`: the optimum and the selected threshold, when they differ; the dialog
    /// then asks at which the report is written.
    ReportDetailsDialog(QWidget* parent, const QString& defaultTitle, const QString& title,
                        const QString& notes,
                        std::optional<std::pair<double, double>> optimumAndSelected = std::nullopt);
    QString title() const;
    QString notes() const;
    bool selectedChosen() const; ///< the selected threshold, not the optimum

private:
    OperatingPointChoice* m_point = nullptr;
    QLineEdit* m_title;
    QPlainTextEdit* m_notes;
};

} // namespace optconf
