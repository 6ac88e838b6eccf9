// SPDX-License-Identifier: MIT
#include "core/eval/joint_thresholds.h"

#include <algorithm>
#include <cmath>

namespace optconf {

std::string ruleName(ThresholdRule rule)
{
    switch (rule) {
    case ThresholdRule::Global:
        return "global";
    case ThresholdRule::Independent:
        return "independent";
    case ThresholdRule::Joint:
        return "joint";
    }
    return {};
}

std::optional<ThresholdRule> parseRule(std::string_view text)
{
    for (ThresholdRule r : {ThresholdRule::Global, ThresholdRule::Independent, ThresholdRule::Joint})
        if (text == ruleName(r))
            return r;
    return std::nullopt;
}

Counts ClassRows::at(double t) const
{
    const auto it = std::lower_bound(thresholds.begin(), thresholds.end(), t);
    if (it == thresholds.end())
        return {0, 0, groundTruth};
    return counts[static_cast<std::size_t>(it - thresholds.begin())];
}

ClassRows classRows(const ThresholdCounter& counter, LabelId label, double lower)
{
    ClassRows rows;
    rows.label = label;
    rows.groundTruth = counter.groundTruthCount();
    rows.predictions = counter.predictionCount();
    rows.thresholds.push_back(lower);
    for (double s : counter.distinctScores())
        if (s > lower)
            rows.thresholds.push_back(s);
    rows.counts.reserve(rows.thresholds.size());
    for (double t : rows.thresholds)
        rows.counts.push_back(counter.at(t));
    return rows;
}

std::vector<ClassRows> classRows(const EvaluationResult& result)
{
    const auto counters = classCounters(result.match, 0, false);
    std::vector<ClassRows> out;
    for (const ClassCurve& c : result.sweep.classes)
        if (c.label < counters.size())
            out.push_back(classRows(counters[c.label], c.label, result.sweep.options.lower));
    return out;
}

ClassThresholdMap RuleResult::thresholdMap() const
{
    ClassThresholdMap map;
    map.defaultThreshold = globalThreshold;
    if (rule != ThresholdRule::Global) {
        if (rails.floor)
            map.defaultThreshold = std::max(map.defaultThreshold, *rails.floor);
        if (rails.ceiling)
            map.defaultThreshold = std::min(map.defaultThreshold, *rails.ceiling);
    }
    for (const ClassChoice& c : classes)
        map.byLabel[c.label] = c.threshold;
    return map;
}

namespace {

void add(Counts& to, const Counts& c)
{
    to.tp += c.tp;
    to.fp += c.fp;
    to.fn += c.fn;
}

bool defined(const Counts& c)
{
    return c.tp + c.fp + c.fn > 0;
}

/// One threshold a class may take in the joint rule, with its counts there.
struct Candidate
{
    double threshold;
    Counts counts;
    bool global; ///< the global fallback
};

} // namespace

std::optional<Metrics> globalOptimum(const std::vector<ClassRows>& rows, const RuleSettings& settings)
{
    // The summed counts change only at the classes' row thresholds: walk every class's changes
    // from the top down, and evaluate where a threshold in [lower, upper] is passed.
    struct Delta
    {
        double threshold;
        Counts change;
    };
    std::vector<Delta> deltas;
    Counts running;
    for (const ClassRows& r : rows) {
        running.fn += r.groundTruth;
        Counts above{0, 0, r.groundTruth};
        for (std::size_t k = r.thresholds.size(); k-- > 0;) {
            const Counts& c = r.counts[k];
            deltas.push_back({r.thresholds[k], {c.tp - above.tp, c.fp - above.fp, c.fn - above.fn}});
            above = c;
        }
    }
    std::sort(deltas.begin(), deltas.end(),
              [](const Delta& a, const Delta& b) { return a.threshold > b.threshold; });
    std::optional<Metrics> best;
    double bestObjective = 0;
    for (std::size_t i = 0; i < deltas.size();) {
        const double t = deltas[i].threshold;
        for (; i < deltas.size() && deltas[i].threshold == t; ++i)
            add(running, deltas[i].change);
        if (t > settings.upper || t < settings.lower || !defined(running))
            continue;
        const double o = objectiveAt(running, settings.objective);
        // Descending: an equal objective further down is a lower threshold, which wins ties.
        if (!best || !settings.objective.better(bestObjective, o)) {
            best = metricsAt(t, running, settings.objective);
            bestObjective = o;
        }
    }
    return best;
}

std::optional<RuleResult> applyRule(const std::vector<ClassRows>& rows, ThresholdRule rule,
                                    const GuardRails& rails, const RuleSettings& settings)
{
    const auto global = globalOptimum(rows, settings);
    if (!global)
        return std::nullopt;
    RuleResult out;
    out.rule = rule;
    out.rails = rails;
    out.globalThreshold = global->threshold;
    const bool own = rule != ThresholdRule::Global;
    auto clamp = [&](double t) {
        if (own && rails.floor)
            t = std::max(t, *rails.floor);
        if (own && rails.ceiling)
            t = std::min(t, *rails.ceiling);
        return t;
    };
    const double fallback = clamp(global->threshold);
    const double lo = own && rails.floor ? std::max(settings.lower, *rails.floor) : settings.lower;
    const double hi = own && rails.ceiling ? std::min(settings.upper, *rails.ceiling) : settings.upper;
    // Thresholds a class may be given by its own rows: `lo` (between scores when a floor lifts it)
    // and its scores in [lo, hi].
    auto ownThresholds = [&](const ClassRows& r, auto&& f) {
        if (!r.thresholds.empty() && r.thresholds.front() < lo)
            f(lo, r.at(lo));
        for (std::size_t k = 0; k < r.thresholds.size(); ++k)
            if (r.thresholds[k] >= lo && r.thresholds[k] <= hi)
                f(r.thresholds[k], r.counts[k]);
    };

    // The thresholds the joint rule may give a class, ascending: its own allowed ones that keep
    // enough true positives, the global fallback and, with minTruePositives 0, nothing.
    auto jointCandidates = [&](const ClassRows& r) {
        std::vector<Candidate> list;
        ownThresholds(r, [&](double t, const Counts& c) {
            if (c.tp >= rails.minTruePositives)
                list.push_back({t, c, false});
        });
        list.push_back({fallback, r.at(fallback), true});
        if (rails.minTruePositives <= 0)
            list.push_back({kSuppressed, {0, 0, r.groundTruth}, false});
        std::stable_sort(list.begin(), list.end(),
                         [](const Candidate& a, const Candidate& b) { return a.threshold < b.threshold; });
        return list;
    };
    auto takeCandidate = [](ClassChoice& cc, const Candidate& c) {
        cc.threshold = c.threshold;
        cc.counts = c.counts;
        if (c.global) {
            cc.source = ClassChoice::Source::Global;
            cc.reason = "the joint optimum keeps the global threshold";
        } else if (std::isinf(c.threshold)) {
            cc.source = ClassChoice::Source::Suppressed;
            cc.reason = "the joint optimum keeps none of its predictions";
        } else {
            cc.source = ClassChoice::Source::Own;
        }
    };

    std::vector<std::size_t> eligible;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const ClassRows& r = rows[i];
        ClassChoice c;
        c.label = r.label;
        c.groundTruth = r.groundTruth;
        c.predictions = r.predictions;
        c.threshold = fallback;
        if (own && rails.suppressWithoutGroundTruth && r.groundTruth == 0 && r.predictions > 0) {
            c.threshold = kSuppressed;
            c.source = ClassChoice::Source::Suppressed;
            c.reason = "no ground truth: every prediction is a false positive";
        } else if (own && r.groundTruth < rails.minGroundTruth) {
            c.reason = "fewer than " + std::to_string(rails.minGroundTruth) + " ground-truth objects";
        } else if (own) {
            eligible.push_back(i);
        }
        c.counts =
            c.source == ClassChoice::Source::Suppressed ? Counts{0, 0, r.groundTruth} : r.at(c.threshold);
        out.classes.push_back(std::move(c));
    }

