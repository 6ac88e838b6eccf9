// SPDX-License-Identifier: MIT
#pragma once

#include <QDialog>
#include <QGroupBox>

class QRadioButton;

namespace optconf {

/// "Write at": the optimum or the threshold selected in the window. Shown by the report dialog
/// and before the thresholds file when the user has selected a threshold of their own.
class OperatingPointChoice : public QGroupBox
{
    Q_OBJECT
public:
    OperatingPointChoice(QWidget* parent, double optimum, double selected);
    bool selectedChosen() const;

private:
    QRadioButton* m_optimum;
    QRadioButton* m_selected;
};

/// The choice alone, with OK and Cancel: for the thresholds file, which has no other question.
class OperatingPointDialog : public QDialog
{
    Q_OBJECT
public:
    OperatingPointDialog(QWidget* parent, double optimum, double selected);
    bool selectedChosen() const { return m_choice->selectedChosen(); }

private:
    OperatingPointChoice* m_choice;
};

} // namespace optconf
