// SPDX-License-Identifier: MIT
#include "ui/charts/score_histogram_view.h"

#include "render/analysis_charts.h"

#include <QPainter>

#include <algorithm>

namespace optconf {

ScoreHistogramView::ScoreHistogramView(QWidget* parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("scoreHistogram"));
    setMinimumSize(300, 180);
}

void ScoreHistogramView::setHistogram(const ScoreHistogram& histogram)
{
    m_histogram = histogram;
    update();
}

void ScoreHistogramView::setThreshold(std::optional<double> threshold)
{
    m_threshold = threshold;
    update();
}

void ScoreHistogramView::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    p.fillRect(rect(), palette().base());
    if (m_histogram)
        paintScoreHistogram(p, QRectF(rect()), *m_histogram, m_threshold, font());
}

} // namespace optconf
