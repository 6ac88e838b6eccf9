// SPDX-License-Identifier: MIT
#include "ui/panels/results_panel.h"

#include "core/eval/run_warnings.h"
#include "ui/format.h"
#include "ui/theme.h"

#include <QAction>
#include <QDoubleSpinBox>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSignalBlocker>
#include <QSlider>
#include <QToolButton>
#include <QVBoxLayout>

#include <cmath>

namespace optconf {

namespace {
constexpr int kSliderSteps = 1000;
}

QLabel* ResultsPanel::addValue(QGridLayout* grid, int row, int column, const QString& caption,
                               const QString& name, QLabel** captionLabel)
{
    auto* label = new QLabel(caption);
    if (captionLabel)
        *captionLabel = label;
    label->setStyleSheet(theme::textStyle(theme::Tone::Muted, palette()));
    auto* value = new QLabel(QStringLiteral("—"));
    value->setObjectName(name);
    value->setTextInteractionFlags(Qt::TextSelectableByMouse);
    grid->addWidget(label, row, column);
    grid->addWidget(value, row, column + 1);
    return value;
}

ResultsPanel::ResultsPanel(QWidget* parent)
    : QWidget(parent)
    , m_note(new QLabel)
    , m_warning(new QLabel)
    , m_stale(new QLabel)
    , m_slider(new QSlider(Qt::Horizontal))
    , m_spin(new QDoubleSpinBox)
    , m_selCounts(new QLabel(QStringLiteral("—")))
    , m_selRatios(new QLabel(QStringLiteral("—")))
    , m_buttons(new QHBoxLayout)
{
    m_bestBox = new QGroupBox(tr("Threshold to deploy"));
    m_bestBox->setObjectName(QStringLiteral("optimumBox"));
    auto* grid = new QGridLayout(m_bestBox);
    grid->setHorizontalSpacing(10);
    m_optimum = new QLabel(QStringLiteral("—"));
    m_optimum->setObjectName(QStringLiteral("optimumThreshold"));
    m_optimum->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont big = m_optimum->font();
    big.setPointSizeF(big.pointSizeF() * 1.6);
    big.setBold(true);
    m_optimum->setFont(big);
    m_optimum->setToolTip(tr("Exact optimum: searched over every distinct confidence within the bounds"));
    grid->addWidget(m_optimum, 0, 0, 1, 4);
    m_gridBest = addValue(grid, 1, 0, tr("Best on grid"), QStringLiteral("gridBest"));
    m_f1 = addValue(grid, 1, 2, tr("F1"), QStringLiteral("optimumF1"));
    m_precision = addValue(grid, 2, 0, tr("Precision"), QStringLiteral("optimumPrecision"));
    m_recall = addValue(grid, 2, 2, tr("Recall"), QStringLiteral("optimumRecall"));
    m_counts = addValue(grid, 3, 0, tr("TP / FP / FN"), QStringLiteral("optimumCounts"));
    // An objective other than F1 gets its own row beside the counts: appended to the F1 value it
    // made the column too wide for the panel.
    m_objective =
        addValue(grid, 3, 2, tr("Objective"), QStringLiteral("optimumObjective"), &m_objectiveCaption);
    m_objective->setVisible(false);
    m_objectiveCaption->setVisible(false);
    m_ap50 = addValue(grid, 4, 0, tr("AP@0.5"), QStringLiteral("ap50"));
    m_ap5095 = addValue(grid, 4, 2, tr("AP@[.5:.95]"), QStringLiteral("ap5095"));
    grid->setColumnStretch(1, 1);
    grid->setColumnStretch(3, 1);
    m_targets = new QLabel;
    m_targets->setObjectName(QStringLiteral("targetPoints"));
    m_targets->setWordWrap(true);
    m_targets->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_targets->setVisible(false);
    grid->addWidget(m_targets, 6, 0, 1, 4);
    m_note->setWordWrap(true);
    m_note->setObjectName(QStringLiteral("resultsNote"));
    m_note->setStyleSheet(theme::textStyle(theme::Tone::Muted, palette()));
    grid->addWidget(m_note, 5, 0, 1, 4);
    m_warning->setWordWrap(true);
    m_warning->setObjectName(QStringLiteral("resultsWarning"));
    m_warning->setStyleSheet(theme::textStyle(theme::Tone::Error, palette()));
    m_warning->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_warning->hide();
    grid->addWidget(m_warning, 6, 0, 1, 4);

    m_selBox = new QGroupBox(tr("Selected threshold"));
    m_selBox->setObjectName(QStringLiteral("selectedBox"));
    auto* selLayout = new QGridLayout(m_selBox);
    m_slider->setObjectName(QStringLiteral("thresholdSlider"));
    m_slider->setRange(0, kSliderSteps);
    m_spin->setObjectName(QStringLiteral("thresholdSpin"));
    m_spin->setDecimals(4);
    m_spin->setSingleStep(0.01);
    m_spin->setRange(0.0, 1.0);
    // Typed digits are committed with Enter (or on leaving the box), not one keystroke at a time:
    // "0.6" would otherwise be selected as 0, then 0.0, and rewritten under the cursor each time.
    m_spin->setKeyboardTracking(false);
    m_selCounts->setObjectName(QStringLiteral("selectedCounts"));
    m_selRatios->setObjectName(QStringLiteral("selectedRatios"));
    selLayout->addWidget(m_slider, 0, 0);
    selLayout->addWidget(m_spin, 0, 1);
    selLayout->addWidget(m_selCounts, 1, 0, 1, 2);
    selLayout->addWidget(m_selRatios, 2, 0, 1, 2);
    selLayout->setColumnStretch(0, 1);

    m_stale->setObjectName(QStringLiteral("staleNote"));
    m_stale->setWordWrap(true);
    m_stale->setTextFormat(Qt::PlainText);
    const theme::BoxColors stale = theme::boxColors(theme::Tone::Warning, palette());
    m_stale->setStyleSheet(QStringLiteral("background: %1; color: %2; border: 1px solid %3; padding: 4px;")
                               .arg(stale.background.name(), stale.text.name(), stale.border.name()));
    m_stale->setVisible(false);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_stale);
    layout->addWidget(m_bestBox);
    layout->addWidget(m_selBox);
    layout->addLayout(m_buttons);
    layout->addStretch(1);

