// SPDX-License-Identifier: MIT
#include "ui/images/thumbnail_delegate.h"

#include "render/image_boxes.h"
#include "ui/images/gallery_model.h"
#include "ui/images/image_source.h"

#include <QApplication>
#include <QPainter>

namespace optconf {

ThumbnailDelegate::ThumbnailDelegate(const GalleryModel* model, ImageSource* images, QObject* parent)
    : QStyledItemDelegate(parent)
    , m_model(model)
    , m_images(images)
{}

QSize ThumbnailDelegate::sizeHint(const QStyleOptionViewItem&, const QModelIndex&) const
{
    return {kCellWidth, kCellHeight};
}

void ThumbnailDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option,
                              const QModelIndex& index) const
{
    const ImageStatusIndex* status = m_model->statusIndex();
    const Dataset* dataset = m_model->dataset();
    if (!status || !dataset)
        return;
    const auto sample = static_cast<SampleIndex>(index.data(GalleryModel::SampleRole).toUInt());
    painter->save();
    const QRectF cell = QRectF(option.rect).adjusted(3, 3, -3, -3);
    const QPalette& palette = option.palette;
    if (option.state & QStyle::State_Selected)
        painter->fillRect(cell, palette.highlight());
    else
        painter->fillRect(cell, palette.base());

    const std::vector<ImageBox> boxes = status->boxes(sample, m_model->threshold(), m_model->label());
    const QImage thumb = m_images->thumbnail(sample);
    const QSizeF canvas = imageCanvasSize(dataset->samples[sample], thumb.size(), dataset->boxUnits, boxes);
    const qreal textHeight = 2 * option.fontMetrics.height() + 4;
    const QRectF area = cell.adjusted(4, 4, -4, -textHeight);
    QSizeF shown = canvas;
    shown.scale(area.size(), Qt::KeepAspectRatio);
    const QRectF target(area.center().x() - shown.width() / 2, area.center().y() - shown.height() / 2,
                        shown.width(), shown.height());
    if (!thumb.isNull()) {
        painter->drawImage(target, thumb);
    } else {
        const ImageLocation* where = m_images->location(sample);
        painter->fillRect(target, QColor(0xee, 0xee, 0xee));
        if (where && !where->found) {
            painter->setPen(QColor(0x77, 0x77, 0x77));
            painter->drawText(target, Qt::AlignCenter, tr("image not found"));
        } else if (where && m_images->unreadable(sample)) {
            painter->setPen(QColor(0x77, 0x77, 0x77));
            painter->drawText(target, Qt::AlignCenter, tr("cannot read image"));
        }
    }
    BoxDrawOptions draw;
    draw.labels = false;
    draw.lineWidth = 1.5;
    if (m_model->hasHighlights())
        draw.highlighted = [this](const ImageBox& b) { return m_model->isHighlighted(b); };
    drawImageBoxes(*painter, target, canvas, dataset->boxUnits, boxes, dataset->labels, draw);

    // File name, then the counts with their kinds' colours.
    const QRectF nameRect(cell.left() + 4, cell.bottom() - textHeight, cell.width() - 8,
                          option.fontMetrics.height());
    painter->setPen(option.state & QStyle::State_Selected ? palette.highlightedText().color()
                                                          : palette.text().color());
    const QString name = index.data(Qt::DisplayRole).toString();
    painter->drawText(nameRect, Qt::AlignLeft | Qt::AlignVCenter,
                      option.fontMetrics.elidedText(name, Qt::ElideMiddle, int(nameRect.width())));
    const Counts c = m_model->countsOf(sample);
    QRectF countRect = nameRect.translated(0, option.fontMetrics.height() + 2);
    const std::pair<BoxKind, QString> parts[] = {{BoxKind::TruePositive, tr("TP %1").arg(c.tp)},
                                                 {BoxKind::FalsePositive, tr("FP %1").arg(c.fp)},
                                                 {BoxKind::Missed, tr("FN %1").arg(c.fn)}};
    for (const auto& [kind, text] : parts) {
        const qreal w = option.fontMetrics.horizontalAdvance(text) + 10;
        const QRectF chip(countRect.left(), countRect.top(), w, countRect.height());
        painter->setPen(Qt::NoPen);
        painter->setBrush(boxKindColor(kind));
        painter->drawRoundedRect(chip, 3, 3);
        painter->setPen(Qt::black);
        painter->drawText(chip, Qt::AlignCenter, text);
        countRect.setLeft(countRect.left() + w + 4);
    }
    painter->restore();
}

} // namespace optconf
