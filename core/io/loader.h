// SPDX-License-Identifier: MIT
#pragma once

#include "core/model/dataset.h"
#include "core/model/diagnostics.h"

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace optconf {

/// Reports progress in [0, 1] with a short stage text; returns false to cancel the load.
using ProgressCallback = std::function<bool(double fraction, const std::string& stage)>;

struct LoadRequest
{
    /// Files and folders, in any order: the loader for each is chosen by content and layout.
    std::vector<std::filesystem::path> inputs;
    ProgressCallback progress;
};

struct LoadResult
{
    std::optional<Dataset> dataset; ///< empty when any error occurred or the load was cancelled
    std::vector<Diagnostic> diagnostics;
    bool cancelled = false;

    bool ok() const { return dataset.has_value(); }
};

class DatasetBuilder;

/// What a loader says about an input it was shown.
enum class InputRole
{
    NotMine,     ///< this loader cannot read it
    Samples,     ///< defines the samples (ground truth, or a whole dataset with several fields)
    Predictions, ///< adds a field to samples that another input defines
};

/// The first bytes of a file (or the listing of a folder) that loaders sniff, read once.
struct InputProbe
{
    std::filesystem::path path;
    bool isDirectory = false;
    std::string head; ///< first 64 KiB of a file, empty for folders
};

/// How a load ended. Failed: the diagnostics hold at least one error saying why (a loader reads on
/// past a bad element to report up to a few errors, then says Failed); Cancelled: through the
/// progress callback.
enum class LoadOutcome
{
    Loaded,
    Failed,
    Cancelled,
};

/// Loaded, or Failed when `diagnostics` holds an error: the end of a load that reads on past errors.
LoadOutcome outcomeOf(const DiagnosticList& diagnostics);

/// One dataset format. A loader recognises its inputs from content and layout, never from the
/// file extension alone, and adds what it reads to the builder, reporting problems as
/// diagnostics rather than throwing.
class FormatLoader
{
public:
    virtual ~FormatLoader() = default;
    virtual std::string name() const = 0;
    virtual InputRole probe(const InputProbe& input) const = 0;
    /// Why probe() said NotMine: what was looked for in `input` and not found, in a few words
    /// ("no labels.json in it", "a JSON object without \"images\""), for the error that names every
    /// format. Empty when this format is never a folder (and `input` is one) or never a single file.
    virtual std::string notRecognisedBecause(const InputProbe& input) const = 0;
    /// An input this loader recognises but cannot read in any role, seen while probing (a YOLO
    /// folder whose lines have 7 columns): reported instead of the role the input only seems to
    /// have (a second ground truth, predictions without ground truth). Default: none.
    virtual std::optional<Diagnostic> unreadable(const InputProbe& input) const;
    /// Reads `input` into `builder`, reporting what is wrong in `diagnostics`.
    virtual LoadOutcome load(const InputProbe& input, DatasetBuilder& builder, DiagnosticList& diagnostics,
                             const ProgressCallback& progress) const = 0;
};

/// `path` absolute, lexically normal and without a trailing separator, so that `labels`,
/// `labels/`, `./labels`, `yolo/labels/` and `../x/labels` name one folder one way: a loader that
/// looks next to or above its input (YOLO's data.yaml in the parent folder) finds the same files
/// however the path was typed, and messages name it the same way. Symbolic links are kept.
std::filesystem::path normalisedInputPath(const std::filesystem::path& path);

/// All loaders OptConf knows, in probing order.
const std::vector<std::unique_ptr<FormatLoader>>& formatLoaders();

/// Reads every input into one dataset: sample-defining inputs first, then prediction inputs.
LoadResult loadDataset(const LoadRequest& request);

/// loadDataset() up to the data model: every input read into `builder`; false (the diagnostics in
/// `result`, and `result.cancelled` when so) when there is no dataset to build. loadDataset() is
/// this, then std::move(builder).build(); the benchmark times the two apart.
bool readInputs(const LoadRequest& request, DatasetBuilder& builder, LoadResult& result);

} // namespace optconf
