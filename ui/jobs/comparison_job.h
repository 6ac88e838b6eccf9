// SPDX-License-Identifier: MIT
#pragma once

#include "core/eval/comparison.h"

#include <QObject>
#include <QThreadPool>

#include <atomic>
#include <memory>

namespace optconf {

/// Runs compare() on a worker thread, never on the GUI thread, with progress and cancel. As in
/// RunController, every start() is a new generation and deliveries of a stale one are dropped, so
/// a cancelled or superseded comparison never shows.
class ComparisonJob final : public QObject
{
    Q_OBJECT
public:
    explicit ComparisonJob(QObject* parent = nullptr);
    ~ComparisonJob() override;

    /// Precondition: validate(*dataset, request) is empty.
    void start(std::shared_ptr<const Dataset> dataset, const ComparisonRequest& request);
    void cancel();
    bool isRunning() const { return m_active != nullptr; }
    /// Waits for every worker to leave the engine (tests, shutdown).
    void waitForIdle() { m_pool.waitForDone(); }

signals:
    void progress(double fraction, const QString& stage);
    void finished(std::shared_ptr<const optconf::ComparisonResult> result);
    void cancelled();
    void failed(const QString& message);

private:
    struct State;
    QThreadPool m_pool;
    std::shared_ptr<State> m_active;
};

} // namespace optconf
