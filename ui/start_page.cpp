// SPDX-License-Identifier: MIT
#include "start_page.h"

#include "bundled_example.h"

#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

namespace optconf {

QString recentEntryText(const QStringList& paths)
{
    if (paths.isEmpty())
        return {};
    const QString first = QFileInfo(paths.first()).fileName();
    return paths.size() == 1
               ? first
               : QObject::tr("%1 + %n more", nullptr, static_cast<int>(paths.size() - 1)).arg(first);
}

StartPage::StartPage(QWidget* parent)
    : QWidget(parent)
    , m_example(new QPushButton(tr("Open the synthetic example")))
    , m_recent(new QListWidget)
{
    setObjectName(QStringLiteral("startPage"));
    auto* title =
        new QLabel(tr("<h1>OptConf</h1>"
                      "<p style='font-size:110%'>Find the confidence threshold at which to deploy an "
                      "object detector.</p>"
                      "<p>Open a COCO ground-truth file with one or more COCO results files, or a "
                      "FiftyOne export folder. Pick the ground-truth and prediction fields, press "
                      "<b>Run</b>, and read precision, recall and F1 at every threshold.</p>"));
    title->setWordWrap(true);
    title->setTextFormat(Qt::RichText);

    m_example->setObjectName(QStringLiteral("openExample"));
    m_example->setDefault(true);
    m_example->setMinimumHeight(m_example->sizeHint().height() * 3 / 2);
    auto* exampleNote = new QLabel(bundledExampleDescription() +
                                   tr(": 300 simulated images, 6 classes, two simulated detectors."));
    exampleNote->setWordWrap(true);
    exampleNote->setStyleSheet(QStringLiteral("color: #8a5300;"));
    auto* files = new QPushButton(tr("Open Files…"));
    auto* folder = new QPushButton(tr("Open Folder…"));
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(files);
    buttons->addWidget(folder);
    buttons->addStretch(1);
    auto* dropHint = new QLabel(tr("You can also drop files or a folder onto this window."));
    dropHint->setStyleSheet(QStringLiteral("color: palette(dark);"));

    m_recent->setObjectName(QStringLiteral("recentList"));
    m_recent->setMaximumHeight(160);

    auto* column = new QVBoxLayout;
    column->addWidget(title);
    column->addSpacing(8);
    column->addWidget(m_example);
    column->addWidget(exampleNote);
    column->addSpacing(16);
    column->addLayout(buttons);
    column->addWidget(dropHint);
    column->addSpacing(16);
    column->addWidget(new QLabel(tr("<b>Recent</b>")));
    column->addWidget(m_recent);
    column->addStretch(1);
    auto* center = new QWidget;
    center->setLayout(column);
    center->setMaximumWidth(640);
    auto* outer = new QHBoxLayout(this);
    outer->addStretch(1);
    outer->addWidget(center, 3);
    outer->addStretch(1);

    connect(m_example, &QPushButton::clicked, this, &StartPage::openExampleRequested);
    connect(files, &QPushButton::clicked, this, &StartPage::openFilesRequested);
    connect(folder, &QPushButton::clicked, this, &StartPage::openFolderRequested);
    connect(m_recent, &QListWidget::itemActivated, this, [this](QListWidgetItem* item) {
        emit openRecentRequested(item->data(Qt::UserRole).toStringList());
    });
}

void StartPage::setRecent(const QList<QStringList>& recent)
{
    m_recent->clear();
    for (const QStringList& paths : recent) {
        auto* item = new QListWidgetItem(recentEntryText(paths), m_recent);
        item->setData(Qt::UserRole, paths);
        item->setToolTip(paths.join(QLatin1Char('\n')));
    }
    if (recent.isEmpty())
        new QListWidgetItem(tr("(nothing yet)"), m_recent);
}

} // namespace optconf
