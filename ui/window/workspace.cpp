// SPDX-License-Identifier: MIT
#include "ui/window/workspace.h"

#include "ui/charts/curve_chart.h"
#include "ui/charts/pr_chart.h"
#include "ui/images/images_panel.h"
#include "ui/panels/class_panel.h"
#include "ui/panels/confusion_panel.h"
#include "ui/panels/data_panel.h"
#include "ui/panels/deployment_panel.h"
#include "ui/panels/errors_panel.h"
#include "ui/panels/load_warnings_panel.h"
#include "ui/panels/results_panel.h"
#include "ui/panels/run_panel.h"
#include "ui/panels/settings_panel.h"

#include <QCheckBox>
#include <QScrollArea>
#include <QSettings>
#include <QTabWidget>
#include <QVBoxLayout>

namespace optconf {

Workspace::Workspace(QWidget* parent)
    : QSplitter(Qt::Horizontal, parent)
    , m_data(new DataPanel)
    , m_loadWarnings(new LoadWarningsPanel)
    , m_settings(new SettingsPanel)
    , m_runPanel(new RunPanel)
    , m_chart(new CurveChart)
    , m_pr(new PrChart)
    , m_results(new ResultsPanel)
    , m_classes(new ClassPanel)
    , m_images(new ImagesPanel)
    , m_confusion(new ConfusionPanel)
    , m_errors(new ErrorsPanel)
    , m_tabs(new QTabWidget)
    , m_overlay(new QCheckBox(tr("&Every class")))
    , m_right(new QSplitter(Qt::Vertical))
    , m_bottom(new QSplitter(Qt::Horizontal))
    , m_deployment(new DeploymentPanel)
{
    setObjectName(QStringLiteral("workspace"));
    auto* left = new QWidget;
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->addWidget(m_data);
    leftLayout->addWidget(m_loadWarnings);
    leftLayout->addWidget(m_settings);
    leftLayout->addWidget(m_runPanel);
    leftLayout->addStretch(1);
    auto* scroll = new QScrollArea;
    scroll->setWidget(left);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setMinimumWidth(360);

    m_tabs->addTab(m_chart, tr("P / R / F1 against confidence"));
    m_tabs->addTab(m_pr, tr("Precision–recall"));
    m_tabs->addTab(m_images, tr("Images"));
    m_tabs->addTab(m_confusion, tr("Confusion"));
    m_tabs->addTab(m_errors, tr("Errors"));
    m_tabs->addTab(m_deployment, tr("Deployment"));
    m_overlay->setObjectName(QStringLiteral("overlayToggle"));
    m_overlay->setToolTip(tr("Draw every class's objective against confidence on one chart; click a line to "
                             "select its class"));
    m_tabs->setCornerWidget(m_overlay, Qt::TopRightCorner);
    // On a small screen (1024 x 600) the results scroll rather than set the window's minimum height.
    auto* results = new QScrollArea;
    results->setWidget(m_results);
    results->setWidgetResizable(true);
    results->setFrameShape(QFrame::NoFrame);
    results->setMinimumWidth(m_results->minimumSizeHint().width() + 16);
    m_bottom->addWidget(results);
    m_bottom->addWidget(m_classes);
    m_bottom->setStretchFactor(1, 1);
    m_right->addWidget(m_tabs);
    m_right->addWidget(m_bottom);
    m_right->setStretchFactor(0, 3);
    m_right->setStretchFactor(1, 2);
    // The results scroll on a small screen; at the default size they are shown whole.
    m_right->setSizes({490, 350});
    m_bottom->setSizes({390, 560});
    addWidget(scroll);
    addWidget(m_right);
    setStretchFactor(1, 1);
    setSizes({390, 1050});
}

void Workspace::saveLayout(QSettings& s) const
{
    s.setValue(QStringLiteral("window/mainSplit"), saveState());
    s.setValue(QStringLiteral("window/rightSplit"), m_right->saveState());
    s.setValue(QStringLiteral("window/bottomSplit"), m_bottom->saveState());
}

void Workspace::restoreLayout(const QSettings& s)
{
    restoreState(s.value(QStringLiteral("window/mainSplit")).toByteArray());
    m_right->restoreState(s.value(QStringLiteral("window/rightSplit")).toByteArray());
    m_bottom->restoreState(s.value(QStringLiteral("window/bottomSplit")).toByteArray());
}

} // namespace optconf
