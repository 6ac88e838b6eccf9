// SPDX-License-Identifier: MIT
#pragma once

#include "core/eval/parallel.h"

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <vector>

namespace optconf {

/// Runs `work(first, last)` over the images [0, images) in chunks on every core and returns the
/// chunks' results in image order, so that appending them in turn gives exactly what one pass in
/// image order gives (images are independent).
template<class Part, class Work>
std::vector<Part> mapImageChunks(std::size_t images, const Work& work, std::size_t chunkImages = 32)
{
    const std::size_t chunks = (images + chunkImages - 1) / chunkImages;
    std::vector<Part> parts(chunks);
    std::atomic<std::size_t> next{0};
    runOnAllCores(
        [&](bool) {
            for (std::size_t c = next++; c < chunks; c = next++)
                parts[c] = work(c * chunkImages, std::min(images, (c + 1) * chunkImages));
        },
        [&] { next = chunks; });
    return parts;
}

} // namespace optconf
