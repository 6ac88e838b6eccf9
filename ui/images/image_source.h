// SPDX-License-Identifier: MIT
#pragma once

#include "core/io/image_paths.h"
#include "core/model/dataset.h"

#include <QCache>
#include <QHash>
#include <QImage>
#include <QObject>
#include <QSet>
#include <QThreadPool>

#include <atomic>
#include <deque>
#include <filesystem>
#include <memory>
#include <vector>

namespace optconf {

/// Finds and decodes a dataset's images off the GUI thread: thumbnails into a bounded cache
/// (QCache, by bytes) and one full image at a time for the viewer. Requests are served newest
/// first and old ones dropped, so fast scrolling decodes what is on screen, not what was.
/// A simulated dataset's images, which exist nowhere as files, are painted by the same workers
/// from the simulator's description of each picture (describeScene) and cached alike.
class ImageSource final : public QObject
{
    Q_OBJECT
public:
    /// Longest side of a thumbnail, in pixels.
    static constexpr int kThumbnailSide = 160;
    /// Bytes of decoded thumbnails kept (about 800 of 160 x 120).
    static constexpr qsizetype kCacheBytes = qsizetype{64} << 20;
    /// Longest side a full image is decoded at: bigger ones are scaled while decoding.
    static constexpr int kMaxFullSide = 4096;

    explicit ImageSource(QObject* parent = nullptr);
    ~ImageSource() override;

    /// Starts over with another dataset; `folders` as imageFolders() gives them. With `paintedFrom`
    /// (a field of a simulated dataset's ground truth), an image not found as a file is painted
    /// from that field's objects.
    void setDataset(std::shared_ptr<const Dataset> dataset, std::vector<std::filesystem::path> folders,
                    const LabelField* paintedFrom = nullptr);

    /// The cached thumbnail (null when not decoded yet: then it is queued and thumbnailReady
    /// follows), or null for an image known to be missing.
    QImage thumbnail(SampleIndex sample);
    /// Where the image is, once looked for; nullptr before.
    const ImageLocation* location(SampleIndex sample) const;
    /// The file exists but could not be decoded.
    bool unreadable(SampleIndex sample) const { return m_unreadable.contains(sample); }
    /// The image is the simulator's picture, painted rather than read from a file.
    bool painted(SampleIndex sample) const { return m_paintedFrom && m_painted.contains(sample); }
    /// Decodes the full image; fullImageReady follows (with a null image when it cannot be read).
    void requestFull(SampleIndex sample);

    /// Bytes of decoded thumbnails held (at most kCacheBytes).
    qsizetype cachedBytes() const { return m_thumbnails.totalCost() * 1024; }

    /// Decodes (and paintings) run so far, and those that ran on the GUI thread (which must stay
    /// 0): test hooks.
    static int decodeCount();
    static int guiThreadDecodeCount();

signals:
    void thumbnailReady(optconf::SampleIndex sample);
    void fullImageReady(optconf::SampleIndex sample, const QImage& image);

private:
    struct Decoded
    {
        quint64 generation;
        SampleIndex sample;
        ImageLocation location;
        QImage image;
        bool full;
        bool painted;
    };
    void pump();
    void start(SampleIndex sample, bool full);
    void finished(const Decoded& decoded);

    std::shared_ptr<const Dataset> m_dataset;
    std::shared_ptr<const std::vector<std::filesystem::path>> m_folders;
    const LabelField* m_paintedFrom = nullptr; ///< in m_dataset, which keeps it alive
    quint64 m_generation = 0;
    QThreadPool m_pool;
    QCache<SampleIndex, QImage> m_thumbnails;
    QHash<SampleIndex, ImageLocation> m_locations;
    std::deque<SampleIndex> m_pending; ///< newest at the back
    QSet<SampleIndex> m_inFlight;
    QSet<SampleIndex> m_unreadable; ///< found, but Qt's image plugins could not decode it
    QSet<SampleIndex> m_painted;
    static std::atomic<int> s_decodes;
    static std::atomic<int> s_guiDecodes;
};

} // namespace optconf
