// SPDX-License-Identifier: MIT
#include "render/deployment_section.h"

namespace optconf {

namespace {

QString fixed(double v, int digits = 4)
{
    return QString::number(v, 'f', digits);
}

QString cell(const QString& text, bool numeric = true)
{
    return numeric ? QStringLiteral("<td class=\"num\" align=\"right\">%1</td>").arg(text)
                   : QStringLiteral("<td align=\"left\">%1</td>").arg(text);
}

QString head(const QString& text, bool numeric = true)
{
    return numeric ? QStringLiteral("<th class=\"num\" align=\"right\">%1</th>").arg(text)
                   : QStringLiteral("<th align=\"left\">%1</th>").arg(text);
}

QString ruleTitle(ThresholdRule r)
{
    switch (r) {
    case ThresholdRule::Global:
        return QStringLiteral("Global (one threshold)");
    case ThresholdRule::Independent:
        return QStringLiteral("Independent (each class its own optimum)");
    case ThresholdRule::Joint:
        return QStringLiteral("Joint (optimal together)");
    }
    return {};
}

} // namespace

QString deploymentSectionHtml(const DeploymentReport& d, bool qtText)
{
    QString h = qtText
                    ? QStringLiteral("<section>\n<h2 style=\"page-break-before: always;\">Deployment</h2>\n")
                    : QStringLiteral("<section class=\"break\">\n<h2>Deployment</h2>\n");
    h += QStringLiteral("<p>What deploying per-class thresholds gives overall, when each class keeps its "
                        "predictions at its own threshold (exact, on this data), and the F1 the same rule "
                        "reaches on images it did not see (cross-validated).</p>\n");
    h += qtText
             ? QStringLiteral("<table class=\"deployment\" border=\"1\" cellspacing=\"0\" cellpadding=\"3\" "
                              "width=\"100%\" style=\"border-collapse: collapse; border-color: #b8c2cc;\">")
             : QStringLiteral("<table class=\"deployment\">");
    h += QStringLiteral("<thead><tr>") + head(QStringLiteral("rule"), false) + head(QStringLiteral("F1")) +
         head(QStringLiteral("precision")) + head(QStringLiteral("recall")) + head(QStringLiteral("TP")) +
         head(QStringLiteral("FP")) + head(QStringLiteral("FN")) + head(QStringLiteral("held-out F1")) +
         QStringLiteral("</tr></thead>\n<tbody>\n");
    for (const RuleResult& r : d.rules) {
        const Metrics& m = r.deployed;
        QString heldOut = QStringLiteral("\u2013");
        if (d.crossValidation)
            for (const RuleEstimate& e : d.crossValidation->rules)
                if (e.rule == r.rule && e.heldOut.f1Defined)
                    heldOut = fixed(e.heldOut.f1);
        h += QStringLiteral("<tr>") + cell(ruleTitle(r.rule), false) +
             cell(m.f1Defined ? fixed(m.f1) : QStringLiteral("\u2013")) +
             cell(m.precision ? fixed(*m.precision) : QStringLiteral("\u2013")) +
             cell(m.recall ? fixed(*m.recall) : QStringLiteral("\u2013")) +
             cell(QString::number(m.counts.tp)) + cell(QString::number(m.counts.fp)) +
             cell(QString::number(m.counts.fn)) + cell(heldOut) + QStringLiteral("</tr>\n");
    }
    if (d.appliedMap && d.applied) {
        const Metrics& m = d.applied->total;
        h += QStringLiteral("<tr>") +
             cell(QStringLiteral("Applied: %1").arg(QString::fromStdString(d.appliedSource).toHtmlEscaped()),
                  false) +
             cell(m.f1Defined ? fixed(m.f1) : QStringLiteral("\u2013")) +
             cell(m.precision ? fixed(*m.precision) : QStringLiteral("\u2013")) +
             cell(m.recall ? fixed(*m.recall) : QStringLiteral("\u2013")) +
             cell(QString::number(m.counts.tp)) + cell(QString::number(m.counts.fp)) +
             cell(QString::number(m.counts.fn)) + cell(QStringLiteral("\u2013")) + QStringLiteral("</tr>\n");
    }
    h += QStringLiteral("</tbody></table>\n");
    QStringList notes;
    if (!d.rulesNote.empty())
        notes << QStringLiteral("Only the global rule: %1.")
                     .arg(QString::fromStdString(d.rulesNote).toHtmlEscaped());
    if (const std::string chosen = objectiveNote(d); !chosen.empty())
        notes << QString::fromStdString(chosen).toHtmlEscaped();
    if (d.crossValidation)
        notes << QStringLiteral("Held-out F1: %1-fold cross-validation over images, seed %2.")
                     .arg(d.crossValidation->folds)
                     .arg(d.crossValidation->seed);
    if (d.plateau)
        notes << QStringLiteral("Plateau: thresholds %1 to %2 are within %3 of the optimum.")
                     .arg(fixed(d.plateau->lo), fixed(d.plateau->hi), fixed(d.plateauTolerance, 3));
    if (d.bootstrap && d.bootstrap->total.threshold)
        notes << QStringLiteral(
                     "Bootstrap over images (%1 replicates, seed %2): the optimal threshold lies in "
                     "%3 to %4 and F1 there in %5 to %6 (%7 %).")
                     .arg(d.bootstrap->replicates)
                     .arg(d.bootstrap->seed)
                     .arg(fixed(d.bootstrap->total.threshold->lo), fixed(d.bootstrap->total.threshold->hi),
                          fixed(d.bootstrap->total.f1->lo), fixed(d.bootstrap->total.f1->hi),
                          fixed(d.bootstrap->level * 100, 0));
    for (const QString& n : notes)
        h += QStringLiteral("<p class=\"note\">%1</p>\n").arg(n);
    h += QStringLiteral("</section>\n");
    return h;
}

} // namespace optconf
