// SPDX-License-Identifier: MIT
#pragma once

#include "core/example/scene.h"

#include <QImage>
#include <QSize>

namespace optconf {

/// Paints a simulated image's picture (describeScene()) at `size`, the scene stretched to fill it:
/// the same pixels for the same scene and size on every run. Call it off the GUI thread as a
/// decoder is: a full picture is some milliseconds of work.
QImage paintScene(const SyntheticScene& scene, QSize size);

/// `paintScene` at the scene's own size made smaller, when needed, to fit `maxSide` (aspect kept).
QImage paintScene(const SyntheticScene& scene, int maxSide);

} // namespace optconf
