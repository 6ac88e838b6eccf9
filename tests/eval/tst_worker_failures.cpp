// SPDX-License-Identifier: MIT
// Running out of memory in a worker thread: the exception reaches the caller (which reports a
// failed step) instead of ending the process. The failures are real std::bad_alloc, thrown by
// the test's operator new on every thread the code under test starts (see allocation_faults.h).
#include "allocation_faults.h"

#include "core/eval/evaluation.h"
#include "core/eval/parallel.h"
#include "core/example/synthetic.h"
#include "core/io/loader.h"

#include <QTemporaryDir>
#include <QTest>

#include <stdexcept>
#include <thread>

using namespace optconf;
using allocation_faults::FailAllocationsInNewThreads;

namespace {

/// A synthetic set large enough for several matcher chunks and several JSON blocks per file.
std::vector<std::filesystem::path> writeSet(const QTemporaryDir& dir)
{
    SyntheticSpec spec;
    spec.images = 6000;
    spec.objectsPerImage = 6;
    spec.models = exampleModels();
    return writeSynthetic(spec, dir.path().toStdString());
}

Dataset loadSet(const std::vector<std::filesystem::path>& paths)
{
    LoadResult loaded = loadDataset(LoadRequest{paths, {}});
    if (!loaded.ok())
        throw std::runtime_error("the synthetic set did not load");
    return std::move(*loaded.dataset);
}

EvaluationRequest requestFor(const Dataset& d)
{
    EvaluationRequest r;
    r.groundTruthField = "ground_truth";
    r.predictionField = d.fields.back().name;
    return r;
}

/// Whether `work`, run with allocations failing in the threads it starts, threw std::bad_alloc.
/// Where the work is shared out through a counter, the calling thread may take all of it before a
/// helper thread gets any (a loaded machine starts threads late), so a few tries are allowed: the
/// failure must reach the caller whenever a helper fails, and never end the process.
template<class Work>
bool failsInSomeHelperThread(Work&& work)
{
    for (int attempt = 0; attempt < 50; ++attempt) {
        FailAllocationsInNewThreads fail;
        try {
            work();
        } catch (const std::bad_alloc&) {
            if (FailAllocationsInNewThreads::refused() > 0)
                return true;
        }
    }
    return false;
}

} // namespace

class TestWorkerFailures : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        if (std::thread::hardware_concurrency() < 2)
            QSKIP("one hardware thread: the block readers and AP start no helper thread to fail");
        QVERIFY(m_dir.isValid());
        m_paths = writeSet(m_dir);
        m_dataset = loadSet(m_paths);
    }

    void workerThreadsRethrowTheFirstFailureOnJoin()
    {
        std::atomic<int> stops{0};
        WorkerThreads threads([&] { ++stops; });
        QVERIFY(threads.start([] { throw std::length_error("too long"); }));
        threads.runHere([] {});
        QVERIFY_THROWS_EXCEPTION(std::length_error, threads.join());
        QVERIFY(threads.failed());
        QCOMPARE(stops.load(), 1);
        threads.join(); // reported once
    }

    void runOnAllCoresRethrowsAHelpersFailure()
    {
        std::atomic<bool> stop{false};
        QVERIFY_THROWS_EXCEPTION(std::bad_alloc, runOnAllCores(
                                                     [](bool callingThread) {
                                                         if (!callingThread)
                                                             throw std::bad_alloc();
                                                     },
                                                     [&] { stop = true; }));
        QVERIFY(stop.load());
    }

    void matcherWorkersOutOfMemory()
    {
        const EvaluationRequest r = requestFor(m_dataset);
        const Matcher matcher(m_dataset, *m_dataset.field(r.groundTruthField),
                              *m_dataset.field(r.predictionField), r.match);
        {
            FailAllocationsInNewThreads fail;
            QVERIFY_THROWS_EXCEPTION(std::bad_alloc, matcher.run({}, 16));
            QVERIFY(FailAllocationsInNewThreads::refused() > 0);
        }
        QVERIFY(matcher.run({}, 16).has_value()); // nothing left behind: the next run works
    }

    void matcherFoldOutOfMemoryStopsTheWorkers()
    {
        // The fold (the calling thread) fails while the workers wait for it to catch up: they
        // must be released, not joined forever.
        const EvaluationRequest r = requestFor(m_dataset);
        const Matcher matcher(m_dataset, *m_dataset.field(r.groundTruthField),
                              *m_dataset.field(r.predictionField), r.match);
        int chunks = 0;
        QVERIFY_THROWS_EXCEPTION(std::bad_alloc, matcher.run(
                                                     [&](const MatchResult&, std::size_t) {
                                                         if (++chunks == 2)
                                                             throw std::bad_alloc();
                                                         return true;
                                                     },
                                                     1));
    }

    void averagePrecisionWorkersOutOfMemory()
    {
        const EvaluationRequest r = requestFor(m_dataset);
        const Matcher matcher(m_dataset, *m_dataset.field(r.groundTruthField),
                              *m_dataset.field(r.predictionField), r.match);
        const MatchResult match = *matcher.run();
        QVERIFY(failsInSomeHelperThread(
            [&] { averagePrecision(match, m_dataset.labels.size(), r.match.protocol); }));
    }

    void sweepThreadsOutOfMemory()
    {
        const EvaluationRequest r = requestFor(m_dataset);
        const Matcher matcher(m_dataset, *m_dataset.field(r.groundTruthField),
                              *m_dataset.field(r.predictionField), r.match);
        const MatchResult match = *matcher.run();
        FailAllocationsInNewThreads fail;
        QVERIFY_THROWS_EXCEPTION(std::bad_alloc, sweep(match, m_dataset.labels, r.sweep));
        QVERIFY(FailAllocationsInNewThreads::refused() > 0);
    }

    void evaluateOutOfMemory()
    {
        QVERIFY(failsInSomeHelperThread([&] { evaluate(m_dataset, requestFor(m_dataset)); }));
    }

    void cocoBlockReadersOutOfMemory()
    {
        // The ground truth's annotation blocks, the results' prefetch thread and block readers.
        QVERIFY(failsInSomeHelperThread([&] { loadDataset(LoadRequest{m_paths, {}}); }));
        QVERIFY(loadDataset(LoadRequest{m_paths, {}}).ok());
    }

private:
    QTemporaryDir m_dir;
    std::vector<std::filesystem::path> m_paths;
    Dataset m_dataset;
};

QTEST_GUILESS_MAIN(TestWorkerFailures)
#include "tst_worker_failures.moc"
