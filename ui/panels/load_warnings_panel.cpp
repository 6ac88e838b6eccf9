// SPDX-License-Identifier: MIT
#include "ui/panels/load_warnings_panel.h"
#include "ui/theme.h"

#include <QListWidget>
#include <QToolButton>
#include <QVBoxLayout>

namespace optconf {

LoadWarningsPanel::LoadWarningsPanel(QWidget* parent)
    : QWidget(parent)
    , m_header(new QToolButton)
    , m_list(new QListWidget)
{
    setObjectName(QStringLiteral("loadWarnings"));
    m_header->setObjectName(QStringLiteral("loadWarningsHeader"));
    m_header->setCheckable(true);
    m_header->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_header->setAutoRaise(true);
    m_header->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    m_header->setStyleSheet(QStringLiteral("QToolButton { text-align: left; %1 }")
                                .arg(theme::textStyle(theme::Tone::Warning, palette())));
    m_list->setObjectName(QStringLiteral("loadWarningsList"));
    m_list->setWordWrap(true);
    m_list->setTextElideMode(Qt::ElideMiddle);
    m_list->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_list->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_list->setMaximumHeight(160);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(m_header);
    layout->addWidget(m_list);
    connect(m_header, &QToolButton::toggled, this, &LoadWarningsPanel::setOpen);
    setWarnings({});
}

void LoadWarningsPanel::setWarnings(const QStringList& warnings)
{
    m_warnings = warnings;
    m_list->clear();
    for (const QString& w : warnings) {
        auto* item = new QListWidgetItem(w, m_list);
        item->setToolTip(w);
    }
    const auto n = static_cast<int>(warnings.size());
    m_header->setText(n == 1 ? tr("1 load warning") : tr("%1 load warnings").arg(n));
    m_header->setToolTip(tr("Show or hide what loading warned about"));
    m_header->setChecked(false);
    setOpen(false);
    setVisible(n > 0);
}

void LoadWarningsPanel::setOpen(bool open)
{
    m_header->setArrowType(open ? Qt::DownArrow : Qt::RightArrow);
    m_list->setVisible(open);
}

} // namespace optconf
