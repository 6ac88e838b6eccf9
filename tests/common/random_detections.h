// SPDX-License-Identifier: MIT
#pragma once

// Small random datasets with few distinct scores per class, for brute-force and oracle tests.

#include "test_dataset.h"

#include <random>
#include <vector>

namespace optconf::test {

struct RandomImages
{
    std::vector<Image> gt, pred;
};

/// `images` images of up to 5 objects of classes a, b, c (c rarer), and up to 6 predictions with
/// scores from a short list with ties; boxes on a small grid so that many overlap.
inline RandomImages randomImages(std::mt19937_64& rng, int images)
{
    std::uniform_int_distribution<int> count(0, 5), pos(0, 5), size(1, 4), label(0, 4), scoreIndex(0, 7);
    const double scores[] = {0.05, 0.2, 0.3, 0.3, 0.55, 0.7, 0.85, 0.95};
    const char* labels[] = {"a", "a", "b", "b", "c"};
    RandomImages out;
    out.gt.resize(static_cast<std::size_t>(images));
    out.pred.resize(static_cast<std::size_t>(images));
    for (int i = 0; i < images; ++i) {
        for (int k = count(rng); k > 0; --k)
            out.gt[std::size_t(i)].push_back(
                {labels[label(rng)],
                 {double(pos(rng)), double(pos(rng)), double(size(rng)), double(size(rng))}});
        for (int k = count(rng) + 1; k > 0; --k)
            out.pred[std::size_t(i)].push_back(
                {labels[label(rng)],
                 {double(pos(rng)), double(pos(rng)), double(size(rng)), double(size(rng))},
                 scores[scoreIndex(rng)]});
    }
    return out;
}

/// The images as a dataset of weighted images would hold them: image i repeated weights[i] times
/// (the oracle of resampling: bootstrap replicates, weighted passes).
inline RandomImages repeatedImages(const RandomImages& images, const std::vector<std::uint32_t>& weights)
{
    RandomImages out;
    for (std::size_t i = 0; i < weights.size(); ++i)
        for (std::uint32_t k = 0; k < weights[i]; ++k) {
            out.gt.push_back(images.gt[i]);
            out.pred.push_back(images.pred[i]);
        }
    return out;
}

} // namespace optconf::test
