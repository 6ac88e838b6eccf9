// SPDX-License-Identifier: MIT
#pragma once

#include <QStringList>

namespace optconf {

/// The bundled example is SYNTHETIC: made by OptConf's own simulator (`optconf-cli generate`),
/// a COCO ground truth plus two simulated detectors of different quality.
QString bundledExampleDescription();

/// Copies the embedded example files to a folder that lives as long as the process and returns
/// their paths (ground truth first). Empty on failure.
QStringList bundledExamplePaths();

} // namespace optconf
