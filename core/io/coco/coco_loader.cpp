// SPDX-License-Identifier: MIT
#include "core/io/coco/coco_loader.h"
#include "core/io/coco/coco_scan.h"
#include "core/model/dataset_builder.h"
#include "core/io/detection_checks.h"
#include "core/io/format_common.h"
#include "core/io/json/json_blocks.h"
#include "core/io/json/json_input.h"
#include "core/eval/parallel.h"

#include <array>
#include <atomic>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <new>
#include <stop_token>
#include <system_error>
#include <thread>
#include <type_traits>

#if defined(__linux__)
#include <pthread.h>
#include <sched.h>
#include <unordered_map>
#endif

namespace optconf {

namespace {

using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::object;

/// Drops JSON whitespace (space, tab, CR, LF) at the front.
std::string_view skipJsonSpace(std::string_view v)
{
    while (!v.empty() && (v.front() == ' ' || v.front() == '\n' || v.front() == '\r' || v.front() == '\t'))
        v.remove_prefix(1);
    return v;
}

/// The head from its first JSON token on, past a UTF-8 byte order mark.
std::string_view firstNonSpace(const std::string& head)
{
    std::string_view v(head);
    if (v.starts_with("\xEF\xBB\xBF"))
        v.remove_prefix(3);
    return skipJsonSpace(v);
}

constexpr std::size_t kProgressEvery = 1 << 16;

/// A JSON path for messages: a string, or a callable that makes it only when there is a message.
template<class Path>
std::string pathText(const Path& path)
{
    if constexpr (std::is_invocable_v<const Path&>)
        return path();
    else
        return path;
}

/// Reads a COCO `bbox` ([x, y, w, h], 4 finite numbers). Returns false with an error otherwise.
template<class Path>
bool readBox(element e, Box& box, const std::string& file, const Path& pathOf, DiagnosticList& diagnostics)
{
    array a;
    if (e.get(a) || a.size() != 4) {
        const std::string path = pathText(pathOf);
        diagnostics.error(file, path,
                          "expected an array of 4 numbers [x, y, w, h], found " +
                              (e.is_array() ? "an array of " + std::to_string(array(e).size()) + " values"
                                            : jsonTypeName(e.type())));
        return false;
    }
    double v[4];
    std::size_t i = 0;
    for (element x : a) {
        auto n = jsonNumber(x);
        if (!n) {
            diagnostics.error(file, pathText(pathOf) + "/" + std::to_string(i),
                              "expected a number, found " + jsonTypeName(x.type()));
            return false;
        }
        v[i++] = *n;
    }
    box = {v[0], v[1], v[2], v[3]};
    return true;
}

/// Looks up a required key of an object entry, with an error naming the entry's path.
template<class Path>
std::optional<element> required(object o, std::string_view key, const std::string& file, const Path& path,
                                DiagnosticList& diagnostics)
{
    element e;
    if (o.at_key(key).get(e)) {
        diagnostics.error(file, pathText(path), "missing key \"" + std::string(key) + "\"");
        return std::nullopt;
    }
    return e;
}

/// Errors after this many are summarised: one bad file should not produce a million messages.
constexpr int kMaxErrorsPerFile = 20;

/// Results naming images the ground truth does not have: one error per id, naming it and how many
/// results use it (in the order first seen), instead of one per result.
class UnknownImageIds
{
public:
    void note(const std::string& id, const std::string& firstPath)
    {
        auto [it, added] = m_index.try_emplace(id, m_ids.size());
        if (added)
            m_ids.push_back({id, firstPath, 0});
        ++m_ids[it->second].results;
    }
    void report(const std::string& file, DiagnosticList& diagnostics) const
    {
        const std::size_t shown = std::min<std::size_t>(m_ids.size(), kMaxErrorsPerFile);
        for (std::size_t i = 0; i < shown; ++i) {
            const Id& id = m_ids[i];
            diagnostics.error(file, id.firstPath,
                              "image id " + id.id + " is not in the ground truth's \"images\" (" +
                                  std::to_string(id.results) +
                                  (id.results == 1 ? " result uses" : " results use") + " it)");
        }
        if (m_ids.size() > shown) {
            std::size_t results = 0;
            for (std::size_t i = shown; i < m_ids.size(); ++i)
                results += m_ids[i].results;
            diagnostics.error(file, {},
                              std::to_string(m_ids.size() - shown) +
                                  " more image ids are not in the ground truth (" + std::to_string(results) +
                                  " results)");
        }
    }

private:
    struct Id
    {
        std::string id, firstPath;
        std::size_t results = 0;
    };
    std::vector<Id> m_ids;
    std::unordered_map<std::string, std::size_t> m_index;
};

// ---------------------------------------------------------------------------------------------
// Results files, the fast path. A results file is one large array (COCO val2017 and a detector:
// ~560k objects, ~55 MB). simdjson's DOM costs about 3 bytes of tape per input byte and builds
// it in one thread, so the file is read in blocks of about 1 MiB cut at "}, {" boundaries, and
// every block is parsed as its own small array `[block]`, on all cores, each by a parser that is
// reused and stays in cache. The file is never held whole: peak memory is the detections.
//
// A cut can only fall inside a string or a nested value when that block is not valid JSON (a
// string or bracket is left open), and if every block is valid, the whole array is valid and its
// elements are exactly the blocks' elements in order: so any failure at all (invalid JSON, a
// missing key, an unknown image or category, an error from checkDetection, a read error) drops
// the fast path and the file is read by the original code on one DOM, which reports exactly as
// it always did. Warnings (no score, empty box, confidence outside [0, 1]) are replayed
// afterwards in file order with the same calls, so the diagnostics are identical too.

constexpr std::size_t kReadBytes = 1 << 18;
/// A block is cut at the first boundary after kJsonBlockBytes; one still without a boundary at
/// this size is not taken by the fast path.
constexpr std::size_t kMaxBlockBytes = 64u << 20;

struct ResultBlock
{
    std::vector<SampleIndex> sampleOf;
    std::vector<Detection> items;
    std::vector<std::uint32_t> warned; ///< items whose diagnostics must be replayed
    bool ok = false;
    bool notJson = false; ///< the block is not JSON on its own (see ResultBlockReader)
};

/// Hands out the elements of a results file's top-level array in blocks, each wrapped as a JSON
/// array in the caller's buffer with simdjson's padding after it. The file is read sequentially
/// under a lock, a few hundred KiB at a time; the callers parse outside it.
class ResultBlockReader
{
public:
    /// False when the file is not a "[...]" with only whitespace (and a byte order mark) around.
    bool open(const std::filesystem::path& path, std::uintmax_t size)
    {
        m_in.open(path, std::ios::binary);
        if (!m_in)
            return false;
        std::string head(static_cast<std::size_t>(std::min<std::uintmax_t>(size, 4096)), '\0');
        if (!m_in.read(head.data(), static_cast<std::streamsize>(head.size())))
            return false;
        std::size_t first = std::string_view(head).starts_with("\xEF\xBB\xBF") ? 3 : 0;
        while (first < head.size() && isJsonSpace(head[first]))
            ++first;
        if (first >= head.size() || head[first] != '[')
            return false;
        ++first;
        std::string tail(static_cast<std::size_t>(std::min<std::uintmax_t>(size, 4096)), '\0');
        if (!m_in.seekg(static_cast<std::streamoff>(size - tail.size())) ||
            !m_in.read(tail.data(), static_cast<std::streamsize>(tail.size())))
            return false;
        std::size_t end = tail.size();
        while (end > 0 && isJsonSpace(tail[end - 1]))
            --end;
        if (end == 0 || tail[end - 1] != ']')
            return false;
        const std::uintmax_t last = size - tail.size() + end - 1; // the closing bracket
        if (last < first || !m_in.seekg(static_cast<std::streamoff>(first)))
            return false;
        m_total = m_remaining = last - first;
        m_first = first;
        return true;
    }

