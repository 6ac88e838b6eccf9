// SPDX-License-Identifier: MIT
#include "ui/panels/settings_changes.h"

#include <QCoreApplication>

namespace optconf {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("SettingsChanges", text);
}

QString number(double v)
{
    return QString::number(v, 'g', 10);
}

QString protocolName(Protocol p)
{
    return p == Protocol::Coco ? QStringLiteral("pycocotools") : QStringLiteral("FiftyOne");
}

QString onOff(bool on)
{
    return on ? tr("on") : tr("off");
}

} // namespace

QStringList settingsChanges(const EvaluationRequest& ran, const EvaluationRequest& now)
{
    QStringList out;
    const auto add = [&out](const char* what, const QString& was, const QString& is) {
        if (was != is)
            out << QStringLiteral("%1 %2 → %3").arg(tr(what), was, is);
    };
    add(QT_TRANSLATE_NOOP("SettingsChanges", "ground truth"), QString::fromStdString(ran.groundTruthField),
        QString::fromStdString(now.groundTruthField));
    add(QT_TRANSLATE_NOOP("SettingsChanges", "predictions"), QString::fromStdString(ran.predictionField),
        QString::fromStdString(now.predictionField));
    add(QT_TRANSLATE_NOOP("SettingsChanges", "lower bound"), number(ran.sweep.lower),
        number(now.sweep.lower));
    add(QT_TRANSLATE_NOOP("SettingsChanges", "upper bound"), number(ran.sweep.upper),
        number(now.sweep.upper));
    add(QT_TRANSLATE_NOOP("SettingsChanges", "steps"), QString::number(ran.sweep.steps),
        QString::number(now.sweep.steps));
    add(QT_TRANSLATE_NOOP("SettingsChanges", "IoU"), number(ran.match.iouThreshold),
        number(now.match.iouThreshold));
    add(QT_TRANSLATE_NOOP("SettingsChanges", "protocol"), protocolName(ran.match.protocol),
        protocolName(now.match.protocol));
    add(QT_TRANSLATE_NOOP("SettingsChanges", "class-agnostic"), onOff(!ran.match.classwise),
        onOff(!now.match.classwise));
    add(QT_TRANSLATE_NOOP("SettingsChanges", "plugin parity"), onOff(ran.sweep.pluginParity),
        onOff(now.sweep.pluginParity));
    add(QT_TRANSLATE_NOOP("SettingsChanges", "objective"),
        QString::fromStdString(ran.sweep.objective.describe()),
        QString::fromStdString(now.sweep.objective.describe()));
    const auto target = [](const std::optional<double>& v) { return v ? number(*v) : tr("none"); };
    add(QT_TRANSLATE_NOOP("SettingsChanges", "min precision"), target(ran.sweep.minPrecision),
        target(now.sweep.minPrecision));
    add(QT_TRANSLATE_NOOP("SettingsChanges", "min recall"), target(ran.sweep.minRecall),
        target(now.sweep.minRecall));
    if (ran.match.maxDetections != now.match.maxDetections && ran.match.protocol == now.match.protocol)
        add(QT_TRANSLATE_NOOP("SettingsChanges", "detections per image"),
            ran.match.maxDetections ? QString::number(*ran.match.maxDetections) : tr("all"),
            now.match.maxDetections ? QString::number(*now.match.maxDetections) : tr("all"));
    return out;
}

} // namespace optconf
