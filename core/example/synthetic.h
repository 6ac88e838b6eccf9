// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace optconf {

/// A simulated detector's character.
struct SyntheticModel
{
    std::string name;
    double recall = 0.85;        ///< chance that an object is found at all
    double localisation = 0.06;  ///< box jitter as a fraction of the object size
    double duplicateRate = 0.10; ///< chance of a second, worse box on a found object
    double confusionRate = 0.05; ///< chance that a found object gets another class
    double falsePositivesPerImage = 1.5;
    double scoreSharpness = 3.0;  ///< how well scores separate true from false detections
    double coarseScoreRate = 0.2; ///< share of scores rounded to 2 decimals (ties)
    /// Decimals of the other scores (more: more distinct scores); 0: float32 scores written at
    /// full precision, as Python writes a detector's numpy.float32 (0.8723456263542175).
    int scoreDecimals = 4;
};

/// Simulated ground truth and detectors: seeded and deterministic on every platform (own PRNG,
/// own distributions), for the bundled example, tests and benchmarks.
struct SyntheticSpec
{
    std::uint64_t seed = 1;
    int images = 200;
    int classes = 6;
    double objectsPerImage = 4.0;
    double crowdRate = 0.02; ///< share of objects that are crowd regions
    int width = 640;
    int height = 480;
    std::vector<SyntheticModel> models;
};

struct SyntheticDataset
{
    std::string groundTruthJson;          ///< COCO ground truth
    std::vector<std::string> resultsJson; ///< COCO results, one per model
};

SyntheticDataset generateSynthetic(const SyntheticSpec& spec);

/// Writes `ground_truth.json` and `<model>.json` into `folder`; returns the paths (GT first).
std::vector<std::filesystem::path> writeSynthetic(const SyntheticSpec& spec,
                                                  const std::filesystem::path& folder);

/// The two models of the bundled example: a strong and a weak detector.
std::vector<SyntheticModel> exampleModels();

} // namespace optconf
