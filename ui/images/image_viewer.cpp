// SPDX-License-Identifier: MIT
#include "ui/images/image_viewer.h"

#include "ui/images/gallery_model.h"
#include "ui/images/image_source.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QMouseEvent>
#include <QPainter>
#include <QPushButton>
#include <QVBoxLayout>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

namespace optconf {

ImageCanvas::ImageCanvas(QWidget* parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("imageCanvas"));
    setMinimumSize(320, 240);
    setMouseTracking(false);
    setFocusPolicy(Qt::ClickFocus);
}

void ImageCanvas::show(const QImage& image, QSizeF imageSize, const QString& missingPath, bool unreadable)
{
    m_unreadable = unreadable;
    m_image = image;
    m_imageSize = imageSize.isEmpty() ? QSizeF(1, 1) : imageSize;
    m_missingPath = missingPath;
    m_loading = false;
    update();
}

void ImageCanvas::setBoxes(std::vector<ImageBox> boxes, BoxUnits units, std::vector<std::string> labelNames)
{
    m_boxes = std::move(boxes);
    m_units = units;
    m_labelNames = std::move(labelNames);
    update();
}

void ImageCanvas::setOptions(const BoxDrawOptions& options)
{
    m_options = options;
    update();
}

void ImageCanvas::fit()
{
    m_zoom = 1.0;
    m_offset = {};
    update();
}

double ImageCanvas::fitScale() const
{
    return std::min((width() - 8) / m_imageSize.width(), (height() - 8) / m_imageSize.height());
}

QRectF ImageCanvas::imageRect() const
{
    const double scale = fitScale() * m_zoom;
    const QSizeF shown = m_imageSize * scale;
    return {QPointF(width() / 2.0 - shown.width() / 2 + m_offset.x(),
                    height() / 2.0 - shown.height() / 2 + m_offset.y()),
            shown};
}

void ImageCanvas::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    p.fillRect(rect(), QColor(0x30, 0x30, 0x30));
    const QRectF target = imageRect();
    if (!m_image.isNull()) {
        p.setRenderHint(QPainter::SmoothPixmapTransform, m_zoom < 4);
        p.drawImage(target, m_image);
    } else if (m_loading) {
        p.fillRect(target, QColor(0x50, 0x50, 0x50));
    } else {
        drawMissingImage(p, target, m_missingPath, m_unreadable);
    }
    drawImageBoxes(p, target, m_imageSize, m_units, m_boxes, m_labelNames, m_options);
}

void ImageCanvas::wheelEvent(QWheelEvent* event)
{
    // Zoom about the cursor: the image point under it stays under it.
    const double steps = event->angleDelta().y() / 120.0;
    if (steps == 0)
        return;
    zoomBy(steps, event->position());
    event->accept();
}

void ImageCanvas::zoomBy(double steps, QPointF anchor)
{
    const double newZoom = std::clamp(m_zoom * std::pow(1.25, steps), 0.1, 64.0);
    const QPointF center(width() / 2.0, height() / 2.0);
    const QPointF fromCenter = anchor - center - m_offset;
    m_offset = anchor - center - fromCenter * (newZoom / m_zoom);
    m_zoom = newZoom;
    update();
}

void ImageCanvas::mousePressEvent(QMouseEvent* event)
{
    if (event->button() == Qt::LeftButton) {
        m_dragFrom = event->position();
        setCursor(Qt::ClosedHandCursor);
    }
}

void ImageCanvas::mouseMoveEvent(QMouseEvent* event)
{
    if (!m_dragFrom)
        return;
    m_offset += event->position() - *m_dragFrom;
    m_dragFrom = event->position();
    update();
}

void ImageCanvas::mouseReleaseEvent(QMouseEvent*)
{
    m_dragFrom.reset();
    unsetCursor();
}

void ImageCanvas::mouseDoubleClickEvent(QMouseEvent*)
{
    fit();
}

void ImageCanvas::resizeEvent(QResizeEvent*)
{
    update();
}

ImageViewer::ImageViewer(const GalleryModel* model, ImageSource* images, QWidget* parent)
    : QWidget(parent, Qt::Window)
    , m_model(model)
    , m_images(images)
    , m_canvas(new ImageCanvas)
    , m_title(new QLabel)
    , m_counts(new QLabel)
    , m_labels(new QCheckBox(tr("&Labels and scores")))
    , m_previous(new QPushButton(tr("◀ &Previous")))
    , m_next(new QPushButton(tr("&Next ▶")))
{
    setObjectName(QStringLiteral("imageViewer"));
    setWindowTitle(tr("Image — OptConf"));
    resize(1100, 800);
    auto* layout = new QVBoxLayout(this);
    auto* top = new QHBoxLayout;
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    top->addWidget(m_previous);
    top->addWidget(m_title, 1);
    top->addWidget(m_counts);
    top->addWidget(m_next);
    layout->addLayout(top);
    layout->addWidget(m_canvas, 1);
    // The legend is the row of toggles: each entry is a kind's colour and name.
    auto* legend = new QHBoxLayout;
    for (std::size_t k = 0; k < kBoxKindCount; ++k) {
        const auto kind = static_cast<BoxKind>(k);
        auto* toggle = new QCheckBox(boxKindName(kind));
        toggle->setObjectName(QStringLiteral("toggle%1").arg(k));
        toggle->setChecked(BoxDrawOptions{}.visible[k]);
        const QColor c = boxKindColor(kind);
        toggle->setStyleSheet(
            QStringLiteral("QCheckBox { border-left: 14px solid %1; padding-left: 4px; }").arg(c.name()));
        connect(toggle, &QCheckBox::toggled, this, &ImageViewer::updateOptions);
        legend->addWidget(toggle);
        m_toggles[k] = toggle;
    }
    m_labels->setChecked(true);
    connect(m_labels, &QCheckBox::toggled, this, &ImageViewer::updateOptions);
    legend->addStretch(1);
    legend->addWidget(m_labels);
    legend->addWidget(
        new QLabel(tr("Wheel, +/−: zoom · drag: pan · double-click, 0: fit · ←/→: previous/next")));
    layout->addLayout(legend);
    for (QWidget* w :
         {static_cast<QWidget*>(m_previous), static_cast<QWidget*>(m_next), static_cast<QWidget*>(m_labels)})
        w->setFocusPolicy(Qt::NoFocus);
    for (QCheckBox* t : m_toggles)
        t->setFocusPolicy(Qt::NoFocus);
    setFocusPolicy(Qt::StrongFocus);
    connect(m_previous, &QPushButton::clicked, this, [this] { showRow(m_row - 1); });
    connect(m_next, &QPushButton::clicked, this, [this] { showRow(m_row + 1); });
    connect(m_images, &ImageSource::fullImageReady, this, &ImageViewer::onFullImage);
    updateOptions();
}

