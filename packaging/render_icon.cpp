// SPDX-License-Identifier: MIT
// Build-time tool: renders the application's SVG icon to a square PNG of the requested size, so
// the hicolor PNGs are always made from the one SVG source and never drift from it.
#include <QImage>
#include <QPainter>
#include <QSvgRenderer>

#include <cstdio>

int main(int argc, char** argv)
{
    if (argc != 4) {
        std::fputs("usage: optconf-render-icon ICON.svg SIZE OUT.png\n", stderr);
        return 2;
    }
    // QSvgRenderer paints paths into a QImage without a QGuiApplication (the icon has no text), so
    // the tool needs no display, platform plugin or runtime directory on a headless builder.
    const QString svgPath = QString::fromLocal8Bit(argv[1]);
    bool ok = false;
    const int size = QString::fromLocal8Bit(argv[2]).toInt(&ok);
    const QString outPath = QString::fromLocal8Bit(argv[3]);
    if (!ok || size < 1 || size > 4096) {
        std::fprintf(stderr, "optconf-render-icon: SIZE must be a whole number from 1 to 4096, not '%s'\n",
                     argv[2]);
        return 2;
    }
    QSvgRenderer renderer(svgPath);
    if (!renderer.isValid()) {
        std::fprintf(stderr, "optconf-render-icon: %s is not a valid SVG file\n", argv[1]);
        return 1;
    }
    QImage image(size, size, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::transparent);
    {
        QPainter painter(&image);
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setRenderHint(QPainter::SmoothPixmapTransform);
        renderer.render(&painter, QRectF(0, 0, size, size));
    }
    if (!image.save(outPath, "PNG")) {
        std::fprintf(stderr, "optconf-render-icon: cannot write %s\n", argv[3]);
        return 1;
    }
    return 0;
}
