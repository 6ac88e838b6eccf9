// SPDX-License-Identifier: MIT
#include "class_table_model.h"

#include "format.h"

namespace optconf {

ClassTableModel::ClassTableModel(QObject* parent)
    : QAbstractTableModel(parent)
{}

void ClassTableModel::setResult(std::shared_ptr<const EvaluationResult> result)
{
    beginResetModel();
    m_result = std::move(result);
    endResetModel();
}

const ClassCurve* ClassTableModel::classAt(int row) const
{
    if (!m_result || row < 0 || row >= rowCount())
        return nullptr;
    return &m_result->sweep.classes[static_cast<std::size_t>(row)];
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
    if (role == ClassIndexRole)
        return index.row();
    return cell(*c, index.column(), role);
}

QVariant ClassTableModel::cell(const ClassCurve& c, int column, int role) const
{
    if (role == Qt::TextAlignmentRole)
        return column == Name ? QVariant(Qt::AlignLeft | Qt::AlignVCenter)
                              : QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole && role != SortRole)
        return {};
    const bool sort = role == SortRole;
    const std::optional<Metrics>& own = c.curve.optimum;
    switch (column) {
    case Name:
        return QString::fromStdString(c.name);
    case GroundTruth:
        return sort ? QVariant(static_cast<qlonglong>(c.groundTruth)) : QVariant(formatCount(c.groundTruth));
    case Predictions:
        return sort ? QVariant(static_cast<qlonglong>(c.predictions)) : QVariant(formatCount(c.predictions));
    case Threshold:
        if (!own)
            return sort ? QVariant(-1.0) : QVariant(QStringLiteral("—"));
        return sort ? QVariant(own->threshold) : QVariant(formatThreshold(own->threshold));
    case F1AtOwn:
        if (!own)
            return sort ? QVariant(-1.0) : QVariant(QStringLiteral("—"));
        return sort ? QVariant(own->f1Defined ? own->f1 : -1.0) : QVariant(formatF1(*own));
    case F1AtGlobal:
        if (!c.atGlobalOptimum)
            return sort ? QVariant(-1.0) : QVariant(QStringLiteral("—"));
        return sort ? QVariant(c.atGlobalOptimum->f1Defined ? c.atGlobalOptimum->f1 : -1.0)
                    : QVariant(formatF1(*c.atGlobalOptimum));
    case Ap50: {
        const auto& ap = m_result->ap.perLabelAp50;
        const std::optional<double> v = c.label < ap.size() ? ap[c.label] : std::nullopt;
        return sort ? QVariant(v.value_or(-1.0)) : QVariant(formatRatio(v));
    }
    default:
        return {};
    }
}

QVariant ClassTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case GroundTruth:
            return tr("Ground-truth objects that count for recall");
        case Predictions:
            return tr("Scored predictions counted as TP or FP");
        case Threshold:
            return tr("This class's own F1-optimal threshold (exact)");
        case F1AtOwn:
            return tr("F1 of this class at its own optimal threshold");
        case F1AtGlobal:
            return tr(
                "F1 of this class at the global optimal threshold: what deploying one threshold gives it");
        default:
            return {};
        }
    }
    if (role != Qt::DisplayRole)
        return {};
    static const char* const names[] = {QT_TR_NOOP("Class"),       QT_TR_NOOP("GT"),
                                        QT_TR_NOOP("Predictions"), QT_TR_NOOP("Own threshold"),
                                        QT_TR_NOOP("F1 at own"),   QT_TR_NOOP("F1 at global"),
                                        QT_TR_NOOP("AP@0.5")};
    return tr(names[section]);
}

} // namespace optconf
