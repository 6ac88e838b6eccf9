// SPDX-License-Identifier: MIT
#pragma once

#include "core/eval/evaluation.h"

#include <QWidget>

#include <memory>
#include <optional>

class QGroupBox;
class QLineEdit;
class QSortFilterProxyModel;
class QTableView;

namespace optconf {

class ClassTableModel;

/// The per-class table: sortable, filterable by name, each class's figures at the selected
/// threshold beside its own optimum; selecting a row selects that class everywhere.
class ClassPanel final : public QWidget
{
    Q_OBJECT
public:
    explicit ClassPanel(QWidget* parent = nullptr);

    void setResult(std::shared_ptr<const EvaluationResult> result);
    void setSelectedThreshold(std::optional<double> threshold);
    /// Selects the row of `label` (clears the selection when empty or not in the table).
    void selectLabel(std::optional<LabelId> label);

    ClassTableModel* model() const { return m_model; }
    QSortFilterProxyModel* proxy() const { return m_proxy; }
    QTableView* view() const { return m_view; }
    QLineEdit* filter() const { return m_filter; }

    /// Widest the Class column sizes itself to (the user can drag it wider); longer names elide
    /// and show in full in a tooltip.
    static constexpr int kMaxNameWidth = 260;

signals:
    /// Empty when the selection was cleared (show all classes again).
    void classSelected(std::optional<optconf::LabelId> label);

private:
    void fitNameColumn();

    ClassTableModel* m_model;
    QSortFilterProxyModel* m_proxy;
    QTableView* m_view;
    QLineEdit* m_filter;
    QGroupBox* m_box;
};

} // namespace optconf
