// SPDX-License-Identifier: MIT
#pragma once

#include <QWidget>

class QListWidget;
class QPushButton;

namespace optconf {

/// What a first start shows: open the bundled synthetic example in one click, open your own
/// files or folder, or reopen a recent input.
class StartPage final : public QWidget
{
    Q_OBJECT
public:
    explicit StartPage(QWidget* parent = nullptr);

    /// Each entry is the list of paths that were opened together.
    void setRecent(const QList<QStringList>& recent);
    QPushButton* exampleButton() const { return m_example; }

signals:
    void openExampleRequested();
    void openFilesRequested();
    void openFolderRequested();
    void openRecentRequested(const QStringList& paths);

private:
    QPushButton* m_example;
    QListWidget* m_recent;
};

/// "ground_truth.json + 2 more", for menus and lists.
QString recentEntryText(const QStringList& paths);

} // namespace optconf
