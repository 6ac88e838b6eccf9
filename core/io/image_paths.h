// SPDX-License-Identifier: MIT
#pragma once

#include "core/model/dataset.h"

#include <filesystem>
#include <vector>

namespace optconf {

/// Where an image was looked for, and whether it is there.
struct ImageLocation
{
    /// The file found, or, when none is, where the image was expected (the first candidate): what
    /// a viewer names in "image not found: PATH". Empty when the sample names no image at all.
    std::filesystem::path path;
    bool found = false;
};

/// The folders a sample's file name is resolved against for a field loaded from `field.source`
/// in `field.format`, most likely first, `userFolder` (when not empty) before all:
/// - COCO: the ground-truth file's folder, its `images/` and `../images/` siblings;
/// - FiftyOne: the export folder (filepath is relative to it);
/// - YOLO: `images/` beside `labels/` (the same sub-path: labels/val -> images/val), then the
///   labels folder's own parent;
/// - Pascal VOC: `JPEGImages` beside `Annotations`;
/// - CSV: the file's folder, its `images/` and `../images/` siblings.
std::vector<std::filesystem::path> imageFolders(const LabelField& field,
                                                const std::filesystem::path& userFolder = {});

/// Finds a sample's image: its file name as an absolute path, else under each folder in turn (the
/// name as given, then its last component alone); a name without an extension (YOLO gives the
/// label file's stem) is tried with the usual image extensions. Touches the file system: call
/// it off the GUI thread.
ImageLocation locateImage(const Sample& sample, const std::vector<std::filesystem::path>& folders);

} // namespace optconf
