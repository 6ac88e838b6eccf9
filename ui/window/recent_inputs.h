// SPDX-License-Identifier: MIT
#pragma once

#include <QObject>
#include <QStringList>

class QMenu;
class QSettings;

namespace optconf {

/// File > Open Recent: inputs opened together are one entry, most recent first, persisted.
class RecentInputs final : public QObject
{
    Q_OBJECT
public:
    RecentInputs(QMenu* menu, QObject* parent = nullptr);

    void add(const QStringList& paths);
    const QList<QStringList>& entries() const { return m_entries; }
    void save(QSettings& settings) const;
    void restore(const QSettings& settings);

signals:
    void changed(const QList<QStringList>& entries);
    void openRequested(const QStringList& paths);

private:
    void rebuild();

    QMenu* m_menu;
    QList<QStringList> m_entries;
};

} // namespace optconf
