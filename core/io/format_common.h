// SPDX-License-Identifier: MIT
#pragma once

// Helpers the text-based loaders (YOLO, Pascal VOC, CSV, FiftyOne image detections) share: reading
// files, numbers, "line N" locations, the units of the ground truth, and how prediction inputs find
// their images.

#include "core/model/dataset.h"
#include "core/model/diagnostics.h"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace optconf {

class DatasetBuilder;

namespace formats {

/// Errors after this many in one input are summarised: one bad file should not print a million lines.
inline constexpr int kMaxErrorsPerInput = 20;

/// The whole file; an error naming the file and the cause when it cannot be read.
std::optional<std::string> readFile(const std::filesystem::path& path, DiagnosticList& diagnostics);

std::string_view stripBom(std::string_view text);
std::string_view trim(std::string_view s);
std::string toLower(std::string_view s);
std::string lineLocation(std::size_t line);
/// At most about `max` bytes of `text` for a message: control characters and bytes that are not
/// UTF-8 escaped (\n, \xNN), cut at a character boundary with "…" when longer.
std::string shortQuote(std::string_view text, std::size_t max = 40);

/// What the first character of a file's head (past a BOM and blanks) says it is, for messages
/// that explain why a format was not recognised: "a JSON object", "a JSON list", "XML", or "text
/// that starts '…'".
std::string describeStart(std::string_view head);

/// A whole token as a double ("1e-3", "+2", ".5"); nullopt for anything else, including "".
std::optional<double> parseDouble(std::string_view token);
/// A whole token as an integer; "3.0" is accepted as 3, "3.5" is not.
std::optional<std::int64_t> parseInteger(std::string_view token);

/// The name a folder or file gives a field: the folder's name, or the file's stem. A folder called
/// `labels` or `Annotations` (the standard YOLO and VOC sub-folders) is named after its parent.
std::string fieldNameFor(const std::filesystem::path& path, bool isDirectory);

/// The units the ground truth's boxes are in, from the format that defined the samples.
BoxUnits groundTruthUnits(const DatasetBuilder& builder);

/// Brings a box read in relative units ([0, 1] of the image) to the ground truth's units: scaled by
/// the image size when the ground truth is in pixels. False when that size is unknown.
bool relativeToGroundTruth(Box& box, const Sample& sample, BoxUnits groundTruth);

/// One image name a prediction input uses, with where it first appears.
struct ImageReference
{
    std::string name;
    std::string location; ///< "line 3", a file path or a JSON path
};

/// Maps the image names of a prediction input to samples (by id, then by file name or stem).
/// Images the ground truth does not list are added as images without ground-truth objects, so
/// their predictions count as false positives (a YOLO or CSV ground truth cannot list an image
/// without objects), with one warning. When none of the names is known, the predictions belong to
/// another dataset: an error. Returns nullopt after an error.
std::optional<std::vector<SampleIndex>> resolvePredictionImages(DatasetBuilder& builder,
                                                                const std::vector<ImageReference>& images,
                                                                const std::string& file,
                                                                DiagnosticList& diagnostics);

/// Counts errors added since construction, to stop reading an input after kMaxErrorsPerInput.
class ErrorBudget
{
public:
    explicit ErrorBudget(const DiagnosticList& diagnostics);
    /// True once the input has produced too many errors (reports that once).
    bool exhausted(DiagnosticList& diagnostics, const std::string& file);
    int errors() const;

private:
    const DiagnosticList& m_diagnostics;
    std::size_t m_before;
    bool m_reported = false;
};

} // namespace formats
} // namespace optconf
