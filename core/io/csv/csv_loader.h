// SPDX-License-Identifier: MIT
#pragma once

#include "core/io/loader.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace optconf {

/// CSV, one row per box: `image,label,x,y,w,h[,confidence]` (header names matched without regard
/// to case; aliases and the corner form xmin,ymin,xmax,ymax are listed in README "Formats").
/// Without a confidence column the file is ground truth, with one it is predictions. The field is
/// named after the file's stem. Boxes are taken in the units given, which must be those of the
/// ground truth. A row with an image and nothing else lists an image without objects.
class CsvLoader final : public FormatLoader
{
public:
    std::string name() const override { return "CSV"; }
    InputRole probe(const InputProbe& input) const override;
    std::string notRecognisedBecause(const InputProbe& input) const override;
    LoadOutcome load(const InputProbe& input, DatasetBuilder& builder, DiagnosticList& diagnostics,
                     const ProgressCallback& progress) const override;
};

namespace formats {

/// Whether a CSV header (the file's first bytes) has image width and height columns: such a file
/// (TensorFlow's CSV) is taken to be in pixels.
bool csvGivesImageSizes(std::string_view head);

/// One CSV record (RFC 4180: quoted fields with "" for a quote, line breaks inside quotes; CRLF, LF
/// or CR line ends) and the line it starts on.
struct CsvRecord
{
    std::vector<std::string> fields;
    std::size_t line = 0;
};

class CsvReader
{
public:
    CsvReader(std::string_view text, char delimiter);
    /// The next record; false at the end or on an error (then error() says what and where).
    bool next(CsvRecord& record);
    const std::optional<std::string>& error() const { return m_error; }
    std::size_t errorLine() const { return m_errorLine; }
    double fraction() const
    {
        return m_text.empty() ? 1.0 : static_cast<double>(m_pos) / static_cast<double>(m_text.size());
    }

private:
    std::string_view m_text;
    char m_delimiter;
    std::size_t m_pos = 0;
    std::size_t m_line = 1;
    std::optional<std::string> m_error;
    std::size_t m_errorLine = 0;
};

} // namespace formats
} // namespace optconf
