// SPDX-License-Identifier: MIT
#pragma once

#include "evaluation.h"

#include <QWidget>

#include <memory>

class QLineEdit;
class QSortFilterProxyModel;
class QTableView;

namespace optconf {

class ClassTableModel;

/// The per-class table: sortable, filterable by name; selecting a row shows that class's curve.
class ClassPanel final : public QWidget
{
    Q_OBJECT
public:
    explicit ClassPanel(QWidget* parent = nullptr);

    void setResult(std::shared_ptr<const EvaluationResult> result);

    ClassTableModel* model() const { return m_model; }
    QSortFilterProxyModel* proxy() const { return m_proxy; }
    QTableView* view() const { return m_view; }
    QLineEdit* filter() const { return m_filter; }

signals:
    /// `curve` is null when the selection was cleared (show the total again).
    void classSelected(const optconf::ClassCurve* curve);

private:
    ClassTableModel* m_model;
    QSortFilterProxyModel* m_proxy;
    QTableView* m_view;
    QLineEdit* m_filter;
};

} // namespace optconf
