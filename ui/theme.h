// SPDX-License-Identifier: MIT
#pragma once

#include <QColor>
#include <QPalette>
#include <QString>

/// The one place the panels take their colours from. Every colour follows the palette: a muted
/// caption is the palette's text blended towards its window, and the error and warning tones have
/// a light and a dark variant, so that text stays readable under a dark theme as under a light one.
namespace optconf::theme {

enum class Tone
{
    Muted,   ///< captions, notes
    Error,   ///< a problem that stops the user
    Warning, ///< something to know (synthetic data, a stale result)
};

/// True when the palette's window is darker than its text.
bool isDark(const QPalette& palette);

/// Text in `tone` on the palette's window.
QColor textColor(Tone tone, const QPalette& palette);
/// The same as a style sheet for a label: "color: #rrggbb;".
QString textStyle(Tone tone, const QPalette& palette);

/// A framed box of text in `tone` (the error banner, the stale-result note).
struct BoxColors
{
    QColor background;
    QColor border;
    QColor text;
};
BoxColors boxColors(Tone tone, const QPalette& palette);

/// WCAG 2 contrast ratio of two colours, from 1 (the same) to 21 (black on white).
double contrastRatio(const QColor& a, const QColor& b);

} // namespace optconf::theme
