// SPDX-License-Identifier: MIT
#include "app/cli_deployment.h"

#include <cmath>

namespace optconf::cli {

namespace {

QCommandLineOption option(const char* name, const char* help, const char* value = nullptr)
{
    return value ? QCommandLineOption(QString::fromLatin1(name), QString::fromLatin1(help),
                                      QString::fromLatin1(value))
                 : QCommandLineOption(QString::fromLatin1(name), QString::fromLatin1(help));
}

} // namespace

void addDeploymentOptions(QCommandLineParser& parser)
{
    parser.addOption(
        option("thresholds-rule",
               "Rule of the per-class thresholds file: global, independent (each class its own "
               "optimum; the default) or joint (the thresholds that together maximise the overall "
               "objective). Also reports all three rules' deployed figures.",
               "RULE"));
    parser.addOption(
        option("apply-thresholds", "Report what deploying this thresholds file gives on the data.", "FILE"));
    parser.addOption(
        option("folds", "Cross-validate the rules over images with K folds (default 5; 0: none).", "K"));
    parser.addOption(
        option("bootstrap",
               "Bootstrap over images with B replicates: the optimum of one model (e.g. 1000), or the "
               "paired comparison of several --pred (default 1000).",
               "B"));
    parser.addOption(
        option("seed", "Seed of the folds and the bootstrap (default 0; comparing models: default 1).", "S"));
    parser.addOption(
        option("min-class-gt",
               "Guard rail: ground-truth objects a class needs for its own threshold (default 10).", "N"));
    parser.addOption(
        option("min-class-tp",
               "Guard rail: true positives a class's own threshold must keep (default 1; 0 lets the "
               "joint rule suppress a class).",
               "N"));
    parser.addOption(option("class-floor", "Guard rail: no class threshold below this.", "T"));
    parser.addOption(option("class-ceiling", "Guard rail: no class threshold above this.", "T"));
    parser.addOption(option("suppress-unmatched-classes",
                            "Guard rail: a class with predictions and no ground truth keeps nothing."));
    parser.addOption(option("plateau-tolerance",
                            "Objective tolerance of the plateau around the optimum (default 0.005).", "X"));
}

bool parseDeploymentOptions(const QCommandLineParser& parser, DeploymentArguments& out, QString& error)
{
    const char* names[] = {
        "thresholds-rule",  "apply-thresholds", "folds",       "bootstrap",     "seed",
        "min-class-gt",     "min-class-tp",     "class-floor", "class-ceiling", "suppress-unmatched-classes",
        "plateau-tolerance"};
    for (const char* n : names)
        out.requested = out.requested || parser.isSet(QString::fromLatin1(n));
    auto whole = [&](const char* name, long long min, long long max, auto& target) {
        const QString n = QString::fromLatin1(name);
        if (!parser.isSet(n) || !error.isEmpty())
            return;
        bool ok = false;
        const long long v = parser.value(n).toLongLong(&ok);
        if (!ok || v < min || v > max) {
            error = QStringLiteral("--%1 expects a whole number from %2 to %3, not '%4'")
                        .arg(n)
                        .arg(min)
                        .arg(max)
                        .arg(parser.value(n));
            return;
        }
        target = static_cast<std::remove_reference_t<decltype(target)>>(v);
    };
    auto number = [&](const char* name, std::optional<double>& target) {
        const QString n = QString::fromLatin1(name);
        if (!parser.isSet(n) || !error.isEmpty())
            return;
        bool ok = false;
        const double v = parser.value(n).toDouble(&ok);
        if (!ok || !std::isfinite(v)) {
            error = QStringLiteral("--%1 expects a number, not '%2'").arg(n, parser.value(n));
            return;
        }
        target = v;
    };
    if (parser.isSet(QStringLiteral("thresholds-rule"))) {
        const QString text = parser.value(QStringLiteral("thresholds-rule")).toLower();
        const auto rule = parseRule(text.toStdString());
        if (!rule) {
            error = QStringLiteral("--thresholds-rule expects global, independent or joint, not '%1'")
                        .arg(parser.value(QStringLiteral("thresholds-rule")));
            return false;
        }
        out.choice.rule = *rule;
    }
    GuardRails& rails = out.choice.rails;
    whole("min-class-gt", 0, 1'000'000'000, rails.minGroundTruth);
    whole("min-class-tp", 0, 1'000'000'000, rails.minTruePositives);
    number("class-floor", rails.floor);
    number("class-ceiling", rails.ceiling);
    rails.suppressWithoutGroundTruth = parser.isSet(QStringLiteral("suppress-unmatched-classes"));
    if (error.isEmpty() && rails.floor && rails.ceiling && *rails.floor > *rails.ceiling)
        error = QStringLiteral("--class-floor must not exceed --class-ceiling");
    whole("folds", 0, 1000, out.request.folds);
    if (error.isEmpty() && out.request.folds == 1)
        error = QStringLiteral("--folds expects 0 (none) or at least 2");
    whole("bootstrap", 0, 1'000'000, out.request.replicates);
    whole("seed", 0, INT64_MAX, out.request.seed);
    std::optional<double> tolerance;
    number("plateau-tolerance", tolerance);
    if (tolerance) {
        if (*tolerance < 0 && error.isEmpty())
            error = QStringLiteral("--plateau-tolerance expects a number >= 0");
        out.request.plateauTolerance = *tolerance;
    }
    out.request.rails = rails;
    if (parser.isSet(QStringLiteral("apply-thresholds")))
        out.applyThresholds = parser.value(QStringLiteral("apply-thresholds"));
    return error.isEmpty();
}

} // namespace optconf::cli
