// SPDX-License-Identifier: MIT
#pragma once

#include "core/eval/score_histogram.h"

#include <QWidget>

#include <optional>

namespace optconf {

/// The scores of true and false positives as stacked bars (true positives at the bottom), with the
/// selected threshold drawn across: whether a threshold can separate them at all.
class ScoreHistogramView final : public QWidget
{
    Q_OBJECT
public:
    explicit ScoreHistogramView(QWidget* parent = nullptr);
    void setHistogram(const ScoreHistogram& histogram);
    void setThreshold(std::optional<double> threshold);
    std::optional<double> threshold() const { return m_threshold; }
    QSize sizeHint() const override { return {420, 220}; }

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    std::optional<ScoreHistogram> m_histogram;
    std::optional<double> m_threshold;
};

} // namespace optconf
