// SPDX-License-Identifier: MIT
// Qt Core at the I/O edge: QCryptographicHash for SHA-256, QDirIterator for folders.
#include "core/output/input_digest.h"

#include <QCryptographicHash>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>

#include <algorithm>

namespace optconf {

namespace {

struct FileHash
{
    QByteArray hex;
    qint64 bytes = 0;
    QString error;
};

FileHash hashFile(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {{}, 0, file.errorString()};
    QCryptographicHash hash(QCryptographicHash::Sha256);
    if (!hash.addData(&file))
        return {{}, 0, file.errorString()};
    return {hash.result().toHex(), file.size(), {}};
}

} // namespace

std::vector<InputDigest> digestInputs(const std::vector<std::filesystem::path>& paths,
                                      const std::vector<std::string>& shownAs)
{
    std::vector<InputDigest> out;
    for (std::size_t i = 0; i < paths.size(); ++i) {
        const QString path = QString::fromStdString(paths[i].string());
        InputDigest d;
        d.path = i < shownAs.size() && !shownAs[i].empty() ? shownAs[i] : paths[i].string();
        const QFileInfo info(path);
        if (info.isDir()) {
            d.folder = true;
            d.files = 0;
            QStringList files;
            QDirIterator it(path, QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot,
                            QDirIterator::Subdirectories);
            while (it.hasNext())
                files << QDir(path).relativeFilePath(it.next());
            std::sort(files.begin(), files.end());
            QCryptographicHash listing(QCryptographicHash::Sha256);
            for (const QString& f : files) {
                const FileHash h = hashFile(QDir(path).filePath(f));
                if (!h.error.isEmpty()) {
                    d.error = QString(f + QStringLiteral(": ") + h.error).toStdString();
                    break;
                }
                listing.addData(QByteArray(f.toUtf8() + '\t' + h.hex + '\n'));
                d.bytes += std::uint64_t(h.bytes);
                ++d.files;
            }
            if (d.error.empty())
                d.sha256 = listing.result().toHex().toStdString();
        } else {
            const FileHash h = hashFile(path);
            d.bytes = std::uint64_t(h.bytes);
            d.sha256 = h.hex.toStdString();
            d.error = h.error.toStdString();
        }
        out.push_back(std::move(d));
    }
    return out;
}

} // namespace optconf
