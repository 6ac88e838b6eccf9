// SPDX-License-Identifier: MIT
#include "core/output/output_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <random>
#include <system_error>

namespace optconf {

namespace fs = std::filesystem;

namespace {

/// The system's reason for `error`, as a clause: "no space left on device".
std::string reason(int error)
{
    std::string text = std::generic_category().message(error);
    if (!text.empty() && text[0] >= 'A' && text[0] <= 'Z')
        text[0] = static_cast<char>(text[0] - 'A' + 'a');
    return text;
}

/// Where writing `path` really happens: symbolic links in the last component are followed (a
/// relative link is relative to its own folder), so that an atomic replace renames over the link's
/// target and keeps the link. `throughProc` says whether a link led into /proc (/dev/stdout,
/// /dev/fd/N): such a "link" names an open file of this process, which must be written through.
struct ResolvedTarget
{
    fs::path path;
    bool throughProc = false;
};

std::optional<ResolvedTarget> resolveLinks(const fs::path& path, int& error)
{
    ResolvedTarget target{path, false};
    for (int hops = 0; hops < 40; ++hops) {
        struct stat st
        {};
        if (::lstat(target.path.c_str(), &st) != 0) {
            if (errno == ENOENT)
                return target; // a new file (or a dangling link's target): created there
            error = errno;
            return std::nullopt;
        }
        if (!S_ISLNK(st.st_mode))
            return target;
        std::error_code ec;
        const fs::path link = fs::read_symlink(target.path, ec);
        if (ec) {
            error = ec.value();
            return std::nullopt;
        }
        if (target.path.lexically_normal().string().rfind("/proc/", 0) == 0)
            target.throughProc = true;
        target.path = link.is_absolute() ? link : target.path.parent_path() / link;
    }
    error = ELOOP;
    return std::nullopt;
}

bool writeAll(int fd, std::string_view bytes, int& error)
{
    std::size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            error = errno;
            return false;
        }
        if (n == 0) { // a device that takes nothing more
            error = ENOSPC;
            return false;
        }
        done += static_cast<std::size_t>(n);
    }
    return true;
}

/// Opens and writes an existing non-regular file (a device, a FIFO) or a file reached through
/// /proc (an open descriptor, appended to): never created, truncated or renamed over.
std::optional<std::string> writeThrough(const fs::path& path, std::string_view bytes, bool isFifo,
                                        bool append)
{
    // A FIFO opened for writing waits for a reader; non-blocking, the open fails at once instead.
    const int flags = O_WRONLY | O_CLOEXEC | O_NOCTTY | (isFifo ? O_NONBLOCK : 0) | (append ? O_APPEND : 0);
    const int fd = ::open(path.c_str(), flags);
    if (fd < 0) {
        if (isFifo && errno == ENXIO)
            return OutputFile::cannotWrite(path, "it is a FIFO (named pipe) and nothing is reading from it");
        return OutputFile::cannotWrite(path, reason(errno));
    }
    if (isFifo)
        ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    int error = 0;
    const bool written = writeAll(fd, bytes, error);
    if (::close(fd) != 0 && written)
        return OutputFile::cannotWrite(path, reason(errno));
    if (!written)
        return OutputFile::cannotWrite(path, reason(error));
    return std::nullopt;
}

/// Creates a temporary file next to `target` with the permissions a new file gets (0666 less the
/// umask, applied by the kernel); returns its descriptor and fills `temporary`.
int createTemporary(const fs::path& target, fs::path& temporary, int& error)
{
    std::random_device seed;
    std::mt19937_64 random(seed());
    const fs::path folder = target.has_parent_path() ? target.parent_path() : fs::path(".");
    for (int attempt = 0; attempt < 100; ++attempt) {
        char suffix[17];
        std::snprintf(suffix, sizeof suffix, "%016llx", static_cast<unsigned long long>(random()));
        // The target's name, cut so that a legal name of 255 bytes still leaves room for the suffix.
        temporary = folder / ("." + target.filename().string().substr(0, 100) + ".optconf-" + suffix);
        const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd >= 0)
            return fd;
        if (errno != EEXIST) {
            error = errno;
            return -1;
        }
    }
    error = EEXIST;
    return -1;
}

