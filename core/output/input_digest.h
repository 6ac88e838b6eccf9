// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace optconf {

/// What identifies an input in a model card: its size and SHA-256. A folder (a FiftyOne export, a
/// YOLO labels folder) is summed: its regular files' total size and count, and the SHA-256 of the
/// sorted lines "relative/path<TAB>sha256-of-the-file" (so renaming or changing any file changes it).
struct InputDigest
{
    std::string path; ///< as shown to the user
    std::uint64_t bytes = 0;
    std::uint64_t files = 1;
    bool folder = false;
    std::string sha256; ///< lowercase hex; empty when the input could not be read
    std::string error;  ///< why it could not be read, else empty
};

/// Digests of `paths`, shown under `shownAs` (same length; an empty name shows the path itself).
std::vector<InputDigest> digestInputs(const std::vector<std::filesystem::path>& paths,
                                      const std::vector<std::string>& shownAs = {});

} // namespace optconf
