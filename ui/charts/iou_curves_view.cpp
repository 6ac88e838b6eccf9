// SPDX-License-Identifier: MIT
#include "ui/charts/iou_curves_view.h"

#include "render/analysis_charts.h"

#include <QPainter>

namespace optconf {

IouCurvesView::IouCurvesView(QWidget* parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("iouCurves"));
    setMinimumSize(300, 100);
}

void IouCurvesView::setCurves(std::shared_ptr<const IouCurves> curves, double lower, double upper)
{
    m_curves = std::move(curves);
    m_lower = lower;
    m_upper = upper;
    update();
}

void IouCurvesView::setThreshold(std::optional<double> threshold)
{
    m_threshold = threshold;
    update();
}

void IouCurvesView::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    p.fillRect(rect(), palette().base());
    if (m_curves)
        paintIouCurves(p, QRectF(rect()), *m_curves, m_lower, m_upper, m_threshold, font());
}

} // namespace optconf
