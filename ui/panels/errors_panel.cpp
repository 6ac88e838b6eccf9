// SPDX-License-Identifier: MIT
#include "ui/panels/errors_panel.h"

#include "ui/charts/iou_curves_view.h"
#include "ui/charts/score_histogram_view.h"

#include <QCoreApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>

namespace optconf {

namespace {
constexpr int kIouBins = 5;

QString sizeName(ObjectSize size)
{
    static const char* const names[] = {QT_TRANSLATE_NOOP("ErrorsPanel", "Small"),
                                        QT_TRANSLATE_NOOP("ErrorsPanel", "Medium"),
                                        QT_TRANSLATE_NOOP("ErrorsPanel", "Large")};
    return QCoreApplication::translate("ErrorsPanel", names[static_cast<std::size_t>(size)]);
}

QString typeName(std::size_t row)
{
    static const char* const names[] = {QT_TRANSLATE_NOOP("ErrorsPanel", "Classification"),
                                        QT_TRANSLATE_NOOP("ErrorsPanel", "Localization"),
                                        QT_TRANSLATE_NOOP("ErrorsPanel", "Both (class and box)"),
                                        QT_TRANSLATE_NOOP("ErrorsPanel", "Duplicate"),
                                        QT_TRANSLATE_NOOP("ErrorsPanel", "Background"),
                                        QT_TRANSLATE_NOOP("ErrorsPanel", "Missed")};
    return QCoreApplication::translate("ErrorsPanel", names[row]);
}

QTableWidget* readOnlyTable(const QString& name, int rows, const QStringList& columns)
{
    auto* t = new QTableWidget(rows, static_cast<int>(columns.size()));
    t->setObjectName(name);
    t->setHorizontalHeaderLabels(columns);
    t->setEditTriggers(QAbstractItemView::NoEditTriggers);
    t->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    return t;
}

/// Compact rows; a short table grows to show every row when there is room and never beyond, and
/// scrolls on a small screen.
void compactRows(QTableWidget* t, bool fitHeight)
{
    const int row = t->fontMetrics().height() + 6;
    t->verticalHeader()->setDefaultSectionSize(row);
    t->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    const int header = t->horizontalHeader()->sizeHint().height() + 2 * t->frameWidth() + 2;
    t->setMinimumHeight(header + row);
    if (fitHeight) {
        t->setMaximumHeight(header + row * t->rowCount());
        t->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
    }
}

QString signedNumber(double v)
{
    return (v >= 0 ? QStringLiteral("+") : QString()) + QString::number(v, 'f', 4);
}

void setCell(QTableWidget* t, int row, int column, const QString& text)
{
    auto* item = t->item(row, column);
    if (!item) {
        item = new QTableWidgetItem;
        item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        t->setItem(row, column, item);
    }
    item->setText(text);
}
} // namespace

ErrorsPanel::ErrorsPanel(QWidget* parent)
    : QWidget(parent)
    , m_title(new QLabel)
    , m_table(new QTableWidget(static_cast<int>(kErrorTypeCount) + 1, 3))
    , m_histogram(new ScoreHistogramView)
    , m_iouText(new QLabel)
    , m_sizes(readOnlyTable(QStringLiteral("sizeTable"), static_cast<int>(kObjectSizeCount),
                            {tr("TP"), tr("FP"), tr("FN"), tr("Precision"), tr("Recall"), tr("F1")}))
    , m_iouCurves(new IouCurvesView)
    , m_classes(readOnlyTable(QStringLiteral("classGainTable"), 0,
                              {tr("F1"), tr("Classification"), tr("Localization"), tr("Both"),
                               tr("Duplicate"), tr("Background"), tr("Missed")}))
{
    setObjectName(QStringLiteral("errorsPanel"));
    m_table->setObjectName(QStringLiteral("errorTable"));
    m_title->setWordWrap(true);
    m_iouText->setWordWrap(true);
    m_table->setHorizontalHeaderLabels({tr("Errors"), tr("F1 if fixed"), tr("Gain")});
    for (int r = 0; r < m_table->rowCount(); ++r)
        m_table->setVerticalHeaderItem(r, new QTableWidgetItem(typeName(static_cast<std::size_t>(r))));
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->setToolTip(tr(
        "TIDE's error types at the threshold. Classification: IoU ≥ the match threshold with an object of "
        "another class. Localization: right class, 0.1 ≤ IoU < the match threshold. Both: wrong class and "
        "0.1 ≤ IoU < the match threshold. Duplicate: right class, on an object a higher-scoring box took. "
        "Background: IoU < 0.1 with every object. Missed: objects no kept box finds or is aimed at.\n"
        "F1 if fixed: the box removed (a classification or localization error turns its object into a true "
        "positive when nothing else found it); missed objects removed from the ground truth."));
    m_sizes->setToolTip(
        tr("COCO's object sizes by area: small up to 32² pixels, medium 32² to 96², large "
           "above (the annotation's area when the file gives one, else the box's). Counted as "
           "pycocotools counts an area range: objects of other sizes, boxes matched to them and "
           "unmatched boxes of other sizes count for nothing."));
    for (std::size_t k = 0; k < kObjectSizeCount; ++k)
        m_sizes->setVerticalHeaderItem(static_cast<int>(k),
                                       new QTableWidgetItem(sizeName(static_cast<ObjectSize>(k))));
    m_classes->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_classes->setSelectionMode(QAbstractItemView::SingleSelection);
    m_classes->setToolTip(tr("Each class's F1 at the threshold and how much it would rise if that kind of "
                             "error were fixed (the class's own boxes and objects; a classification error "
                             "fixed turns the object it lands on into a true positive of the object's "
                             "class). Click a row to see the class above."));
    connect(m_classes, &QTableWidget::cellClicked, this, [this](int row, int) { showClassRow(row); });
    compactRows(m_table, true);
    compactRows(m_sizes, true);
    compactRows(m_classes, false);
    auto* left = new QVBoxLayout;
    left->addWidget(m_title);
    left->addWidget(m_table, 1);
    left->addWidget(new QLabel(tr("By object size (COCO areas):")));
    left->addWidget(m_sizes, 1);
    // The tables take the height first (up to all their rows); what is left goes below the text.
    m_iouText->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    left->addWidget(m_iouText);
    auto* right = new QVBoxLayout;
    right->addWidget(m_histogram, 1);
    right->addWidget(m_iouCurves, 1);
    auto* top = new QWidget;
    auto* upper = new QHBoxLayout(top);
    upper->setContentsMargins(0, 0, 0, 0);
    upper->addLayout(left, 2);
    upper->addLayout(right, 3);
    auto* bottom = new QWidget;
    auto* lower = new QVBoxLayout(bottom);
    lower->setContentsMargins(0, 0, 0, 0);
    lower->addWidget(
        new QLabel(tr("Per class at the threshold: F1 and the F1 gain if each kind of error were fixed:")));
    lower->addWidget(m_classes);
    auto* split = new QSplitter(Qt::Vertical);
    split->addWidget(top);
    split->addWidget(bottom);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(split);
    clear(tr("Run to see the error types at the selected threshold."));
}

void ErrorsPanel::setAnalysis(std::shared_ptr<const ThresholdAnalysis> analysis,
                              std::shared_ptr<const Dataset> dataset, double iouThreshold)
{
    m_analysis = std::move(analysis);
    m_dataset = std::move(dataset);
    m_iou = iouThreshold;
    if (m_analysis) {
        m_histogram->setHistogram(m_analysis->histogram);
        m_iouCurves->setCurves(std::shared_ptr<const IouCurves>(m_analysis, &m_analysis->iouCurves),
                               m_analysis->histogram.lower, m_analysis->histogram.upper);
        // One row per class, in the confusion matrix's order (by ground-truth count).
        const auto& labels = m_analysis->confusion.labels();
        m_classes->clearContents();
        m_classes->setRowCount(static_cast<int>(labels.size()));
        for (std::size_t i = 0; i < labels.size(); ++i)
            m_classes->setVerticalHeaderItem(static_cast<int>(i), new QTableWidgetItem(QString::fromStdString(
                                                                      m_analysis->confusion.names()[i])));
    }
    refresh();
}

void ErrorsPanel::setThreshold(double threshold)
{
    m_threshold = threshold;
    refresh();
}

void ErrorsPanel::setSelectedClass(std::optional<LabelId> label)
{
    m_class = label;
    refresh();
}

void ErrorsPanel::clear(const QString& message)
{
    m_analysis.reset();
    m_title->setText(message);
    for (int r = 0; r < m_table->rowCount(); ++r)
        for (int c = 0; c < m_table->columnCount(); ++c)
            m_table->setItem(r, c, new QTableWidgetItem);
    m_histogram->setHistogram(ScoreHistogram{});
    m_iouCurves->setCurves(nullptr, 0, 1);
    m_iouText->clear();
    m_sizes->clearContents();
    m_classes->setRowCount(0);
}

void ErrorsPanel::showClassRow(int row)
{
    if (!m_analysis || row < 0 || static_cast<std::size_t>(row) >= m_analysis->confusion.labels().size())
        return;
    setSelectedClass(m_analysis->confusion.labels()[static_cast<std::size_t>(row)]);
}

void ErrorsPanel::refreshSizes()
{
    for (std::size_t k = 0; k < kObjectSizeCount; ++k) {
        const Counts c = m_analysis->sizes.at(m_threshold, static_cast<ObjectSize>(k));
        const auto tp = static_cast<double>(c.tp);
        const int r = static_cast<int>(k);
        setCell(m_sizes, r, 0, QString::number(c.tp));
        setCell(m_sizes, r, 1, QString::number(c.fp));
        setCell(m_sizes, r, 2, QString::number(c.fn));
        setCell(m_sizes, r, 3,
                c.tp + c.fp > 0 ? QString::number(tp / static_cast<double>(c.tp + c.fp), 'f', 4)
                                : QStringLiteral("–"));
        setCell(m_sizes, r, 4,
                c.tp + c.fn > 0 ? QString::number(tp / static_cast<double>(c.tp + c.fn), 'f', 4)
                                : QStringLiteral("–"));
        setCell(m_sizes, r, 5, QString::number(f1At(c), 'f', 4));
    }
}

void ErrorsPanel::refreshClasses()
{
    const ErrorAnalysis& e = m_analysis->errors;
    const auto& labels = m_analysis->confusion.labels();
    for (std::size_t i = 0; i < labels.size(); ++i) {
        const int r = static_cast<int>(i);
        setCell(m_classes, r, 0, QString::number(f1At(e.countsAt(m_threshold, labels[i])), 'f', 4));
        const std::vector<ErrorFix> fixes = e.fixesAt(m_threshold, labels[i]);
        for (std::size_t k = 0; k < fixes.size(); ++k)
            setCell(m_classes, r, static_cast<int>(k) + 1, signedNumber(fixes[k].f1Gain));
    }
}

void ErrorsPanel::refresh()
{
    if (!m_analysis)
        return;
    const ErrorAnalysis& e = m_analysis->errors;
    const bool perClass = m_class && m_dataset && *m_class < m_dataset->labels.size();
    const ErrorCounts counts = perClass ? e.at(m_threshold, *m_class) : e.at(m_threshold);
    const Counts base = perClass ? e.countsAt(m_threshold, *m_class) : e.countsAt(m_threshold);
    const std::vector<ErrorFix> fixes = perClass ? e.fixesAt(m_threshold, *m_class) : e.fixesAt(m_threshold);
    const QString scope = perClass ? tr("class “%1” (its false positives and its missed objects)")
                                         .arg(QString::fromStdString(m_dataset->labels[*m_class]))
                                   : tr("all classes");
    m_title->setText(tr("At threshold %1, %2: %3 false positives, %4 false negatives (F1 %5).")
                         .arg(m_threshold, 0, 'f', 4)
                         .arg(scope)
                         .arg(base.fp)
                         .arg(base.fn)
                         .arg(f1At(base), 0, 'f', 4));
    for (int r = 0; r < m_table->rowCount(); ++r) {
        const auto k = static_cast<std::size_t>(r);
        const std::int64_t n = k < kErrorTypeCount ? counts.falsePositives[k] : counts.missed;
        m_table->item(r, 0)->setText(QString::number(n));
        // For a class: that class's F1 with its own errors of the kind fixed.
        m_table->item(r, 1)->setText(QString::number(f1At(fixes[k].counts), 'f', 4));
        m_table->item(r, 2)->setText(signedNumber(fixes[k].f1Gain));
    }
    m_histogram->setThreshold(m_threshold);
    m_iouCurves->setThreshold(m_threshold);
    refreshSizes();
    refreshClasses();
    const double lower = std::min(m_iou, 1.0);
    const std::vector<std::int64_t> ious = e.truePositiveIous(m_threshold, lower, kIouBins);
    QStringList parts;
    const double width = (1.0 - lower) / kIouBins;
    for (int b = 0; b < kIouBins; ++b)
        parts << tr("%1–%2: %3")
                     .arg(lower + b * width, 0, 'f', 2)
                     .arg(lower + (b + 1) * width, 0, 'f', 2)
                     .arg(ious[static_cast<std::size_t>(b)]);
    m_iouText->setText(tr("True positives by IoU (all classes): %1").arg(parts.join(QStringLiteral(", "))));
}

} // namespace optconf
