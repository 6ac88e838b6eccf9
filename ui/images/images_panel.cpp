// SPDX-License-Identifier: MIT
#include "ui/images/images_panel.h"

#include "core/io/image_paths.h"
#include "ui/images/gallery_model.h"
#include "ui/images/image_source.h"
#include "ui/images/image_viewer.h"
#include "ui/images/thumbnail_delegate.h"

#include <QComboBox>
#include <QCryptographicHash>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QListView>
#include <QPushButton>
#include <QSettings>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace optconf {

namespace {
QString folderKey(const QString& source)
{
    const QByteArray hash =
        QCryptographicHash::hash(source.toUtf8(), QCryptographicHash::Sha1).toHex().left(16);
    return QStringLiteral("images/folders/%1").arg(QString::fromLatin1(hash));
}
} // namespace

ImagesPanel::ImagesPanel(QWidget* parent)
    : QWidget(parent)
    , m_model(new GalleryModel(this))
    , m_images(new ImageSource(this))
    , m_delegate(new ThumbnailDelegate(m_model, m_images, this))
    , m_view(new QListView)
    , m_sort(new QComboBox)
    , m_errors(new QComboBox)
    , m_classes(new QComboBox)
    , m_folder(new QPushButton(tr("Image &folder…")))
    , m_clearSubset(new QPushButton(tr("Show all images")))
    , m_summary(new QLabel)
    , m_viewer(new ImageViewer(m_model, m_images, this))
{
    setObjectName(QStringLiteral("imagesPanel"));
    m_view->setObjectName(QStringLiteral("gallery"));
    m_view->setViewMode(QListView::IconMode);
    m_view->setResizeMode(QListView::Adjust);
    m_view->setMovement(QListView::Static);
    m_view->setUniformItemSizes(true);
    m_view->setLayoutMode(QListView::Batched);
    m_view->setBatchSize(200);
    m_view->setSpacing(2);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setModel(m_model);
    m_view->setItemDelegate(m_delegate);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);

    m_sort->setObjectName(QStringLiteral("gallerySort"));
    m_sort->addItem(tr("Most errors"), int(GalleryModel::Sort::MostErrors));
    m_sort->addItem(tr("Most false positives"), int(GalleryModel::Sort::MostFalsePositives));
    m_sort->addItem(tr("Most misses"), int(GalleryModel::Sort::MostMisses));
    m_sort->addItem(tr("Lowest F1"), int(GalleryModel::Sort::LowestF1));
    m_sort->addItem(tr("File name"), int(GalleryModel::Sort::FileName));
    m_errors->setObjectName(QStringLiteral("galleryErrors"));
    m_errors->addItem(tr("All images"), int(GalleryModel::ErrorFilter::All));
    m_errors->addItem(tr("With errors"), int(GalleryModel::ErrorFilter::HasErrors));
    m_errors->addItem(tr("With false positives"), int(GalleryModel::ErrorFilter::FalsePositives));
    m_errors->addItem(tr("With misses"), int(GalleryModel::ErrorFilter::Misses));
    m_classes->setObjectName(QStringLiteral("galleryClass"));
    m_classes->setMinimumContentsLength(14);
    m_classes->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_folder->setToolTip(tr("Where this dataset's images are, when they are not beside the annotations "
                            "(remembered for this dataset)"));
    m_clearSubset->setObjectName(QStringLiteral("galleryShowAll"));
    m_clearSubset->setVisible(false);

    auto* bar = new QHBoxLayout;
    bar->addWidget(new QLabel(tr("Sort:")));
    bar->addWidget(m_sort);
    bar->addWidget(new QLabel(tr("Show:")));
    bar->addWidget(m_errors);
    bar->addWidget(new QLabel(tr("Class:")));
    bar->addWidget(m_classes);
    bar->addWidget(m_clearSubset);
    bar->addStretch(1);
    bar->addWidget(m_folder);
    // The bar may be narrower than its controls (clipped on a 1024-pixel screen) rather than set
    // the window's minimum width.
    auto* barWidget = new QWidget;
    barWidget->setLayout(bar);
    bar->setContentsMargins(0, 0, 0, 0);
    barWidget->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Fixed);
    m_summary->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(barWidget);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_summary);
    m_summary->setObjectName(QStringLiteral("gallerySummary"));

    connect(m_sort, &QComboBox::currentIndexChanged, this, [this] {
        m_model->setSort(GalleryModel::Sort(m_sort->currentData().toInt()));
        updateSummary();
    });
    connect(m_errors, &QComboBox::currentIndexChanged, this, [this] {
        m_model->setErrorFilter(GalleryModel::ErrorFilter(m_errors->currentData().toInt()));
        updateSummary();
    });
    connect(m_classes, &QComboBox::currentIndexChanged, this, [this] {
        const QVariant v = m_classes->currentData();
        m_model->setLabel(v.isValid() ? std::optional<LabelId>(v.toUInt()) : std::nullopt);
        m_viewer->refresh();
        updateSummary();
    });
    connect(m_clearSubset, &QPushButton::clicked, this, [this] {
        m_model->setSubset(std::nullopt);
        m_model->setHighlighted({});
        m_view->viewport()->update();
        m_subsetCaption.clear();
        m_clearSubset->setVisible(false);
        updateSummary();
    });
    connect(m_folder, &QPushButton::clicked, this, &ImagesPanel::chooseFolder);
    connect(m_view, &QListView::doubleClicked, this, [this](const QModelIndex& i) { openRow(i.row()); });
    connect(m_view, &QListView::activated, this, [this](const QModelIndex& i) { openRow(i.row()); });
    connect(m_images, &ImageSource::thumbnailReady, this, [this](SampleIndex sample) {
        const int row = m_model->rowOf(sample);
        if (row >= 0)
            m_view->update(m_model->index(row));
    });
    connect(m_viewer, &ImageViewer::rowChanged, this,
            [this](int row) { m_view->setCurrentIndex(m_model->index(row)); });
    connect(&m_watcher, &QFutureWatcher<std::shared_ptr<const ImageStatusIndex>>::finished, this,
            &ImagesPanel::onIndexBuilt);
    updateSummary();
}

