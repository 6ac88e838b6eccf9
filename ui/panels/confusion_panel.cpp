// SPDX-License-Identifier: MIT
#include "ui/panels/confusion_panel.h"

#include "ui/charts/confusion_view.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QScrollArea>
#include <QSplitter>
#include <QVBoxLayout>

#include <unordered_map>

namespace optconf {

namespace {
constexpr std::size_t kMostConfused = 10;
constexpr int kMaxListedImages = 2000;
} // namespace

ConfusionPanel::ConfusionPanel(QWidget* parent)
    : QWidget(parent)
    , m_view(new ConfusionView)
    , m_title(new QLabel)
    , m_normalised(new QCheckBox(tr("&Row-normalised")))
    , m_pairs(new QListWidget)
    , m_cellTitle(new QLabel)
    , m_cellImages(new QListWidget)
    , m_showInImages(new QPushButton(tr("Show in &Images")))
{
    setObjectName(QStringLiteral("confusionPanel"));
    m_normalised->setObjectName(QStringLiteral("rowNormalised"));
    m_normalised->setToolTip(tr("Show each row as shares of its ground-truth class"));
    m_pairs->setObjectName(QStringLiteral("mostConfused"));
    m_cellImages->setObjectName(QStringLiteral("cellImages"));
    m_title->setWordWrap(true);
    m_cellTitle->setWordWrap(true);

    auto* scroll = new QScrollArea;
    scroll->setWidget(m_view);
    scroll->setWidgetResizable(false);
    scroll->setAlignment(Qt::AlignLeft | Qt::AlignTop);

    auto* side = new QWidget;
    auto* sideLayout = new QVBoxLayout(side);
    sideLayout->setContentsMargins(0, 0, 0, 0);
    sideLayout->addWidget(new QLabel(tr("<b>Most confused</b> (ground truth → predicted)")));
    sideLayout->addWidget(m_pairs, 1);
    sideLayout->addWidget(m_cellTitle);
    sideLayout->addWidget(m_cellImages, 2);
    sideLayout->addWidget(m_showInImages);
    m_showInImages->setObjectName(QStringLiteral("showCellInImages"));
    m_showInImages->setToolTip(tr("The gallery of this cell's images, its objects and predictions "
                                  "pointed out (or double-click the cell)"));

    auto* split = new QSplitter(Qt::Horizontal);
    split->addWidget(scroll);
    split->addWidget(side);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 1);

    auto* top = new QHBoxLayout;
    top->addWidget(m_title, 1);
    top->addWidget(m_normalised);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(split, 1);

    connect(m_normalised, &QCheckBox::toggled, m_view, &ConfusionView::setRowNormalised);
    connect(m_view, &ConfusionView::cellClicked, this, &ConfusionPanel::selectCell);
    connect(m_view, &ConfusionView::cellDoubleClicked, this, [this](int row, int column) {
        selectCell(row, column);
        requestImages();
    });
    connect(m_showInImages, &QPushButton::clicked, this, &ConfusionPanel::requestImages);
    connect(m_pairs, &QListWidget::itemActivated, this, [this](QListWidgetItem* item) {
        selectCell(item->data(Qt::UserRole).toInt(), item->data(Qt::UserRole + 1).toInt());
    });
    connect(m_pairs, &QListWidget::itemClicked, this, [this](QListWidgetItem* item) {
        selectCell(item->data(Qt::UserRole).toInt(), item->data(Qt::UserRole + 1).toInt());
    });
    clear(tr("Run to see the confusion matrix at the selected threshold."));
}

void ConfusionPanel::setAnalysis(std::shared_ptr<const ThresholdAnalysis> analysis,
                                 std::shared_ptr<const Dataset> dataset)
{
    m_analysis = std::move(analysis);
    m_dataset = std::move(dataset);
    m_view->setSelectedCell(std::nullopt);
    refresh();
}

void ConfusionPanel::setThreshold(double threshold)
{
    m_threshold = threshold;
    refresh();
}

void ConfusionPanel::clear(const QString& message)
{
    m_analysis.reset();
    m_view->setMatrix({}, {});
    m_view->setSelectedCell(std::nullopt);
    m_title->setText(message);
    m_pairs->clear();
    m_cellImages->clear();
    m_cellTitle->clear();
    m_showInImages->setEnabled(false);
}