    connect(m_slider, &QSlider::valueChanged, this, [this](int v) {
        if (!m_result)
            return;
        const auto& o = m_result->sweep.options;
        m_threshold = o.lower + (o.upper - o.lower) * v / kSliderSteps;
        updateSelected();
    });
    connect(m_spin, &QDoubleSpinBox::valueChanged, this, [this](double v) {
        if (!m_result || (m_threshold && std::abs(*m_threshold - v) < 5e-5))
            return; // the spin box shows 4 decimals: do not round an exact threshold away
        m_threshold = v;
        updateSelected(ThresholdSource::SpinBox);
    });
    clear(tr("Run to see the threshold to deploy."));
}

void ResultsPanel::setResult(std::shared_ptr<const EvaluationResult> result,
                             std::shared_ptr<const ThresholdCounter> counter)
{
    m_result = std::move(result);
    m_counter = std::move(counter);
    m_class.reset();
    const EvaluationResult& r = *m_result;
    setNote({});
    {
        const QSignalBlocker b(m_spin);
        m_spin->setRange(r.sweep.options.lower, r.sweep.options.upper);
    }
    m_slider->setEnabled(r.sweep.options.upper > r.sweep.options.lower);
    m_spin->setEnabled(true);
    showOptimum();
    const Curve& c = r.sweep.total;
    setSelectedThreshold(c.optimum ? c.optimum->threshold : r.sweep.options.lower);
}

