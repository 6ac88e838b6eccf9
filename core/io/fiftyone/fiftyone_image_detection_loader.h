// SPDX-License-Identifier: MIT
#pragma once

#include "core/io/loader.h"

namespace optconf {

/// FiftyOne `FiftyOneImageDetectionDataset`: `labels.json` with `classes` and `labels` (image uuid ->
/// list of {label, bounding_box [x, y, w, h] relative, confidence?, attributes?}, null = unlabeled),
/// given as the file or as the folder that holds it (next to `data/`). Without any confidence it is
/// ground truth; with confidences, predictions. The field is named after the folder (for a file
/// called labels.json, the folder that holds it), else after the file's stem.
class FiftyOneImageDetectionLoader final : public FormatLoader
{
public:
    std::string name() const override { return "FiftyOne image detections"; }
    InputRole probe(const InputProbe& input) const override;
    std::string notRecognisedBecause(const InputProbe& input) const override;
    LoadOutcome load(const InputProbe& input, DatasetBuilder& builder, DiagnosticList& diagnostics,
                     const ProgressCallback& progress) const override;
};

} // namespace optconf
