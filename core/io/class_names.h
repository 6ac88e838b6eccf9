// SPDX-License-Identifier: MIT
#pragma once

#include "core/model/diagnostics.h"

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace optconf::formats {

/// Class index -> name, as a YOLO data set names them.
struct ClassNames
{
    std::map<std::int64_t, std::string> names;
    std::string file; ///< where they were read
};

/// Reads the `names:` key of a YOLO `data.yaml` (with yaml-cpp): a list (`[a, b]` or `- a` lines)
/// or a map (`{0: a}` or `0: a` lines). nullopt with an error (file, line, cause) when the file is
/// not YAML or the key is malformed; an empty map when the key is absent.
std::optional<std::map<std::int64_t, std::string>>
parseYamlNames(std::string_view text, const std::string& file, DiagnosticList& diagnostics);

/// `classes.txt` / `obj.names`: one name per non-empty line, in class-index order.
std::map<std::int64_t, std::string> parseNameLines(std::string_view text);

/// Looks for `data.yaml` (or `data.yml`), `classes.txt` and `obj.names` in `folder`, then in its
/// parent (however `folder` is spelled: it is made absolute first), then, for `labels/<split>`,
/// in the folder above `labels` (an Ultralytics data set's root); the first that names any class
/// wins. nullopt when none does (or on an error).
std::optional<ClassNames> findClassNames(const std::filesystem::path& folder, DiagnosticList& diagnostics);

} // namespace optconf::formats
