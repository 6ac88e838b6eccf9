// SPDX-License-Identifier: MIT
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace optconf {

/// Writes every output OptConf makes (reports, charts, CSV, JSON, thresholds files), so that each
/// writer treats the user's files the same way and says the same thing when it cannot:
/// "cannot write PATH: CAUSE", the cause being the system's reason (permission denied, read-only
/// file system, no space left on the device, ...).
///
/// - A regular file (or a new one) is replaced atomically: the bytes go to a temporary file in
///   the same folder, which is renamed over the target only when every byte is on disk; on any
///   failure the previous file is left as it was. The file keeps its permissions.
/// - A symbolic link is followed: its target is written (atomically when it is a regular file or
///   does not exist yet) and the link itself is kept.
/// - A character device or a FIFO is written through (opened and written, never renamed over):
///   `--json /dev/null` must leave /dev/null a device. A FIFO without a reader is refused rather
///   than waited on. Block devices, sockets and folders are refused.
class OutputFile
{
public:
    /// Writes `bytes` to `path`; nullopt on success, else the message.
    static std::optional<std::string> write(const std::filesystem::path& path, std::string_view bytes);

    /// Writes `bytes` to standard output and flushes it, checking both; nullopt on success.
    static std::optional<std::string> writeStandardOutput(std::string_view bytes);

    /// Whether `path` is "-" or names the file standard output goes to (/dev/stdout, /proc/self/fd/1,
    /// or the very file it is redirected to): writing there is writing to standard output.
    static bool isStandardOutput(const std::filesystem::path& path);

    /// Why `path` cannot be written, found before any work is done (a missing folder, a folder, a
    /// read-only file, a block device...); nullopt when it looks writable.
    static std::optional<std::string> problem(const std::filesystem::path& path);

    /// The message every writer gives: "cannot write PATH: CAUSE".
    static std::string cannotWrite(const std::filesystem::path& path, std::string_view cause);
};

/// Refuses outputs that would destroy an input or each other: an output that is (or, through a
/// link, resolves to) one of the input files, or lies inside an input folder (the next load would
/// read it as data); two outputs naming the same file; more than one output on standard output
/// ("-"). `outputs` are (option, path) pairs such as {"--json", "report.json"}. Returns the first
/// problem as a message, nullopt when there is none.
std::optional<std::string> outputConflict(const std::vector<std::filesystem::path>& inputs,
                                          const std::vector<std::pair<std::string, std::string>>& outputs);

} // namespace optconf
