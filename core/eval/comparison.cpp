// SPDX-License-Identifier: MIT
#include "core/eval/comparison.h"

#include "core/eval/deployed.h"
#include "core/eval/joint_thresholds.h"
#include "core/eval/parallel.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <map>
#include <mutex>
#include <set>

namespace optconf {

namespace {

/// Images matched per work item: small enough that models share the cores evenly, large enough
/// that taking an item costs nothing next to matching it.
constexpr std::size_t kChunkImages = 256;

/// One model's matching pass with where each image's records start.
struct ImageMatch
{
    MatchResult match;
    std::vector<std::uint32_t> predictionStart;  ///< size images + 1, into match.predictions
    std::vector<std::uint32_t> groundTruthStart; ///< size images + 1, into match.groundTruth
};

struct Chunk
{
    MatchResult match;
    std::vector<std::uint32_t> predictionsPerImage, groundTruthPerImage;
};

/// Matches every model's images, all models' chunks shared out among all cores. Each chunk is
/// matched image by image (Matcher::matchImages appends images in order, so the concatenation is
/// the record list Matcher::run folds) to learn where each image's records are.
std::optional<std::vector<ImageMatch>> matchModels(const Dataset& dataset, const ComparisonRequest& request,
                                                   const ComparisonCallback& progress, double share)
{
    const LabelField& gt = *dataset.field(request.base.groundTruthField);
    std::vector<Matcher> matchers;
    matchers.reserve(request.predictionFields.size());
    for (const std::string& name : request.predictionFields)
        matchers.emplace_back(dataset, gt, *dataset.field(name), request.base.match);
    const std::size_t n = dataset.samples.size();
    const std::size_t chunksPerModel = (n + kChunkImages - 1) / kChunkImages;
    const std::size_t items = chunksPerModel * matchers.size();
    std::vector<Chunk> chunks(items);
    std::atomic<std::size_t> next{0}, done{0};
    std::atomic<bool> cancelled{false};

    runOnAllCores(
        [&](bool callingThread) {
            for (;;) {
                const std::size_t item = next.fetch_add(1);
                if (item >= items || cancelled.load())
                    return;
                const Matcher& matcher = matchers[item / chunksPerModel];
                const std::size_t first = (item % chunksPerModel) * kChunkImages;
                const std::size_t last = std::min(n, first + kChunkImages);
                Chunk& chunk = chunks[item];
                chunk.match.apGroundTruthPerLabel.assign(dataset.labels.size(), 0);
                for (std::size_t image = first; image < last; ++image) {
                    MatchResult one = matcher.matchImages(image, image + 1);
                    chunk.predictionsPerImage.push_back(static_cast<std::uint32_t>(one.predictions.size()));
                    chunk.groundTruthPerImage.push_back(static_cast<std::uint32_t>(one.groundTruth.size()));
                    chunk.match.append(std::move(one));
                }
                const std::size_t finished = done.fetch_add(1) + 1;
                if (callingThread && progress &&
                    !progress(
                        {share * static_cast<double>(finished) / static_cast<double>(items), "matching"}))
                    cancelled = true;
            }
        },
        [&] { cancelled = true; });
    if (cancelled.load())
        return std::nullopt;

    std::vector<ImageMatch> out(matchers.size());
    for (std::size_t m = 0; m < matchers.size(); ++m) {
        ImageMatch& im = out[m];
        im.match.apGroundTruthPerLabel.assign(dataset.labels.size(), 0);
        im.predictionStart.reserve(n + 1);
        im.groundTruthStart.reserve(n + 1);
        im.predictionStart.push_back(0);
        im.groundTruthStart.push_back(0);
        for (std::size_t c = 0; c < chunksPerModel; ++c) {
            Chunk& chunk = chunks[m * chunksPerModel + c];
            for (std::size_t i = 0; i < chunk.predictionsPerImage.size(); ++i) {
                im.predictionStart.push_back(im.predictionStart.back() + chunk.predictionsPerImage[i]);
                im.groundTruthStart.push_back(im.groundTruthStart.back() + chunk.groundTruthPerImage[i]);
            }
            im.match.append(std::move(chunk.match));
            chunk = Chunk{};
        }
    }
    return out;
}

/// What evaluate() does after matching, in the same order, so that each model equals its single run.
EvaluationResult finish(const Dataset& dataset, const EvaluationRequest& request, MatchResult match)
{
    EvaluationResult result;
    result.request = request;
    result.imageCount = dataset.samples.size();
    if (request.match.computeAp)
        result.ap = averagePrecision(match, dataset.labels.size(), request.match.protocol);
    match.apDetections = {};
    result.sweep = sweep(match, dataset.labels, request.sweep);
    result.match = std::move(match);
    return result;
}

/// Counts small enough to keep per image and per (model, threshold).
struct ImageCounts
{
    std::int32_t tp = 0, fp = 0, fn = 0;
};

/// One image's counts at threshold t, by the rules of ThresholdCounter::at.
ImageCounts countImage(const MatchResult& match, const ImageMatch& im, std::size_t image, double t,
                       bool pluginParity)
{
    ImageCounts c;
    for (std::uint32_t i = im.predictionStart[image]; i < im.predictionStart[image + 1]; ++i) {
        const MatchedPrediction& p = match.predictions[i];
        if (!(p.score >= t))
            continue;
        c.tp += p.status == PredictionStatus::TruePositive;
        c.fp += p.status == PredictionStatus::FalsePositive;
    }
    for (std::uint32_t i = im.groundTruthStart[image]; i < im.groundTruthStart[image + 1]; ++i) {
        const CountedGroundTruth& g = match.groundTruth[i];
        // Plugin parity: an image without a kept prediction is filtered out, its objects not missed.
        if (g.recoveredAt < t && !(pluginParity && g.imageMaxScore < t))
            ++c.fn;
    }
    return c;
}

double f1Of(std::int64_t tp, std::int64_t fp, std::int64_t fn)
{
    return f1At(Counts{tp, fp, fn});
}

/// splitmix64: a seedable generator whose stream is the same on every platform and library.
std::uint64_t splitmix(std::uint64_t& state)
{
    std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/// numpy.quantile's default (linear) on sorted values.
double quantile(const std::vector<double>& sorted, double q)
{
    const double h = q * static_cast<double>(sorted.size() - 1);
    const auto lo = static_cast<std::size_t>(std::floor(h));
    const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
    if (sorted[lo] == sorted[hi])
        return sorted[lo];
    return sorted[lo] + (h - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]);
}

/// The pairs' estimates, from per-image counts at each (model, slot): slot 0 is the model's own
/// optimum, slot 1 the common threshold.
void bootstrap(const ComparisonRequest& request, const std::vector<ImageCounts>& counts, std::size_t images,
               std::size_t models, std::vector<PairComparison>& pairs)
{
    const std::size_t combos = 2 * models;
    const auto replicates = static_cast<std::size_t>(request.bootstrapReplicates);
    // diffs[(pair * 2 + slot) * replicates + r]
    std::vector<double> diffs(pairs.size() * 2 * replicates, 0.0);
    std::atomic<std::size_t> next{0};
    runOnAllCores([&](bool) {
        std::vector<std::int64_t> sum(combos * 3);
        for (;;) {
            const std::size_t r = next.fetch_add(1);
            if (r >= replicates)
                return;
            // Each replicate's own stream: the same draws however many threads run.
            std::uint64_t state = request.seed * 0x2545f4914f6cdd1dULL + r;
            splitmix(state);
            std::fill(sum.begin(), sum.end(), 0);
            for (std::size_t k = 0; k < images; ++k) {
                // The top 32 bits scaled to [0, images): Lemire's multiply-shift, no division.
                const auto image = static_cast<std::size_t>(((splitmix(state) >> 32) * images) >> 32);
                const ImageCounts* row = &counts[image * combos];
                for (std::size_t c = 0; c < combos; ++c) {
                    sum[c * 3] += row[c].tp;
                    sum[c * 3 + 1] += row[c].fp;
                    sum[c * 3 + 2] += row[c].fn;
                }
            }
            auto f1 = [&](std::size_t combo) {
                return f1Of(sum[combo * 3], sum[combo * 3 + 1], sum[combo * 3 + 2]);
            };
            for (std::size_t p = 0; p < pairs.size(); ++p)
                for (std::size_t slot = 0; slot < 2; ++slot)
                    diffs[(p * 2 + slot) * replicates + r] =
                        f1(pairs[p].b * 2 + slot) - f1(pairs[p].a * 2 + slot);
        }
    });

    const double alpha = 1.0 - request.confidenceLevel;
    for (std::size_t p = 0; p < pairs.size(); ++p)
        for (std::size_t slot = 0; slot < 2; ++slot) {
            BootstrapEstimate* e =
                slot == 0 ? (pairs[p].atOptimum ? &*pairs[p].atOptimum : nullptr) : &pairs[p].atCommon;
            if (!e)
                continue;
            std::vector<double> d(diffs.begin() + static_cast<std::ptrdiff_t>((p * 2 + slot) * replicates),
                                  diffs.begin() +
                                      static_cast<std::ptrdiff_t>((p * 2 + slot + 1) * replicates));
            const auto wins = [&](auto better) {
                return static_cast<double>(std::count_if(d.begin(), d.end(), better)) /
                       static_cast<double>(replicates);
            };
            e->winShareB = wins([](double x) { return x > 0; });
            e->winShareA = wins([](double x) { return x < 0; });
            std::sort(d.begin(), d.end());
            e->lower = quantile(d, alpha / 2);
            e->upper = quantile(d, 1 - alpha / 2);
        }
}

} // namespace

std::optional<std::string> validate(const Dataset& dataset, const ComparisonRequest& request)
{
    if (request.predictionFields.size() < 2)
        return "choose at least two prediction fields to compare";
    std::set<std::string> seen;
    for (const std::string& name : request.predictionFields) {
        if (!seen.insert(name).second)
            return "prediction field '" + name + "' is named twice";
        EvaluationRequest one = request.base;
        one.predictionField = name;
        if (auto error = validate(dataset, one))
            return error;
    }
    if (request.bootstrapReplicates < 1 || request.bootstrapReplicates > 1'000'000)
        return "the bootstrap needs between 1 and 1000000 replicates";
    if (!(request.confidenceLevel > 0.0 && request.confidenceLevel < 1.0))
        return "the confidence level must be between 0 and 1";
    if (!std::isfinite(request.commonThreshold))
        return "the common threshold must be a finite number";
    return std::nullopt;
}

std::optional<Metrics> deployedThresholdsFigures(const EvaluationResult& result)
{
    const SweepOptions& so = result.sweep.options;
    const auto rule = applyRule(classRows(result), ThresholdRule::Independent, GuardRails{},
                                RuleSettings{so.lower, so.upper, so.objective});
    if (!rule)
        return std::nullopt;
    const auto figures = deployedFigures(result, rule->thresholdMap());
    if (!figures)
        return std::nullopt;
    return figures->total;
}

std::optional<ComparisonResult> compare(const Dataset& dataset, const ComparisonRequest& request,
                                        const ComparisonCallback& progress)
{
    constexpr double kMatchShare = 0.85, kSweepShare = 0.1;
    auto matched = matchModels(dataset, request, progress, kMatchShare);
    if (!matched)
        return std::nullopt;
    const std::size_t models = matched->size();
    const std::size_t images = dataset.samples.size();

    ComparisonResult result;
    result.request = request;
    for (std::size_t m = 0; m < models; ++m) {
        if (progress &&
            !progress({kMatchShare + kSweepShare * static_cast<double>(m) / static_cast<double>(models),
                       "sweeping"}))
            return std::nullopt;
        EvaluationRequest one = request.base;
        one.predictionField = request.predictionFields[m];
        // The result keeps the records, as a single run does; the bootstrap reads them there.
        result.models.push_back(finish(dataset, one, std::move((*matched)[m].match)));
    }

    for (const EvaluationResult& r : result.models) {
        ModelRow row;
        row.field = r.request.predictionField;
        row.optimum = r.sweep.total.optimum;
        row.ap50 = r.ap.ap50;
        row.ap50_95 = r.ap.ap50_95;
        if (const auto deployed = deployedThresholdsFigures(r)) {
            row.deployedCounts = deployed->counts;
            if (deployed->f1Defined)
                row.deployedF1 = deployed->f1;
        }
        result.rows.push_back(std::move(row));
    }

    // Per-class: the union of the models' classes.
    std::map<std::pair<std::string, LabelId>, ClassComparisonRow> byClass;
    for (std::size_t m = 0; m < models; ++m)
        for (const ClassCurve& c : result.models[m].sweep.classes) {
            ClassComparisonRow& row = byClass[{c.name, c.label}];
            row.label = c.label;
            row.name = c.name;
            row.f1.resize(models);
            if (c.atGlobalOptimum && c.atGlobalOptimum->f1Defined)
                row.f1[m] = c.atGlobalOptimum->f1;
        }
    for (auto& [key, row] : byClass) {
        for (std::size_t m = 0; m < models; ++m)
            if (row.f1[m] && (!row.winner || *row.f1[m] > *row.f1[*row.winner]))
                row.winner = m;
        result.classes.push_back(std::move(row));
    }

    if (progress && !progress({kMatchShare + kSweepShare, "bootstrap"}))
        return std::nullopt;
    // Per-image counts at each model's own optimum (slot 0) and at the common threshold (slot 1).
    const std::size_t combos = 2 * models;
    std::vector<ImageCounts> counts(images * combos);
    const bool parity = request.base.sweep.pluginParity;
    for (std::size_t m = 0; m < models; ++m) {
        const std::optional<Metrics>& optimum = result.rows[m].optimum;
        for (std::size_t i = 0; i < images; ++i) {
            if (optimum)
                counts[i * combos + m * 2] =
                    countImage(result.models[m].match, (*matched)[m], i, optimum->threshold, parity);
            counts[i * combos + m * 2 + 1] =
                countImage(result.models[m].match, (*matched)[m], i, request.commonThreshold, parity);
        }
    }
    auto observed = [&](std::size_t combo) {
        std::int64_t tp = 0, fp = 0, fn = 0;
        for (std::size_t i = 0; i < images; ++i) {
            tp += counts[i * combos + combo].tp;
            fp += counts[i * combos + combo].fp;
            fn += counts[i * combos + combo].fn;
        }
        return f1Of(tp, fp, fn);
    };
    for (std::size_t a = 0; a < models; ++a)
        for (std::size_t b = a + 1; b < models; ++b) {
            PairComparison pair;
            pair.a = a;
            pair.b = b;
            if (result.rows[a].optimum && result.rows[b].optimum) {
                BootstrapEstimate e;
                e.thresholdA = result.rows[a].optimum->threshold;
                e.thresholdB = result.rows[b].optimum->threshold;
                e.difference = observed(b * 2) - observed(a * 2);
                pair.atOptimum = e;
            }
            pair.atCommon.thresholdA = pair.atCommon.thresholdB = request.commonThreshold;
            pair.atCommon.difference = observed(b * 2 + 1) - observed(a * 2 + 1);
            result.pairs.push_back(pair);
        }
    bootstrap(request, counts, images, models, result.pairs);
    if (progress)
        progress({1.0, "bootstrap"});
    return result;
}

std::string plainStatement(const std::string& a, const std::string& b, const BootstrapEstimate& e,
                           double confidenceLevel)
{
    auto number = [](double v) {
        char text[32];
        std::snprintf(text, sizeof text, "%.3f", v);
        return std::string(text);
    };
    char level[32];
    std::snprintf(level, sizeof level, "%g", 100 * confidenceLevel);
    if (e.difference == 0)
        return a + " and " + b + " have the same F1, " + level + " % CI [" + number(e.lower) + ", " +
               number(e.upper) + "]";
    // The interval is of the difference as stated: the better model's F1 minus the other's.
    const bool bBetter = e.difference > 0;
    const std::string interval = std::string(level) + " % CI [" + number(bBetter ? e.lower : 0.0 - e.upper) +
                                 ", " + number(bBetter ? e.upper : 0.0 - e.lower) + "]";
    const std::string sentence = (bBetter ? b : a) + " better than " + (bBetter ? a : b) + " by " +
                                 number(std::abs(e.difference)) + " F1, " + interval;
    // An interval that contains 0 does not exclude no difference at all.
    if (e.lower <= 0 && e.upper >= 0)
        return sentence + ": not a clear difference";
    return sentence;
}

} // namespace optconf
