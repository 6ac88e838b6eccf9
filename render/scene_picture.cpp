// SPDX-License-Identifier: MIT
#include "render/scene_picture.h"

#include <QLinearGradient>
#include <QPainter>
#include <QPainterPath>
#include <QPolygonF>

#include <algorithm>
#include <cmath>
#include <numbers>

namespace optconf {

namespace {

/// Bilinear value noise: `values` is a (columns + 1) x (rows + 1) lattice; u, v in [0, 1].
float noiseAt(const std::vector<float>& values, int columns, int rows, float u, float v)
{
    if (columns <= 0 || rows <= 0 || values.size() < std::size_t(columns + 1) * std::size_t(rows + 1))
        return 0;
    const float x = std::clamp(u, 0.0f, 1.0f) * float(columns);
    const float y = std::clamp(v, 0.0f, 1.0f) * float(rows);
    const int i = std::min(int(x), columns - 1), j = std::min(int(y), rows - 1);
    const float fx = x - float(i), fy = y - float(j);
    // Smoothstep weights: no creases along the lattice lines.
    const float wx = fx * fx * (3 - 2 * fx), wy = fy * fy * (3 - 2 * fy);
    const auto at = [&](int a, int b) {
        return values[std::size_t(b) * std::size_t(columns + 1) + std::size_t(a)];
    };
    const float top = at(i, j) + (at(i + 1, j) - at(i, j)) * wx;
    const float bottom = at(i, j + 1) + (at(i + 1, j + 1) - at(i, j + 1)) * wx;
    return top + (bottom - top) * wy;
}

QColor rgb(std::uint32_t c)
{
    return QColor(int((c >> 16) & 0xff), int((c >> 8) & 0xff), int(c & 0xff));
}

void paintTexture(QImage& image, const SceneTexture& t)
{
    const int w = image.width(), h = image.height();
    const QColor top = rgb(t.top), bottom = rgb(t.bottom);
    for (int y = 0; y < h; ++y) {
        const float v = (float(y) + 0.5f) / float(h);
        const float r0 = float(top.red()) + float(bottom.red() - top.red()) * v;
        const float g0 = float(top.green()) + float(bottom.green() - top.green()) * v;
        const float b0 = float(top.blue()) + float(bottom.blue() - top.blue()) * v;
        auto* line = reinterpret_cast<QRgb*>(image.scanLine(y));
        for (int x = 0; x < w; ++x) {
            const float u = (float(x) + 0.5f) / float(w);
            const float f = 1.0f + 0.16f * noiseAt(t.coarse, t.coarseColumns, t.coarseRows, u, v) +
                            0.07f * noiseAt(t.fine, t.fineColumns, t.fineRows, u, v);
            const auto c = [&](float base) { return std::clamp(int(base * f + 0.5f), 0, 255); };
            line[x] = qRgb(c(r0), c(g0), c(b0));
        }
    }
}

QPolygonF regularPolygon(const QRectF& r, int corners, qreal startDegrees, qreal innerRatio = 1)
{
    QPolygonF polygon;
    const int points = innerRatio < 1 ? 2 * corners : corners;
    for (int k = 0; k < points; ++k) {
        const qreal a = (startDegrees + 360.0 * k / points) * std::numbers::pi / 180;
        const qreal radius = (innerRatio < 1 && k % 2) ? innerRatio : 1.0;
        polygon << QPointF(r.center().x() + r.width() / 2 * radius * std::cos(a),
                           r.center().y() + r.height() / 2 * radius * std::sin(a));
    }
    return polygon;
}

QPainterPath shapePath(SceneShape shape, const QRectF& r)
{
    QPainterPath path;
    switch (shape) {
    case SceneShape::Ellipse:
        path.addEllipse(r);
        break;
    case SceneShape::Rectangle:
        path.addRoundedRect(r, r.width() * 0.12, r.height() * 0.12);
        break;
    case SceneShape::Triangle:
        path.addPolygon(QPolygonF({QPointF(r.center().x(), r.top()), r.bottomRight(), r.bottomLeft()}));
        break;
    case SceneShape::Diamond:
        path.addPolygon(regularPolygon(r, 4, -90));
        break;
    case SceneShape::Hexagon:
        path.addPolygon(regularPolygon(r, 6, 0));
        break;
    case SceneShape::Star:
        path.addPolygon(regularPolygon(r, 5, -90, 0.45));
        break;
    }
    path.closeSubpath();
    return path;
}

void paintObject(QPainter& p, const SceneObject& o)
{
    // Drawn inside the box, so a box drawn over the picture frames the shape.
    const QRectF r = QRectF(o.box.x, o.box.y, o.box.w, o.box.h)
                         .adjusted(o.box.w * 0.04, o.box.h * 0.04, -o.box.w * 0.04, -o.box.h * 0.04);
    if (r.width() <= 0 || r.height() <= 0)
        return;
    const QPainterPath path = shapePath(o.shape, r);
    const QColor colour = rgb(o.colour);
    // A soft shadow and a light-to-dark fill: a solid object lit from above, not a flat sticker.
    p.fillPath(path.translated(r.width() * 0.03 + 1, r.height() * 0.03 + 1), QColor(0, 0, 0, 60));
    QLinearGradient fill(r.topLeft(), r.bottomRight());
    fill.setColorAt(0, colour.lighter(135));
    fill.setColorAt(1, colour.darker(125));
    p.fillPath(path, fill);
    p.strokePath(path, QPen(colour.darker(170), 0)); // cosmetic: one pixel at any scale
}

} // namespace

QImage paintScene(const SyntheticScene& scene, QSize size)
{
    if (size.isEmpty() || scene.width <= 0 || scene.height <= 0)
        return {};
    QImage image(size, QImage::Format_RGB32);
    paintTexture(image, scene.texture);
    QPainter p(&image);
    p.setRenderHint(QPainter::Antialiasing);
    p.scale(qreal(size.width()) / scene.width, qreal(size.height()) / scene.height);
    for (const SceneObject& o : scene.objects)
        paintObject(p, o);
    return image;
}

QImage paintScene(const SyntheticScene& scene, int maxSide)
{
    QSize size(scene.width, scene.height);
    if (std::max(size.width(), size.height()) > maxSide)
        size = size.scaled(maxSide, maxSide, Qt::KeepAspectRatio);
    return paintScene(scene, size.expandedTo(QSize(1, 1)));
}

} // namespace optconf
