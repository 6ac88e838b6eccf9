// SPDX-License-Identifier: MIT
#pragma once

#include "ui/jobs/job_tracker.h"
#include "ui/jobs/payloads.h"

#include <QObject>

namespace optconf {

/// Loads inputs with optconf::loadDataset on a worker thread. A newer load supersedes an older
/// one (generation ids, a JobTracker job); results arrive queued on the GUI thread. Failures carry every
/// error as "file: place: cause", so the window can say exactly what is wrong.
class DatasetLoaderJob final : public QObject
{
    Q_OBJECT
public:
    explicit DatasetLoaderJob(QObject* parent = nullptr);
    ~DatasetLoaderJob() override;

    /// Starts loading `paths`; `name` and `synthetic` are passed through to loaded().
    quint64 load(const QStringList& paths, const QString& name, bool synthetic = false);
    void cancel();
    bool isLoading() const { return m_jobs.isRunning(); }

signals:
    void progress(double fraction, const QString& stage);
    void loaded(const optconf::LoadedDataset& dataset);
    /// `summary` names the first problem; `details` lists every error and warning.
    void failed(const QString& summary, const QStringList& details);
    void cancelled();

private:
    void deliverResult(quint64 generation, LoadResult result, const QStringList& paths, const QString& name,
                       bool synthetic);

    JobTracker m_jobs{this};
};

} // namespace optconf
