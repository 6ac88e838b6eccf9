// SPDX-License-Identifier: MIT
#include "core/example/scene.h"

#include "core/eval/random.h"

#include <algorithm>
#include <cmath>
#include <string_view>

namespace optconf {

namespace {

/// FNV-1a: the picture's seed from what names the image, so it does not depend on the order the
/// images were loaded in.
std::uint64_t nameSeed(std::string_view id, std::string_view fileName)
{
    std::uint64_t h = 0xcbf29ce484222325ull;
    for (const std::string_view text : {id, std::string_view("/"), fileName})
        for (const char c : text) {
            h ^= static_cast<unsigned char>(c);
            h *= 0x100000001b3ull;
        }
    return h;
}

double unit(SplitMix64& rng)
{
    return static_cast<double>(rng.next() >> 11) * 0x1.0p-53;
}

std::uint32_t shade(std::uint32_t rgb, double factor)
{
    auto channel = [&](int shift) {
        const double v = std::clamp(((rgb >> shift) & 0xffu) * factor, 0.0, 255.0);
        return static_cast<std::uint32_t>(std::lround(v)) << shift;
    };
    return channel(16) | channel(8) | channel(0);
}

std::vector<float> lattice(SplitMix64& rng, int columns, int rows)
{
    std::vector<float> values(static_cast<std::size_t>(columns + 1) * static_cast<std::size_t>(rows + 1));
    for (float& v : values)
        v = static_cast<float>(2 * unit(rng) - 1);
    return values;
}

/// Muted backgrounds (sky over grass, sand, asphalt, a room, a field), so the boxes drawn over
/// the picture stay the strongest colours in it.
constexpr std::uint32_t kBackgrounds[][2] = {
    {0xb8c6cf, 0x8a9a7a}, {0xd8cfb8, 0xa89a7c}, {0x9aa0a6, 0x5f6368},
    {0xcfc6b9, 0x8c7f70}, {0xa9b8a0, 0x6f7f5a},
};

/// Class colours: darker and less saturated than the box colours of the image views.
constexpr std::uint32_t kClassColours[] = {0x8c5a3c, 0x3f5f8f, 0x8a8a3a, 0xa87850, 0x6a4a7a,
                                           0x8f3f3f, 0xb89a38, 0x606060, 0x2f6f76, 0x9a3050};

} // namespace

std::uint32_t sceneClassColour(LabelId label)
{
    return kClassColours[label % (sizeof kClassColours / sizeof kClassColours[0])];
}

SyntheticScene describeScene(const Sample& sample, std::span<const Detection> groundTruth, BoxUnits units)
{
    SyntheticScene scene;
    scene.width = sample.width > 0 ? sample.width : 640;
    scene.height = sample.height > 0 ? sample.height : 480;
    // A generator of its own, seeded by the image: the simulator's boxes and scores come from
    // another stream, which the pictures leave untouched.
    SplitMix64 rng(nameSeed(sample.id, sample.fileName));

    SceneTexture& t = scene.texture;
    const auto& colours = kBackgrounds[rng.below(sizeof kBackgrounds / sizeof kBackgrounds[0])];
    t.top = shade(colours[0], 0.85 + 0.3 * unit(rng));
    t.bottom = shade(colours[1], 0.85 + 0.3 * unit(rng));
    t.coarseColumns = 4 + static_cast<int>(rng.below(6));
    t.coarseRows = 3 + static_cast<int>(rng.below(4));
    t.coarse = lattice(rng, t.coarseColumns, t.coarseRows);
    t.fineColumns = 32 + static_cast<int>(rng.below(32));
    t.fineRows = t.fineColumns * 3 / 4;
    t.fine = lattice(rng, t.fineColumns, t.fineRows);

    const double sx = units == BoxUnits::Relative ? scene.width : 1.0;
    const double sy = units == BoxUnits::Relative ? scene.height : 1.0;
    for (const Detection& d : groundTruth) {
        const Box box{d.box.x * sx, d.box.y * sy, d.box.w * sx, d.box.h * sy};
        const auto shape = static_cast<SceneShape>(d.label % kSceneShapeCount);
        const std::uint32_t colour = sceneClassColour(d.label);
        if (!d.crowd) {
            scene.objects.push_back({box, shape, shade(colour, 0.9 + 0.2 * unit(rng)), false});
            continue;
        }
        // A crowd region is a group of small members of its class, as a detector sees it.
        const int members = 4 + static_cast<int>(rng.below(5));
        for (int m = 0; m < members; ++m) {
            const double w = box.w * (0.18 + 0.14 * unit(rng));
            const double h = box.h * (0.3 + 0.3 * unit(rng));
            scene.objects.push_back({{box.x + (box.w - w) * unit(rng), box.y + (box.h - h) * unit(rng), w, h},
                                     shape,
                                     shade(colour, 0.8 + 0.4 * unit(rng)),
                                     true});
        }
    }
    // Small objects in front of big ones, as in a photograph taken from above.
    std::stable_sort(scene.objects.begin(), scene.objects.end(),
                     [](const SceneObject& a, const SceneObject& b) { return a.box.area() > b.box.area(); });
    return scene;
}

} // namespace optconf
