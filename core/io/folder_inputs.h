// SPDX-License-Identifier: MIT
#pragma once

#include "core/model/diagnostics.h"

#include <filesystem>
#include <vector>

namespace optconf {

/// The inputs as a user picks them (a dataset's root folder, its data.yaml, a folder of files),
/// turned into what the format loaders read. Every input a loader reads as it is passes through:
///  - a YOLO dataset root (a folder holding data.yaml, or the data.yaml itself) becomes the labels
///    folder of its val split (data.yaml's `val`, else labels/val, labels/valid or labels/);
///  - a folder of COCO JSON files becomes its ground-truth file (the one with "images",
///    "annotations" and "categories") followed by the results files beside it;
///  - an empty folder is an error that says it is empty.
/// What an input becomes is said as a note (a warning) when it is not obvious, and an input that
/// cannot be resolved is an error naming what was looked for.
std::vector<std::filesystem::path> resolveInputs(const std::vector<std::filesystem::path>& inputs,
                                                 DiagnosticList& diagnostics);

} // namespace optconf