    /// Reads the next block into `buffer` ("[" + elements + "]" + padding), with its JSON length
    /// and its number in file order; false at the end, after a read error (see failed()) or when
    /// no element boundary comes within kMaxBlockBytes (see tooLong()).
    bool next(std::vector<char>& buffer, std::size_t& length, std::size_t& index)
    {
        const std::lock_guard lock(m_mutex);
        if (m_done)
            return false;
        buffer.assign(1, '[');
        buffer.insert(buffer.end(), m_carry.begin(), m_carry.end());
        m_carry.clear();
        std::size_t searchFrom = 1 + kJsonBlockBytes;
        for (;;) {
            const ElementCut cut = findCut(buffer, searchFrom);
            if (cut.comma) {
                m_carry.assign(buffer.begin() + static_cast<std::ptrdiff_t>(*cut.comma) + 1, buffer.end());
                buffer.resize(*cut.comma);
                break;
            }
            if (m_remaining == 0) {
                m_done = true;
                break;
            }
            if (buffer.size() >= kMaxBlockBytes) {
                m_tooLong = m_done = true;
                return false;
            }
            searchFrom = cut.resumeAt;
            const auto chunk = static_cast<std::size_t>(std::min<std::uintmax_t>(m_remaining, kReadBytes));
            const std::size_t old = buffer.size();
            buffer.resize(old + chunk);
            if (!m_in.read(buffer.data() + old, static_cast<std::streamsize>(chunk))) {
                m_failed = m_done = true;
                return false;
            }
            m_remaining -= chunk;
        }
        buffer.push_back(']');
        length = buffer.size();
        buffer.resize(length + simdjson::SIMDJSON_PADDING, '\0');
        index = m_blocksHandedOut++;
        return true;
    }

    bool failed() const { return m_failed; }
    /// No element boundary within kMaxBlockBytes: not a list of small objects, or not JSON at all
    /// (a file broken early would otherwise be read whole into one block before that shows).
    bool tooLong() const { return m_tooLong; }
    /// How far into the file the blocks handed out (and the one being read) reach.
    std::uintmax_t bytesRead() const
    {
        const std::lock_guard lock(m_mutex);
        return m_first + (m_total - m_remaining);
    }
    double fraction() const
    {
        return m_total == 0 ? 1.0 : static_cast<double>(m_total - m_remaining) / static_cast<double>(m_total);
    }

private:
    /// The first cut at or after `from`; the elements start at buffer[1].
    ElementCut findCut(const std::vector<char>& buffer, std::size_t from) const
    {
        return findElementCut(buffer.data(), 1, from, buffer.size(), m_remaining == 0);
    }