    if (rule == ThresholdRule::Independent) {
        for (std::size_t i : eligible) {
            std::optional<Candidate> best;
            double bestObjective = 0;
            ownThresholds(rows[i], [&](double t, const Counts& c) {
                if (!defined(c))
                    return;
                const double o = objectiveAt(c, settings.objective);
                if (!best || settings.objective.better(o, bestObjective)) {
                    best = Candidate{t, c, false};
                    bestObjective = o;
                }
            });
            ClassChoice& choice = out.classes[i];
            if (!best)
                choice.reason = "no optimum in the threshold range";
            else if (best->counts.tp < rails.minTruePositives)
                choice.reason = rails.minTruePositives == 1
                                    ? "no true positive at its optimum"
                                    : "fewer than " + std::to_string(rails.minTruePositives) +
                                          " true positives at its optimum";
            else {
                choice.threshold = best->threshold;
                choice.counts = best->counts;
                choice.source = ClassChoice::Source::Own;
            }
        }
    } else if (rule == ThresholdRule::Joint && !eligible.empty() && settings.objective.isCost()) {
        // The cost is a sum over classes, so each class at its own cheapest allowed threshold
        // is jointly the cheapest; the candidates ascend, so ties keep the lowest threshold.
        for (std::size_t i : eligible) {
            const auto list = jointCandidates(rows[i]);
            std::size_t best = 0;
            for (std::size_t k = 1; k < list.size(); ++k)
                if (settings.objective.better(objectiveAt(list[k].counts, settings.objective),
                                              objectiveAt(list[best].counts, settings.objective)))
                    best = k;
            takeCandidate(out.classes[i], list[best]);
        }
    } else if (rule == ThresholdRule::Joint && !eligible.empty()) {
        // The overall F-beta is N / D with N = (1 + b2) TP and D = (1 + b2) TP + b2 FN + FP, both
        // sums over classes. For a fixed ratio p / q, maximising N q - p D splits by class; taking
        // each class's best and setting p / q to the ratio it reaches raises the ratio until no
        // class can raise it (Dinkelbach): then no combination does better.
        const double b2 = settings.objective.beta * settings.objective.beta;
        auto numerator = [&](const Counts& c) { return (1.0L + b2) * static_cast<long double>(c.tp); };
        auto denominator = [&](const Counts& c) {
            return (1.0L + b2) * static_cast<long double>(c.tp) + b2 * static_cast<long double>(c.fn) +
                   static_cast<long double>(c.fp);
        };
        std::vector<std::vector<Candidate>> candidates(eligible.size());
        for (std::size_t e = 0; e < eligible.size(); ++e)
            candidates[e] = jointCandidates(rows[eligible[e]]);
        Counts fixed;
        std::vector<bool> isEligible(rows.size(), false);
        for (std::size_t i : eligible)
            isEligible[i] = true;
        for (std::size_t i = 0; i < rows.size(); ++i)
            if (!isEligible[i])
                add(fixed, out.classes[i].counts);
        // Start from every class at the global fallback.
        std::vector<std::size_t> choice(eligible.size());
        for (std::size_t e = 0; e < eligible.size(); ++e)
            for (std::size_t k = 0; k < candidates[e].size(); ++k)
                if (candidates[e][k].global)
                    choice[e] = k;
        auto totals = [&](const std::vector<std::size_t>& ch) {
            Counts t = fixed;
            for (std::size_t e = 0; e < eligible.size(); ++e)
                add(t, candidates[e][ch[e]].counts);
            return t;
        };
        Counts current = totals(choice);
        for (int pass = 0; pass < 10000; ++pass) {
            long double p = numerator(current), q = denominator(current);
            if (q <= 0) {
                p = 0;
                q = 1;
            }
            std::vector<std::size_t> next(eligible.size());
            for (std::size_t e = 0; e < eligible.size(); ++e) {
                long double bestValue = 0;
                for (std::size_t k = 0; k < candidates[e].size(); ++k) {
                    const Counts& c = candidates[e][k].counts;
                    const long double v = numerator(c) * q - p * denominator(c);
                    if (k == 0 || v > bestValue) {
                        bestValue = v;
                        next[e] = k;
                    }
                }
            }
            const Counts nextTotals = totals(next);
            // Sum over classes of N q - p D, fixed classes included: positive iff the ratio rises.
            if (numerator(nextTotals) * q - p * denominator(nextTotals) <= 0)
                break;
            choice = std::move(next);
            current = nextTotals;
            ++out.iterations;
        }
        for (std::size_t e = 0; e < eligible.size(); ++e)
            takeCandidate(out.classes[eligible[e]], candidates[e][choice[e]]);
    }

    Counts total;
    for (const ClassChoice& c : out.classes)
        add(total, c.counts);
    out.deployed = metricsAt(global->threshold, total, settings.objective);
    return out;
}

} // namespace optconf
