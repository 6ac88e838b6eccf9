// SPDX-License-Identifier: MIT
#pragma once

#include "ui/jobs/job_tracker.h"
#include "ui/jobs/payloads.h"

#include <QObject>

#include <memory>

namespace optconf {

/// Owns a Run: evaluate() on a worker thread of a dedicated pool, never on the GUI thread.
///
/// Every start() gets a new generation id (a JobTracker job). The worker hands its progress,
/// partial curves and result over through queued calls (copies, never shared mutable state), and
/// anything whose generation is no longer the current one is dropped. So a second Run supersedes
/// the first and a cancelled run can never draw: cancel() makes the generation stale at once, then
/// the job's cancel flag stops the engine at its next chunk of images.
class RunController final : public QObject
{
    Q_OBJECT
public:
    explicit RunController(QObject* parent = nullptr);
    ~RunController() override;

    /// Precondition: validate(*dataset, request) is empty.
    quint64 start(std::shared_ptr<const Dataset> dataset, const EvaluationRequest& request);
    void cancel();

    bool isRunning() const { return m_jobs.isRunning(); }
    /// True while any worker (also a cancelled or superseded one) is still inside the engine.
    bool isWorkerBusy() const { return m_jobs.isWorkerBusy(); }
    quint64 currentGeneration() const { return m_jobs.currentGeneration(); }

    /// Minimum time in milliseconds between two progress or partial-curve deliveries; the default
    /// is as often as a window redraws smoothly.
    void setDeliveryInterval(int ms) { m_intervalMs = ms; }

signals:
    void started(quint64 generation);
    void progress(const optconf::RunProgress& progress);
    void partialCurve(const optconf::PartialCurve& curve);
    void finished(const optconf::RunOutcome& outcome);
    void cancelled(quint64 generation);
    /// The engine could not finish (it threw, e.g. out of memory); the previous result stays.
    void failed(quint64 generation, const QString& message);
    /// The last worker left the engine (after a finish, a cancel or a superseded run).
    void workerIdle();

private:
    JobTracker m_jobs{this};
    int m_intervalMs = 40;
};

} // namespace optconf