    mutable std::mutex m_mutex;
    std::ifstream m_in;
    std::uintmax_t m_first = 0;                  ///< where the elements start
    std::uintmax_t m_total = 0, m_remaining = 0; ///< bytes of the array's elements
    std::string m_carry;                         ///< read past the last cut: starts the next block
    std::size_t m_blocksHandedOut = 0;
    bool m_done = false, m_failed = false, m_tooLong = false;
};

/// What a block holds: results (score) or ground-truth annotations (area, iscrowd).
enum class BlockKind
{
    Results,
    Annotations,
};

/// Adds one element to the block with the lookups and checks of the whole-document loops, without
/// diagnostics; false where those would report an error or name a new category.
bool addElement(ResultBlock& block, const CocoElementValues& v, const DatasetBuilder& builder,
                const std::string& file, DiagnosticList& scratch, BlockKind kind)
{
    const std::optional<SampleIndex> sample = v.imageNumber   ? builder.findSampleByNumericId(*v.imageNumber)
                                              : v.imageString ? builder.findSampleById(*v.imageString)
                                                              : std::nullopt;
    if (!sample)
        return false;
    const std::optional<LabelId> label = builder.category(v.category);
    if (!label)
        return false; // the whole-document loop names the new category and warns
    Detection d;
    d.box = v.box;
    d.label = *label;
    d.area = v.area.value_or(d.box.area());
    if (v.score)
        d.confidence = *v.score;
    d.crowd = v.crowd;
    bool warned = kind == BlockKind::Results && !d.hasConfidence();
    if (!checkDetection(
            d, file,
            [&] {
                warned = true;
                return std::string();
            },
            scratch))
        return false;
    if (warned)
        block.warned.push_back(static_cast<std::uint32_t>(block.items.size()));
    block.sampleOf.push_back(*sample);
    block.items.push_back(d);
    return true;
}

/// The values of `keys` in an object, by one walk over its keys instead of a lookup per key; the
/// first of repeated keys wins, as with at_key(). Slot k holds keys[k]'s value, or nothing; an
/// empty name is a slot not asked for (it matches no key, not even "").
template<std::size_t N>
std::array<std::optional<element>, N> valuesOf(object o, const std::array<std::string_view, N>& keys)
{
    std::array<std::optional<element>, N> found;
    for (const auto field : o)
        for (std::size_t k = 0; k < N; ++k)
            if (!keys[k].empty() && field.key == keys[k]) {
                if (!found[k])
                    found[k] = field.value;
                break;
            }
    return found;
}

/// An element's values read from simdjson's DOM as the whole-document loops read them; false
/// where those would report an error.
bool domElementValues(element r, BlockKind kind, CocoElementValues& v)
{
    object o;
    if (r.get(o))
        return false;
    // A result's score, an annotation's area and iscrowd: the other kind's are not read.
    const bool results = kind == BlockKind::Results;
    const auto [imageIdValue, categoryIdValue, bboxValue, scoreValue, areaValue, crowdValue] =
        valuesOf<6>(o, {"image_id", "category_id", "bbox", results ? "score" : "", results ? "" : "area",
                        results ? "" : "iscrowd"});
    if (!imageIdValue || !categoryIdValue || !bboxValue)
        return false;
    const element imageId = *imageIdValue, categoryId = *categoryIdValue, bbox = *bboxValue;
    const bool hasScore = scoreValue.has_value(), hasArea = areaValue.has_value(),
               hasCrowd = crowdValue.has_value();
    const element score = scoreValue.value_or(element()), area = areaValue.value_or(element()),
                  crowd = crowdValue.value_or(element());
    if (auto id = jsonInteger(imageId))
        v.imageNumber = id;
    else if (std::string_view sid; !imageId.get(sid))
        v.imageString = sid;
    else
        return false;
    array a;
    if (bbox.get(a) || a.size() != 4)
        return false;
    double x[4];
    std::size_t k = 0;
    for (element e : a) {
        auto n = jsonNumber(e);
        if (!n)
            return false;
        x[k++] = *n;
    }
    v.box = {x[0], x[1], x[2], x[3]};
    auto category = jsonInteger(categoryId);
    if (!category)
        return false;
    v.category = *category;
    if (hasScore) {
        if (auto n = jsonNumber(score))
            v.score = *n;
        else if (!score.is_null())
            return false;
    }
    if (hasArea) {
        if (auto n = jsonNumber(area); n && std::isfinite(*n))
            v.area = *n;
    }
    if (hasCrowd)
        v.crowd = jsonTruthy(crowd).value_or(false);
    return true;
}

/// Adds scanned elements to the block; `ok` stays false where the whole-document loop would report
/// something (the caller then reads the file that way).
void resolveBlock(ResultBlock& block, const std::vector<CocoElementValues>& values, const std::string& file,
                  const DatasetBuilder& builder, BlockKind kind)
{
    DiagnosticList scratch;
    block.sampleOf.reserve(values.size());
    block.items.reserve(values.size());
    for (const CocoElementValues& v : values)
        if (!addElement(block, v, builder, file, scratch, kind))
            return;
    block.ok = true;
}

/// Reads one block, `json` = "[elements]" with simdjson's padding after it. The plain COCO scanner
/// takes almost every block; what it does not take, simdjson's DOM does.
void readBlock(ResultBlock& block, const char* json, std::size_t length, const std::string& file,
               const DatasetBuilder& builder, simdjson::dom::parser& parser, BlockKind kind,
               std::vector<CocoElementValues>& values)
{
    if (scanCocoElements(std::string_view(json + 1, length - 2), kind == BlockKind::Annotations, values)) {
        resolveBlock(block, values, file, builder, kind);
        return;
    }
    DiagnosticList scratch;
    array elements;
    if (const auto error = parser.parse(json, length, false).get(elements)) {
        if (error == simdjson::MEMALLOC)
            throw std::bad_alloc(); // not a property of the text: reported as out of memory
        block.notJson = true;
        return;
    }
    block.sampleOf.reserve(elements.size());
    block.items.reserve(elements.size());
    for (element r : elements) {
        CocoElementValues v;
        if (!domElementValues(r, kind, v) || !addElement(block, v, builder, file, scratch, kind))
            return;
    }
    block.ok = true;
}

/// The first blocks of a results file, scanned while the ground truth is read (see
/// FormatLoader::prepare()): the scanner needs nothing of the dataset, only the lookups of image
/// and category ids do, and those wait for load(). One thread, reading on from the file's start
/// until load() takes over or kMaxBlocks are held.
class ResultsPrefetch final : public PreparedInput
{
public:
    /// Enough to cover the ground truth's serial parts on a large set; bounded, since every block
    /// holds its text (~1 MiB) and its values until load().
    static constexpr std::size_t kMaxBlocks = 16;