ImagesPanel::~ImagesPanel()
{
    if (m_cancel)
        *m_cancel = true;
    m_watcher.waitForFinished();
}

bool ImagesPanel::isReady() const
{
    return m_model->statusIndex() != nullptr;
}

void ImagesPanel::setResult(std::shared_ptr<const Dataset> dataset,
                            std::shared_ptr<const EvaluationResult> result)
{
    if (m_cancel)
        *m_cancel = true;
    m_dataset = std::move(dataset);
    m_result = std::move(result);
    m_pending.reset();
    m_model->clear();
    m_viewer->hide();
    m_subsetCaption.clear();
    m_clearSubset->setVisible(false);
    const QSignalBlocker block(m_classes);
    m_classes->clear();
    if (!m_dataset || !m_result) {
        m_images->setDataset(nullptr, {});
        updateSummary();
        return;
    }
    m_classes->addItem(tr("All classes"));
    for (const ClassCurve& c : m_result->sweep.classes)
        m_classes->addItem(QString::fromStdString(c.name), static_cast<uint>(c.label));
    resolveFolders();
    const LabelField* gt = m_dataset->field(m_result->request.groundTruthField);
    const LabelField* pred = m_dataset->field(m_result->request.predictionField);
    if (!gt || !pred) {
        updateSummary();
        return;
    }
    m_cancel = std::make_shared<std::atomic<bool>>(false);
    auto cancel = m_cancel;
    auto held = m_dataset;
    const MatchOptions match = m_result->request.match;
    const bool parity = m_result->sweep.options.pluginParity;
    m_summary->setText(tr("Matching every image's boxes…"));
    // One matching pass per run, in a worker: the GUI thread never waits for it.
    m_watcher.setFuture(QtConcurrent::run([held, gt, pred, match, parity, cancel]() {
        std::shared_ptr<const ImageStatusIndex> out;
        try {
            if (auto index = ImageStatusIndex::build(*held, *gt, *pred, match, parity, cancel.get()))
                out = std::make_shared<const ImageStatusIndex>(std::move(*index));
        } catch (const std::exception&) {
            // Out of memory: the gallery stays empty, the rest of the app is unaffected.
        }
        return out;
    }));
}

void ImagesPanel::onIndexBuilt()
{
    auto index = m_watcher.result();
    if (!index || !m_cancel || m_cancel->load())
        return;
    m_model->setIndex(m_dataset, index);
    updateSummary();
    if (m_pending) {
        PendingSubset pending = std::move(*m_pending);
        m_pending.reset();
        showImages(std::move(pending.samples), pending.caption, pending.highlighted);
    }
    emit ready();
}

void ImagesPanel::setThreshold(double threshold)
{
    m_model->setThreshold(threshold);
    m_viewer->refresh();
    m_view->viewport()->update();
    updateSummary();
}

