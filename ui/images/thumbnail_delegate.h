// SPDX-License-Identifier: MIT
#pragma once

#include <QStyledItemDelegate>

namespace optconf {

class GalleryModel;
class ImageSource;

/// One gallery cell: the thumbnail with its boxes coloured by what they are at the model's
/// threshold (only the model's class when one is selected), the file name, and TP / FP / FN.
/// Thumbnails come from the ImageSource (decoded off the GUI thread); until one arrives, or when
/// the image is missing, the cell shows a blank canvas of the image's shape.
class ThumbnailDelegate final : public QStyledItemDelegate
{
    Q_OBJECT
public:
    ThumbnailDelegate(const GalleryModel* model, ImageSource* images, QObject* parent = nullptr);

    static constexpr int kCellWidth = 184;
    static constexpr int kCellHeight = 176;

    void paint(QPainter* painter, const QStyleOptionViewItem& option,
               const QModelIndex& index) const override;
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;

private:
    const GalleryModel* m_model;
    ImageSource* m_images;
};

} // namespace optconf