    struct Block
    {
        std::size_t index = 0;
        std::vector<char> text; ///< "[elements]" with simdjson's padding: the values point into it
        std::size_t length = 0;
        std::vector<CocoElementValues> values;
        bool scanned = false; ///< false: the scanner did not take it (simdjson's DOM will)
    };

    ResultsPrefetch(const std::filesystem::path& path, std::uintmax_t size)
        : m_path(path)
        , m_size(size)
    {
        m_thread = std::jthread([this](std::stop_token stop) { run(stop); });
    }
    ~ResultsPrefetch() override { m_thread = {}; } // request_stop() and join() before the members go

    /// Stops (after the block in hand) and hands over the reader, positioned after the blocks
    /// scanned, and those blocks in file order; null reader when the file is not a "[...]".
    /// Rethrows what stopped the scan (running out of memory): the reader's state is then unknown.
    ResultBlockReader* finish(std::vector<Block>& blocks)
    {
        m_thread.request_stop();
#if defined(__linux__)
        // Back to an ordinary thread for the rest of its block: on a machine busy with other work
        // an idle-only thread could take long to get the core it needs to finish.
        sched_param normal{};
        pthread_setschedparam(m_thread.native_handle(), SCHED_OTHER, &normal);
#endif
        m_thread.join();
        if (m_failure)
            std::rethrow_exception(m_failure);
        blocks = std::move(m_blocks);
        return m_opened ? &m_reader : nullptr;
    }
    bool matches(const std::filesystem::path& path, std::uintmax_t size) const
    {
        return path == m_path && size == m_size;
    }

private:
    void run(const std::stop_token& stop)
    {
        // An exception leaving a thread ends the process: keep it for finish() (a load that ends
        // before finish() never needed the blocks).
        try {
            scan(stop);
        } catch (...) {
            m_failure = std::current_exception();
        }
    }

    void scan(const std::stop_token& stop)
    {
#if defined(__linux__)
        // Only a core nobody else wants (SCHED_IDLE): the ground truth's own threads come first.
        // Sharing the cores evenly with them instead cost more in their parallel part than the
        // scan ahead saved (measured: 151.8 vs 149.4 ms without it; 145.7 ms idle-only).
        sched_param none{};
        pthread_setschedparam(pthread_self(), SCHED_IDLE, &none);
#endif
        m_opened = m_reader.open(m_path, m_size);
        while (m_opened && !stop.stop_requested() && m_blocks.size() < kMaxBlocks) {
            Block b;
            if (!m_reader.next(b.text, b.length, b.index))
                return;
            b.scanned = scanCocoElements(std::string_view(b.text.data() + 1, b.length - 2), false, b.values);
            const bool last = !b.scanned; // the DOM and its messages are load()'s to run
            m_blocks.push_back(std::move(b));
            if (last)
                return;
        }
    }

