// SPDX-License-Identifier: MIT
#include "ui/panels/errors_panel.h"

#include "ui/charts/score_histogram_view.h"

#include <QCoreApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>

namespace optconf {

namespace {
constexpr int kIouBins = 5;

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
} // namespace

ErrorsPanel::ErrorsPanel(QWidget* parent)
    : QWidget(parent)
    , m_title(new QLabel)
    , m_table(new QTableWidget(static_cast<int>(kErrorTypeCount) + 1, 3))
    , m_histogram(new ScoreHistogramView)
    , m_iouText(new QLabel)
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
    auto* left = new QVBoxLayout;
    left->addWidget(m_title);
    left->addWidget(m_table, 1);
    left->addWidget(m_iouText);
    auto* layout = new QHBoxLayout(this);
    layout->addLayout(left, 2);
    layout->addWidget(m_histogram, 3);
    clear(tr("Run to see the error types at the selected threshold."));
}

void ErrorsPanel::setAnalysis(std::shared_ptr<const ThresholdAnalysis> analysis,
                              std::shared_ptr<const Dataset> dataset, double iouThreshold)
{
    m_analysis = std::move(analysis);
    m_dataset = std::move(dataset);
    m_iou = iouThreshold;
    if (m_analysis)
        m_histogram->setHistogram(m_analysis->histogram);
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
    m_iouText->clear();
}

void ErrorsPanel::refresh()
{
    if (!m_analysis)
        return;
    const ErrorAnalysis& e = m_analysis->errors;
    const bool perClass = m_class && m_dataset && *m_class < m_dataset->labels.size();
    const ErrorCounts counts = perClass ? e.at(m_threshold, *m_class) : e.at(m_threshold);
    const Counts base = e.countsAt(m_threshold);
    const std::vector<ErrorFix> fixes = e.fixesAt(m_threshold);
    const QString scope = perClass ? tr("class “%1” (its false positives and its missed objects)")
                                         .arg(QString::fromStdString(m_dataset->labels[*m_class]))
                                   : tr("all classes");
    m_title->setText(tr("At threshold %1, %2: %3 false positives, %4 false negatives (F1 %5).")
                         .arg(m_threshold, 0, 'f', 4)
                         .arg(scope)
                         .arg(perClass ? counts.falsePositiveTotal() : base.fp)
                         .arg(base.fn)
                         .arg(f1At(base), 0, 'f', 4));
    for (int r = 0; r < m_table->rowCount(); ++r) {
        const auto k = static_cast<std::size_t>(r);
        const std::int64_t n = k < kErrorTypeCount ? counts.falsePositives[k] : counts.missed;
        m_table->item(r, 0)->setText(QString::number(n));
        // The gains are of the whole run: fixing one class's errors is not what TIDE measures.
        m_table->item(r, 1)->setText(perClass ? QStringLiteral("–")
                                              : QString::number(f1At(fixes[k].counts), 'f', 4));
        m_table->item(r, 2)->setText(perClass ? QStringLiteral("–")
                                              : (fixes[k].f1Gain >= 0 ? QStringLiteral("+") : QString()) +
                                                    QString::number(fixes[k].f1Gain, 'f', 4));
    }
    m_histogram->setThreshold(m_threshold);
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