void ImagesPanel::setSelectedClass(std::optional<LabelId> label)
{
    int row = 0;
    if (label)
        row = m_classes->findData(static_cast<uint>(*label));
    m_classes->setCurrentIndex(std::max(row, 0));
}

void ImagesPanel::showImages(std::vector<SampleIndex> samples, const QString& caption,
                             const std::vector<std::pair<BoxRole, std::uint32_t>>& highlighted)
{
    if (!isReady()) {
        m_pending = PendingSubset{std::move(samples), caption, highlighted};
        return;
    }
    m_subsetCaption = caption;
    m_errors->setCurrentIndex(0);
    m_classes->setCurrentIndex(0);
    m_model->setHighlighted(highlighted);
    m_model->setSubset(std::move(samples));
    m_viewer->refresh();
    m_view->viewport()->update();
    m_clearSubset->setVisible(true);
    updateSummary();
}

void ImagesPanel::showConfusionCell(std::vector<SampleIndex> samples,
                                    const std::vector<ConfusionEntry>& entries, const QString& caption)
{
    // An entry names its object and prediction by position in the image; the views by index in
    // the run's fields.
    std::vector<std::pair<BoxRole, std::uint32_t>> boxes;
    const LabelField* gt =
        m_dataset && m_result ? m_dataset->field(m_result->request.groundTruthField) : nullptr;
    const LabelField* pred =
        m_dataset && m_result ? m_dataset->field(m_result->request.predictionField) : nullptr;
    for (const ConfusionEntry& e : entries) {
        if (gt && e.object >= 0 && e.image < m_dataset->samples.size())
            boxes.emplace_back(BoxRole::GroundTruth, gt->offsets[e.image] + std::uint32_t(e.object));
        if (pred && e.prediction >= 0 && e.image < m_dataset->samples.size())
            boxes.emplace_back(BoxRole::Prediction, pred->offsets[e.image] + std::uint32_t(e.prediction));
    }
    showImages(std::move(samples), caption, boxes);
}

void ImagesPanel::openImage(SampleIndex sample)
{
    int row = m_model->rowOf(sample);
    if (row < 0) {
        m_errors->setCurrentIndex(0);
        m_classes->setCurrentIndex(0);
        row = m_model->rowOf(sample);
    }
    openRow(row);
}

void ImagesPanel::openRow(int row)
{
    if (row < 0)
        return;
    m_viewer->showRow(row);
    m_viewer->show();
    m_viewer->raise();
    m_viewer->activateWindow();
    m_viewer->setFocus();
}

void ImagesPanel::updateSummary()
{
    if (!m_model->statusIndex()) {
        if (!m_result)
            m_summary->setText(tr("Run to see each image's true positives, false positives and misses."));
        return;
    }
    const Counts total = m_model->listedTotal();
    QString text = tr("%1 of %2 images at threshold %3: TP %4 · FP %5 · FN %6")
                       .arg(m_model->rowCount())
                       .arg(m_model->imageCount())
                       .arg(m_model->threshold(), 0, 'f', 3)
                       .arg(total.tp)
                       .arg(total.fp)
                       .arg(total.fn);
    if (!m_subsetCaption.isEmpty())
        text += QStringLiteral(" — ") + m_subsetCaption;
    m_summary->setText(text);
}

QString ImagesPanel::savedImageFolder(const QString& source)
{
    return QSettings().value(folderKey(source)).toString();
}

void ImagesPanel::resolveFolders()
{
    if (!m_dataset || !m_result)
        return;
    const LabelField* gt = m_dataset->field(m_result->request.groundTruthField);
    if (!gt)
        return;
    const QString user = savedImageFolder(QString::fromStdString(gt->source));
    m_images->setDataset(m_dataset, imageFolders(*gt, std::filesystem::path(user.toStdString())),
                         m_simulated ? gt : nullptr);
    m_view->viewport()->update();
}

void ImagesPanel::chooseFolder()
{
    if (!m_dataset || !m_result)
        return;
    const LabelField* gt = m_dataset->field(m_result->request.groundTruthField);
    if (!gt)
        return;
    const QString source = QString::fromStdString(gt->source);
    const QString folder = QFileDialog::getExistingDirectory(this, tr("Folder of this dataset's images"),
                                                             savedImageFolder(source));
    if (folder.isEmpty())
        return;
    QSettings().setValue(folderKey(source), folder);
    resolveFolders();
}

} // namespace optconf
