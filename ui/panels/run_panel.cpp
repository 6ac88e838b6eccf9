// SPDX-License-Identifier: MIT
#include "ui/panels/run_panel.h"

#include "ui/format.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

namespace optconf {

RunPanel::RunPanel(QWidget* parent)
    : QWidget(parent)
    , m_run(new QPushButton(tr("&Run")))
    , m_cancel(new QPushButton(tr("Cancel")))
    , m_bar(new QProgressBar)
    , m_text(new QLabel)
{
    m_run->setObjectName(QStringLiteral("runButton"));
    m_run->setDefault(true);
    m_run->setMinimumHeight(m_run->sizeHint().height() * 5 / 4);
    m_cancel->setObjectName(QStringLiteral("cancelButton"));
    m_cancel->setEnabled(false);
    m_cancel->setToolTip(tr("Stop the run (Esc); the previous result stays"));
    m_bar->setRange(0, 1000); // fractions of a run mapped onto 0–1000 for a smooth bar
    m_bar->setTextVisible(false);
    m_bar->setVisible(false);
    m_text->setObjectName(QStringLiteral("progressText"));
    m_text->setWordWrap(true);

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_run, 2);
    buttons->addWidget(m_cancel, 1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(buttons);
    layout->addWidget(m_bar);
    layout->addWidget(m_text);

    connect(m_run, &QPushButton::clicked, this, &RunPanel::runRequested);
    connect(m_cancel, &QPushButton::clicked, this, &RunPanel::cancelRequested);
}

void RunPanel::setRunnable(const QString& problem)
{
    m_run->setEnabled(problem.isEmpty());
    m_run->setToolTip(problem.isEmpty() ? tr("Match and sweep (Ctrl+R, F5)") : problem);
}

void RunPanel::showStarted()
{
    m_elapsed = 0;
    m_bar->setValue(0);
    m_bar->setVisible(true);
    m_text->setText(tr("Starting…"));
    m_cancel->setEnabled(true);
}

void RunPanel::showProgress(const RunProgress& p)
{
    m_elapsed = p.elapsedSeconds;
    m_bar->setVisible(true);
    m_bar->setValue(static_cast<int>(p.fraction * 1000));
    QString text = stageText(p.stage);
    if (p.stage == EvaluationStage::Match && p.imageCount > 0)
        text += tr(": %1 of %2 images")
                    .arg(formatCount(static_cast<std::int64_t>(p.imagesDone)),
                         formatCount(static_cast<std::int64_t>(p.imageCount)));
    text +=
        tr("\n%1 elapsed, %2 left").arg(formatDuration(p.elapsedSeconds), formatDuration(p.remainingSeconds));
    m_text->setText(text);
}

void RunPanel::showLoading(double fraction, const QString& stage)
{
    m_bar->setVisible(true);
    m_bar->setValue(static_cast<int>(fraction * 1000));
    m_text->setText(tr("Loading: %1").arg(stage));
}

void RunPanel::showEnded(const QString& message)
{
    m_bar->setVisible(false);
    m_cancel->setEnabled(false);
    m_text->setText(message);
}

} // namespace optconf
