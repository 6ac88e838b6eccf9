// SPDX-License-Identifier: MIT
#pragma once

#include "core/io/loader.h"

namespace optconf {

/// A FiftyOne `FiftyOneDataset` export: a folder with `metadata.json` and `samples.json` (or a
/// `samples/` folder of JSON files). Every `{"_cls": "Detections"}` field becomes a field.
class FiftyOneDatasetLoader final : public FormatLoader
{
public:
    std::string name() const override { return "FiftyOne dataset"; }
    InputRole probe(const InputProbe& input) const override;
    std::string notRecognisedBecause(const InputProbe& input) const override;
    LoadOutcome load(const InputProbe& input, DatasetBuilder& builder, DiagnosticList& diagnostics,
                     const ProgressCallback& progress) const override;
};

} // namespace optconf