/// Writes a temporary file and renames it over `target` once every byte is on disk.
std::optional<std::string> replaceAtomically(const fs::path& shown, const fs::path& target,
                                             std::string_view bytes)
{
    struct stat previous
    {};
    const bool existed = ::stat(target.c_str(), &previous) == 0;
    fs::path temporary;
    int error = 0;
    const int fd = createTemporary(target, temporary, error);
    if (fd < 0)
        return OutputFile::cannotWrite(shown, reason(error));
    if (existed) { // the replacement keeps the file's permissions and, where allowed, its owner
        ::fchmod(fd, previous.st_mode & 07777);
        if (::fchown(fd, previous.st_uid, previous.st_gid) != 0) {
            // Only root may give a file away; anyone else's new file is their own, as with any editor.
        }
    }
    bool ok = writeAll(fd, bytes, error);
    if (ok && ::fsync(fd) != 0) {
        error = errno;
        ok = false;
    }
    if (::close(fd) != 0 && ok) {
        error = errno;
        ok = false;
    }
    if (ok && ::rename(temporary.c_str(), target.c_str()) != 0) {
        error = errno;
        ok = false;
    }
    if (!ok) {
        ::unlink(temporary.c_str());
        return OutputFile::cannotWrite(shown, reason(error));
    }
    return std::nullopt;
}

bool insideFolder(const fs::path& path, const fs::path& folder)
{
    auto p = path.begin();
    for (auto f = folder.begin(); f != folder.end(); ++f, ++p) {
        if (f->empty()) // a trailing separator
            continue;
        if (p == path.end() || *p != *f)
            return false;
    }
    return true;
}

/// The absolute form of `path` with every existing link resolved (what it would write or read).
fs::path resolved(const fs::path& path)
{
    std::error_code ec;
    fs::path p = fs::weakly_canonical(fs::absolute(path, ec), ec);
    return ec ? fs::absolute(path).lexically_normal() : p;
}

/// For ENOTDIR: the first part of `path` that exists and is not a folder, as the cause.
std::string notAFolderCause(const fs::path& path)
{
    fs::path prefix;
    for (const fs::path& part : path.parent_path()) {
        prefix /= part;
        struct stat st
        {};
        if (::stat(prefix.c_str(), &st) == 0 && !S_ISDIR(st.st_mode))
            return prefix.string() + " is not a folder";
    }
    return reason(ENOTDIR);
}

bool isCharacterDevice(const fs::path& path)
{
    struct stat st
    {};
    return ::stat(path.c_str(), &st) == 0 && S_ISCHR(st.st_mode);
}

} // namespace

std::string OutputFile::cannotWrite(const fs::path& path, std::string_view cause)
{
    return "cannot write " + path.string() + ": " + std::string(cause);
}

std::optional<std::string> OutputFile::problem(const fs::path& path)
{
    if (path.empty())
        return std::string("cannot write: no file name given");
    struct stat st
    {};
    if (::stat(path.c_str(), &st) == 0) {
        if (S_ISDIR(st.st_mode))
            return cannotWrite(path, "it is a folder");
        if (S_ISBLK(st.st_mode))
            return cannotWrite(path, "it is a block device (a disk or a partition); OptConf does not write "
                                     "over devices that hold data");
        if (S_ISSOCK(st.st_mode))
            return cannotWrite(path, "it is a socket");
        if (!S_ISREG(st.st_mode))
            return std::nullopt; // a character device or a FIFO: written through
        if (::access(path.c_str(), W_OK) != 0)
            return cannotWrite(path,
                               errno == EACCES ? "permission denied: the file is read-only" : reason(errno));
    } else if (errno == ENOTDIR) {
        return cannotWrite(path, notAFolderCause(path));
    } else if (errno != ENOENT) {
        return cannotWrite(path, reason(errno));
    }
    // A regular or a new file is replaced through a temporary file in the folder of the link's target.
    int error = 0;
    const auto target = resolveLinks(path, error);
    if (!target)
        return cannotWrite(path, reason(error));
    if (target->throughProc)
        return std::nullopt;
    const fs::path folder = target->path.has_parent_path() ? target->path.parent_path() : fs::path(".");
    struct stat dir
    {};
    if (::stat(folder.c_str(), &dir) != 0) {
        if (errno == ENOENT)
            return cannotWrite(path, "the folder " + folder.string() + " does not exist");
        return cannotWrite(path, reason(errno));
    }
    if (!S_ISDIR(dir.st_mode))
        return cannotWrite(path, folder.string() + " is not a folder");
    if (::access(folder.c_str(), W_OK) != 0)
        return cannotWrite(path, errno == EACCES
                                     ? "permission denied: the folder " + folder.string() + " is not writable"
                                     : reason(errno));
    return std::nullopt;
}

