// SPDX-License-Identifier: MIT
#include "ui/panels/class_table_model.h"

#include "ui/format.h"

namespace optconf {

namespace {

QVariant count(std::int64_t value, bool sort)
{
    return sort ? QVariant(static_cast<qlonglong>(value)) : QVariant(formatCount(value));
}

QVariant ratio(const std::optional<double>& value, bool sort)
{
    return sort ? QVariant(value.value_or(-1.0)) : QVariant(formatRatio(value));
}

QVariant f1(const std::optional<Metrics>& m, bool sort)
{
    if (!m || !m->f1Defined)
        return sort ? QVariant(-1.0) : QVariant(QStringLiteral("—"));
    return sort ? QVariant(m->f1) : QVariant(formatF1(*m));
}

} // namespace

ClassTableModel::ClassTableModel(QObject* parent)
    : QAbstractTableModel(parent)
{}

void ClassTableModel::setResult(std::shared_ptr<const EvaluationResult> result)
{
    beginResetModel();
    m_result = std::move(result);
    m_threshold.reset();
    m_atSelected.assign(m_result ? m_result->sweep.classes.size() : 0, std::nullopt);
    endResetModel();
}

void ClassTableModel::setSelectedThreshold(std::optional<double> threshold)
{
    m_threshold = threshold;
    if (!m_result)
        return;
    const Objective& objective = m_result->sweep.options.objective;
    for (std::size_t row = 0; row < m_atSelected.size(); ++row) {
        const ClassCurve& c = m_result->sweep.classes[row];
        m_atSelected[row] = threshold && c.counter
                                ? std::optional(metricsAt(*c.counter, *threshold, objective))
                                : std::nullopt;
    }
    if (rowCount() > 0)
        emit dataChanged(index(0, TpAtSelected), index(rowCount() - 1, F1AtSelected));
    emit headerDataChanged(Qt::Horizontal, TpAtSelected, F1AtSelected);
}

const ClassCurve* ClassTableModel::classAt(int row) const
{
    if (!m_result || row < 0 || row >= rowCount())
        return nullptr;
    return &m_result->sweep.classes[static_cast<std::size_t>(row)];
}

int ClassTableModel::rowOf(LabelId label) const
{
    for (int row = 0; row < rowCount(); ++row)
        if (classAt(row)->label == label)
            return row;
    return -1;
}

int ClassTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() || !m_result ? 0 : static_cast<int>(m_result->sweep.classes.size());
}

int ClassTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ClassTableModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ClassCurve* c = classAt(index.row());
    if (!c)
        return {};
    if (role == LabelRole)
        return static_cast<uint>(c->label);
    return cell(index.row(), *c, index.column(), role);
}

QVariant ClassTableModel::cell(int row, const ClassCurve& c, int column, int role) const
{
    if (role == Qt::TextAlignmentRole)
        return column == Name ? QVariant(Qt::AlignLeft | Qt::AlignVCenter)
                              : QVariant(Qt::AlignRight | Qt::AlignVCenter);
    const bool noGroundTruth = c.groundTruth == 0;
    if (role == Qt::ToolTipRole) {
        if (column == Name)
            return QString::fromStdString(c.name);
        if (noGroundTruth)
            return tr("No ground truth: every prediction of this class is a false positive, and it has no "
                      "recall and no threshold of its own");
        return {};
    }
    if (role != Qt::DisplayRole && role != SortRole)
        return {};
    const bool sort = role == SortRole;
    // Without ground truth, F1 is 0 at every threshold: its "optimum" would read as a recommendation.
    const std::optional<Metrics> own = noGroundTruth ? std::nullopt : c.curve.optimum;
    const std::optional<Metrics> atGlobal = noGroundTruth ? std::nullopt : c.atGlobalOptimum;
    const std::optional<Metrics>& sel = m_atSelected[static_cast<std::size_t>(row)];
    switch (column) {
    case Name:
        return QString::fromStdString(c.name);
    case GroundTruth:
        return count(c.groundTruth, sort);
    case Predictions:
        return count(c.predictions, sort);
    case Threshold:
        if (!own)
            return sort ? QVariant(-1.0) : QVariant(QStringLiteral("—"));
        return sort ? QVariant(own->threshold) : QVariant(formatThreshold(own->threshold));
    case F1AtOwn:
        return f1(own, sort);
    case F1AtGlobal:
        return f1(atGlobal, sort);
    case TpAtSelected:
    case FpAtSelected:
    case FnAtSelected: {
        if (!sel)
            return sort ? QVariant(-1LL) : QVariant(QStringLiteral("—"));
        const Counts& k = sel->counts;
        return count(column == TpAtSelected ? k.tp : column == FpAtSelected ? k.fp : k.fn, sort);
    }
    case PrecisionAtSelected:
        return ratio(sel && !noGroundTruth ? sel->precision : std::nullopt, sort);
    case RecallAtSelected:
        return ratio(sel ? sel->recall : std::nullopt, sort);
    case F1AtSelected:
        return f1(noGroundTruth ? std::nullopt : sel, sort);
    case Ap50: {
        const auto& ap = m_result->ap.perLabelAp50;
        return ratio(c.label < ap.size() ? ap[c.label] : std::nullopt, sort);
    }
    default:
        return {};
    }
}

QVariant ClassTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount)
        return QAbstractTableModel::headerData(section, orientation, role);
    const QString at = m_threshold ? tr("at the selected threshold %1").arg(formatThreshold(*m_threshold))
                                   : tr("at the selected threshold");
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case GroundTruth:
            return tr("Ground-truth objects that count for recall");
        case Predictions:
            return tr("Scored predictions counted as TP or FP");
        case Threshold:
            return tr("This class's own optimal threshold (exact)");
        case F1AtOwn:
            return tr("F1 of this class at its own optimal threshold");
        case F1AtGlobal:
            return tr(
                "F1 of this class at the global optimal threshold: what deploying one threshold gives it");
        case TpAtSelected:
            return tr("True positives of this class %1").arg(at);
        case FpAtSelected:
            return tr("False positives of this class %1").arg(at);
        case FnAtSelected:
            return tr("Missed objects of this class %1").arg(at);
        case PrecisionAtSelected:
            return tr("Precision of this class %1").arg(at);
        case RecallAtSelected:
            return tr("Recall of this class %1").arg(at);
        case F1AtSelected:
            return tr("F1 of this class %1").arg(at);
        default:
            return {};
        }
    }
    if (role != Qt::DisplayRole)
        return {};
    // "@t": at the selected threshold t (the panel's title gives t).
    static const char* const names[] = {
        QT_TR_NOOP("Class"), QT_TR_NOOP("GT"),    QT_TR_NOOP("Predictions"), QT_TR_NOOP("TP@t"),
        QT_TR_NOOP("FP@t"),  QT_TR_NOOP("FN@t"),  QT_TR_NOOP("P@t"),         QT_TR_NOOP("R@t"),
        QT_TR_NOOP("F1@t"),  QT_TR_NOOP("Own t"), QT_TR_NOOP("F1 at own t"), QT_TR_NOOP("F1 at global t"),
        QT_TR_NOOP("AP@0.5")};
    static_assert(std::size(names) == ColumnCount);
    return tr(names[section]);
}

} // namespace optconf
