// SPDX-License-Identifier: MIT
#include "ui/window/window_geometry.h"

#include <QEvent>
#include <QGuiApplication>
#include <QScreen>
#include <QTimer>
#include <QWidget>

#include <algorithm>

namespace optconf {

namespace {

void fitNow(QWidget& window)
{
    if (window.isMaximized() || window.isFullScreen())
        return; // the window system sizes these
    const QScreen* screen = QGuiApplication::screenAt(window.geometry().center());
    if (!screen)
        screen = window.screen() ? window.screen() : QGuiApplication::primaryScreen();
    if (!screen)
        return;
    const QRect available = screen->availableGeometry();
    // The frame is known once the window was shown; before, only its contents are.
    const QRect frame = window.frameGeometry();
    const QSize extra(frame.width() - window.width(), frame.height() - window.height());
    const QSize fits = (available.size() - extra).expandedTo(window.minimumSize());
    const QSize size = window.size().boundedTo(fits);
    if (size != window.size())
        window.resize(size);
    const QSize outer = size + extra;
    const int x = std::clamp(frame.x(), available.left(),
                             std::max(available.left(), available.right() + 1 - outer.width()));
    const int y = std::clamp(frame.y(), available.top(),
                             std::max(available.top(), available.bottom() + 1 - outer.height()));
    if (QPoint(x, y) != frame.topLeft())
        window.move(x, y);
}

/// Fits the window again once it is shown (only then is its frame known), unless it was resized
/// in between: a size chosen on purpose (optconf --size for screenshots) is kept.
class FitWhenShown final : public QObject
{
public:
    explicit FitWhenShown(QWidget* window)
        : QObject(window)
        , m_window(window)
        , m_size(window->size())
    {
        window->installEventFilter(this);
    }

protected:
    bool eventFilter(QObject* watched, QEvent* event) override
    {
        if (watched == m_window && event->type() == QEvent::Show) {
            m_window->removeEventFilter(this);
            if (m_window->size() == m_size)
                QTimer::singleShot(0, m_window, [window = m_window] { fitNow(*window); });
            deleteLater();
        }
        return false;
    }

private:
    QWidget* m_window;
    QSize m_size;
};

} // namespace

void fitToScreen(QWidget& window)
{
    fitNow(window);
    if (!window.isVisible())
        new FitWhenShown(&window);
}

} // namespace optconf