void ResultsPanel::setSelectedClass(std::optional<LabelId> label)
{
    if (!m_result)
        return;
    m_class = label && findClass(m_result->sweep, *label) ? label : std::nullopt;
    showOptimum();
    updateSelected();
}

QString ResultsPanel::scopeText() const
{
    const ClassCurve* c = m_result && m_class ? findClass(m_result->sweep, *m_class) : nullptr;
    return c ? tr("class “%1”").arg(QString::fromStdString(c->name)) : tr("all classes");
}

const ThresholdCounter* ResultsPanel::scopeCounter() const
{
    if (!m_result)
        return nullptr;
    if (!m_class)
        return m_counter.get();
    const ClassCurve* c = findClass(m_result->sweep, *m_class);
    return c ? c->counter.get() : nullptr;
}

void ResultsPanel::showOptimum()
{
    const EvaluationResult& r = *m_result;
    const ClassCurve* cls = m_class ? findClass(r.sweep, *m_class) : nullptr;
    const Curve& c = cls ? cls->curve : r.sweep.total;
    const Objective& objective = r.sweep.options.objective;
    m_bestBox->setTitle(cls ? tr("Own optimum of %1").arg(scopeText())
                            : tr("Threshold to deploy — %1").arg(scopeText()));
    m_selBox->setTitle(tr("Selected threshold — %1").arg(scopeText()));
    // Settings that leave nothing to recommend are about the whole run, whatever class is shown.
    const std::vector<std::string> warnings = degenerateRunWarnings(r);
    QStringList warningText;
    for (const std::string& w : warnings)
        warningText << tr("Warning: %1.").arg(QString::fromStdString(w));
    m_warning->setText(warningText.join(u'\n'));
    m_warning->setVisible(!warnings.empty());
    const bool noGroundTruth = cls && cls->groundTruth == 0;
    if (c.optimum && !noGroundTruth) {
        m_optimum->setText(
            warnings.empty()
                ? tr("Optimal threshold %1").arg(formatThreshold(c.optimum->threshold))
                : tr("No threshold to recommend (maximum at %1)").arg(formatThreshold(c.optimum->threshold)));
        m_f1->setText(formatF1(*c.optimum));
        m_objectiveCaption->setText(objective.isCost() ? tr("Cost per image")
                                                       : QString::fromStdString(objective.name()));
        m_objective->setText(QString::number(c.optimum->objective, 'f', 4));
        m_precision->setText(formatRatio(c.optimum->precision));
        m_recall->setText(formatRatio(c.optimum->recall));
        m_counts->setText(QStringLiteral("%1 / %2 / %3")
                              .arg(formatCount(c.optimum->counts.tp), formatCount(c.optimum->counts.fp),
                                   formatCount(c.optimum->counts.fn)));
    } else {
        m_optimum->setText(noGroundTruth ? tr("No optimum: no ground truth, every prediction is a false "
                                              "positive")
                                         : tr("No optimum: nothing to find and nothing kept"));
        for (QLabel* l : {m_f1, m_precision, m_recall, m_counts, m_objective})
            l->setText(QStringLiteral("—"));
    }
    m_objective->setVisible(!objective.isF1());
    m_objectiveCaption->setVisible(!objective.isF1());
    m_gridBest->setText(c.best && !noGroundTruth
                            ? tr("%1 (F1 %2)").arg(formatThreshold(c.best->threshold), formatF1(*c.best))
                            : QStringLiteral("—"));
    const auto perLabel = [&](const std::vector<std::optional<double>>& v) {
        return cls->label < v.size() ? v[cls->label] : std::nullopt;
    };
    // The targets are met by the threshold deployed for every class: they are read on the total.
    QStringList targets;
    const auto point = [&](const std::optional<Metrics>& m, const QString& what) {
        targets << (m ? tr("%1: t = %2 (P %3, R %4)")
                            .arg(what, formatThreshold(m->threshold), formatRatio(m->precision),
                                 formatRatio(m->recall))
                      : tr("%1: no threshold reaches it").arg(what));
    };
    const SweepOptions& o = r.sweep.options;
    if (o.minPrecision)
        point(r.sweep.operatingPoints.maxRecallAtPrecision,
              tr("Highest recall at precision ≥ %1").arg(QString::number(*o.minPrecision)));
    if (o.minRecall)
        point(r.sweep.operatingPoints.maxPrecisionAtRecall,
              tr("Highest precision at recall ≥ %1").arg(QString::number(*o.minRecall)));
    m_targets->setText((cls ? tr("All classes — ") : QString()) + targets.join(QLatin1Char('\n')));
    m_targets->setVisible(!targets.isEmpty());
    m_ap50->setText(formatRatio(cls ? perLabel(r.ap.perLabelAp50) : r.ap.ap50));
    m_ap5095->setText(formatRatio(cls ? perLabel(r.ap.perLabelAp50_95) : r.ap.ap50_95));
}

