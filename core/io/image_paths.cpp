// SPDX-License-Identifier: MIT
#include "core/io/image_paths.h"

#include <array>
#include <optional>
#include <string_view>

namespace fs = std::filesystem;

namespace optconf {

namespace {

bool startsWith(std::string_view s, std::string_view prefix)
{
    return s.substr(0, prefix.size()) == prefix;
}

bool isFile(const fs::path& p)
{
    std::error_code ec;
    return fs::is_regular_file(p, ec);
}

/// The folder a field's source names: the folder itself, or a file's folder.
fs::path folderOf(const fs::path& source)
{
    std::error_code ec;
    if (fs::is_directory(source, ec))
        return source;
    return source.parent_path();
}

/// `folder` with its last component named `from` replaced by `to` (labels/val -> images/val);
/// empty when no component is named `from`.
fs::path swapComponent(const fs::path& folder, const std::string& from, const std::string& to)
{
    std::vector<fs::path> parts(folder.begin(), folder.end());
    for (std::size_t i = parts.size(); i-- > 0;) {
        if (parts[i] != from)
            continue;
        fs::path out;
        for (std::size_t k = 0; k < parts.size(); ++k)
            out /= k == i ? fs::path(to) : parts[k];
        return out;
    }
    return {};
}

constexpr std::array<std::string_view, 10> kExtensions = {".jpg", ".jpeg", ".png", ".bmp",  ".webp",
                                                          ".tif", ".tiff", ".JPG", ".JPEG", ".PNG"};

} // namespace

std::vector<fs::path> imageFolders(const LabelField& field, const fs::path& userFolder)
{
    std::vector<fs::path> out;
    if (!userFolder.empty())
        out.push_back(userFolder);
    const fs::path source(field.source);
    const fs::path folder = folderOf(source);
    const std::string_view format = field.format;
    if (startsWith(format, "YOLO")) {
        if (fs::path images = swapComponent(folder, "labels", "images"); !images.empty())
            out.push_back(images);
        out.push_back(folder.parent_path() / "images");
        out.push_back(folder.parent_path());
        out.push_back(folder);
    } else if (startsWith(format, "Pascal VOC")) {
        if (fs::path images = swapComponent(folder, "Annotations", "JPEGImages"); !images.empty())
            out.push_back(images);
        out.push_back(folder.parent_path() / "JPEGImages");
        out.push_back(folder);
    } else if (startsWith(format, "FiftyOne")) {
        out.push_back(folder);
        out.push_back(folder / "data");
    } else {
        // COCO, CSV and anything else: beside the file, or in an images folder next to it.
        out.push_back(folder);
        out.push_back(folder / "images");
        out.push_back(folder.parent_path() / "images");
    }
    return out;
}

ImageLocation locateImage(const Sample& sample, const std::vector<fs::path>& folders)
{
    if (sample.fileName.empty())
        return {};
    const fs::path name(sample.fileName);
    const bool noExtension = !name.has_extension();
    auto tryPath = [&](const fs::path& p) -> std::optional<fs::path> {
        if (isFile(p))
            return p;
        if (noExtension) {
            for (std::string_view ext : kExtensions) {
                fs::path withExt = p;
                withExt += std::string(ext);
                if (isFile(withExt))
                    return withExt;
            }
        }
        return std::nullopt;
    };
    if (name.is_absolute()) {
        if (auto p = tryPath(name))
            return {*p, true};
    }
    for (const fs::path& folder : folders) {
        if (!name.is_absolute())
            if (auto p = tryPath(folder / name))
                return {*p, true};
        if (name.has_parent_path())
            if (auto p = tryPath(folder / name.filename()))
                return {*p, true};
    }
    if (name.is_absolute() || folders.empty())
        return {name, false};
    return {folders.front() / name, false};
}

} // namespace optconf
