// SPDX-License-Identifier: MIT
#pragma once

#include "core/eval/iou_curves.h"

#include <QWidget>

#include <memory>
#include <optional>

namespace optconf {

/// F1 against the threshold at IoU 0.5, 0.75 and 0.5:0.95 drawn together, with the selected
/// threshold across them: how much of the F1 rests on loose boxes.
class IouCurvesView final : public QWidget
{
    Q_OBJECT
public:
    explicit IouCurvesView(QWidget* parent = nullptr);
    /// `curves` is kept alive by the caller's analysis; [lower, upper] is the threshold axis.
    void setCurves(std::shared_ptr<const IouCurves> curves, double lower, double upper);
    void setThreshold(std::optional<double> threshold);
    std::optional<double> threshold() const { return m_threshold; }
    QSize sizeHint() const override { return {420, 220}; }

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    std::shared_ptr<const IouCurves> m_curves;
    double m_lower = 0;
    double m_upper = 1;
    std::optional<double> m_threshold;
};

} // namespace optconf
