// SPDX-License-Identifier: MIT
#pragma once

#include "core/io/loader.h"

namespace optconf {

/// Pascal VOC: a folder of XML annotations (or a VOC root with an `Annotations/` folder), one file
/// per image, as ground truth. `<object><name>` is the class, `<bndbox>` xmin ymin xmax ymax in
/// pixels becomes [xmin, ymin, xmax - xmin, ymax - ymin] (no +1: OptConf's IoU has no pixel
/// convention, see semantics.md §3.2), `<difficult>1</difficult>` marks an object that may be
/// matched but is never a miss. Samples are the XML files' stems; `<filename>` and `<size>` are kept.
class VocLoader final : public FormatLoader
{
public:
    std::string name() const override { return "Pascal VOC"; }
    InputRole probe(const InputProbe& input) const override;
    std::string notRecognisedBecause(const InputProbe& input) const override;
    LoadOutcome load(const InputProbe& input, DatasetBuilder& builder, DiagnosticList& diagnostics,
                     const ProgressCallback& progress) const override;
};

} // namespace optconf
