// SPDX-License-Identifier: MIT
#include "ui/theme.h"

#include <algorithm>
#include <cmath>

namespace optconf::theme {

namespace {

double relativeLuminance(const QColor& c)
{
    auto channel = [](double v) { return v <= 0.03928 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4); };
    const QColor rgb = c.toRgb();
    return 0.2126 * channel(rgb.redF()) + 0.7152 * channel(rgb.greenF()) + 0.0722 * channel(rgb.blueF());
}

QColor blend(const QColor& a, const QColor& b, double towardsB)
{
    const QColor x = a.toRgb(), y = b.toRgb();
    auto mix = [towardsB](int p, int q) { return static_cast<int>(std::lround(p + (q - p) * towardsB)); };
    return QColor(mix(x.red(), y.red()), mix(x.green(), y.green()), mix(x.blue(), y.blue()));
}

} // namespace

bool isDark(const QPalette& palette)
{
    return relativeLuminance(palette.color(QPalette::Window)) <
           relativeLuminance(palette.color(QPalette::WindowText));
}

QColor textColor(Tone tone, const QPalette& palette)
{
    const bool dark = isDark(palette);
    switch (tone) {
    case Tone::Muted:
        // A third of the way from the text to the window: quieter, still well readable.
        return blend(palette.color(QPalette::WindowText), palette.color(QPalette::Window), 0.33);
    case Tone::Error:
        return dark ? QColor(0xf2, 0xb8, 0xb5) : QColor(0xb3, 0x26, 0x1e);
    case Tone::Warning:
        return dark ? QColor(0xff, 0xcc, 0x80) : QColor(0x8a, 0x53, 0x00);
    }
    return palette.color(QPalette::WindowText);
}

QString textStyle(Tone tone, const QPalette& palette)
{
    return QStringLiteral("color: %1;").arg(textColor(tone, palette).name());
}

BoxColors boxColors(Tone tone, const QPalette& palette)
{
    const bool dark = isDark(palette);
    switch (tone) {
    case Tone::Error:
        return dark ? BoxColors{QColor(0x4a, 0x1c, 0x1a), QColor(0x8c, 0x3b, 0x36), QColor(0xf9, 0xde, 0xdc)}
                    : BoxColors{QColor(0xfd, 0xec, 0xea), QColor(0xf1, 0xb0, 0xaa), QColor(0x8c, 0x1d, 0x18)};
    case Tone::Warning:
        return dark ? BoxColors{QColor(0x3d, 0x2e, 0x12), QColor(0x8a, 0x64, 0x20), QColor(0xff, 0xe0, 0xb2)}
                    : BoxColors{QColor(0xff, 0xf4, 0xe5), QColor(0xf0, 0xb2, 0x64), QColor(0x66, 0x3c, 0x00)};
    case Tone::Muted:
        break;
    }
    return {palette.color(QPalette::Window), textColor(Tone::Muted, palette),
            palette.color(QPalette::WindowText)};
}

double contrastRatio(const QColor& a, const QColor& b)
{
    const double la = relativeLuminance(a), lb = relativeLuminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

} // namespace optconf::theme
