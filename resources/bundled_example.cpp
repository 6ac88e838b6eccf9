// SPDX-License-Identifier: MIT
#include "resources/bundled_example.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>

namespace optconf {

QString bundledExampleDescription()
{
    return QStringLiteral("Synthetic example (simulated detectors on simulated ground truth, not real data)");
}

QStringList bundledExamplePaths()
{
    // Loaders read files from disk; the embedded copies are written out once per process.
    static QTemporaryDir folder(QDir::tempPath() + QStringLiteral("/optconf-example-XXXXXX"));
    static QStringList paths;
    if (!paths.isEmpty() || !folder.isValid())
        return paths;
    QStringList written;
    for (const char* name : {"ground_truth.json", "detector_large.json", "detector_small.json"}) {
        const QString target = folder.filePath(QLatin1String(name));
        QFile::remove(target);
        if (!QFile::copy(QStringLiteral(":/example/") + QLatin1String(name), target))
            return {};
        written << target;
    }
    paths = written;
    return paths;
}

} // namespace optconf
