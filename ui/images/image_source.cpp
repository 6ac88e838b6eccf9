// SPDX-License-Identifier: MIT
#include "ui/images/image_source.h"

#include "render/scene_picture.h"

#include <QCoreApplication>
#include <QImageReader>
#include <QPointer>
#include <QThread>

#include <algorithm>

namespace optconf {

std::atomic<int> ImageSource::s_decodes{0};
std::atomic<int> ImageSource::s_guiDecodes{0};

namespace {
/// Thumbnails waiting beyond this many are dropped, oldest first: they scrolled out of view.
constexpr std::size_t kMaxPending = 96;
constexpr int kWorkers = 2;

/// Counts a decode or a painting, and whether it ran where it must not: on the GUI thread.
void countWork(std::atomic<int>& decodes, std::atomic<int>& guiDecodes)
{
    ++decodes;
    if (QThread::currentThread() == QCoreApplication::instance()->thread())
        ++guiDecodes;
}

/// Decodes `path` scaled so its longest side is at most `maxSide`, reading only what that needs
/// (JPEG decodes at a reduced size directly).
QImage decode(const std::filesystem::path& path, int maxSide, std::atomic<int>& decodes,
              std::atomic<int>& guiDecodes)
{
    countWork(decodes, guiDecodes);
    QImageReader reader(QString::fromStdString(path.string()));
    reader.setAutoTransform(true);
    const QSize size = reader.size();
    if (size.isValid() && std::max(size.width(), size.height()) > maxSide)
        reader.setScaledSize(size.scaled(maxSide, maxSide, Qt::KeepAspectRatio));
    QImage image = reader.read();
    if (!image.isNull() && std::max(image.width(), image.height()) > maxSide)
        image = image.scaled(maxSide, maxSide, Qt::KeepAspectRatio, Qt::SmoothTransformation);
    return image;
}

/// Paints the simulator's picture of `sample` at most `maxSide` pixels long.
QImage paint(const Dataset& dataset, const LabelField& truth, SampleIndex sample, int maxSide,
             std::atomic<int>& decodes, std::atomic<int>& guiDecodes)
{
    countWork(decodes, guiDecodes);
    return paintScene(describeScene(dataset.samples[sample], truth.forSample(sample), dataset.boxUnits),
                      maxSide);
}
} // namespace

ImageSource::ImageSource(QObject* parent)
    : QObject(parent)
    , m_thumbnails(kCacheBytes / 1024)
{
    m_pool.setMaxThreadCount(kWorkers);
}

ImageSource::~ImageSource()
{
    m_pool.clear();
    m_pool.waitForDone();
}

void ImageSource::setDataset(std::shared_ptr<const Dataset> dataset,
                             std::vector<std::filesystem::path> folders, const LabelField* paintedFrom)
{
    ++m_generation;
    m_dataset = std::move(dataset);
    m_paintedFrom = m_dataset ? paintedFrom : nullptr;
    m_painted.clear();
    m_folders = std::make_shared<const std::vector<std::filesystem::path>>(std::move(folders));
    m_thumbnails.clear();
    m_locations.clear();
    m_pending.clear();
    m_inFlight.clear();
    m_unreadable.clear();
    m_pool.clear();
}

QImage ImageSource::thumbnail(SampleIndex sample)
{
    if (const QImage* cached = m_thumbnails.object(sample))
        return *cached;
    if (!m_dataset || sample >= m_dataset->samples.size())
        return {};
    if (const auto it = m_locations.constFind(sample);
        it != m_locations.constEnd() && ((!it->found && !m_paintedFrom) || m_unreadable.contains(sample)))
        return {};
    if (!m_inFlight.contains(sample)) {
        // Asked again: move it to the back, the newest.
        m_pending.erase(std::remove(m_pending.begin(), m_pending.end(), sample), m_pending.end());
        m_pending.push_back(sample);
        while (m_pending.size() > kMaxPending)
            m_pending.pop_front();
        pump();
    }
    return {};
}

const ImageLocation* ImageSource::location(SampleIndex sample) const
{
    const auto it = m_locations.constFind(sample);
    return it == m_locations.constEnd() ? nullptr : &*it;
}

void ImageSource::requestFull(SampleIndex sample)
{
    if (m_dataset && sample < m_dataset->samples.size())
        start(sample, true);
}

void ImageSource::pump()
{
    while (!m_pending.empty() && m_inFlight.size() < kWorkers) {
        const SampleIndex sample = m_pending.back();
        m_pending.pop_back();
        start(sample, false);
    }
}

void ImageSource::start(SampleIndex sample, bool full)
{
    if (!full)
        m_inFlight.insert(sample);
    const quint64 generation = m_generation;
    auto dataset = m_dataset;
    auto folders = m_folders;
    const LabelField* paintedFrom = m_paintedFrom;
    QPointer<ImageSource> self(this);
    m_pool.start([=] {
        Decoded d{generation, sample, locateImage(dataset->samples[sample], *folders), {}, full, false};
        const int maxSide = full ? kMaxFullSide : kThumbnailSide;
        if (d.location.found) {
            d.image = decode(d.location.path, maxSide, s_decodes, s_guiDecodes);
        } else if (paintedFrom) {
            d.image = paint(*dataset, *paintedFrom, sample, maxSide, s_decodes, s_guiDecodes);
            d.painted = true;
        }
        // The pool is drained in the destructor, so the object outlives this call.
        QMetaObject::invokeMethod(
            self.data(),
            [self, d] {
                if (self)
                    self->finished(d);
            },
            Qt::QueuedConnection);
    });
}

void ImageSource::finished(const Decoded& d)
{
    if (d.generation != m_generation)
        return;
    m_locations.insert(d.sample, d.location);
    if (d.location.found && d.image.isNull())
        m_unreadable.insert(d.sample);
    if (d.painted)
        m_painted.insert(d.sample);
    if (d.full) {
        emit fullImageReady(d.sample, d.image);
        return;
    }
    m_inFlight.remove(d.sample);
    if (!d.image.isNull())
        m_thumbnails.insert(d.sample, new QImage(d.image),
                            std::max<qsizetype>(1, d.image.sizeInBytes() / 1024));
    emit thumbnailReady(d.sample);
    pump();
}

int ImageSource::decodeCount()
{
    return s_decodes.load();
}

int ImageSource::guiThreadDecodeCount()
{
    return s_guiDecodes.load();
}

} // namespace optconf
