// SPDX-License-Identifier: MIT
#pragma once

// The block path of the COCO loaders: a results file, or a ground truth's annotations, read in
// blocks of about 1 MiB on all cores (see json_blocks.h). A block is taken only when every element
// in it reads without anything the user must see in order (see SilentElementSink); otherwise the
// caller reads the whole document, which reports exactly.

#include "core/io/coco/coco_elements.h"
#include "core/io/coco/coco_scan.h"
#include "core/model/dataset.h"
#include "core/model/dataset_builder.h"

#include <simdjson.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <string>
#include <vector>

namespace optconf {

/// The elements of one block, read.
struct CocoBlock
{
    std::vector<SampleIndex> sampleOf;
    std::vector<Detection> items;
    std::vector<std::uint32_t> warned; ///< items whose warnings must be replayed (replayCocoWarnings())
    bool ok = false;                   ///< every element was taken
    bool notJson = false;              ///< the block is not JSON on its own

    void clear();
};

/// Which parser took a block.
enum class CocoBlockParse
{
    Scanner, ///< the plain COCO scanner (coco_scan.h): plain elements of the kind's own keys
    Dom,     ///< simdjson's DOM: anything else that is JSON (other keys, nested values, escapes)
    NotJson, ///< neither: not JSON
};

/// The parsers of one thread, reused from block to block.
struct CocoBlockParsers
{
    std::vector<CocoElementValues> scanned; ///< the scanner's output
    simdjson::dom::parser dom;
};

/// Reads one block, `json` = "[elements]" with simdjson's padding after it, into `block` (cleared
/// first); block.ok tells whether every element was taken. Throws std::bad_alloc when a parser
/// cannot get memory. Returns the parser that read it.
CocoBlockParse readCocoBlock(CocoBlock& block, const char* json, std::size_t length, const std::string& file,
                             const DatasetBuilder& builder, CocoBlockParsers& parsers, CocoElementKind kind);

/// Hands out the elements of a results file's top-level array in blocks, each wrapped as a JSON
/// array in the caller's buffer with simdjson's padding after it. The file is read sequentially
/// under a lock, a few hundred KiB at a time; the callers parse outside it.
class ResultBlockReader
{
public:
    /// False when the file is not a "[...]" with only whitespace (and a byte order mark) around.
    bool open(const std::filesystem::path& path, std::uintmax_t size);
    /// Reads the next block into `buffer` ("[" + elements + "]" + padding), with its JSON length
    /// and its number in file order; false at the end, after a read error (see failed()) or when
    /// no element boundary comes within kMaxBlockBytes (see tooLong()).
    bool next(std::vector<char>& buffer, std::size_t& length, std::size_t& index);

    bool failed() const { return m_failed; }
    /// No element boundary within kMaxBlockBytes: not a list of small objects, or not JSON at all
    /// (a file broken early would otherwise be read whole into one block before that shows).
    bool tooLong() const { return m_tooLong; }
    /// How far into the file the blocks handed out (and the one being read) reach.
    std::uintmax_t bytesRead() const;
    double fraction() const;

private:
    mutable std::mutex m_mutex;
    std::ifstream m_in;
    std::uintmax_t m_first = 0;                  ///< where the elements start
    std::uintmax_t m_total = 0, m_remaining = 0; ///< bytes of the array's elements
    std::string m_carry;                         ///< read past the last cut: starts the next block
    std::size_t m_blocksHandedOut = 0;
    bool m_done = false, m_failed = false, m_tooLong = false;
};

} // namespace optconf
