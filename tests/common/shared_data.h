// SPDX-License-Identifier: MIT
#pragma once

#include "core/io/loader.h"
#include "core/model/dataset.h"

#include <QString>
#include <QTest>
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

/// The data columns `set`, `gt` and `dets` with a row for each shared set that has COCO ground
/// truth and COCO results (the real sets a whole-pipeline check runs on).
inline void addSharedCocoSetRows()
{
    QTest::addColumn<QString>("set");
    QTest::addColumn<QString>("gt");
    QTest::addColumn<QString>("dets");
    const char* sets[][3] = {
        {"bdd100k-scalabel-202", "gt_coco.json", "dets_coco.json"},
        {"coco-val2014-100", "instances_val2014_100.json", "instances_val2014_fakebbox100_results.json"},
        {"widerface-val-yolov7face", "gt_coco.json", "dets_coco.json"}};
    for (const auto& s : sets)
        QTest::newRow(s[0]) << QString::fromUtf8(s[0]) << QString::fromUtf8(s[1]) << QString::fromUtf8(s[2]);
}

} // namespace optconf::test