std::optional<std::string> OutputFile::write(const fs::path& path, std::string_view bytes)
{
    if (auto issue = problem(path))
        return issue;
    struct stat st
    {};
    if (::stat(path.c_str(), &st) == 0 && (S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode)))
        return writeThrough(path, bytes, S_ISFIFO(st.st_mode), false);
    int error = 0;
    const auto target = resolveLinks(path, error);
    if (!target)
        return cannotWrite(path, reason(error));
    if (target->throughProc)
        return writeThrough(path, bytes, false, true);
    return replaceAtomically(path, target->path, bytes);
}

std::optional<std::string> OutputFile::writeStandardOutput(std::string_view bytes)
{
    errno = 0;
    const std::size_t written = std::fwrite(bytes.data(), 1, bytes.size(), stdout);
    const bool failed = written != bytes.size() || std::fflush(stdout) != 0;
    if (failed || std::ferror(stdout))
        return std::string("cannot write to standard output: ") + reason(errno ? errno : EIO);
    return std::nullopt;
}

bool OutputFile::isStandardOutput(const fs::path& path)
{
    if (path == "-")
        return true;
    struct stat out
    {
    }, target{};
    return ::fstat(STDOUT_FILENO, &out) == 0 && ::stat(path.c_str(), &target) == 0 &&
           out.st_dev == target.st_dev && out.st_ino == target.st_ino;
}

std::optional<std::string> outputConflict(const std::vector<fs::path>& inputs,
                                          const std::vector<std::pair<std::string, std::string>>& outputs)
{
    const std::pair<std::string, std::string>* standardOutput = nullptr;
    std::vector<std::pair<const std::pair<std::string, std::string>*, fs::path>> files;
    for (const auto& output : outputs) {
        if (OutputFile::isStandardOutput(output.second)) {
            if (standardOutput)
                return standardOutput->first + " and " + output.first +
                       " both name standard output ('-'); at most one output can go there";
            standardOutput = &output;
            continue;
        }
        files.emplace_back(&output, resolved(output.second));
    }
    std::vector<fs::path> sources; // every input resolved once, not once per output
    sources.reserve(inputs.size());
    for (const fs::path& input : inputs)
        sources.push_back(resolved(input));
    for (const auto& [output, target] : files) {
        for (std::size_t k = 0; k < inputs.size(); ++k) {
            const fs::path& input = inputs[k];
            const fs::path& source = sources[k];
            std::error_code ec;
            if (fs::is_directory(source, ec) && insideFolder(target, source))
                return output->first + " " + output->second + " lies inside the input folder " +
                       input.string() + ": writing there would change the dataset; choose a file outside it";
            if (target == source || (fs::exists(target, ec) && fs::equivalent(target, source, ec)))
                return output->first + " " + output->second + " is the input " + input.string() +
                       ": refusing to overwrite an input; choose another file";
        }
    }
    for (std::size_t i = 0; i < files.size(); ++i)
        for (std::size_t j = i + 1; j < files.size(); ++j)
            if (files[i].second == files[j].second && !isCharacterDevice(files[i].second))
                return files[i].first->first + " and " + files[j].first->first + " both name " +
                       files[j].first->second + ": each output needs a file of its own";
    return std::nullopt;
}

} // namespace optconf
