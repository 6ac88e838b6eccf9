// SPDX-License-Identifier: MIT
// Colours follow the palette (ui/theme.h): under a light and under a dark palette, every text
// colour a panel sets (style sheets and rich-text spans) reads against the background it is drawn
// on, with at least WCAG AA's contrast for normal text, and the dark theme gets other colours than
// the light one.
#include "gui_test_main.h"

#include "ui/theme.h"
#include "ui/window/main_window.h"
#include "ui/window/start_page.h"

#include <QLabel>
#include <QPushButton>
#include <QRegularExpression>
#include <QSignalSpy>

using namespace optconf;

namespace {

constexpr double kMinContrast = 4.5; // WCAG 2 AA, normal text

QPalette darkPalette()
{
    QPalette p;
    const QColor window(0x2b, 0x2b, 0x2b), base(0x1e, 0x1e, 0x1e), text(0xe8, 0xe8, 0xe8);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, window);
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, window);
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::ToolTipBase, base);
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::Highlight, QColor(0x3d, 0x7a, 0xd6));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Mid, QColor(0x3a, 0x3a, 0x3a));
    p.setColor(QPalette::Dark, QColor(0x20, 0x20, 0x20));
    return p;
}

QPalette lightPalette()
{
    QPalette p;
    p.setColor(QPalette::Window, QColor(0xef, 0xef, 0xef));
    p.setColor(QPalette::WindowText, Qt::black);
    p.setColor(QPalette::Base, Qt::white);
    p.setColor(QPalette::Text, Qt::black);
    return p;
}

/// Every text colour a widget sets in its style sheet or its rich text, against what it is drawn on.
struct TextColour
{
    QString where;
    QColor text;
    QColor background;
};

std::vector<TextColour> textColours(QWidget& root, const QColor& window)
{
    static const QRegularExpression colour(QStringLiteral("(?<![-\\w])color:\\s*(#[0-9a-fA-F]{6})"));
    static const QRegularExpression background(QStringLiteral("background:\\s*(#[0-9a-fA-F]{6})"));
    std::vector<TextColour> out;
    auto scan = [&](const QString& where, const QString& text, const QColor& behind) {
        auto it = colour.globalMatch(text);
        while (it.hasNext())
            out.push_back({where, QColor(it.next().captured(1)), behind});
    };
    for (QWidget* w : root.findChildren<QWidget*>()) {
        const QString sheet = w->styleSheet();
        const QRegularExpressionMatch bg = background.match(sheet);
        const QColor behind = bg.hasMatch() ? QColor(bg.captured(1)) : window;
        const QString name =
            w->objectName().isEmpty() ? QString::fromLatin1(w->metaObject()->className()) : w->objectName();
        scan(name + QStringLiteral(" (style sheet)"), sheet, behind);
        if (auto* label = qobject_cast<QLabel*>(w))
            scan(name + QStringLiteral(" (text)"), label->text(), behind);
    }
    return out;
}

} // namespace

class TestTheme : public QObject
{
    Q_OBJECT

private slots:
    void contrastRatio()
    {
        // WCAG's definition: (L1 + 0.05) / (L2 + 0.05); black on white is 21, a colour on itself 1.
        QCOMPARE(theme::contrastRatio(Qt::black, Qt::white), 21.0);
        QCOMPARE(theme::contrastRatio(Qt::white, Qt::black), 21.0);
        QCOMPARE(theme::contrastRatio(QColor(0x80, 0x40, 0x20), QColor(0x80, 0x40, 0x20)), 1.0);
        // #777777 has relative luminance 0.1845: 1.05 / 0.2345 on white.
        QVERIFY(qAbs(theme::contrastRatio(QColor(0x77, 0x77, 0x77), Qt::white) - 4.478) < 0.001);
        QVERIFY(theme::isDark(darkPalette()));
        QVERIFY(!theme::isDark(lightPalette()));
    }

    void panelsReadable_data()
    {
        QTest::addColumn<bool>("dark");
        QTest::newRow("light") << false;
        QTest::newRow("dark") << true;
    }

    void panelsReadable()
    {
        QFETCH(bool, dark);
        const QPalette palette = dark ? darkPalette() : lightPalette();
        const QPalette before = QApplication::palette();
        QApplication::setPalette(palette);
        {
            MainWindow w;
            w.show();
            QVERIFY(QTest::qWaitForWindowExposed(&w));
            // Open the synthetic example as a user does, so that the "synthetic data" note shows.
            auto* start = w.findChild<StartPage*>();
            QVERIFY(start);
            QSignalSpy loaded(&w, &MainWindow::datasetChanged);
            QTest::mouseClick(start->exampleButton(), Qt::LeftButton);
            QVERIFY(loaded.wait(20000));

            const std::vector<TextColour> colours = textColours(w, palette.color(QPalette::Window));
            // Captions, notes, problems, the banner, the stale note and the synthetic-data line.
            QVERIFY2(colours.size() >= 8, qPrintable(QString::number(colours.size())));
            bool synthetic = false;
            for (const TextColour& c : colours) {
                const double ratio = theme::contrastRatio(c.text, c.background);
                QVERIFY2(ratio >= kMinContrast,
                         qPrintable(QStringLiteral("%1: %2 on %3, contrast %4")
                                        .arg(c.where, c.text.name(), c.background.name())
                                        .arg(ratio, 0, 'f', 2)));
                synthetic = synthetic || c.where == QLatin1String("datasetSummary (text)");
            }
            QVERIFY(synthetic);
            // The theme's colours are not the light ones re-used.
            const QColor error = theme::textColor(theme::Tone::Error, palette);
            QCOMPARE(error == theme::textColor(theme::Tone::Error, lightPalette()), !dark);
        }
        QApplication::setPalette(before);
    }
};

OPTCONF_UI_TEST_MAIN(TestTheme)
#include "tst_ui_theme.moc"
