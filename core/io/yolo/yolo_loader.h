// SPDX-License-Identifier: MIT
#pragma once

#include "core/io/loader.h"

namespace optconf {

/// YOLO (Ultralytics / Darknet) labels: a folder of `<stem>.txt` files, one object per line.
/// `class cx cy w h` (normalised centre and size) is ground truth; `class cx cy w h conf` (what
/// Ultralytics writes with save_txt and save_conf) is predictions. Which one a folder is follows
/// from its first line's column count. Class names come from `data.yaml`, `classes.txt` or
/// `obj.names` in the folder or its parent. Each folder is a field named after the folder (after
/// its parent when it is called `labels`). Boxes become [x, y, w, h] top-left, still normalised
/// (IoU does not change under scaling); against a ground truth in pixels (COCO, VOC) they are
/// scaled by the image size.
class YoloLoader final : public FormatLoader
{
public:
    std::string name() const override { return "YOLO"; }
    InputRole probe(const InputProbe& input) const override;
    std::string notRecognisedBecause(const InputProbe& input) const override;
    std::optional<Diagnostic> unreadable(const InputProbe& input) const override;
    LoadOutcome load(const InputProbe& input, DatasetBuilder& builder, DiagnosticList& diagnostics,
                     const ProgressCallback& progress) const override;
};

} // namespace optconf
