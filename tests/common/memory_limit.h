// SPDX-License-Identifier: MIT
#pragma once

// Running optconf-cli under an address-space limit (ulimit -v), as a machine short of memory
// would: allocations fail with std::bad_alloc instead of the process being killed.

#include "sanitized.h"

#include <QProcess>
#include <QStringList>

#include <fstream>
#include <string>

namespace optconf::test {

struct LimitedRun
{
    QProcess::ExitStatus status = QProcess::CrashExit;
    int exitCode = -1;
    QByteArray out, err;
};

/// Runs optconf-cli with `arguments` in a shell that first limits the address space to `kib` KiB.
inline LimitedRun runCliWithMemoryLimit(long long kib, const QStringList& arguments)
{
    QProcess p;
    p.start(QStringLiteral("sh"),
            QStringList{QStringLiteral("-c"), QStringLiteral("ulimit -v %1 && exec \"$0\" \"$@\"").arg(kib),
                        QStringLiteral(OPTCONF_CLI)} +
                arguments);
    if (!p.waitForFinished(300'000)) {
        p.kill();
        p.waitForFinished();
        return {};
    }
    return {p.exitStatus(), p.exitCode(), p.readAllStandardOutput(), p.readAllStandardError()};
}

/// COCO ground truth of 20,000 images with one object each, and 400,000 predictions over 50
/// classes: loading it needs less memory than matching, AP and the sweep add on top, so a range
/// of limits fails after loading.
inline void writeManyPredictionsDataset(const std::string& groundTruth, const std::string& predictions)
{
    constexpr int kImages = 20000, kPerImage = 20, kClasses = 50;
    {
        std::ofstream out(groundTruth);
        out << R"({"images": [)";
        for (int i = 1; i <= kImages; ++i)
            out << (i > 1 ? ", " : "") << R"({"id": )" << i << "}";
        out << R"(], "categories": [)";
        for (int c = 1; c <= kClasses; ++c)
            out << (c > 1 ? ", " : "") << R"({"id": )" << c << R"(, "name": "c)" << c << R"("})";
        out << R"(], "annotations": [)";
        for (int i = 1; i <= kImages; ++i)
            out << (i > 1 ? ", " : "") << R"({"id": )" << i << R"(, "image_id": )" << i
                << R"(, "category_id": )" << 1 + i % kClasses << R"(, "bbox": [10, 10, 100, 100]})";
        out << "]}";
    }
    std::ofstream out(predictions);
    out << "[";
    for (int i = 1; i <= kImages; ++i)
        for (int k = 0; k < kPerImage; ++k)
            out << (i > 1 || k > 0 ? ", " : "") << R"({"image_id": )" << i << R"(, "category_id": )"
                << 1 + (i + k) % kClasses << R"(, "bbox": [)" << 10 + k << R"(, 10, 100, 100], "score": )"
                << (k + 1) / 100.0 << "}";
    out << "]";
}

/// COCO ground truth of 200,000 images and objects (19 MB) whose "images" key is written with an
/// escape: the fast reader leaves such files to simdjson's DOM of the whole document, whose
/// allocation then fails first under a limit (once reported as "nested more than 0 levels deep").
inline void writeGroundTruthReadWhole(const std::string& groundTruth)
{
    constexpr int kImages = 200000;
    std::ofstream out(groundTruth);
    out << R"({"categories": [{"id": 1, "name": "a"}], "\u0069mages": [)";
    for (int i = 1; i <= kImages; ++i)
        out << (i > 1 ? ", " : "") << R"({"id": )" << i << "}";
    out << R"(], "annotations": [)";
    for (int i = 1; i <= kImages; ++i)
        out << (i > 1 ? ", " : "") << R"({"id": )" << i << R"(, "image_id": )" << i
            << R"(, "category_id": 1, "bbox": [10, 10, 100, 100]})";
    out << "]}";
}

} // namespace optconf::test
