// SPDX-License-Identifier: MIT
#pragma once

#include "core/io/loader.h"

namespace optconf {

/// COCO ground truth: an object with `images`, `annotations` and `categories`. Becomes field
/// `ground_truth`.
class CocoGroundTruthLoader final : public FormatLoader
{
public:
    std::string name() const override { return "COCO ground truth"; }
    InputRole probe(const InputProbe& input) const override;
    std::string notRecognisedBecause(const InputProbe& input) const override;
    LoadOutcome load(const InputProbe& input, DatasetBuilder& builder, DiagnosticList& diagnostics,
                     const ProgressCallback& progress) const override;
};

/// COCO results: a JSON list of {image_id, category_id, bbox, score}. Each file becomes a field
/// named after its stem.
class CocoResultsLoader final : public FormatLoader
{
public:
    std::string name() const override { return "COCO results"; }
    InputRole probe(const InputProbe& input) const override;
    std::string notRecognisedBecause(const InputProbe& input) const override;
    LoadOutcome load(const InputProbe& input, DatasetBuilder& builder, DiagnosticList& diagnostics,
                     const ProgressCallback& progress) const override;
};

} // namespace optconf
