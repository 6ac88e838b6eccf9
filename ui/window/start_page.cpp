// SPDX-License-Identifier: MIT
#include "ui/window/start_page.h"

#include "resources/bundled_example.h"
#include "ui/theme.h"

#include <QDir>
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
    // The folder tells entries apart that share file names (every COCO export has a gt.json).
    const QFileInfo first(paths.first());
    QString folder = QDir::toNativeSeparators(first.absolutePath());
    const QString home = QDir::toNativeSeparators(QDir::homePath());
    if (folder == home || folder.startsWith(home + QDir::separator()))
        folder = QLatin1Char('~') + folder.mid(home.size());
    const QString name =
        paths.size() == 1
            ? first.fileName()
            : QObject::tr("%1 + %2 more").arg(first.fileName()).arg(static_cast<int>(paths.size() - 1));
    return QObject::tr("%1 — in %2").arg(name, folder);
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
                      "<p>Open your ground truth with one or more models' predictions: a COCO "
                      "ground-truth file with COCO results files, a FiftyOne export folder, YOLO label "
                      "folders, Pascal VOC annotation folders, or CSV files (one row per box). Pick the "
                      "ground-truth and prediction fields, press <b>Run</b>, and read precision, recall "
                      "and F1 at every threshold.</p>"));
    title->setWordWrap(true);
    title->setTextFormat(Qt::RichText);

    m_example->setObjectName(QStringLiteral("openExample"));
    auto* exampleNote = new QLabel(bundledExampleDescription() +
                                   tr(": 300 simulated images, 6 classes, two simulated detectors."));
    exampleNote->setWordWrap(true);
    exampleNote->setStyleSheet(theme::textStyle(theme::Tone::Warning, palette()));
    auto* files = new QPushButton(tr("Open Files…"));
    auto* folder = new QPushButton(tr("Open Folder…"));
    files->setObjectName(QStringLiteral("openFiles"));
    folder->setObjectName(QStringLiteral("openFolder"));
    files->setDefault(true);
    for (QPushButton* b : {files, folder})
        b->setMinimumHeight(b->sizeHint().height() * 3 / 2);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(files);
    buttons->addWidget(folder);
    buttons->addStretch(1);
    auto* dropHint = new QLabel(tr("You can also drop files or a folder onto this window."));
    dropHint->setStyleSheet(theme::textStyle(theme::Tone::Muted, palette()));

    m_recent->setObjectName(QStringLiteral("recentList"));
    m_recent->setMaximumHeight(160);

    auto* column = new QVBoxLayout;
    column->addWidget(title);
    column->addSpacing(8);
    column->addLayout(buttons);
    column->addWidget(dropHint);
    column->addSpacing(16);
    column->addWidget(new QLabel(tr("<b>No data at hand?</b>")));
    auto* exampleRow = new QHBoxLayout;
    exampleRow->addWidget(m_example);
    exampleRow->addStretch(1);
    column->addLayout(exampleRow);
    column->addWidget(exampleNote);
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
