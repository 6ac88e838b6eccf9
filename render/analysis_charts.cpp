// SPDX-License-Identifier: MIT
#include "render/analysis_charts.h"
#include "render/chart_painter.h"

#include <QFontMetricsF>
#include <QObject>
#include <QPainter>

#include <algorithm>
#include <cmath>

namespace optconf {

void paintScoreHistogram(QPainter& p, const QRectF& area, const ScoreHistogram& h,
                         std::optional<double> threshold, const QFont& font)
{
    p.save();
    p.setFont(font);
    const QFontMetricsF fm(font);
    std::int64_t top = 1;
    for (std::size_t i = 0; i < h.bins(); ++i)
        top = std::max(top, h.truePositives[i] + h.falsePositives[i]);
    const QRectF plot = area.adjusted(fm.horizontalAdvance(QString::number(top)) + 12, fm.height() * 1.6, -10,
                                      -fm.height() * 2.4);
    const QColor tpColor(46, 139, 87), fpColor(205, 70, 60);
    auto x = [&](double score) {
        return plot.left() + (score - h.lower) / (h.upper - h.lower) * plot.width();
    };
    auto y = [&](double count) { return plot.bottom() - count / static_cast<double>(top) * plot.height(); };
    for (std::size_t i = 0; i < h.bins(); ++i) {
        const double left = x(h.lower + static_cast<double>(i) * h.binWidth());
        const double right = x(h.lower + static_cast<double>(i + 1) * h.binWidth());
        const auto tp = static_cast<double>(h.truePositives[i]);
        const auto fp = static_cast<double>(h.falsePositives[i]);
        p.fillRect(QRectF(QPointF(left + 1, y(tp)), QPointF(right - 1, plot.bottom())), tpColor);
        p.fillRect(QRectF(QPointF(left + 1, y(tp + fp)), QPointF(right - 1, y(tp))), fpColor);
    }
    p.setPen(QColor(120, 120, 120));
    p.drawLine(plot.bottomLeft(), plot.bottomRight());
    p.drawLine(plot.bottomLeft(), plot.topLeft());
    p.setPen(Qt::black);
    for (int k = 0; k <= 4; ++k) {
        const double score = h.lower + (h.upper - h.lower) * k / 4.0;
        p.drawText(QRectF(x(score) - 30, plot.bottom() + 2, 60, fm.height()), Qt::AlignCenter,
                   QString::number(score, 'g', 3));
    }
    p.drawText(QRectF(area.left(), plot.top() - fm.height() / 2, plot.left() - area.left() - 4, fm.height()),
               Qt::AlignRight | Qt::AlignVCenter, QString::number(top));
    p.drawText(
        QRectF(area.left(), plot.bottom() - fm.height() / 2, plot.left() - area.left() - 4, fm.height()),
        Qt::AlignRight | Qt::AlignVCenter, QStringLiteral("0"));
    p.drawText(QRectF(plot.left(), plot.bottom() + fm.height(), plot.width(), fm.height() * 1.3),
               Qt::AlignCenter, QObject::tr("confidence"));
    // Legend.
    const double lx = plot.left() + 4, ly = area.top() + 2;
    p.fillRect(QRectF(lx, ly + 3, 12, fm.height() - 6), tpColor);
    p.drawText(QPointF(lx + 16, ly + fm.ascent()), QObject::tr("true positives"));
    const double lx2 = lx + 24 + fm.horizontalAdvance(QObject::tr("true positives"));
    p.fillRect(QRectF(lx2, ly + 3, 12, fm.height() - 6), fpColor);
    p.drawText(QPointF(lx2 + 16, ly + fm.ascent()), QObject::tr("false positives"));
    if (threshold && *threshold >= h.lower && *threshold <= h.upper) {
        p.setPen(QPen(QColor(30, 30, 30), 2, Qt::DashLine));
        p.drawLine(QPointF(x(*threshold), plot.top()), QPointF(x(*threshold), plot.bottom()));
        p.drawText(QPointF(x(*threshold) + 4, plot.top() + fm.ascent()),
                   QObject::tr("threshold %1").arg(*threshold, 0, 'f', 3));
    }
    p.restore();
}

void paintErrorBars(QPainter& p, const QRectF& area, const ErrorAnalysis& errors, double threshold,
                    const QFont& font)
{
    p.save();
    p.setFont(font);
    const QFontMetricsF fm(font);
    const ErrorCounts counts = errors.at(threshold);
    const std::vector<ErrorFix> fixes = errors.fixesAt(threshold);
    const QStringList names = {QObject::tr("classification"), QObject::tr("localization"),
                               QObject::tr("both"),           QObject::tr("duplicate"),
                               QObject::tr("background"),     QObject::tr("missed")};
    std::vector<std::int64_t> values;
    for (std::size_t k = 0; k < kErrorTypeCount; ++k)
        values.push_back(counts.falsePositives[k]);
    values.push_back(counts.missed);
    const std::int64_t top = std::max<std::int64_t>(1, *std::max_element(values.begin(), values.end()));
    double labelWidth = 0;
    for (const QString& n : names)
        labelWidth = std::max(labelWidth, fm.horizontalAdvance(n));
    const double valueWidth = fm.horizontalAdvance(QStringLiteral("000000  F1 +0.0000"));
    const QRectF plot = area.adjusted(labelWidth + 12, fm.height() * 1.4, -valueWidth - 8, -4);
    p.setPen(Qt::black);
    p.drawText(
        QRectF(area.left(), area.top(), area.width(), fm.height() * 1.3), Qt::AlignLeft | Qt::AlignVCenter,
        QObject::tr("Errors at threshold %1 (bar: count; F1 gain if fixed)").arg(threshold, 0, 'f', 4));
    const double rowHeight = plot.height() / static_cast<double>(values.size());
    for (std::size_t i = 0; i < values.size(); ++i) {
        const double y = plot.top() + static_cast<double>(i) * rowHeight;
        const double w = static_cast<double>(values[i]) / static_cast<double>(top) * plot.width();
        const QColor color = i == kErrorTypeCount ? QColor(90, 110, 150) : QColor(205, 70, 60);
        p.fillRect(QRectF(plot.left(), y + rowHeight * 0.15, std::max(w, 1.0), rowHeight * 0.7), color);
        p.setPen(Qt::black);
        p.drawText(QRectF(area.left(), y, labelWidth + 6, rowHeight), Qt::AlignRight | Qt::AlignVCenter,
                   names[static_cast<int>(i)]);
        p.drawText(QRectF(plot.left() + w + 6, y, valueWidth + plot.width() - w, rowHeight),
                   Qt::AlignLeft | Qt::AlignVCenter,
                   QStringLiteral("%1  F1 %2%3")
                       .arg(values[i])
                       .arg(fixes[i].f1Gain >= 0 ? QStringLiteral("+") : QString())
                       .arg(fixes[i].f1Gain, 0, 'f', 4));
    }
    p.restore();
}

void paintConfusionMatrix(QPainter& p, const QRectF& area, const ConfusionMatrix& m, double threshold,
                          const QFont& font)
{
    p.save();
    const int n = static_cast<int>(m.size());
    const std::vector<std::int64_t> counts = m.counts(threshold);
    QFont small = font;
    QFontMetricsF fm(small);
    double labelWidth = fm.horizontalAdvance(QStringLiteral("(none)"));
    for (const std::string& name : m.names())
        labelWidth = std::max(labelWidth, fm.horizontalAdvance(QString::fromStdString(name)));
    labelWidth = std::min(labelWidth, area.width() * 0.22) + 6;
    const double cell = std::min((area.width() - labelWidth) / n, (area.height() - labelWidth) / n);
    // Labels as tall as a cell at most, so that they never overlap.
    if (fm.height() > cell) {
        small.setPixelSize(std::max(3, static_cast<int>(small.pixelSize() * cell / fm.height())));
        fm = QFontMetricsF(small);
    }
    p.setFont(small);
    const QPointF origin(area.left() + labelWidth, area.top() + labelWidth);
    std::int64_t top = 1;
    for (std::int64_t k : counts)
        top = std::max(top, k);
    auto label = [&](int i) {
        return i == n - 1 ? QStringLiteral("(none)")
                          : QString::fromStdString(m.names()[static_cast<std::size_t>(i)]);
    };
    const QColor diagonal(46, 139, 87), confused(230, 120, 30), none(90, 110, 150);
    for (int r = 0; r < n; ++r) {
        for (int c = 0; c < n; ++c) {
            const std::int64_t k = counts[static_cast<std::size_t>(r * n + c)];
            const QRectF rect(origin.x() + c * cell, origin.y() + r * cell, cell, cell);
            const QColor& base = (r == n - 1 || c == n - 1) ? none : (r == c ? diagonal : confused);
            QColor fill = Qt::white;
            if (k > 0) {
                const double f = 0.08 + 0.92 * std::sqrt(static_cast<double>(k) / static_cast<double>(top));
                fill = QColor::fromRgbF(static_cast<float>(1 + (base.redF() - 1) * f),
                                        static_cast<float>(1 + (base.greenF() - 1) * f),
                                        static_cast<float>(1 + (base.blueF() - 1) * f));
            }
            p.fillRect(rect, fill);
            p.setPen(QPen(QColor(220, 220, 220), 0));
            p.drawRect(rect);
            const QString text = QString::number(k);
            if (k > 0 && fm.horizontalAdvance(text) < cell - 2 && fm.height() < cell) {
                p.setPen(Qt::black);
                p.drawText(rect, Qt::AlignCenter, text);
            }
        }
    }
    p.setPen(Qt::black);
    for (int i = 0; i < n; ++i) {
        const QString text = fm.elidedText(label(i), Qt::ElideRight, labelWidth - 6);
        p.drawText(QRectF(area.left(), origin.y() + i * cell, labelWidth - 4, cell),
                   Qt::AlignRight | Qt::AlignVCenter, text);
        p.save();
        p.translate(origin.x() + i * cell + cell / 2, origin.y() - 4);
        p.rotate(-90);
        p.drawText(QRectF(0, -cell / 2, labelWidth - 6, cell), Qt::AlignLeft | Qt::AlignVCenter, text);
        p.restore();
    }
    p.restore();
}

void paintIouCurves(QPainter& p, const QRectF& area, const IouCurves& curves, double lower, double upper,
                    std::optional<double> threshold, const QFont& font)
{
    if (curves.ious().empty() || !(upper > lower))
        return;
    p.save();
    p.setFont(font);
    const QFontMetricsF fm(font);
    const QRectF plot = area.adjusted(fm.horizontalAdvance(QStringLiteral("0.00")) + 12, fm.height() * 1.6,
                                      -10, -fm.height() * 2.4);
    auto x = [&](double t) { return plot.left() + (t - lower) / (upper - lower) * plot.width(); };
    auto y = [&](double f1) { return plot.bottom() - f1 * plot.height(); };
    struct Line
    {
        QString name;
        QColor color;
        std::function<double(double)> f1;
    };
    const std::vector<Line> lines = {{QObject::tr("IoU 0.5"), QColor(46, 100, 170),
                                      [&](double t) { return curves.f1(t, IouCurves::kIou50); }},
                                     {QObject::tr("IoU 0.75"), QColor(205, 110, 30),
                                      [&](double t) { return curves.f1(t, IouCurves::kIou75); }},
                                     {QObject::tr("IoU 0.5:0.95 (mean)"), QColor(60, 140, 80),
                                      [&](double t) { return curves.meanF1(t); }}};
    p.setPen(QColor(120, 120, 120));
    p.drawLine(plot.bottomLeft(), plot.bottomRight());
    p.drawLine(plot.bottomLeft(), plot.topLeft());
    p.setPen(QColor(225, 225, 225));
    for (int k = 1; k <= 4; ++k)
        p.drawLine(QPointF(plot.left(), y(k / 4.0)), QPointF(plot.right(), y(k / 4.0)));
    p.setPen(Qt::black);
    for (int k = 0; k <= 4; ++k) {
        const double t = lower + (upper - lower) * k / 4.0;
        p.drawText(QRectF(x(t) - 30, plot.bottom() + 2, 60, fm.height()), Qt::AlignCenter,
                   QString::number(t, 'g', 3));
        p.drawText(
            QRectF(area.left(), y(k / 4.0) - fm.height() / 2, plot.left() - area.left() - 4, fm.height()),
            Qt::AlignRight | Qt::AlignVCenter, QString::number(k / 4.0, 'f', 2));
    }
    p.drawText(QRectF(plot.left(), plot.bottom() + fm.height(), plot.width(), fm.height() * 1.3),
               Qt::AlignCenter, QObject::tr("confidence threshold (F1 on the vertical axis)"));
    // F1 is a step function of the threshold; one sample per device pixel column draws it exactly
    // at the resolution of the plot.
    const int samples = std::max(2, static_cast<int>(plot.width()));
    double legendX = plot.left() + 4;
    for (const Line& c : lines) {
        QPolygonF line;
        for (int i = 0; i <= samples; ++i) {
            const double t = lower + (upper - lower) * i / samples;
            line << QPointF(x(t), y(c.f1(t)));
        }
        p.setPen(QPen(c.color, 2));
        p.drawPolyline(line);
        p.fillRect(QRectF(legendX, area.top() + 5, 12, fm.height() - 6), c.color);
        p.setPen(Qt::black);
        p.drawText(QPointF(legendX + 16, area.top() + 2 + fm.ascent()), c.name);
        legendX += 28 + fm.horizontalAdvance(c.name);
    }
    if (threshold && *threshold >= lower && *threshold <= upper) {
        const double tx = x(*threshold);
        p.setPen(QPen(QColor(30, 30, 30), 2, Qt::DashLine));
        p.drawLine(QPointF(tx, plot.top()), QPointF(tx, plot.bottom()));
        // The three values beside the line, on the side with more room.
        const bool right = tx < plot.center().x();
        for (std::size_t i = 0; i < lines.size(); ++i) {
            const QString text = QStringLiteral("%1").arg(lines[i].f1(*threshold), 0, 'f', 3);
            const double w = fm.horizontalAdvance(text) + 6;
            const double h = fm.height() + 2;
            const QRectF box(right ? tx + 6 : tx - 6 - w, plot.top() + 2 + h * static_cast<double>(i), w, h);
            p.fillRect(box, QColor(255, 255, 255, 230));
            p.setPen(lines[i].color);
            p.drawText(box, Qt::AlignCenter, text);
        }
    }
    p.restore();
}

std::vector<AnalysisFigure> analysisFigures(const ThresholdAnalysis& analysis, double threshold, double width)
{
    // Laid out in chart units (kChartWidth wide) and scaled by beginChart(), fonts in pixels, as the
    // other charts of the reports.
    std::vector<AnalysisFigure> out;
    auto figure = [&](const QString& title, double height, auto paint) {
        out.push_back({title, QSizeF(width, width * height / kChartWidth),
                       [paint, height](QPainter& p, const QRectF& r) {
                           beginChart(p, r, height);
                           paint(p, QRectF(8, 8, kChartWidth - 16, height - 16));
                           p.restore();
                       }});
    };
    figure(QObject::tr("Confusion matrix"), kChartWidth,
           [&analysis, threshold](QPainter& p, const QRectF& r) {
               paintConfusionMatrix(p, r, analysis.confusion, threshold, chartFont(13));
           });
    figure(QObject::tr("Error types"), 260, [&analysis, threshold](QPainter& p, const QRectF& r) {
        paintErrorBars(p, r, analysis.errors, threshold, chartFont(14));
    });
    figure(QObject::tr("Scores of true and false positives"), 340,
           [&analysis, threshold](QPainter& p, const QRectF& r) {
               paintScoreHistogram(p, r, analysis.histogram, threshold, chartFont(13));
           });
    figure(QObject::tr("F1 against the threshold at three IoU thresholds"), 340,
           [&analysis, threshold](QPainter& p, const QRectF& r) {
               paintIouCurves(p, r, analysis.iouCurves, analysis.histogram.lower, analysis.histogram.upper,
                              threshold, chartFont(13));
           });
    return out;
}

namespace {
QString countsCells(const Counts& c)
{
    const auto tp = static_cast<double>(c.tp);
    const double precision = c.tp + c.fp > 0 ? tp / static_cast<double>(c.tp + c.fp) : 0.0;
    const double recall = c.tp + c.fn > 0 ? tp / static_cast<double>(c.tp + c.fn) : 0.0;
    return QStringLiteral("<td align=\"right\">%1</td><td align=\"right\">%2</td><td align=\"right\">%3</td>"
                          "<td align=\"right\">%4</td><td align=\"right\">%5</td><td align=\"right\">%6</td>")
        .arg(c.tp)
        .arg(c.fp)
        .arg(c.fn)
        .arg(precision, 0, 'f', 4)
        .arg(recall, 0, 'f', 4)
        .arg(f1At(c), 0, 'f', 4);
}

/// The counts per COCO object size and F1 at IoU 0.5, 0.75 and 0.5:0.95, at the threshold.
QString sizeAndIouHtml(const ThresholdAnalysis& analysis, double threshold, const QString& table)
{
    const QString header =
        QStringLiteral("<th align=\"right\">TP</th><th align=\"right\">FP</th><th align=\"right\">FN</th>"
                       "<th align=\"right\">precision</th><th align=\"right\">recall</th><th "
                       "align=\"right\">F1</th></tr>\n");
    QString h = QStringLiteral(
        "<h3>Objects by size</h3>\n<p>COCO's sizes by area (small up to 32\u00b2 pixels, medium 32\u00b2 to "
        "96\u00b2, large above), evaluated as pycocotools evaluates an area range: objects of other sizes "
        "and unmatched boxes of other sizes count for nothing.</p>\n");
    h += table + QStringLiteral("<tr><th align=\"left\">size</th>") + header;
    for (std::size_t k = 0; k < kObjectSizeCount; ++k) {
        const auto size = static_cast<ObjectSize>(k);
        h += QStringLiteral("<tr><td align=\"left\">%1</td>")
                 .arg(QString::fromUtf8(objectSizeKey(size).data())) +
             countsCells(analysis.sizes.at(threshold, size)) + QStringLiteral("</tr>\n");
    }
    h += QStringLiteral("</table>\n");
    const IouCurves& curves = analysis.iouCurves;
    if (curves.ious().empty())
        return h;
    h +=
        QStringLiteral("<h3>F1 at stricter IoU</h3>\n<p>The same threshold with matches required at IoU 0.5, "
                       "0.75, and 0.5:0.95 (the mean F1 of the ten IoU thresholds 0.50, 0.55, \u2026, 0.95, "
                       "each matched on its own).</p>\n");
    h += table + QStringLiteral("<tr><th align=\"left\">IoU</th>") + header;
    for (const auto& [name, k] : {std::pair{QStringLiteral("0.5"), IouCurves::kIou50},
                                  std::pair{QStringLiteral("0.75"), IouCurves::kIou75}})
        h += QStringLiteral("<tr><td align=\"left\">%1</td>").arg(name) +
             countsCells(curves.at(threshold, k)) + QStringLiteral("</tr>\n");
    h += QStringLiteral("<tr><td align=\"left\">0.5:0.95</td><td></td><td></td><td></td><td></td><td></td>"
                        "<td align=\"right\">%1</td></tr>\n</table>\n")
             .arg(curves.meanF1(threshold), 0, 'f', 4);
    return h;
}
} // namespace

QString analysisSectionHtml(const ThresholdAnalysis& analysis, double threshold, bool qtText,
                            const std::function<QString(std::size_t)>& figureBlock)
{
    const QString table = qtText
                              ? QStringLiteral("<table border=\"1\" cellspacing=\"0\" cellpadding=\"3\" "
                                               "style=\"border-collapse: collapse; border-color: #b8c2cc;\">")
                              : QStringLiteral("<table>");
    const ConfusionMatrix& m = analysis.confusion;
    const ErrorCounts counts = analysis.errors.at(threshold);
    const std::vector<ErrorFix> fixes = analysis.errors.fixesAt(threshold);
    QString h;
    h += QStringLiteral("<p>At threshold %1. Every false positive has one of TIDE's types (classification: "
                        "on an object of another class; localization: right class, 0.1 \u2264 IoU below the "
                        "match threshold; both: wrong class and such an IoU; duplicate: on an object a "
                        "higher-scoring box took; background: IoU below 0.1 with every object); missed "
                        "objects are those no kept box finds or is aimed at. \u201cF1 if fixed\u201d removes "
                        "that kind of error (a classification or localization error becomes a true positive "
                        "when its object was not found).</p>\n")
             .arg(threshold, 0, 'f', 4);
    h += table + QStringLiteral("<tr><th align=\"left\">error</th><th align=\"right\">count</th>"
                                "<th align=\"right\">F1 if fixed</th><th align=\"right\">gain</th></tr>\n");
    for (std::size_t k = 0; k <= kErrorTypeCount; ++k) {
        const QString name = k < kErrorTypeCount
                                 ? QString::fromUtf8(errorTypeKey(static_cast<ErrorType>(k)).data())
                                 : QStringLiteral("missed");
        const std::int64_t n = k < kErrorTypeCount ? counts.falsePositives[k] : counts.missed;
        h += QStringLiteral(
                 "<tr><td align=\"left\">%1</td><td align=\"right\">%2</td><td align=\"right\">%3</td>"
                 "<td align=\"right\">%4%5</td></tr>\n")
                 .arg(name)
                 .arg(n)
                 .arg(f1At(fixes[k].counts), 0, 'f', 4)
                 .arg(fixes[k].f1Gain >= 0 ? QStringLiteral("+") : QString())
                 .arg(fixes[k].f1Gain, 0, 'f', 4);
    }
    h += QStringLiteral("</table>\n");
    h += figureBlock(1);
    h += figureBlock(2);
    h += sizeAndIouHtml(analysis, threshold, table);
    h += figureBlock(3);
    h += QStringLiteral("<h3>Confusion matrix</h3>\n<p>Class-agnostic matching at the run's IoU: rows are "
                        "ground truth, columns predictions; \u201c(none)\u201d is a false positive on "
                        "background (row) or a missed object (column). Most confused pairs:</p>\n");
    const auto pairs = m.mostConfused(threshold, 10);
    if (pairs.empty()) {
        h += QStringLiteral("<p>None: no kept box lands on an object of another class.</p>\n");
    } else {
        h += table +
             QStringLiteral("<tr><th align=\"left\">ground truth</th><th align=\"left\">predicted as</th>"
                            "<th align=\"right\">count</th></tr>\n");
        for (const ConfusedPair& p : pairs)
            h += QStringLiteral(
                     "<tr><td align=\"left\">%1</td><td align=\"left\">%2</td><td align=\"right\">%3</td>"
                     "</tr>\n")
                     .arg(QString::fromStdString(m.names()[p.row]).toHtmlEscaped(),
                          QString::fromStdString(m.names()[p.column]).toHtmlEscaped())
                     .arg(p.count);
        h += QStringLiteral("</table>\n");
    }
    h += figureBlock(0);
    return h;
}

} // namespace optconf
