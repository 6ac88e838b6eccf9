// SPDX-License-Identifier: MIT
#include "class_panel.h"

#include "class_table_model.h"

#include <QGroupBox>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLineEdit>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

namespace optconf {

ClassPanel::ClassPanel(QWidget* parent)
    : QWidget(parent)
    , m_model(new ClassTableModel(this))
    , m_proxy(new QSortFilterProxyModel(this))
    , m_view(new QTableView)
    , m_filter(new QLineEdit)
{
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(ClassTableModel::SortRole);
    m_proxy->setFilterKeyColumn(ClassTableModel::Name);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_filter->setObjectName(QStringLiteral("classFilter"));
    m_filter->setPlaceholderText(tr("Filter classes…"));
    m_filter->setClearButtonEnabled(true);
    m_view->setObjectName(QStringLiteral("classTable"));
    m_view->setModel(m_proxy);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(ClassTableModel::GroundTruth, Qt::DescendingOrder);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setAlternatingRowColors(true);
    m_view->verticalHeader()->setVisible(false);
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 6);
    m_view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_view->horizontalHeader()->setSectionResizeMode(ClassTableModel::Name, QHeaderView::Stretch);
    m_view->setToolTip(tr("Select a class to draw its own curve; clear the selection (click the selected row "
                          "with Ctrl) to draw the total again"));

    auto* box = new QGroupBox(tr("Per class"));
    auto* inner = new QVBoxLayout(box);
    inner->addWidget(m_filter);
    inner->addWidget(m_view);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(box);

    connect(m_filter, &QLineEdit::textChanged, m_proxy, &QSortFilterProxyModel::setFilterFixedString);
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        const QModelIndexList rows = m_view->selectionModel()->selectedRows();
        if (rows.isEmpty()) {
            emit classSelected(nullptr);
            return;
        }
        const QModelIndex source = m_proxy->mapToSource(rows.first());
        emit classSelected(m_model->classAt(source.row()));
    });
}

void ClassPanel::setResult(std::shared_ptr<const EvaluationResult> result)
{
    m_model->setResult(std::move(result));
}

} // namespace optconf
