// SPDX-License-Identifier: MIT
// Shared by the run/cancel storm tests: two synthetic datasets of different sizes, the requests
// run on them, and the reference result of each (computed once, synchronously).
#pragma once

#include "core/eval/evaluation.h"
#include "core/example/synthetic.h"
#include "core/io/loader.h"

#include <QTemporaryDir>
#include <QTest>

#include <fstream>
#include <map>
#include <memory>
#include <string>

namespace storm {

struct Fixture
{
    QTemporaryDir dir;
    std::vector<std::vector<std::filesystem::path>> paths;         // per dataset
    std::vector<std::shared_ptr<const optconf::Dataset>> datasets; // per dataset
    std::vector<optconf::EvaluationRequest> requests;              // per dataset x 2
    std::map<std::pair<int, int>, optconf::Counts> reference;      // (dataset, request) -> optimum counts

    const optconf::EvaluationRequest& request(int dataset, int variant) const
    {
        return requests[static_cast<std::size_t>(dataset * 2 + variant)];
    }
};

/// Builds the fixture; returns an error text or empty.
inline QString build(Fixture& f)
{
    using namespace optconf;
    const int sizes[2] = {300, 3000};
    for (int i = 0; i < 2; ++i) {
        SyntheticSpec spec;
        spec.seed = static_cast<std::uint64_t>(11 + i);
        spec.images = sizes[i];
        spec.classes = 4 + 6 * i;
        spec.models = exampleModels();
        const auto folder = std::filesystem::path(f.dir.path().toStdString()) / ("d" + std::to_string(i));
        f.paths.push_back(writeSynthetic(spec, folder));
        LoadResult r = loadDataset(LoadRequest{f.paths.back(), {}});
        if (!r.ok())
            return QStringLiteral("synthetic dataset %1 does not load").arg(i);
        auto ds = std::make_shared<const Dataset>(std::move(*r.dataset));
        const LabelField* gt = nullptr;
        std::vector<const LabelField*> scored;
        for (const LabelField& field : ds->fields)
            (field.isScored() ? scored.push_back(&field) : void(gt = gt ? gt : &field));
        if (!gt || scored.size() < 2)
            return QStringLiteral("synthetic dataset %1 lacks fields").arg(i);
        for (int v = 0; v < 2; ++v) {
            EvaluationRequest req;
            req.groundTruthField = gt->name;
            req.predictionField = scored[static_cast<std::size_t>(v)]->name;
            req.match.iouThreshold = v == 0 ? 0.5 : 0.75;
            if (auto invalid = validate(*ds, req))
                return QString::fromStdString(*invalid);
            auto result = evaluate(*ds, req);
            if (!result || !result->sweep.total.optimum)
                return QStringLiteral("no reference result");
            f.reference[{i, v}] = result->sweep.total.optimum->counts;
            f.requests.push_back(req);
        }
        f.datasets.push_back(std::move(ds));
    }
    return {};
}

inline bool sameCounts(const optconf::Counts& a, const optconf::Counts& b)
{
    return a.tp == b.tp && a.fp == b.fp && a.fn == b.fn;
}

/// Threads of this process (Linux), to see that none is left behind.
inline int threadCount()
{
    std::ifstream status("/proc/self/status");
    std::string key;
    while (status >> key) {
        if (key == "Threads:") {
            int n = -1;
            status >> n;
            return n;
        }
        std::getline(status, key);
    }
    return -1;
}

} // namespace storm
