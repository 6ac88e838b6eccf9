// SPDX-License-Identifier: MIT
#include "render/image_boxes.h"

#include <QFontMetricsF>
#include <QPainter>

#include <algorithm>
#include <cmath>

namespace optconf {

BoxKind boxKind(const ImageBox& box)
{
    switch (box.status) {
    case BoxStatus::TruePositive:
        return box.role == BoxRole::GroundTruth ? BoxKind::GroundTruth : BoxKind::TruePositive;
    case BoxStatus::FalsePositive:
        return BoxKind::FalsePositive;
    case BoxStatus::Missed:
        return BoxKind::Missed;
    case BoxStatus::BelowThreshold:
        return BoxKind::BelowThreshold;
    case BoxStatus::Ignored:
        break;
    }
    return BoxKind::Ignored;
}

QColor boxKindColor(BoxKind kind)
{
    // Colour-blind-safe (Okabe-Ito): errors in strong hues, what is right in calm ones.
    switch (kind) {
    case BoxKind::GroundTruth:
        return QColor(0x56, 0xb4, 0xe9); // sky blue
    case BoxKind::TruePositive:
        return QColor(0x00, 0x9e, 0x73); // bluish green
    case BoxKind::FalsePositive:
        return QColor(0xd5, 0x5e, 0x00); // vermillion
    case BoxKind::Missed:
        return QColor(0xe6, 0x9f, 0x00); // orange
    case BoxKind::BelowThreshold:
        return QColor(0x99, 0x99, 0x99);
    case BoxKind::Ignored:
        break;
    }
    return QColor(0xcc, 0x79, 0xa7); // reddish purple
}

QString boxKindName(BoxKind kind)
{
    switch (kind) {
    case BoxKind::GroundTruth:
        return QStringLiteral("GT (found)");
    case BoxKind::TruePositive:
        return QStringLiteral("TP");
    case BoxKind::FalsePositive:
        return QStringLiteral("FP");
    case BoxKind::Missed:
        return QStringLiteral("FN (missed)");
    case BoxKind::BelowThreshold:
        return QStringLiteral("Below threshold");
    case BoxKind::Ignored:
        break;
    }
    return QStringLiteral("Ignored (crowd)");
}

QSizeF imageCanvasSize(const Sample& sample, QSize decoded, BoxUnits units,
                       const std::vector<ImageBox>& boxes)
{
    if (sample.width > 0 && sample.height > 0)
        return {double(sample.width), double(sample.height)};
    if (!decoded.isEmpty())
        return QSizeF(decoded);
    if (units == BoxUnits::Relative)
        return {640, 480};
    double w = 1, h = 1;
    for (const ImageBox& b : boxes) {
        if (std::isfinite(b.box.x + b.box.w))
            w = std::max(w, b.box.x + b.box.w);
        if (std::isfinite(b.box.y + b.box.h))
            h = std::max(h, b.box.y + b.box.h);
    }
    return {w, h};
}

void drawImageBoxes(QPainter& painter, const QRectF& target, QSizeF imageSize, BoxUnits units,
                    const std::vector<ImageBox>& boxes, const std::vector<std::string>& labelNames,
                    const BoxDrawOptions& options)
{
    if (imageSize.isEmpty())
        return;
    const qreal sx = units == BoxUnits::Relative ? target.width() : target.width() / imageSize.width();
    const qreal sy = units == BoxUnits::Relative ? target.height() : target.height() / imageSize.height();
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing, true);
    QFont font = painter.font();
    font.setPixelSize(std::clamp(int(target.height() / 40), 9, 14));
    painter.setFont(font);
    const QFontMetricsF metrics(font);
    // Ground truth first, predictions over it; within each, the order given.
    for (const ImageBox& b : boxes) {
        const BoxKind kind = boxKind(b);
        if (!options.visible[static_cast<std::size_t>(kind)])
            continue;
        const QRectF r(target.left() + b.box.x * sx, target.top() + b.box.y * sy, b.box.w * sx, b.box.h * sy);
        if (!r.isValid())
            continue;
        const bool pointedOut = options.highlighted && options.highlighted(b);
        if (pointedOut) {
            painter.setPen(QPen(QColor(255, 255, 255, 230), options.lineWidth * 2 + 3));
            painter.setBrush(Qt::NoBrush);
            painter.drawRect(r);
        }
        QPen pen(boxKindColor(kind), pointedOut ? options.lineWidth * 2 : options.lineWidth);
        if (b.role == BoxRole::GroundTruth)
            pen.setStyle(Qt::DashLine);
        if (kind == BoxKind::BelowThreshold || kind == BoxKind::Ignored)
            pen.setStyle(Qt::DotLine);
        painter.setPen(pen);
        painter.setBrush(Qt::NoBrush);
        painter.drawRect(r);
        if (!options.labels)
            continue;
        QString text = b.label < labelNames.size() ? QString::fromStdString(labelNames[b.label]) : QString();
        if (b.role == BoxRole::Prediction && b.confidence == b.confidence)
            text += QStringLiteral(" %1").arg(b.confidence, 0, 'f', 2);
        const QRectF textRect(r.left(), r.top() - metrics.height(), metrics.horizontalAdvance(text) + 6,
                              metrics.height());
        // GT labels go inside the box's bottom so they do not hide the prediction's label.
        const QRectF placed = b.role == BoxRole::GroundTruth
                                  ? textRect.translated(0, r.height() + metrics.height() - textRect.height())
                                  : textRect;
        painter.fillRect(placed, boxKindColor(kind));
        painter.setPen(Qt::black);
        painter.drawText(placed.adjusted(3, 0, 0, 0), Qt::AlignVCenter | Qt::AlignLeft, text);
    }
    painter.restore();
}

void drawMissingImage(QPainter& painter, const QRectF& target, const QString& path, bool unreadable)
{
    painter.save();
    painter.fillRect(target, QColor(0xee, 0xee, 0xee));
    painter.setPen(QColor(0x66, 0x66, 0x66));
    QFont font = painter.font();
    font.setPixelSize(std::clamp(int(target.height() / 24), 8, 16));
    painter.setFont(font);
    const QString text = path.isEmpty() ? QStringLiteral("no image file")
                         : unreadable   ? QStringLiteral("cannot read image: %1").arg(path)
                                        : QStringLiteral("image not found: %1").arg(path);
    painter.drawText(target.adjusted(6, 6, -6, -6), Qt::AlignCenter | Qt::TextWrapAnywhere, text);
    painter.restore();
}

QImage renderImageWithBoxes(const QImage& image, const QString& path, const Sample& sample, BoxUnits units,
                            const std::vector<ImageBox>& boxes, const std::vector<std::string>& labelNames,
                            int maxSide)
{
    const QSizeF size = imageCanvasSize(sample, image.size(), units, boxes);
    const qreal scale = maxSide / std::max(size.width(), size.height());
    const QSize out(std::max(1, int(std::lround(size.width() * scale))),
                    std::max(1, int(std::lround(size.height() * scale))));
    QImage canvas(out, QImage::Format_RGB32);
    canvas.fill(Qt::white);
    QPainter painter(&canvas);
    const QRectF target(QPointF(0, 0), QSizeF(out));
    if (image.isNull())
        drawMissingImage(painter, target, path);
    else
        painter.drawImage(target, image);
    BoxDrawOptions options;
    options.lineWidth = 1.5;
    drawImageBoxes(painter, target, size, units, boxes, labelNames, options);
    return canvas;
}

} // namespace optconf
