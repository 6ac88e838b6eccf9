// SPDX-License-Identifier: MIT
#include "ui/window/recent_inputs.h"

#include "ui/window/start_page.h"

#include <QFileInfo>
#include <QMenu>
#include <QSettings>

namespace optconf {

namespace {
constexpr qsizetype kMaxEntries = 8;
}

RecentInputs::RecentInputs(QMenu* menu, QObject* parent)
    : QObject(parent)
    , m_menu(menu)
{
    rebuild();
}

void RecentInputs::add(const QStringList& given)
{
    // Absolute: an entry made by a launch from another folder must still open from the menu.
    QStringList paths;
    for (const QString& p : given)
        paths << QFileInfo(p).absoluteFilePath();
    m_entries.removeAll(paths);
    m_entries.prepend(paths);
    while (m_entries.size() > kMaxEntries)
        m_entries.removeLast();
    rebuild();
}

void RecentInputs::save(QSettings& settings) const
{
    QVariantList list;
    for (const QStringList& paths : m_entries)
        list << paths;
    settings.setValue(QStringLiteral("recent"), list);
}

void RecentInputs::restore(const QSettings& settings)
{
    m_entries.clear();
    for (const QVariant& v : settings.value(QStringLiteral("recent")).toList())
        if (const QStringList paths = v.toStringList(); !paths.isEmpty() && m_entries.size() < kMaxEntries)
            m_entries << paths;
    rebuild();
}

void RecentInputs::rebuild()
{
    m_menu->clear();
    for (const QStringList& paths : std::as_const(m_entries)) {
        QAction* a =
            m_menu->addAction(recentEntryText(paths), this, [this, paths] { emit openRequested(paths); });
        a->setToolTip(paths.join(QLatin1Char('\n')));
    }
    m_menu->setEnabled(!m_entries.isEmpty());
    emit changed(m_entries);
}

} // namespace optconf