    std::filesystem::path m_path;
    std::uintmax_t m_size = 0;
    ResultBlockReader m_reader;
    bool m_opened = false;
    std::vector<Block> m_blocks;
    std::exception_ptr m_failure;
    std::jthread m_thread; // last: it starts when the rest is ready
};

enum class FastRead
{
    Done,
    Cancelled,
    NotTaken, ///< read the file the original way
    /// As NotTaken, but the file may well not be JSON (a block that is not, no "[...]" around,
    /// no element boundary for kMaxBlockBytes): look for a syntax error first, without holding it.
    MaybeNotJson,
};

/// `checkWithin`: with MaybeNotJson, how much of the file the syntax check needs to read (all of it
/// when unset): as far as the blocks handed out reach, the first that failed among them.
FastRead readResultsFast(const std::filesystem::path& path, std::uintmax_t size, const std::string& fieldName,
                         const std::string& format, DatasetBuilder& builder, DiagnosticList& diagnostics,
                         const ProgressCallback& progress, ResultsPrefetch* prefetch,
                         std::optional<std::uintmax_t>& checkWithin)
{
    const std::string file = path.string();
    // The blocks scanned ahead come first, then the reader goes on where they stopped.
    ResultBlockReader ownReader;
    ResultBlockReader* openReader = nullptr;
    std::vector<ResultsPrefetch::Block> early;
    if (prefetch && prefetch->matches(path, size))
        openReader = prefetch->finish(early);
    else if (ownReader.open(path, size))
        openReader = &ownReader;
    if (!openReader)
        return FastRead::MaybeNotJson;
    ResultBlockReader& reader = *openReader;

    // Blocks finish out of order; each is committed to one array in file order as soon as all
    // before it are, and its buffers are reused. The array is reserved for the most elements the
    // file could hold (each takes 45 bytes or more): pages are only committed as they are
    // written, so there is neither a second copy nor a reallocation.
    ResultBlock all;
    try {
        all.items.reserve(static_cast<std::size_t>(size / 45));
        all.sampleOf.reserve(static_cast<std::size_t>(size / 45));
    } catch (const std::bad_alloc&) {
        // A system that will not promise that much address space: grow as the elements come.
    }
    std::mutex commitMutex;
    std::map<std::size_t, std::unique_ptr<ResultBlock>> finished; // guarded by commitMutex
    std::vector<std::unique_ptr<ResultBlock>> spare;              // guarded by commitMutex
    std::size_t nextToCommit = 0;                                 // guarded by commitMutex
    auto commit = [&](std::size_t index, std::unique_ptr<ResultBlock> block) {
        const std::lock_guard lock(commitMutex);
        finished.emplace(index, std::move(block));
        for (auto it = finished.begin(); it != finished.end() && it->first == nextToCommit;
             it = finished.erase(it), ++nextToCommit) {
            ResultBlock& b = *it->second;
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
            return std::make_unique<ResultBlock>();
        std::unique_ptr<ResultBlock> b = std::move(spare.back());
        spare.pop_back();
        b->items.clear();
        b->sampleOf.clear();
        b->warned.clear();
        b->ok = false;
        return b;
    };

    std::atomic<bool> stop{false}, cancelled{false}, notJson{false};
    std::atomic<std::size_t> nextEarly{0};
    auto work = [&](bool reports) {
        simdjson::dom::parser parser;
        std::vector<char> buffer;
        std::vector<CocoElementValues> values;
        std::size_t length = 0, index = 0;
        while (!stop.load()) {
            std::unique_ptr<ResultBlock> block = takeSpare();
            if (const std::size_t e = nextEarly.fetch_add(1); e < early.size()) {
                ResultsPrefetch::Block& b = early[e]; // this thread's alone
                index = b.index;
                if (b.scanned)
                    resolveBlock(*block, b.values, file, builder, BlockKind::Results);
                else
                    readBlock(*block, b.text.data(), b.length, file, builder, parser, BlockKind::Results,
                              values);
                b = {};
            } else if (!reader.next(buffer, length, index)) {
                return;
            } else {
                readBlock(*block, buffer.data(), length, file, builder, parser, BlockKind::Results, values);
            }
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
    for (std::uint32_t k : all.warned) {
        const Detection& d = all.items[k];
        const std::string where = "/" + std::to_string(k);
        if (!d.hasConfidence())
            diagnostics.warning(file, where, "result without a \"score\" (never kept at any threshold)");
        checkDetection(
            d, file, [&] { return where; }, diagnostics);
    }
    field.append(std::move(all.sampleOf), std::move(all.items));
    return FastRead::Done;
}

/// Reads the three arrays of a COCO ground-truth file into the builder, with the diagnostics the
/// user sees; both the whole-document path and the block path use it.
class GroundTruthReader
{
public:
    GroundTruthReader(const std::string& file, DatasetBuilder& builder, DiagnosticList& diagnostics)
        : m_file(file)
        , m_builder(builder)
        , m_diagnostics(diagnostics)
        , m_errorsBefore(static_cast<int>(diagnostics.items().size()))
    {}

    void readCategories(array categories);
    void readImages(array images);
    /// Returns false when cancelled.
    bool readAnnotations(array annotations, DatasetBuilder::FieldBuilder& field,
                         const ProgressCallback& progress);

private:
    bool tooManyErrors() const
    {
        return static_cast<int>(m_diagnostics.items().size()) - m_errorsBefore >= kMaxErrorsPerFile;
    }

    const std::string& m_file;
    DatasetBuilder& m_builder;
    DiagnosticList& m_diagnostics;
    const int m_errorsBefore;
};

void GroundTruthReader::readCategories(array categories)
{
    const std::string& file = m_file;
    DatasetBuilder& builder = m_builder;
    DiagnosticList& diagnostics = m_diagnostics;
    std::size_t index = 0;
    for (element c : categories) {
        const std::string path = "/categories/" + std::to_string(index++);
        object o;
        if (c.get(o)) {
            diagnostics.error(file, path,
                              "expected an object {\"id\", \"name\"}, found " + jsonTypeName(c.type()));
            continue;
        }
        auto idElement = required(o, "id", file, path, diagnostics);
        if (!idElement)
            continue;
        auto id = jsonInteger(*idElement);
        if (!id) {
            diagnostics.error(file, path + "/id", "expected an integer category id");
            continue;
        }
        std::string_view name;
        element nameElement;
        if (o.at_key("name").get(nameElement) || nameElement.get(name)) {
            diagnostics.warning(file, path, "category without a \"name\" string: its id is used as its name");
            builder.setCategory(*id, builder.label(std::to_string(*id)));
            continue;
        }
        if (builder.category(*id)) {
            diagnostics.error(file, path + "/id", "duplicate category id " + std::to_string(*id));
            continue;
        }
        builder.setCategory(*id, builder.label(name));
    }
}

void GroundTruthReader::readImages(array images)
{
    const std::string& file = m_file;
    DatasetBuilder& builder = m_builder;
    DiagnosticList& diagnostics = m_diagnostics;
    builder.samplesSource = file;
    builder.reserveSamples(images.size());
    std::size_t index = 0;
    for (element im : images) {
        const std::size_t i = index++;
        // Made only for a message: most image lists have none, and a string per image shows.
        auto path = [i] { return "/images/" + std::to_string(i); };
        if (tooManyErrors())
            break;
        object o;
        if (im.get(o)) {
            diagnostics.error(file, path(), "expected an image object, found " + jsonTypeName(im.type()));
            continue;
        }
        const auto [idValue, fileValue, widthValue, heightValue] =
            valuesOf<4>(o, {"id", "file_name", "width", "height"});
        if (!idValue) {
            diagnostics.error(file, path(), "missing key \"id\"");
            continue;
        }
        Sample s;
        if (auto id = jsonInteger(*idValue)) {
            s.id = std::to_string(*id);
        } else if (std::string_view sid; !idValue->get(sid)) {
            s.id = std::string(sid);
        } else {
            diagnostics.error(file, path() + "/id",
                              "expected an integer image id, found " + jsonTypeName(idValue->type()));
            continue;
        }
        std::string_view fileName;
        if (fileValue && !fileValue->get(fileName))
            s.fileName = std::string(fileName);
        if (widthValue)
            s.width = static_cast<int>(jsonInteger(*widthValue).value_or(0));
        if (heightValue)
            s.height = static_cast<int>(jsonInteger(*heightValue).value_or(0));
        if (!builder.addSampleIfNew(std::move(s)))
            // NOLINTNEXTLINE(bugprone-use-after-move): addSampleIfNew() moves s only when it adds it
            diagnostics.error(file, path() + "/id", "duplicate image id " + s.id);
    }
    if (builder.sampleCount() == 0 && !diagnostics.hasErrors())
        diagnostics.error(file, "/images", "the dataset has no images");
}

bool GroundTruthReader::readAnnotations(array annotations, DatasetBuilder::FieldBuilder& field,
                                        const ProgressCallback& progress)
{
    const std::string& file = m_file;
    DatasetBuilder& builder = m_builder;
    DiagnosticList& diagnostics = m_diagnostics;
    field.reserve(annotations.size());
    std::size_t index = 0;
    for (element a : annotations) {
        const std::size_t i = index++;
        if (tooManyErrors()) {
            diagnostics.error(file, {}, "too many errors; stopped reading annotations");
            break;
        }
        if (progress && i % kProgressEvery == 0 &&
            !progress(static_cast<double>(i) / static_cast<double>(annotations.size()),
                      "Reading annotations"))
            return false;
        // Built only for a message: one string per annotation is a heap allocation each.
        auto path = [i] { return "/annotations/" + std::to_string(i); };
        object o;
        if (a.get(o)) {
            diagnostics.error(file, path(), "expected an annotation object, found " + jsonTypeName(a.type()));
            continue;
        }
        auto imageId = required(o, "image_id", file, path, diagnostics);
        auto categoryId = required(o, "category_id", file, path, diagnostics);
        auto bbox = required(o, "bbox", file, path, diagnostics);
        if (!imageId || !categoryId || !bbox)
            continue;
        std::optional<SampleIndex> sample;
        if (auto id = jsonInteger(*imageId))
            sample = builder.findSampleByNumericId(*id);
        else if (std::string_view sid; !imageId->get(sid))
            sample = builder.findSampleById(sid);
        if (!sample) {
            diagnostics.error(file, path() + "/image_id", "names an image id that is not in \"images\"");
            continue;
        }
        Detection d;
        if (!readBox(
                *bbox, d.box, file, [&] { return path() + "/bbox"; }, diagnostics))
            continue;
        auto category = jsonInteger(*categoryId);
        if (!category) {
            diagnostics.error(file, path() + "/category_id", "expected an integer category id");
            continue;
        }
        if (auto label = builder.category(*category)) {
            d.label = *label;
        } else {
            diagnostics.warning(file, path() + "/category_id",
                                "category id not listed in \"categories\"; named by its id");
            d.label = builder.label("category " + std::to_string(*category));
            builder.setCategory(*category, d.label);
        }
        d.area = d.box.area();
        if (element area; !o.at_key("area").get(area)) {
            if (auto v = jsonNumber(area); v && std::isfinite(*v))
                d.area = *v;
        }
        if (element crowd; !o.at_key("iscrowd").get(crowd))
            d.crowd = jsonTruthy(crowd).value_or(false);
        if (!checkDetection(d, file, path, diagnostics))
            continue;
        field.add(*sample, d);
    }
    return true;
}

// ---------------------------------------------------------------------------------------------
// Ground truth, the fast path. The object is split into its members without parsing; the small
// ones (images, categories, anything else) are parsed on their own, and the annotations, nearly
// all of the file, in blocks on all cores (see json_blocks.h), so the DOM of the whole file
// (five times its size, built in one thread) is never made. Any doubt hands the file back to the
// whole-document reader on a fresh builder, which reports exactly as before.

enum class GroundTruthRead
{
    Done,
    Cancelled,
    NotTaken,
};

GroundTruthRead readGroundTruthFast(const simdjson::padded_string& text, const std::string& file,
                                    const std::string& format, DatasetBuilder& builder,
                                    DiagnosticList& diagnostics, const ProgressCallback& progress)
{
    const std::string_view view(text.data(), text.size());
    const auto members = splitJsonObject(view);
    // The parts are validated by simdjson one by one; the keys, which no parser sees, here.
    if (!members || !simdjson::validate_utf8(text.data(), text.size()))
        return GroundTruthRead::NotTaken;
    const JsonMember *images = nullptr, *annotations = nullptr, *categories = nullptr;
    for (const JsonMember& m : *members) {
        const JsonMember** slot = m.key == "images"        ? &images
                                  : m.key == "annotations" ? &annotations
                                  : m.key == "categories"  ? &categories
                                                           : nullptr;
        if (slot && !*slot)
            *slot = &m; // the first of repeated keys, as at_key() finds
    }
    if (!images || !annotations || !categories || view[annotations->begin] != '[' ||
        view[annotations->end - 1] != ']')
        return GroundTruthRead::NotTaken;
    // Every other member is only checked to be JSON; images and categories are kept.
    simdjson::dom::parser imagesParser, categoriesParser, otherParser;
    array imageArray, categoryArray;
    for (const JsonMember& m : *members) {
        if (&m == annotations)
            continue;
        simdjson::dom::parser& parser = &m == images       ? imagesParser
                                        : &m == categories ? categoriesParser
                                                           : otherParser;
        element value;
        if (parser.parse(text.data() + m.begin, m.end - m.begin, false).get(value))
            return GroundTruthRead::NotTaken;
        if ((&m == images && value.get(imageArray)) || (&m == categories && value.get(categoryArray)))
            return GroundTruthRead::NotTaken; // not an array: the whole-document reader says so
    }

    GroundTruthReader reader(file, builder, diagnostics);
    reader.readCategories(categoryArray);
    reader.readImages(imageArray);
    auto& field = builder.addField("ground_truth", format, file);

    const auto spans = cutArrayElements(text.data(), annotations->begin + 1, annotations->end - 1);
    std::vector<ResultBlock> blocks(spans.size());
    std::atomic<std::size_t> next{0}, done{0};
    std::atomic<bool> failed{false}, cancelled{false};
    if (progress && !progress(0.0, "Reading annotations"))
        return GroundTruthRead::Cancelled;
    runOnAllCores(
        [&](bool reports) {
            simdjson::dom::parser parser;
            std::vector<char> buffer;
            std::vector<CocoElementValues> values;
            for (std::size_t b; !failed && (b = next.fetch_add(1)) < blocks.size();) {
                const auto [begin, end] = spans[b];
                const std::size_t length = wrapAsArray(view.substr(begin, end - begin), buffer);
                readBlock(blocks[b], buffer.data(), length, file, builder, parser, BlockKind::Annotations,
                          values);
                failed = failed || !blocks[b].ok;
                const std::size_t finished = done.fetch_add(1) + 1;
                if (reports && progress &&
                    !progress(static_cast<double>(finished) / static_cast<double>(blocks.size()),
                              "Reading annotations")) {
                    cancelled = failed = true;
                    return;
                }
            }
        },
        [&] { failed = true; });
    if (cancelled)
        return GroundTruthRead::Cancelled;
    if (failed) {
        // Something to report, or not JSON at all: the annotations alone on one DOM tell which.
        blocks.clear();
        simdjson::dom::parser parser;
        array annotationArray;
        if (parser.parse(text.data() + annotations->begin, annotations->end - annotations->begin, false)
                .get(annotationArray))
            return GroundTruthRead::NotTaken;
        return reader.readAnnotations(annotationArray, field, progress) ? GroundTruthRead::Done
                                                                        : GroundTruthRead::Cancelled;
    }
    std::size_t offset = 0;
    for (ResultBlock& b : blocks) {
        for (std::uint32_t k : b.warned) {
            const std::size_t i = offset + k;
            checkDetection(
                b.items[k], file, [i] { return "/annotations/" + std::to_string(i); }, diagnostics);
        }
        offset += b.items.size();
        field.append(std::move(b.sampleOf), std::move(b.items));
    }
    return GroundTruthRead::Done;
}

} // namespace

InputRole CocoGroundTruthLoader::probe(const InputProbe& input) const
{
    if (input.isDirectory)
        return InputRole::NotMine;
    const auto v = firstNonSpace(input.head);
    if (!v.starts_with('{'))
        return InputRole::NotMine;
    const bool coco = v.find("\"images\"") != std::string_view::npos ||
                      v.find("\"annotations\"") != std::string_view::npos ||
                      v.find("\"categories\"") != std::string_view::npos;
    return coco ? InputRole::Samples : InputRole::NotMine;
}

std::string CocoGroundTruthLoader::notRecognisedBecause(const InputProbe& input) const
{
    if (input.isDirectory)
        return {};
    const std::string start = formats::describeStart(input.head);
    if (start == "a JSON object")
        return "a JSON object without \"images\", \"annotations\" or \"categories\"";
    return start + ", not a JSON object with \"images\", \"annotations\" and \"categories\"";
}

bool CocoGroundTruthLoader::load(const InputProbe& input, DatasetBuilder& builder,
                                 DiagnosticList& diagnostics, const ProgressCallback& progress) const
{
    const std::string file = input.path.string();
    simdjson::padded_string text;
    if (!readJsonText(input.path, text, diagnostics))
        return true;
    {
        // The fast path works on a copy of the (still empty) builder and its own diagnostics, so
        // that handing the file back leaves no trace.
        DatasetBuilder fast = builder;
        DiagnosticList fastDiagnostics;
        switch (readGroundTruthFast(text, file, name(), fast, fastDiagnostics, progress)) {
        case GroundTruthRead::Done:
            builder = std::move(fast);
            for (Diagnostic& d : fastDiagnostics.take())
                diagnostics.add(std::move(d));
            return true;
        case GroundTruthRead::Cancelled:
            return false;
        case GroundTruthRead::NotTaken:
            break;
        }
    }
    JsonDocument doc;
    if (!doc.parse(file, std::move(text), diagnostics))
        return true;
    object root;
    if (doc.root().get(root)) {
        diagnostics.error(file, "/",
                          "expected a COCO object with \"images\", \"annotations\" and \"categories\"");
        return true;
    }
    array images, annotations, categories;
    for (auto [key, target] :
         {std::pair{"images", &images}, {"annotations", &annotations}, {"categories", &categories}}) {
        element e;
        if (root.at_key(key).get(e)) {
            diagnostics.error(
                file, "/",
                std::string("missing key \"") + key +
                    "\" (a COCO ground-truth file needs \"images\", \"annotations\" and \"categories\")");
            return true;
        }
        if (e.get(*target)) {
            diagnostics.error(file, std::string("/") + key,
                              "expected an array, found " + jsonTypeName(e.type()));
            return true;
        }
    }
    GroundTruthReader reader(file, builder, diagnostics);
    reader.readCategories(categories);
    reader.readImages(images);
    auto& field = builder.addField("ground_truth", name(), file);
    return reader.readAnnotations(annotations, field, progress);
}

InputRole CocoResultsLoader::probe(const InputProbe& input) const
{
    if (input.isDirectory)
        return InputRole::NotMine;
    const auto v = firstNonSpace(input.head);
    if (!v.starts_with('['))
        return InputRole::NotMine;
    // A results list; an empty list is a model that found nothing.
    const auto rest = skipJsonSpace(v.substr(1));
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

std::unique_ptr<PreparedInput> CocoResultsLoader::prepare(const InputProbe& input) const
{
    if (input.isDirectory)
        return nullptr;
    DiagnosticList unreported; // load() checks the file again and says what is wrong
    const std::optional<std::uintmax_t> size = checkJsonFile(input.path, unreported);
    if (!size)
        return nullptr;
    try {
        return std::make_unique<ResultsPrefetch>(input.path, *size);
    } catch (const std::system_error&) {
        return nullptr; // no thread to scan ahead with (short of memory or threads): load() reads it all
    }
}

bool CocoResultsLoader::load(const InputProbe& input, DatasetBuilder& builder, DiagnosticList& diagnostics,
                             const ProgressCallback& progress) const
{
    return loadResults(input, nullptr, builder, diagnostics, progress);
}

bool CocoResultsLoader::loadPrepared(const InputProbe& input, std::unique_ptr<PreparedInput> prepared,
                                     DatasetBuilder& builder, DiagnosticList& diagnostics,
                                     const ProgressCallback& progress) const
{
    return loadResults(input, prepared.get(), builder, diagnostics, progress);
}

bool CocoResultsLoader::loadResults(const InputProbe& input, PreparedInput* prepared, DatasetBuilder& builder,
                                    DiagnosticList& diagnostics, const ProgressCallback& progress) const
{
    const std::string file = input.path.string();
    if (builder.sampleCount() == 0 && builder.samplesSource.empty()) {
        diagnostics.error(file, {}, "a COCO results file needs a COCO ground-truth file opened with it");
        return true;
    }
    const std::optional<std::uintmax_t> size = checkJsonFile(input.path, diagnostics);
    if (!size)
        return true;
    std::optional<std::uintmax_t> checkWithin;
    switch (readResultsFast(input.path, *size, input.path.stem().string(), name(), builder, diagnostics,
                            progress, dynamic_cast<ResultsPrefetch*>(prepared), checkWithin)) {
    case FastRead::Done:
        return true;
    case FastRead::Cancelled:
        return false;
    case FastRead::MaybeNotJson:
        // A file broken early is reported without reading the rest of it (it could be gigabytes).
        if (findJsonSyntaxError(input.path, diagnostics, checkWithin))
            return true;
        break;
    case FastRead::NotTaken:
        break;
    }
    simdjson::padded_string text;
    if (!readJsonText(input.path, text, diagnostics))
        return true;
    JsonDocument doc;
    if (!doc.parse(file, std::move(text), diagnostics))
        return true;
    array results;
    if (doc.root().get(results)) {
        diagnostics.error(file, "/", "expected a list of results, found " + jsonTypeName(doc.root().type()));
        return true;
    }
    const int errorsBefore = static_cast<int>(diagnostics.items().size());
    auto& field = builder.addField(input.path.stem().string(), name(), file);
    field.reserve(results.size());
    UnknownImageIds unknownImages;
    std::size_t index = 0;
    for (element r : results) {
        const std::size_t i = index++;
        if (static_cast<int>(diagnostics.items().size()) - errorsBefore >= kMaxErrorsPerFile) {
            diagnostics.error(file, {}, "too many errors; stopped reading results");
            break;
        }
        if (progress && i % kProgressEvery == 0 &&
            !progress(static_cast<double>(i) / static_cast<double>(results.size()), "Reading results"))
            return false;
        std::string path = "/";
        path += std::to_string(i);
        object o;
        if (r.get(o)) {
            diagnostics.error(file, path, "expected a result object, found " + jsonTypeName(r.type()));
            continue;
        }
        auto imageId = required(o, "image_id", file, path, diagnostics);
        auto categoryId = required(o, "category_id", file, path, diagnostics);
        auto bbox = required(o, "bbox", file, path, diagnostics);
        if (!imageId || !categoryId || !bbox)
            continue;
        std::optional<SampleIndex> sample;
        std::string idText;
        if (auto id = jsonInteger(*imageId)) {
            sample = builder.findSampleByNumericId(*id);
            idText = std::to_string(*id);
        } else if (std::string_view sid; !imageId->get(sid)) {
            sample = builder.findSampleById(sid);
            idText = "\"" + std::string(sid) + "\"";
        }
        if (!sample) {
            // Reported once per id, with how many results use it, after the whole list is read.
            if (idText.empty())
                diagnostics.error(file, path + "/image_id", "expected an image id (a number or a string)");
            else
                unknownImages.note(idText, path + "/image_id");
            continue;
        }
        Detection d;
        if (!readBox(*bbox, d.box, file, path + "/bbox", diagnostics))
            continue;
        auto category = jsonInteger(*categoryId);
        if (!category) {
            diagnostics.error(file, path + "/category_id", "expected an integer category id");
            continue;
        }
        if (auto label = builder.category(*category)) {
            d.label = *label;
        } else {
            diagnostics.warning(file, path + "/category_id",
                                "category id not in the ground truth's categories (kept, named by its id)");
            d.label = builder.label("category " + std::to_string(*category));
            builder.setCategory(*category, d.label);
        }
        d.area = d.box.area();
        if (element score; !o.at_key("score").get(score)) {
            if (auto v = jsonNumber(score)) {
                d.confidence = *v;
            } else if (!score.is_null()) {
                diagnostics.error(file, path + "/score",
                                  "expected a number, found " + jsonTypeName(score.type()));
                continue;
            }
        }
        if (!d.hasConfidence())
            diagnostics.warning(file, path, "result without a \"score\" (never kept at any threshold)");
        if (!checkDetection(
                d, file, [&] { return path; }, diagnostics))
            continue;
        field.add(*sample, d);
    }
    unknownImages.report(file, diagnostics);
    return true;
}

} // namespace optconf
