// SPDX-License-Identifier: MIT
#include "core/eval/parallel.h"
#include "core/io/coco/coco_blocks.h"
#include "core/io/coco/coco_elements.h"
#include "core/io/coco/coco_loader.h"
#include "core/io/format_common.h"
#include "core/io/json/json_blocks.h"
#include "core/io/json/json_input.h"
#include "core/model/dataset_builder.h"

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <new>

namespace optconf {

namespace {

// A results file is one large array (COCO val2017 and a detector: ~560k objects, ~55 MB). It is
// read in blocks of about 1 MiB cut at "}, {" boundaries, each parsed as its own small array on all
// cores (see coco_blocks.h): the file is never held whole, and peak memory is the detections.
// Any failure at all (invalid JSON, an element the block path does not take, a read error) drops
// the block path and the file is read on one DOM, which reports exactly; warnings are replayed
// afterwards in file order, so the diagnostics are identical too.

enum class FastRead
{
    Done,
    Cancelled,
    NotTaken, ///< read the file the whole-document way
    /// As NotTaken, but the file may well not be JSON (a block that is not, no "[...]" around,
    /// no element boundary for a long way): look for a syntax error first, without holding it.
    MaybeNotJson,
};

/// `checkWithin`: with MaybeNotJson, how much of the file the syntax check needs to read (all of it
/// when unset): as far as the blocks handed out reach, the first that failed among them.
FastRead readResultsFast(const std::filesystem::path& path, std::uintmax_t size, const std::string& fieldName,
                         const std::string& format, DatasetBuilder& builder, DiagnosticList& diagnostics,
                         const ProgressCallback& progress, std::optional<std::uintmax_t>& checkWithin)
{
    const std::string file = path.string();
    ResultBlockReader reader;
    if (!reader.open(path, size))
        return FastRead::MaybeNotJson;

    // Blocks finish out of order; each is committed to one array in file order as soon as all
    // before it are, and its buffers are reused. The array is reserved for the most elements the
    // file could hold (each takes 45 bytes or more): pages are only committed as they are
    // written, so there is neither a second copy nor a reallocation.
    CocoBlock all;
    try {
        all.items.reserve(static_cast<std::size_t>(size / 45));
        all.sampleOf.reserve(static_cast<std::size_t>(size / 45));
    } catch (const std::bad_alloc&) {
        // A system that will not promise that much address space: grow as the elements come.
    }
    std::mutex commitMutex;
    std::map<std::size_t, std::unique_ptr<CocoBlock>> finished; // guarded by commitMutex
    std::vector<std::unique_ptr<CocoBlock>> spare;              // guarded by commitMutex
    std::size_t nextToCommit = 0;                               // guarded by commitMutex
    auto commit = [&](std::size_t index, std::unique_ptr<CocoBlock> block) {
        const std::lock_guard lock(commitMutex);
        finished.emplace(index, std::move(block));
        for (auto it = finished.begin(); it != finished.end() && it->first == nextToCommit;
             it = finished.erase(it), ++nextToCommit) {
            CocoBlock& b = *it->second;
            for (std::uint32_t k : b.warned)
                all.warned.push_back(static_cast<std::uint32_t>(all.items.size() + k));
            all.items.insert(all.items.end(), b.items.begin(), b.items.end());
            all.sampleOf.insert(all.sampleOf.end(), b.sampleOf.begin(), b.sampleOf.end());
            spare.push_back(std::move(it->second));
        }
    };
    auto takeSpare = [&] {
        const std::lock_guard lock(commitMutex);
        if (spare.empty())
            return std::make_unique<CocoBlock>();
        std::unique_ptr<CocoBlock> b = std::move(spare.back());
        spare.pop_back();
        return b;
    };

    std::atomic<bool> stop{false}, cancelled{false}, notJson{false};
    auto work = [&](bool reports) {
        CocoBlockParsers parsers;
        std::vector<char> buffer;
        std::size_t length = 0, index = 0;
        while (!stop.load()) {
            std::unique_ptr<CocoBlock> block = takeSpare();
            if (!reader.next(buffer, length, index))
                return;
            readCocoBlock(*block, buffer.data(), length, file, builder, parsers, CocoElementKind::Result);
            if (!block->ok) {
                notJson = notJson || block->notJson;
                stop = true;
                return;
            }
            commit(index, std::move(block));
            if (reports && progress && !progress(reader.fraction(), "Reading results")) {
                cancelled = true;
                stop = true;
                return;
            }
        }
    };
    if (progress && !progress(0.0, "Reading results"))
        return FastRead::Cancelled;
    runOnAllCores(work, [&] { stop = true; });
    if (cancelled)
        return FastRead::Cancelled;
    if (notJson || reader.tooLong()) {
        checkWithin = reader.bytesRead();
        return FastRead::MaybeNotJson;
    }
    if (stop || reader.failed())
        return FastRead::NotTaken;

    auto& field = builder.addField(fieldName, format, file);
    for (std::uint32_t k : all.warned)
        replayCocoWarnings(all.items[k], CocoElementKind::Result, file, "/" + std::to_string(k), diagnostics);
    field.append(std::move(all.sampleOf), std::move(all.items));
    return FastRead::Done;
}

/// The whole-document reader: every element through the element reader, reporting.
LoadOutcome readResultsDocument(const std::filesystem::path& path, const std::string& format,
                                DatasetBuilder& builder, DiagnosticList& diagnostics,
                                const ProgressCallback& progress)
{
    const std::string file = path.string();
    simdjson::padded_string text;
    if (!readJsonText(path, text, diagnostics))
        return LoadOutcome::Failed;
    JsonDocument doc;
    if (!doc.parse(file, std::move(text), diagnostics))
        return LoadOutcome::Failed;
    simdjson::dom::array results;
    if (doc.root().get(results)) {
        diagnostics.error(file, "/", "expected a list of results, found " + jsonTypeName(doc.root().type()));
        return LoadOutcome::Failed;
    }
    const int errorsBefore = static_cast<int>(diagnostics.items().size());
    auto& field = builder.addField(path.stem().string(), format, file);
    field.reserve(results.size());
    ReportingElementSink sink(file, builder, diagnostics, "/");
    std::size_t index = 0;
    for (simdjson::dom::element r : results) {
        const std::size_t i = index++;
        if (static_cast<int>(diagnostics.items().size()) - errorsBefore >= kCocoMaxErrorsPerFile) {
            diagnostics.error(file, {}, "too many errors; stopped reading results");
            break;
        }
        if (progress && i % kCocoProgressEvery == 0 &&
            !progress(static_cast<double>(i) / static_cast<double>(results.size()), "Reading results"))
            return LoadOutcome::Cancelled;
        sink.setIndex(i);
        SampleIndex sample = 0;
        Detection d;
        if (readCocoDetection(cocoDetectionFields(r, CocoElementKind::Result), CocoElementKind::Result, sink,
                              sample, d))
            field.add(sample, d);
    }
    sink.reportUnknownImages();
    return outcomeOf(diagnostics);
}

} // namespace

InputRole CocoResultsLoader::probe(const InputProbe& input) const
{
    if (input.isDirectory)
        return InputRole::NotMine;
    const auto v = cocoFirstToken(input.head);
    if (!v.starts_with('['))
        return InputRole::NotMine;
    // A results list; an empty list is a model that found nothing.
    auto rest = v.substr(1);
    while (!rest.empty() && isJsonSpace(rest.front()))
        rest.remove_prefix(1);
    if (rest.starts_with(']') || rest.find("\"image_id\"") != std::string_view::npos)
        return InputRole::Predictions;
    return InputRole::NotMine;
}

std::string CocoResultsLoader::notRecognisedBecause(const InputProbe& input) const
{
    if (input.isDirectory)
        return {};
    const std::string start = formats::describeStart(input.head);
    if (start == "a JSON list")
        return "a JSON list whose items have no \"image_id\"";
    return start + ", not a JSON list of results";
}

LoadOutcome CocoResultsLoader::load(const InputProbe& input, DatasetBuilder& builder,
                                    DiagnosticList& diagnostics, const ProgressCallback& progress) const
{
    const std::string file = input.path.string();
    if (builder.sampleCount() == 0 && builder.samplesSource.empty()) {
        diagnostics.error(file, {}, "a COCO results file needs a COCO ground-truth file opened with it");
        return LoadOutcome::Failed;
    }
    const std::optional<std::uintmax_t> size = checkJsonFile(input.path, diagnostics);
    if (!size)
        return LoadOutcome::Failed;
    std::optional<std::uintmax_t> checkWithin;
    switch (readResultsFast(input.path, *size, input.path.stem().string(), name(), builder, diagnostics,
                            progress, checkWithin)) {
    case FastRead::Done:
        return outcomeOf(diagnostics);
    case FastRead::Cancelled:
        return LoadOutcome::Cancelled;
    case FastRead::MaybeNotJson:
        // A file broken early is reported without reading the rest of it (it could be gigabytes).
        if (findJsonSyntaxError(input.path, diagnostics, checkWithin))
            return LoadOutcome::Failed;
        break;
    case FastRead::NotTaken:
        break;
    }
    return readResultsDocument(input.path, name(), builder, diagnostics, progress);
}

} // namespace optconf