void ConfusionPanel::refresh()
{
    if (!m_analysis)
        return;
    const ConfusionMatrix& m = m_analysis->confusion;
    QStringList names;
    for (const std::string& n : m.names())
        names << QString::fromStdString(n);
    m_view->setMatrix(names, m.counts(m_threshold));
    m_title->setText(tr("At threshold %1: class-agnostic matching (a box of the wrong class lands off the "
                        "diagonal); %2 classes by frequency. Hover a cell for its count, click it for its "
                        "images, double-click it for them in the Images tab.")
                         .arg(m_threshold, 0, 'f', 4)
                         .arg(names.size()));
    m_pairs->clear();
    for (const ConfusedPair& p : m.mostConfused(m_threshold, kMostConfused)) {
        auto* item =
            new QListWidgetItem(tr("%1 → %2: %3")
                                    .arg(names[static_cast<int>(p.row)], names[static_cast<int>(p.column)])
                                    .arg(p.count));
        item->setData(Qt::UserRole, static_cast<int>(p.row));
        item->setData(Qt::UserRole + 1, static_cast<int>(p.column));
        m_pairs->addItem(item);
    }
    if (m_pairs->count() == 0)
        m_pairs->addItem(tr("(no box of one class lands on an object of another)"));
    showCellImages();
}

void ConfusionPanel::selectCell(int row, int column)
{
    m_view->setSelectedCell(std::pair(row, column));
    showCellImages();
    emit cellSelected(row, column);
}

std::vector<ConfusionEntry> ConfusionPanel::selectedEntries() const
{
    const auto cell = m_view->selectedCell();
    if (!m_analysis || !cell)
        return {};
    return m_analysis->confusion.entries(static_cast<std::size_t>(cell->first),
                                         static_cast<std::size_t>(cell->second), m_threshold);
}

std::vector<SampleIndex> ConfusionPanel::selectedImages() const
{
    std::vector<SampleIndex> order;
    std::unordered_map<SampleIndex, int> seen;
    for (const ConfusionEntry& e : selectedEntries())
        if (seen[e.image]++ == 0)
            order.push_back(e.image);
    return order;
}

void ConfusionPanel::requestImages()
{
    const auto cell = m_view->selectedCell();
    if (!m_analysis || !cell)
        return;
    emit imagesRequested(
        selectedImages(), selectedEntries(),
        m_view->cellText(cell->first, cell->second).replace(QLatin1Char('\n'), QStringLiteral("; ")));
}

void ConfusionPanel::showCellImages()
{
    m_cellImages->clear();
    const auto cell = m_view->selectedCell();
    m_showInImages->setEnabled(m_analysis && m_dataset && cell);
    if (!m_analysis || !m_dataset || !cell) {
        m_cellTitle->setText(tr("Click a cell to list its images."));
        return;
    }
    const std::vector<ConfusionEntry> entries = selectedEntries();
    m_cellTitle->setText(
        m_view->cellText(cell->first, cell->second).replace(QLatin1Char('\n'), QStringLiteral("; ")) +
        tr(" — images:"));
    // Images in the order of their highest-scoring entry, each once with how many entries it has.
    const std::vector<SampleIndex> order = selectedImages();
    std::unordered_map<SampleIndex, int> perImage;
    for (const ConfusionEntry& e : entries)
        ++perImage[e.image];
    for (SampleIndex image : order) {
        if (m_cellImages->count() >= kMaxListedImages) {
            m_cellImages->addItem(
                tr("… and %1 more images").arg(order.size() - static_cast<std::size_t>(kMaxListedImages)));
            break;
        }
        const Sample& s = m_dataset->samples[image];
        auto* item =
            new QListWidgetItem(tr("%1  (%2)  ×%3")
                                    .arg(QString::fromStdString(s.id), QString::fromStdString(s.fileName))
                                    .arg(perImage[image]));
        item->setData(Qt::UserRole, static_cast<qulonglong>(image));
        m_cellImages->addItem(item);
    }
}

} // namespace optconf
