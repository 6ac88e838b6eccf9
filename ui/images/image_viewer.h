// SPDX-License-Identifier: MIT
#pragma once

#include "render/image_boxes.h"

#include <QImage>
#include <QWidget>

#include <array>
#include <memory>
#include <optional>
#include <vector>

class QCheckBox;
class QLabel;
class QPushButton;

namespace optconf {

class GalleryModel;
class ImageSource;

/// One image with its boxes, zoomed with the wheel (about the cursor) or + and -, panned by
/// dragging; double-click or "0" fits it again.
class ImageCanvas final : public QWidget
{
    Q_OBJECT
public:
    explicit ImageCanvas(QWidget* parent = nullptr);

    /// `image` null: a blank canvas of the image's size noting `missingPath` (not found, or
    /// found but `unreadable`).
    void show(const QImage& image, QSizeF imageSize, const QString& missingPath, bool unreadable = false);
    void setBoxes(std::vector<ImageBox> boxes, BoxUnits units, std::vector<std::string> labelNames);
    void setOptions(const BoxDrawOptions& options);
    void fit();
    /// Zooms by `steps` (1.25 each; negative zooms out) keeping the image point at `anchor` (widget
    /// coordinates) where it is.
    void zoomBy(double steps, QPointF anchor);
    double zoom() const { return m_zoom; }
    QPointF offset() const { return m_offset; }
    /// Where the image is drawn, in widget coordinates.
    QRectF imageRect() const;
    const std::vector<ImageBox>& boxes() const { return m_boxes; }
    bool hasImage() const { return !m_image.isNull(); }
    const QImage& image() const { return m_image; }
    /// The path noted on a blank canvas when the image cannot be shown (empty while it shows one).
    QString missingPath() const { return m_image.isNull() && !m_loading ? m_missingPath : QString(); }

protected:
    void paintEvent(QPaintEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    double fitScale() const;

    QImage m_image;
    QSizeF m_imageSize{1, 1};
    QString m_missingPath;
    bool m_unreadable = false;
    bool m_loading = true;
    std::vector<ImageBox> m_boxes;
    BoxUnits m_units = BoxUnits::Unknown;
    std::vector<std::string> m_labelNames;
    BoxDrawOptions m_options;
    double m_zoom = 1.0; ///< relative to the fitted scale
    QPointF m_offset;    ///< pan, in widget pixels
    std::optional<QPointF> m_dragFrom;
    friend class ImageViewer;
};

/// The large view of one image of the gallery: its boxes at the selected threshold, a legend
/// whose entries toggle each kind, and Left / Right (or Page Up / Page Down) for the previous and
/// next image in the gallery's order.
class ImageViewer final : public QWidget
{
    Q_OBJECT
public:
    ImageViewer(const GalleryModel* model, ImageSource* images, QWidget* parent = nullptr);

    /// Shows the image at `row` of the model.
    void showRow(int row);
    int row() const { return m_row; }
    std::optional<SampleIndex> sample() const { return m_sample; }
    /// Redraws the boxes and counts (threshold or class changed).
    void refresh();

    ImageCanvas* canvas() const { return m_canvas; }
    QCheckBox* kindToggle(BoxKind kind) const { return m_toggles[static_cast<std::size_t>(kind)]; }
    QLabel* title() const { return m_title; }
    QLabel* countsLabel() const { return m_counts; }

signals:
    void rowChanged(int row);

protected:
    void keyPressEvent(QKeyEvent* event) override;

private:
    void onFullImage(SampleIndex sample, const QImage& image);
    void updateOptions();

    const GalleryModel* m_model;
    ImageSource* m_images;
    ImageCanvas* m_canvas;
    QLabel* m_title;
    QLabel* m_counts;
    QCheckBox* m_labels;
    QPushButton* m_previous;
    QPushButton* m_next;
    std::array<QCheckBox*, kBoxKindCount> m_toggles{};
    int m_row = -1;
    std::optional<SampleIndex> m_sample;
    QImage m_image; ///< the full image of m_sample, once decoded
};

} // namespace optconf
