// SPDX-License-Identifier: MIT
#include "ui/jobs/dataset_loader_job.h"

#include <QElapsedTimer>
#include <QPointer>
#include <QThread>
#include <QtConcurrent/QtConcurrentRun>

#include <new>
#include <stdexcept>

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
    m_pool.setMaxThreadCount(2); // a superseded load may still be winding down while a new one runs
}

DatasetLoaderJob::~DatasetLoaderJob()
{
    if (m_active)
        m_active->cancel = true;
    m_pool.waitForDone();
}

quint64 DatasetLoaderJob::load(const QStringList& paths, const QString& name, bool synthetic)
{
    if (m_active)
        m_active->cancel = true;
    auto state = std::make_shared<State>();
    state->generation = ++m_generation;
    m_active = state;

    QPointer<DatasetLoaderJob> self(this);
    auto work = [self, state, paths, name, synthetic] {
        lowerWorkerPriority();
        QElapsedTimer clock;
        clock.start();
        LoadRequest request;
        for (const QString& p : paths)
            request.inputs.emplace_back(p.toStdString());
        request.progress = [&](double fraction, const std::string& stage) {
            if (state->cancel.load())
                return false;
            // At most ~20 updates a second reach the GUI: more would only cost redraws.
            const qint64 now = clock.elapsed();
            if (now - state->lastProgressMs.load() >= 50) {
                state->lastProgressMs = now;
                const QString text = QString::fromStdString(stage);
                QMetaObject::invokeMethod(
                    self,
                    [self, state, fraction, text] {
                        if (self)
                            self->deliverProgress(state->generation, fraction, text);
                    },
                    Qt::QueuedConnection);
            }
            return true;
        };
        auto result = std::make_shared<LoadResult>();
        // QtConcurrent would swallow an exception and leave the load pending forever.
        try {
            *result = loadDataset(request);
        } catch (const std::bad_alloc&) {
            *result = outOfMemory(paths);
        } catch (const std::length_error&) { // a size beyond what memory can hold
            *result = outOfMemory(paths);
        } catch (const std::exception& e) {
            result->diagnostics.push_back({Diagnostic::Severity::Error,
                                           paths.join(QStringLiteral(", ")).toStdString(),
                                           {},
                                           std::string("could not be read: ") + e.what(),
                                           1});
        }
        QMetaObject::invokeMethod(
            self,
            [self, state, result, paths, name, synthetic] {
                if (self)
                    self->deliverResult(state->generation, std::move(*result), paths, name, synthetic);
            },
            Qt::QueuedConnection);
    };
    // QPointer is not thread-safe to dereference off its thread; the worker only copies it into
    // queued calls, which dereference it on the GUI thread.
    (void)QtConcurrent::run(&m_pool, std::move(work));
    return state->generation;
}

void DatasetLoaderJob::cancel()
{
    if (!m_active)
        return;
    m_active->cancel = true;
    m_active.reset();
    emit cancelled();
}

void DatasetLoaderJob::deliverProgress(quint64 generation, double fraction, const QString& stage)
{
    Q_ASSERT(QThread::currentThread() == thread());
    if (m_active && generation == m_active->generation)
        emit progress(fraction, stage);
}

void DatasetLoaderJob::deliverResult(quint64 generation, LoadResult result, const QStringList& paths,
                                     const QString& name, bool synthetic)
{
    Q_ASSERT(QThread::currentThread() == thread());
    if (!m_active || generation != m_active->generation)
        return; // superseded or cancelled: never shown
    m_active.reset();

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
