// SPDX-License-Identifier: MIT
// Shared by the libFuzzer targets: a private scratch folder, writing the fuzz input to files, and
// the checks every load must pass (no crash is checked by the sanitizers themselves).
#pragma once

#include "core/eval/evaluation.h"
#include "core/io/loader.h"

#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

namespace optconf::fuzz {

namespace fs = std::filesystem;

/// One scratch folder per fuzzing process (jobs run side by side), removed at exit.
inline const fs::path& scratch()
{
    static const fs::path dir = [] {
        fs::path d = fs::temp_directory_path() / ("optconf-fuzz-" + std::to_string(::getpid()));
        fs::remove_all(d);
        fs::create_directories(d);
        static const std::string keep = d.string();
        std::atexit([] {
            std::error_code ec;
            fs::remove_all(keep, ec);
        });
        return d;
    }();
    return dir;
}

inline void writeFile(const fs::path& path, std::string_view bytes)
{
    fs::create_directories(path.parent_path());
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

[[noreturn]] inline void fail(const char* what)
{
    std::fprintf(stderr, "optconf fuzz invariant violated: %s\n", what);
    std::abort();
}

/// A load either gives a dataset and no error, or errors (each naming a file) and no dataset.
inline void checkLoad(const LoadResult& r)
{
    bool errors = false;
    for (const Diagnostic& d : r.diagnostics) {
        if (d.file.empty())
            fail("a diagnostic names no file");
        if (d.message.empty())
            fail("a diagnostic has no message");
        errors = errors || d.isError();
    }
    if (r.ok() == errors)
        fail("a load has a dataset together with errors, or neither");
}

/// When the dataset has a ground truth and a scored field, runs the whole evaluation on it, so
/// that fuzzed values reach matching, the sweep and AP. Results must be finite where defined.
inline void evaluateIfPossible(const Dataset& dataset)
{
    const LabelField* gt = nullptr;
    const LabelField* pred = nullptr;
    for (const LabelField& f : dataset.fields) {
        if (!gt && !f.isScored())
            gt = &f;
        else if (!pred && f.isScored())
            pred = &f;
    }
    if (!gt || !pred)
        return;
    for (Protocol protocol : {Protocol::FiftyOne, Protocol::Coco}) {
        EvaluationRequest request;
        request.groundTruthField = gt->name;
        request.predictionField = pred->name;
        request.match.protocol = protocol;
        request.sweep.steps = 11;
        if (protocol == Protocol::Coco)
            request.match.maxDetections = 100;
        if (validate(dataset, request))
            continue;
        auto result = evaluate(dataset, request);
        if (!result)
            fail("evaluate() returned nothing without being cancelled");
        for (const Metrics& m : result->sweep.total.grid) {
            if (m.counts.tp < 0 || m.counts.fp < 0 || m.counts.fn < 0)
                fail("negative counts");
            if (m.f1Defined && !(m.f1 >= 0.0 && m.f1 <= 1.0))
                fail("F1 outside [0, 1]");
        }
    }
}

} // namespace optconf::fuzz