void ImageViewer::showRow(int row)
{
    if (row < 0 || row >= m_model->rowCount())
        return;
    const SampleIndex sample = m_model->sampleAt(row);
    const bool same = m_sample == sample;
    m_row = row;
    m_sample = sample;
    if (!same) {
        m_image = QImage();
        m_canvas->m_image = QImage();
        m_canvas->m_loading = true;
        m_canvas->fit();
        m_images->requestFull(sample);
    }
    refresh();
    emit rowChanged(row);
}

void ImageViewer::refresh()
{
    if (!m_sample)
        return;
    // The gallery's order may have changed (the threshold re-sorted it): follow the image.
    const int row = m_model->rowOf(*m_sample);
    if (row >= 0)
        m_row = row;
    const Dataset* dataset = m_model->dataset();
    const ImageStatusIndex* index = m_model->statusIndex();
    if (!dataset || !index || *m_sample >= dataset->samples.size())
        return;
    const Sample& s = dataset->samples[*m_sample];
    auto boxes = index->boxes(*m_sample, m_model->threshold(), m_model->label());
    const QSizeF size = imageCanvasSize(s, m_image.size(), dataset->boxUnits, boxes);
    // A decoded image scaled below its size keeps the boxes in the image's own coordinates.
    m_canvas->m_imageSize = size;
    m_canvas->setBoxes(std::move(boxes), dataset->boxUnits, dataset->labels);
    const QString name = QString::fromStdString(s.fileName.empty() ? s.id : s.fileName);
    m_title->setText(QStringLiteral("<b>%1</b> &nbsp; %2 / %3")
                         .arg(name.toHtmlEscaped())
                         .arg(m_row + 1)
                         .arg(m_model->rowCount()) +
                     (m_images->painted(*m_sample)
                          ? tr(" &nbsp; (simulated picture: painted from the ground truth)")
                          : QString()));
    const Counts c = index->counts(*m_sample, m_model->threshold(), m_model->label());
    m_counts->setText(tr("at %1: TP %2 · FP %3 · FN %4")
                          .arg(m_model->threshold(), 0, 'f', 3)
                          .arg(c.tp)
                          .arg(c.fp)
                          .arg(c.fn));
    setWindowTitle(tr("%1 — OptConf").arg(name));
    m_previous->setEnabled(m_row > 0);
    m_next->setEnabled(m_row + 1 < m_model->rowCount());
}

void ImageViewer::onFullImage(SampleIndex sample, const QImage& image)
{
    if (sample != m_sample)
        return;
    m_image = image;
    const ImageLocation* where = m_images->location(sample);
    const QString path = where ? QString::fromStdString(where->path.string()) : QString();
    refresh();
    m_canvas->show(image, m_canvas->m_imageSize, path, where && where->found);
}

void ImageViewer::updateOptions()
{
    BoxDrawOptions o;
    for (std::size_t k = 0; k < kBoxKindCount; ++k)
        o.visible[k] = m_toggles[k]->isChecked();
    o.labels = m_labels->isChecked();
    o.highlighted = [model = m_model](const ImageBox& b) { return model->isHighlighted(b); };
    m_canvas->setOptions(o);
}

void ImageViewer::keyPressEvent(QKeyEvent* event)
{
    switch (event->key()) {
    case Qt::Key_Right:
    case Qt::Key_PageDown:
    case Qt::Key_Space:
        showRow(m_row + 1);
        return;
    case Qt::Key_Left:
    case Qt::Key_PageUp:
    case Qt::Key_Backspace:
        showRow(m_row - 1);
        return;
    case Qt::Key_0:
    case Qt::Key_F:
        m_canvas->fit();
        return;
    case Qt::Key_Plus:
    case Qt::Key_Equal:
        m_canvas->zoomBy(1, QPointF(m_canvas->width() / 2.0, m_canvas->height() / 2.0));
        return;
    case Qt::Key_Minus:
        m_canvas->zoomBy(-1, QPointF(m_canvas->width() / 2.0, m_canvas->height() / 2.0));
        return;
    case Qt::Key_Escape:
        close();
        return;
    default:
        QWidget::keyPressEvent(event);
    }
}

} // namespace optconf
