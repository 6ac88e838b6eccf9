// SPDX-License-Identifier: MIT
#include "ui/panels/settings_panel.h"

#include "ui/theme.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSettings>
#include <QSpinBox>
#include <QVBoxLayout>

namespace optconf {

namespace {
constexpr int kCocoMaxDetections = 100; // pycocotools' maxDets[-1]
}

SettingsPanel::SettingsPanel(QWidget* parent)
    : QWidget(parent)
    , m_lower(new QDoubleSpinBox)
    , m_upper(new QDoubleSpinBox)
    , m_steps(new QSpinBox)
    , m_iou(new QDoubleSpinBox)
    , m_classAgnostic(new QCheckBox(tr("Class-agnostic matching")))
    , m_protocol(new QComboBox)
    , m_protocolNote(new QLabel)
    , m_pluginParity(new QCheckBox(tr("FiftyOne plugin parity")))
    , m_objective(new QComboBox)
    , m_beta(new QDoubleSpinBox)
    , m_costFp(new QDoubleSpinBox)
    , m_costFn(new QDoubleSpinBox)
    , m_minPrecision(new QDoubleSpinBox)
    , m_minRecall(new QDoubleSpinBox)
    , m_problem(new QLabel)
{
    for (QDoubleSpinBox* b : {m_lower, m_upper}) {
        b->setRange(-1000.0, 1000.0);
        b->setDecimals(4);
        b->setSingleStep(0.05);
    }
    m_lower->setObjectName(QStringLiteral("lowerBound"));
    m_upper->setObjectName(QStringLiteral("upperBound"));
    m_lower->setValue(0.0);
    m_upper->setValue(1.0);
    m_lower->setToolTip(tr("Lowest confidence threshold of the grid (kept: confidence ≥ threshold)"));
    m_upper->setToolTip(tr("Highest confidence threshold of the grid"));
    m_steps->setObjectName(QStringLiteral("steps"));
    m_steps->setRange(1, 1'000'000);
    m_steps->setValue(101);
    m_steps->setToolTip(tr("Number of thresholds, as numpy.linspace(lower, upper, steps). The exact optimum "
                           "is searched over every distinct confidence regardless."));
    m_iou->setRange(0.01, 1.0);
    m_iou->setDecimals(2);
    m_iou->setSingleStep(0.05);
    m_iou->setValue(0.5);
    m_iou->setToolTip(tr("A prediction matches a ground-truth object at IoU ≥ this value"));
    m_classAgnostic->setToolTip(
        tr("Match predictions to ground truth of any class (a match between different "
           "classes counts one FP and one FN)"));
    m_protocol->addItem(tr("FiftyOne (COCO-style)"), QStringLiteral("fiftyone"));
    m_protocol->addItem(tr("pycocotools"), QStringLiteral("coco"));
    m_protocol->setToolTip(tr("FiftyOne: crowds are TP when matched, FN when not.\npycocotools: matches to "
                              "crowds are ignored, at most 100 detections per image and class."));
    m_protocolNote->setWordWrap(true);
    m_protocolNote->setStyleSheet(theme::textStyle(theme::Tone::Muted, palette()));
    m_pluginParity->setToolTip(tr("As the FiftyOne plugin's filter_labels: images left with no prediction at "
                                  "or above the threshold do not count their ground truth as missed"));
    m_objective->setObjectName(QStringLiteral("objective"));
    m_beta->setObjectName(QStringLiteral("beta"));
    m_protocol->setObjectName(QStringLiteral("protocol"));
    m_objective->addItem(tr("F1"));
    m_objective->addItem(tr("F-beta"));
    m_beta->setRange(0.05, 20.0);
    m_beta->setDecimals(2);
    m_beta->setSingleStep(0.25);
    m_beta->setValue(1.0);
    m_beta->setPrefix(tr("β = "));
    m_beta->setEnabled(false);
    m_beta->setToolTip(tr("β > 1 weighs recall more, β < 1 weighs precision more"));
    m_objective->addItem(tr("Cost"));
    m_costFp->setObjectName(QStringLiteral("costFp"));
    m_costFn->setObjectName(QStringLiteral("costFn"));
    m_costFp->setPrefix(tr("FP × "));
    m_costFn->setPrefix(tr("FN × "));
    for (QDoubleSpinBox* b : {m_costFp, m_costFn}) {
        // Narrow enough for both beside the list in the settings column; they shrink with it.
        b->setRange(0.0, 9999.0);
        b->setDecimals(2);
        b->setSizePolicy(QSizePolicy::Ignored, b->sizePolicy().verticalPolicy());
        b->setMinimumWidth(70);
        b->setValue(1.0);
        b->setVisible(false);
    }
    m_costFp->setToolTip(tr("Cost of one false positive: the threshold minimises FP × this + FN × the "
                            "other, per image (as optconf-cli --objective cost:FP,FN)"));
    m_costFn->setToolTip(tr("Cost of one missed object (false negative)"));
    // 0 reads "none": every threshold reaches a target of 0, so it would say nothing.
    for (QDoubleSpinBox* b : {m_minPrecision, m_minRecall}) {
        b->setRange(0.0, 1.0);
        b->setDecimals(3);
        b->setSingleStep(0.05);
        b->setSpecialValueText(tr("none"));
        b->setValue(0.0);
    }
    m_minPrecision->setObjectName(QStringLiteral("minPrecision"));
    m_minRecall->setObjectName(QStringLiteral("minRecall"));
    m_minPrecision->setToolTip(
        tr("Also find the threshold with the highest recall whose precision is at least "
           "this (as optconf-cli --min-precision)"));
    m_minRecall->setToolTip(tr("Also find the threshold with the highest precision whose recall is at least "
                               "this (as optconf-cli --min-recall)"));
    m_problem->setObjectName(QStringLiteral("settingsProblem"));
    m_problem->setWordWrap(true);
    m_problem->setStyleSheet(theme::textStyle(theme::Tone::Error, palette()));
    m_problem->setVisible(false);

    auto* box = new QGroupBox(tr("Settings"));
    auto* form = new QFormLayout(box);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->addRow(tr("&Lower bound:"), m_lower);
    form->addRow(tr("&Upper bound:"), m_upper);
    form->addRow(tr("&Steps:"), m_steps);
    form->addRow(tr("&IoU threshold:"), m_iou);
    form->addRow(tr("Pro&tocol:"), m_protocol);
    form->addRow(QString(), m_protocolNote);
    form->addRow(QString(), m_classAgnostic);
    form->addRow(QString(), m_pluginParity);
    // The objective row is a widget, not a bare layout, so it is shown and hidden as one.
    auto* objectiveRow = new QWidget;
    objectiveRow->setObjectName(QStringLiteral("objectiveRow"));
    auto* objective = new QHBoxLayout(objectiveRow);
    objective->setContentsMargins(0, 0, 0, 0);
    objective->addWidget(m_objective);
    objective->addWidget(m_beta, 1);
    objective->addWidget(m_costFp, 1);
    objective->addWidget(m_costFn, 1);
    form->addRow(tr("Objective:"), objectiveRow);
    form->addRow(tr("Min &precision:"), m_minPrecision);
    form->addRow(tr("Min re&call:"), m_minRecall);
    form->addRow(m_problem);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(box);

    auto updateNote = [this] {
        const bool coco = m_protocol->currentIndex() == 1;
        // The note is always shown, one line either way: a row that appears and disappears made
        // the form lay itself out again on every switch, with the wrapped label's height for
        // width, which is where rows below it could lose their place.
        m_protocolNote->setText(coco
                                    ? tr("At most %1 detections per image and class.").arg(kCocoMaxDetections)
                                    : tr("Every detection counts; crowds found are TP."));
        m_beta->setEnabled(m_objective->currentIndex() == 1);
        const bool cost = m_objective->currentIndex() == 2;
        m_beta->setVisible(!cost);
        m_costFp->setVisible(cost);
        m_costFn->setVisible(cost);
    };
    updateNote();
    auto emitChanged = [this, updateNote] {
        updateNote();
        emit changed();
    };
    connect(m_lower, &QDoubleSpinBox::valueChanged, this, emitChanged);
    connect(m_upper, &QDoubleSpinBox::valueChanged, this, emitChanged);
    connect(m_steps, &QSpinBox::valueChanged, this, emitChanged);
    connect(m_iou, &QDoubleSpinBox::valueChanged, this, emitChanged);
    connect(m_beta, &QDoubleSpinBox::valueChanged, this, emitChanged);
    connect(m_costFp, &QDoubleSpinBox::valueChanged, this, emitChanged);
    connect(m_costFn, &QDoubleSpinBox::valueChanged, this, emitChanged);
    connect(m_minPrecision, &QDoubleSpinBox::valueChanged, this, emitChanged);
    connect(m_minRecall, &QDoubleSpinBox::valueChanged, this, emitChanged);
    connect(m_classAgnostic, &QCheckBox::toggled, this, emitChanged);
    connect(m_pluginParity, &QCheckBox::toggled, this, emitChanged);
    connect(m_protocol, &QComboBox::currentIndexChanged, this, emitChanged);
    connect(m_objective, &QComboBox::currentIndexChanged, this, emitChanged);
}

void SettingsPanel::applyTo(EvaluationRequest& r) const
{
    r.sweep.lower = m_lower->value();
    r.sweep.upper = m_upper->value();
    r.sweep.steps = m_steps->value();
    r.sweep.pluginParity = m_pluginParity->isChecked();
    r.sweep.objective.beta = m_objective->currentIndex() == 1 ? m_beta->value() : 1.0;
    r.sweep.objective.kind =
        m_objective->currentIndex() == 2 ? Objective::Kind::Cost : Objective::Kind::FBeta;
    r.sweep.objective.costFp = m_costFp->value();
    r.sweep.objective.costFn = m_costFn->value();
    const auto target = [](const QDoubleSpinBox* b) {
        return b->value() > 0.0 ? std::optional<double>(b->value()) : std::nullopt;
    };
    r.sweep.minPrecision = target(m_minPrecision);
    r.sweep.minRecall = target(m_minRecall);
    r.match.iouThreshold = m_iou->value();
    r.match.classwise = !m_classAgnostic->isChecked();
    const bool coco = m_protocol->currentIndex() == 1;
    r.match.protocol = coco ? Protocol::Coco : Protocol::FiftyOne;
    r.match.maxDetections = coco ? std::optional<int>(kCocoMaxDetections) : std::nullopt;
}

void SettingsPanel::setFrom(const EvaluationRequest& r)
{
    m_lower->setValue(r.sweep.lower);
    m_upper->setValue(r.sweep.upper);
    m_steps->setValue(r.sweep.steps);
    m_pluginParity->setChecked(r.sweep.pluginParity);
    m_objective->setCurrentIndex(r.sweep.objective.isCost() ? 2 : r.sweep.objective.isF1() ? 0 : 1);
    if (!r.sweep.objective.isF1() && !r.sweep.objective.isCost())
        m_beta->setValue(r.sweep.objective.beta);
    if (r.sweep.objective.isCost()) {
        m_costFp->setValue(r.sweep.objective.costFp);
        m_costFn->setValue(r.sweep.objective.costFn);
    }
    m_minPrecision->setValue(r.sweep.minPrecision.value_or(0.0));
    m_minRecall->setValue(r.sweep.minRecall.value_or(0.0));
    m_iou->setValue(r.match.iouThreshold);
    m_classAgnostic->setChecked(!r.match.classwise);
    m_protocol->setCurrentIndex(r.match.protocol == Protocol::Coco ? 1 : 0);
}

void SettingsPanel::setProblem(const QString& message)
{
    m_problem->setText(message);
    m_problem->setVisible(!message.isEmpty());
}

void SettingsPanel::save(QSettings& s) const
{
    s.setValue(QStringLiteral("settings/lower"), m_lower->value());
    s.setValue(QStringLiteral("settings/upper"), m_upper->value());
    s.setValue(QStringLiteral("settings/steps"), m_steps->value());
    s.setValue(QStringLiteral("settings/iou"), m_iou->value());
    s.setValue(QStringLiteral("settings/classAgnostic"), m_classAgnostic->isChecked());
    s.setValue(QStringLiteral("settings/protocol"), m_protocol->currentData());
    s.setValue(QStringLiteral("settings/pluginParity"), m_pluginParity->isChecked());
    s.setValue(QStringLiteral("settings/fbeta"), m_objective->currentIndex() == 1);
    s.setValue(QStringLiteral("settings/beta"), m_beta->value());
    s.setValue(QStringLiteral("settings/cost"), m_objective->currentIndex() == 2);
    s.setValue(QStringLiteral("settings/costFp"), m_costFp->value());
    s.setValue(QStringLiteral("settings/costFn"), m_costFn->value());
    s.setValue(QStringLiteral("settings/minPrecision"), m_minPrecision->value());
    s.setValue(QStringLiteral("settings/minRecall"), m_minRecall->value());
}

void SettingsPanel::restore(const QSettings& s)
{
    m_lower->setValue(s.value(QStringLiteral("settings/lower"), m_lower->value()).toDouble());
    m_upper->setValue(s.value(QStringLiteral("settings/upper"), m_upper->value()).toDouble());
    m_steps->setValue(s.value(QStringLiteral("settings/steps"), m_steps->value()).toInt());
    m_iou->setValue(s.value(QStringLiteral("settings/iou"), m_iou->value()).toDouble());
    m_classAgnostic->setChecked(s.value(QStringLiteral("settings/classAgnostic"), false).toBool());
    const int protocol = m_protocol->findData(s.value(QStringLiteral("settings/protocol")));
    m_protocol->setCurrentIndex(protocol >= 0 ? protocol : 0);
    m_pluginParity->setChecked(s.value(QStringLiteral("settings/pluginParity"), false).toBool());
    m_objective->setCurrentIndex(s.value(QStringLiteral("settings/fbeta"), false).toBool() ? 1 : 0);
    m_beta->setValue(s.value(QStringLiteral("settings/beta"), 1.0).toDouble());
    if (s.value(QStringLiteral("settings/cost"), false).toBool())
        m_objective->setCurrentIndex(2);
    m_costFp->setValue(s.value(QStringLiteral("settings/costFp"), 1.0).toDouble());
    m_costFn->setValue(s.value(QStringLiteral("settings/costFn"), 1.0).toDouble());
    m_minPrecision->setValue(s.value(QStringLiteral("settings/minPrecision"), 0.0).toDouble());
    m_minRecall->setValue(s.value(QStringLiteral("settings/minRecall"), 0.0).toDouble());
}

} // namespace optconf
