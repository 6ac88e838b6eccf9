// SPDX-License-Identifier: MIT
#pragma once

#include "core/eval/image_status.h"

#include <QColor>
#include <QImage>
#include <QRectF>
#include <QSizeF>
#include <QString>

#include <array>
#include <functional>
#include <string>
#include <vector>

class QPainter;

namespace optconf {

/// The kinds of box the image views draw and let the user toggle: what a box is at the selected
/// threshold, ground truth and predictions told apart.
enum class BoxKind : std::uint8_t
{
    GroundTruth,    ///< an object a kept prediction recovers
    TruePositive,   ///< a kept prediction that matched
    FalsePositive,  ///< a kept prediction without a match
    Missed,         ///< an object no kept prediction recovers (false negative)
    BelowThreshold, ///< a prediction the threshold drops
    Ignored,        ///< crowd / difficult objects that count for nothing, and predictions on them
};
inline constexpr std::size_t kBoxKindCount = 6;

BoxKind boxKind(const ImageBox& box);
QColor boxKindColor(BoxKind kind);
QString boxKindName(BoxKind kind);

/// Which kinds to draw and whether to write labels and scores.
struct BoxDrawOptions
{
    std::array<bool, kBoxKindCount> visible{true, true, true, true, false, true};
    bool labels = true;
    qreal lineWidth = 2.0;
    /// Boxes to point out (a confusion-matrix cell's objects and predictions): drawn thicker, on a
    /// white halo. Empty: none.
    std::function<bool(const ImageBox&)> highlighted = {};
};

/// The size boxes are drawn against: the sample's own size when known, else the decoded image's,
/// else (relative boxes) 640 x 480, else (pixel boxes without a size) the boxes' extent.
QSizeF imageCanvasSize(const Sample& sample, QSize decoded, BoxUnits units,
                       const std::vector<ImageBox>& boxes);

/// Draws `boxes` (in `units`) over an image of `imageSize` shown in `target`.
void drawImageBoxes(QPainter& painter, const QRectF& target, QSizeF imageSize, BoxUnits units,
                    const std::vector<ImageBox>& boxes, const std::vector<std::string>& labelNames,
                    const BoxDrawOptions& options);

/// A blank canvas with "image not found: PATH" ("cannot read image: PATH" when `unreadable`, "no
/// image file" without a path), for images that cannot be shown.
void drawMissingImage(QPainter& painter, const QRectF& target, const QString& path, bool unreadable = false);

/// The image with its boxes, scaled to fit `maxSide`: a report's thumbnail. `image` may be null
/// (then a blank canvas noting `path`).
QImage renderImageWithBoxes(const QImage& image, const QString& path, const Sample& sample, BoxUnits units,
                            const std::vector<ImageBox>& boxes, const std::vector<std::string>& labelNames,
                            int maxSide);

} // namespace optconf