void ResultsPanel::clear(const QString& message)
{
    m_result.reset();
    m_counter.reset();
    m_threshold.reset();
    for (QLabel* l :
         {m_gridBest, m_f1, m_precision, m_recall, m_counts, m_ap50, m_ap5095, m_selCounts, m_selRatios})
        l->setText(QStringLiteral("—"));
    m_optimum->setText(tr("Optimal threshold —"));
    m_warning->clear();
    m_warning->hide();
    m_targets->setVisible(false);
    m_class.reset();
    setStale({});
    m_bestBox->setTitle(tr("Threshold to deploy"));
    m_selBox->setTitle(tr("Selected threshold"));
    m_slider->setEnabled(false);
    m_spin->setEnabled(false);
    setNote(message);
}

void ResultsPanel::setNote(const QString& note)
{
    m_note->setText(note);
    m_note->setVisible(!note.isEmpty());
}

void ResultsPanel::setStale(const QStringList& changes)
{
    m_stale->setText(changes.isEmpty()
                         ? QString()
                         : tr("These results are from the previous settings. Changed since: %1. "
                              "Run again (Ctrl+R) to update them.")
                               .arg(changes.join(QStringLiteral("; "))));
    m_stale->setVisible(!changes.isEmpty());
}

void ResultsPanel::setSelectedThreshold(double threshold)
{
    if (!m_result)
        return;
    m_threshold = threshold;
    updateSelected();
}

std::optional<double> ResultsPanel::selectedThreshold() const
{
    return m_threshold;
}

std::optional<Metrics> ResultsPanel::selectedMetrics() const
{
    const ThresholdCounter* counter = scopeCounter();
    if (!counter || !m_threshold)
        return std::nullopt;
    return metricsAt(*counter, *m_threshold, m_result->sweep.options.objective);
}

void ResultsPanel::addActionButton(QAction* action)
{
    auto* button = new QToolButton;
    button->setDefaultAction(action);
    button->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_buttons->addWidget(button);
}

void ResultsPanel::updateSelected(ThresholdSource source)
{
    const std::optional<Metrics> m = selectedMetrics();
    if (!m)
        return;
    const auto& o = m_result->sweep.options;
    {
        const QSignalBlocker b1(m_slider);
        const QSignalBlocker b2(m_spin);
        if (source != ThresholdSource::SpinBox) // the box already shows what the user typed
            m_spin->setValue(*m_threshold);
        const double span = o.upper - o.lower;
        m_slider->setValue(
            span > 0 ? static_cast<int>(std::lround((*m_threshold - o.lower) / span * kSliderSteps)) : 0);
    }
    m_selCounts->setText(
        tr("TP %1   FP %2   FN %3")
            .arg(formatCount(m->counts.tp), formatCount(m->counts.fp), formatCount(m->counts.fn)));
    m_selRatios->setText(tr("Precision %1   Recall %2   F1 %3")
                             .arg(formatRatio(m->precision), formatRatio(m->recall), formatF1(*m)));
    emit selectedThresholdChanged(*m_threshold, *m);
}

} // namespace optconf
