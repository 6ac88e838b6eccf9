// SPDX-License-Identifier: MIT
#include "ui/panels/class_panel.h"

#include "ui/format.h"
#include "ui/panels/class_table_model.h"

#include <QGroupBox>
#include <QHeaderView>
#include <QHelpEvent>
#include <QItemSelectionModel>
#include <QLineEdit>
#include <QSortFilterProxyModel>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QToolTip>
#include <QVBoxLayout>

#include <algorithm>

namespace optconf {

namespace {

/// Class names: the full name as a tooltip only when the cell elides it.
class NameDelegate final : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    bool helpEvent(QHelpEvent* event, QAbstractItemView* view, const QStyleOptionViewItem& option,
                   const QModelIndex& index) final
    {
        if (event->type() == QEvent::ToolTip) {
            const QString text = index.data().toString();
            const int needed = sizeHint(option, index).width();
            if (needed <= option.rect.width()) {
                QToolTip::hideText();
                return true;
            }
            QToolTip::showText(event->globalPos(), text, view, option.rect);
            return true;
        }
        return QStyledItemDelegate::helpEvent(event, view, option, index);
    }
};

} // namespace

ClassPanel::ClassPanel(QWidget* parent)
    : QWidget(parent)
    , m_model(new ClassTableModel(this))
    , m_proxy(new QSortFilterProxyModel(this))
    , m_view(new QTableView)
    , m_filter(new QLineEdit)
    , m_box(new QGroupBox(tr("Per class")))
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
    m_view->setTextElideMode(Qt::ElideRight);
    m_view->setItemDelegateForColumn(ClassTableModel::Name, new NameDelegate(m_view));
    m_view->verticalHeader()->setVisible(false);
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 6);
    QHeaderView* header = m_view->horizontalHeader();
    header->setSectionResizeMode(QHeaderView::ResizeToContents);
    // The names are what the table is read by: sized from them, and the user can drag the edge.
    header->setSectionResizeMode(ClassTableModel::Name, QHeaderView::Interactive);
    header->setStretchLastSection(false);
    m_view->setToolTip(tr("Select a class to see it everywhere; Ctrl+click the selected row to see all "
                          "classes again"));

    auto* inner = new QVBoxLayout(m_box);
    inner->addWidget(m_filter);
    inner->addWidget(m_view);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_box);

    connect(m_filter, &QLineEdit::textChanged, m_proxy, &QSortFilterProxyModel::setFilterFixedString);
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        const QModelIndexList rows = m_view->selectionModel()->selectedRows();
        if (rows.isEmpty()) {
            emit classSelected(std::nullopt);
            return;
        }
        emit classSelected(static_cast<LabelId>(rows.first().data(ClassTableModel::LabelRole).toUInt()));
    });
}

void ClassPanel::setResult(std::shared_ptr<const EvaluationResult> result)
{
    m_model->setResult(std::move(result));
    m_box->setTitle(tr("Per class"));
    fitNameColumn();
}

void ClassPanel::fitNameColumn()
{
    m_view->resizeColumnToContents(ClassTableModel::Name);
    const int width = m_view->columnWidth(ClassTableModel::Name);
    m_view->setColumnWidth(ClassTableModel::Name, std::min(width, kMaxNameWidth));
}

void ClassPanel::setSelectedThreshold(std::optional<double> threshold)
{
    m_model->setSelectedThreshold(threshold);
    m_box->setTitle(
        threshold ? tr("Per class — @t: at the selected threshold t = %1").arg(formatThreshold(*threshold))
                  : tr("Per class"));
}

void ClassPanel::selectLabel(std::optional<LabelId> label)
{
    const int row = label ? m_model->rowOf(*label) : -1;
    const QModelIndex index = row >= 0 ? m_proxy->mapFromSource(m_model->index(row, 0)) : QModelIndex();
    if (!index.isValid()) {
        m_view->clearSelection();
        return;
    }
    m_view->selectRow(index.row());
    m_view->scrollTo(index);
}

} // namespace optconf
