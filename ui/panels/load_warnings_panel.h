// SPDX-License-Identifier: MIT
#pragma once

#include <QStringList>
#include <QWidget>

class QListWidget;
class QToolButton;

namespace optconf {

/// What loading warned about, under the data panel: a header with the count ("3 load warnings")
/// that opens and closes the list of every warning ("file: place: warning: cause"). Hidden when
/// the load had none.
class LoadWarningsPanel final : public QWidget
{
    Q_OBJECT
public:
    explicit LoadWarningsPanel(QWidget* parent = nullptr);

    /// Shows `warnings` (empty: hides the panel); the list starts closed.
    void setWarnings(const QStringList& warnings);
    QStringList warnings() const { return m_warnings; }
    QToolButton* header() const { return m_header; }
    QListWidget* list() const { return m_list; }

private:
    void setOpen(bool open);

    QStringList m_warnings;
    QToolButton* m_header;
    QListWidget* m_list;
};

} // namespace optconf
