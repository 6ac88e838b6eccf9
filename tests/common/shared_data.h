// SPDX-License-Identifier: MIT
#pragma once

#include "core/io/loader.h"
#include "core/model/dataset.h"

#include <QtGlobal>

#include <filesystem>
#include <optional>
#include <string>

namespace optconf::test {

/// One of the real data sets in ../shared/data (OPTCONF_SHARED_DATA): its ground truth `gt` and
/// predictions `dets`. Empty when the set is absent (callers skip) or does not load (its messages
/// are printed as warnings).
inline std::optional<Dataset> loadSharedSet(const std::string& set, const std::string& gt,
                                            const std::string& dets)
{
    const std::filesystem::path folder = std::filesystem::path(OPTCONF_SHARED_DATA) / set;
    if (!std::filesystem::exists(folder / gt))
        return std::nullopt;
    LoadResult r = loadDataset(LoadRequest{{folder / gt, folder / dets}, {}});
    if (!r.ok()) {
        for (const auto& d : r.diagnostics)
            qWarning("%s", d.toString().c_str());
        return std::nullopt;
    }
    return std::move(r.dataset);
}

} // namespace optconf::test
