// SPDX-License-Identifier: MIT
#pragma once

#include "core/model/dataset.h"

#include <cstdint>
#include <span>
#include <vector>

namespace optconf {

/// The shape the simulator gives a class: class k is drawn as shape k modulo the count.
enum class SceneShape : std::uint8_t
{
    Ellipse,
    Rectangle,
    Triangle,
    Diamond,
    Hexagon,
    Star,
};
inline constexpr int kSceneShapeCount = 6;

/// One painted object: a ground-truth object, or one member of a crowd region.
struct SceneObject
{
    Box box; ///< in the scene's pixels
    SceneShape shape = SceneShape::Ellipse;
    std::uint32_t colour = 0; ///< 0xRRGGBB, the class's
    bool crowdMember = false;
};

/// A background texture: a vertical gradient between two colours, its brightness modulated by
/// two octaves of value noise given as lattices stretched over the whole picture (so a thumbnail
/// is the full picture made smaller).
struct SceneTexture
{
    std::uint32_t top = 0;    ///< 0xRRGGBB
    std::uint32_t bottom = 0; ///< 0xRRGGBB
    int coarseColumns = 0, coarseRows = 0;
    std::vector<float> coarse; ///< (columns + 1) x (rows + 1) values in [-1, 1], row by row
    int fineColumns = 0, fineRows = 0;
    std::vector<float> fine;
};

/// What the simulator's picture of one image shows: drawn by a painter that knows no simulator
/// (render/scene_picture.h).
struct SyntheticScene
{
    int width = 0;
    int height = 0;
    SceneTexture texture;
    std::vector<SceneObject> objects; ///< in painting order: the biggest first
};

/// The picture of a simulated image: its ground-truth objects as their classes' shapes, at their
/// boxes (so the predictions derived from those boxes lie on them), on a background seeded by
/// the sample's id and file name: deterministic, and different from one image to the next. Boxes
/// in `units` (relative ones are scaled to the sample's size; 640 x 480 when it has none).
SyntheticScene describeScene(const Sample& sample, std::span<const Detection> groundTruth, BoxUnits units);

/// The colour the simulator paints class `label` with (0xRRGGBB).
std::uint32_t sceneClassColour(LabelId label);

} // namespace optconf
