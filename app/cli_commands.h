// SPDX-License-Identifier: MIT
#pragma once

#include "app/cli_deployment.h"
#include "app/cli_renderer.h"
#include "core/eval/evaluation.h"

#include <QDateTime>
#include <QString>
#include <QStringList>

#include <cstdint>

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace optconf::cli {

/// Exit codes of optconf-cli.
enum ExitCode
{
    Success = 0,
    InternalError = 1,
    BadInput = 2,
    /// Not enough memory for the data ("out of memory while <stage>" on stderr): like bad input,
    /// something the user can act on (less data at a time, more memory, a higher limit).
    OutOfMemory = 2
};

/// `optconf-cli fields INPUT...`
int fields(const QStringList& arguments);
/// What `optconf-cli sweep` was asked for, parsed without reading or writing any file.
struct SweepArguments
{
    EvaluationRequest request; ///< the fields are chosen after loading (from gtField/predField)
    QString gtField, predField;
    std::vector<std::filesystem::path> inputs;
    /// Empty when not asked for; "-" is standard output (for one of them at most).
    std::optional<QString> jsonTarget, csvTarget, thresholdsTarget;
    std::optional<QString> classesCsvTarget;   ///< the per-class CSV
    std::optional<QString> confusionCsvTarget; ///< the confusion matrix at the analysis threshold
    /// Threshold of the confusion matrix and error types (--at); empty: the exact optimum.
    std::optional<double> analysisAt;
    QString title, notes; ///< the reports' model card
    bool curve = false;
    bool example = false;
    /// Reports and exports (render/): paths checked for a known extension while parsing.
    RenderRequest render;
    DeploymentArguments deployment;
    /// Every --pred as given: two or more (or "all") compare the models.
    QStringList predFields;
    int bootstrapReplicates = 1000;  ///< --bootstrap
    std::uint64_t bootstrapSeed = 1; ///< --seed
    double commonThreshold = 0.5;    ///< --common-threshold
};

/// Parses the arguments of `sweep`. Returns the exit code instead when they ask for --help or are
/// wrong (the message is printed). Never exits the process: the CLI fuzz target calls it.
std::variant<SweepArguments, int> parseSweepArguments(const QStringList& arguments);

/// Every file a sweep will write, as (option, path) such as ("--json", "-"), for outputConflict().
std::vector<std::pair<std::string, std::string>> outputTargets(const SweepArguments& args);

/// What the reports of a sweep say about how it was asked for and what it read (hashing the
/// inputs only for the outputs that show it).
ReportContext sweepReportContext(const QStringList& arguments, const SweepArguments& args);

/// `optconf-cli sweep INPUT... [options]`. When the arguments ask for a report or a chart,
/// `startPainting` is called once they are parsed, before anything is read: it makes the
/// application painting needs and returns false when this build cannot paint.
int sweep(const QStringList& arguments, const std::function<bool()>& startPainting);
/// `optconf-cli generate --out FOLDER [options]`: the project's synthetic data generator.
/// `--pictures` paints each image's picture too, with the application `startPainting` makes.
int generate(const QStringList& arguments, const std::function<bool()>& startPainting);

/// Prints "optconf-cli: " and the message on standard error.
void printError(const QString& message);

/// Writes text to a file (see OutputFile), or to standard output for "-"; prints any failure.
bool writeOutput(const QString& target, std::string_view text);

/// When reports and thresholds files were made: SOURCE_DATE_EPOCH (the reproducible-builds
/// convention) when set, else now.
QDateTime creationTime();

} // namespace optconf::cli
