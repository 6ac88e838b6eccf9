// SPDX-License-Identifier: MIT
#include "ui/jobs/dataset_loader_job.h"

#include <QElapsedTimer>

#include <string>

namespace optconf {

namespace {

/// A load that ran out of memory: one error, and nothing of what was read (it is freed).
LoadResult outOfMemory(const QStringList& paths)
{
    LoadResult result;
    result.diagnostics.push_back({Diagnostic::Severity::Error,
                                  paths.join(QStringLiteral(", ")).toStdString(),
                                  {},
                                  "out of memory while loading: the data needs more memory than this machine "
                                  "has (or its limit allows)",
                                  1});
    return result;
}

} // namespace

DatasetLoaderJob::DatasetLoaderJob(QObject* parent)
    : QObject(parent)
{
    registerUiMetaTypes();
}

DatasetLoaderJob::~DatasetLoaderJob() = default;

quint64 DatasetLoaderJob::load(const QStringList& paths, const QString& name, bool synthetic)
{
    auto work = [this, paths](const JobTracker::Ticket& ticket) {
        lowerWorkerPriority();
        QElapsedTimer clock;
        clock.start();
        qint64 lastProgressMs = -1000;
        double lastFraction = -1;
        std::string lastStage;
        LoadRequest request;
        for (const QString& p : paths)
            request.inputs.emplace_back(p.toStdString());
        request.progress = [&](double fraction, const std::string& stage) {
            if (ticket->isCancelled())
                return false;
            // More updates than a person can read would only cost redraws: one per 50 ms, but
            // always a new stage and every twentieth of the way, so a fast load still shows the bar
            // moving through its stages.
            const qint64 now = clock.elapsed();
            if (now - lastProgressMs >= 50 || stage != lastStage || fraction - lastFraction >= 0.05) {
                lastProgressMs = now;
                lastFraction = fraction;
                lastStage = stage;
                const QString text = QString::fromStdString(stage);
                m_jobs.post(ticket, [this, fraction, text] { emit progress(fraction, text); });
            }
            return true;
        };
        return loadDataset(request);
    };
    auto onDone = [this, paths, name, synthetic](LoadResult result, quint64 generation) {
        deliverResult(generation, std::move(result), paths, name, synthetic);
    };
    auto onFailed = [this, paths, name, synthetic](const JobFailure& failure, quint64 generation) {
        LoadResult result;
        if (failure.outOfMemory)
            result = outOfMemory(paths);
        else
            result.diagnostics.push_back({Diagnostic::Severity::Error,
                                          paths.join(QStringLiteral(", ")).toStdString(),
                                          {},
                                          "could not be read: " + failure.what,
                                          1});
        deliverResult(generation, std::move(result), paths, name, synthetic);
    };
    return m_jobs.start(std::move(work), std::move(onDone), std::move(onFailed))->generation();
}

void DatasetLoaderJob::cancel()
{
    if (m_jobs.cancel() != 0)
        emit cancelled();
}

void DatasetLoaderJob::deliverResult(quint64 generation, LoadResult result, const QStringList& paths,
                                     const QString& name, bool synthetic)
{
    QStringList details;
    QString firstError;
    for (const Diagnostic& d : result.diagnostics) {
        const QString line = QString::fromStdString(d.toString());
        details << line; // "file: place: error: …": the severity is in the line already
        if (d.isError() && firstError.isEmpty())
            firstError = line;
    }
    if (result.cancelled) {
        emit cancelled();
        return;
    }
    if (!result.ok()) {
        if (firstError.isEmpty())
            firstError = tr("%1: nothing could be read").arg(paths.join(QStringLiteral(", ")));
        emit failed(firstError, details);
        return;
    }
    LoadedDataset out;
    out.generation = generation;
    out.dataset = std::make_shared<const Dataset>(std::move(*result.dataset));
    out.inputs = paths;
    out.name = name;
    out.synthetic = synthetic;
    out.warnings = details;
    emit loaded(out);
}

} // namespace optconf
