// SPDX-License-Identifier: MIT
#pragma once

// Small random datasets for the sweep's tests: few boxes on a small grid, so that equal IoUs and
// equal scores (ties) are common, with crowds, difficult objects, unscored predictions and boxes
// of negative size.
#include "test_dataset.h"

#include <iterator>
#include <random>
#include <vector>

namespace optconf::test {

/// With `units` Pixels, images of random sizes (some unknown, 0 x 0), so that the fiftyone protocol
/// divides the boxes by some of them: at a threshold of 0.3 or 0.5 integer boxes meet it exactly
/// in pixels, and the division can move them below.
inline Dataset randomDataset(std::mt19937_64& rng, int images, BoxUnits units = BoxUnits::Unknown)
{
    std::uniform_int_distribution<int> count(0, 6), pos(0, 6), size(1, 5), label(0, 2), scoreIndex(0, 8);
    std::bernoulli_distribution crowd(0.08), difficult(0.04), unscored(0.05), negative(0.03);
    const double scores[] = {0.05, 0.1, 0.25, 0.25, 0.5, 0.5, 0.7, 0.9, 1.0}; // ties on purpose
    const char* labels[] = {"a", "b", "c"};
    std::vector<Image> gt(static_cast<std::size_t>(images)), pred(static_cast<std::size_t>(images));
    for (int i = 0; i < images; ++i) {
        for (int k = count(rng); k > 0; --k) {
            Obj o{labels[label(rng)],
                  {double(pos(rng)), double(pos(rng)), double(size(rng)), double(size(rng))}};
            if (negative(rng))
                o.box.w = -o.box.w;
            o.crowd = crowd(rng);
            o.difficult = !o.crowd && difficult(rng);
            gt[std::size_t(i)].push_back(o);
        }
        for (int k = count(rng) + 1; k > 0; --k) {
            Obj o{labels[label(rng)],
                  {double(pos(rng)), double(pos(rng)), double(size(rng)), double(size(rng))}};
            o.score = unscored(rng) ? kNoConfidence : scores[scoreIndex(rng)];
            pred[std::size_t(i)].push_back(o);
        }
    }
    const ImageSize sizeChoices[] = {{100, 100}, {1920, 720}, {640, 480}, {7, 3}, {0, 0}};
    std::uniform_int_distribution<std::size_t> sizeIndex(0, std::size(sizeChoices) - 1);
    std::vector<ImageSize> sizes;
    for (int i = 0; i < images; ++i)
        sizes.push_back(sizeChoices[sizeIndex(rng)]);
    return makeDataset(gt, pred, units, sizes);
}

} // namespace optconf::test
