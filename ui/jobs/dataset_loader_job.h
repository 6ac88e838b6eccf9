// SPDX-License-Identifier: MIT
#pragma once

#include "ui/jobs/payloads.h"

#include <QObject>
#include <QThreadPool>

#include <atomic>
#include <memory>

namespace optconf {

/// Loads inputs with optconf::loadDataset on a worker thread. A newer load supersedes an older
/// one (generation ids); results arrive queued on the GUI thread. Failures carry every error as
/// "file: place: cause", so the window can say exactly what is wrong.
class DatasetLoaderJob final : public QObject
{
    Q_OBJECT
public:
    explicit DatasetLoaderJob(QObject* parent = nullptr);
    ~DatasetLoaderJob() override;

    /// Starts loading `paths`; `name` and `synthetic` are passed through to loaded().
    quint64 load(const QStringList& paths, const QString& name, bool synthetic = false);
    void cancel();
    bool isLoading() const { return m_active != nullptr; }

signals:
    void progress(double fraction, const QString& stage);
    void loaded(const optconf::LoadedDataset& dataset);
    /// `summary` names the first problem; `details` lists every error and warning.
    void failed(const QString& summary, const QStringList& details);
    void cancelled();

private:
    struct State
    {
        quint64 generation = 0;
        std::atomic<bool> cancel{false};
        std::atomic<qint64> lastProgressMs{-1000};
    };
    void deliverProgress(quint64 generation, double fraction, const QString& stage);
    void deliverResult(quint64 generation, LoadResult result, const QStringList& paths, const QString& name,
                       bool synthetic);

    QThreadPool m_pool;
    quint64 m_generation = 0;
    std::shared_ptr<State> m_active;
};

} // namespace optconf
