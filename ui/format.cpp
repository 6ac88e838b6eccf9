// SPDX-License-Identifier: MIT
#include "ui/format.h"

#include <QLocale>

#include <cmath>

namespace optconf {

QString formatRatio(const std::optional<double>& value, int decimals)
{
    return value ? QString::number(*value, 'f', decimals) : QStringLiteral("—");
}

QString formatThreshold(double value)
{
    return QString::number(value, 'f', 4);
}

QString formatCount(std::int64_t value)
{
    return QLocale(QLocale::English).toString(static_cast<qlonglong>(value));
}

QString formatDuration(double seconds)
{
    if (seconds < 0)
        return QStringLiteral("…");
    if (seconds < 1)
        return QString::number(std::lround(seconds * 1000)) + QStringLiteral(" ms");
    if (seconds < 10)
        return QString::number(seconds, 'f', 1) + QStringLiteral(" s");
    const auto total = static_cast<long long>(std::lround(seconds));
    if (total < 60)
        return QString::number(total) + QStringLiteral(" s");
    return QStringLiteral("%1 min %2 s").arg(total / 60).arg(total % 60, 2, 10, QLatin1Char('0'));
}

QString formatF1(const Metrics& m, int decimals)
{
    return m.f1Defined ? QString::number(m.f1, 'f', decimals) : QStringLiteral("—");
}

} // namespace optconf
