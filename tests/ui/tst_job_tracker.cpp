// SPDX-License-Identifier: MIT
// JobTracker, the generational job helper behind RunController and DatasetLoaderJob: only the
// current job's progress and result reach the GUI thread, cancel() makes a job stale at once and
// raises its flag, an exception becomes a failure (out of memory told apart), and the idle handler
// runs once the last worker has left. Workers are held at a gate, so every order is forced.
#include "ui/jobs/job_tracker.h"

#include <QSemaphore>
#include <QSignalSpy>
#include <QTest>

#include <memory>
#include <new>
#include <stdexcept>

using namespace optconf;

/// Stands for RunController: turns the tracker's callbacks into signals a QSignalSpy can watch.
class Owner : public QObject
{
    Q_OBJECT
public:
    JobTracker jobs{this};

    /// A job that reports `progressValue`, then waits at `gate` and returns `value`, or throws
    /// when `value` is negative (-1: out of memory, -2: a runtime error).
    quint64 start(int value, QSemaphore* gate, int progressValue = -1)
    {
        auto work = [this, value, gate, progressValue](const JobTracker::Ticket& ticket) {
            if (progressValue >= 0)
                jobs.post(ticket, [this, progressValue] { emit progress(progressValue); });
            if (gate)
                gate->acquire();
            if (value == -1)
                throw std::bad_alloc();
            if (value == -2)
                throw std::runtime_error("disk on fire");
            return std::make_unique<int>(value); // move-only: never copied to the GUI thread
        };
        return jobs
            .start(
                std::move(work),
                [this](std::unique_ptr<int> v, quint64 generation) { emit done(*v, generation); },
                [this](const JobFailure& f, quint64 generation) {
                    emit failed(QString::fromStdString(f.what), f.outOfMemory, generation);
                })
            ->generation();
    }

signals:
    void progress(int value);
    void done(int value, quint64 generation);
    void failed(const QString& what, bool outOfMemory, quint64 generation);
    void idle();
};

class TestJobTracker : public QObject
{
    Q_OBJECT

private slots:
    void deliversTheCurrentResult()
    {
        Owner owner;
        QSignalSpy done(&owner, &Owner::done);
        QSignalSpy progress(&owner, &Owner::progress);
        QSignalSpy idle(&owner, &Owner::idle);
        owner.jobs.setIdleHandler([&owner] { emit owner.idle(); });
        QVERIFY(!owner.jobs.isRunning());
        const quint64 g = owner.start(7, nullptr, 3);
        QCOMPARE(g, quint64(1));
        QVERIFY(owner.jobs.isRunning());
        QCOMPARE(owner.jobs.currentGeneration(), g);
        QVERIFY(done.wait(5000));
        QCOMPARE(progress.count(), 1);
        QCOMPARE(progress.first().first().toInt(), 3);
        QCOMPARE(done.count(), 1);
        QCOMPARE(done.first().at(0).toInt(), 7);
        QCOMPARE(done.first().at(1).value<quint64>(), g);
        QVERIFY(!owner.jobs.isRunning());
        QCOMPARE(owner.jobs.currentGeneration(), quint64(0));
        QCOMPARE(idle.count(), 1); // after the delivery, in the same call
        QVERIFY(!owner.jobs.isWorkerBusy());
    }

    void supersededResultIsDropped()
    {
        // The second (current) job finishes first and is delivered; then the first's result and
        // its progress arrive while it is stale and must be dropped. The idle handler runs in the
        // same call that drops the first result, so waiting for it proves the drop happened.
        Owner owner;
        QSignalSpy done(&owner, &Owner::done);
        QSignalSpy progress(&owner, &Owner::progress);
        QSignalSpy idle(&owner, &Owner::idle);
        owner.jobs.setIdleHandler([&owner] { emit owner.idle(); });
        QSemaphore firstGate, secondGate;
        const quint64 first = owner.start(1, &firstGate, 10);
        const quint64 second = owner.start(2, &secondGate, 20);
        QCOMPARE(second, first + 1);
        QCOMPARE(owner.jobs.currentGeneration(), second);
        secondGate.release();
        QVERIFY(done.wait(5000));
        QCOMPARE(done.count(), 1);
        QCOMPARE(done.first().at(0).toInt(), 2);
        QCOMPARE(done.first().at(1).value<quint64>(), second);
        QVERIFY(!owner.jobs.isRunning());
        QCOMPARE(idle.count(), 0);
        QVERIFY(owner.jobs.isWorkerBusy()); // the first is still at its gate
        firstGate.release();
        QVERIFY(idle.wait(5000));
        QCOMPARE(idle.count(), 1);
        QCOMPARE(done.count(), 1);
        QCOMPARE(progress.count(), 1);
        QCOMPARE(progress.first().first().toInt(), 20);
        QVERIFY(!owner.jobs.isWorkerBusy());
    }

    void cancelMakesStaleAndRaisesTheFlag()
    {
        Owner owner;
        QSignalSpy done(&owner, &Owner::done);
        QSignalSpy idle(&owner, &Owner::idle);
        owner.jobs.setIdleHandler([&owner] { emit owner.idle(); });
        QCOMPARE(owner.jobs.cancel(), quint64(0)); // nothing to cancel

        std::shared_ptr<const JobTicket> seen;
        QSemaphore started, gate;
        const auto ticket = owner.jobs.start(
            [&](const JobTracker::Ticket& t) {
                seen = t;
                started.release();
                gate.acquire();
                return t->isCancelled() ? 0 : 1;
            },
            [&owner](int v, quint64 g) { emit owner.done(v, g); }, [](const JobFailure&, quint64) {});
        started.acquire();
        QVERIFY(seen == ticket);
        QVERIFY(!ticket->isCancelled());
        QCOMPARE(owner.jobs.cancel(), ticket->generation());
        QVERIFY(ticket->isCancelled());
        QVERIFY(!owner.jobs.isRunning());
        QVERIFY(owner.jobs.isWorkerBusy()); // still inside its work until it looks at the flag
        gate.release();
        QVERIFY(idle.wait(5000));
        QCOMPARE(done.count(), 0);
        QVERIFY(!owner.jobs.isWorkerBusy());
        QCOMPARE(owner.jobs.cancel(), quint64(0));
    }

    void exceptionsBecomeFailures()
    {
        Owner owner;
        QSignalSpy done(&owner, &Owner::done);
        QSignalSpy failed(&owner, &Owner::failed);
        const quint64 oom = owner.start(-1, nullptr);
        QVERIFY(failed.wait(5000));
        QCOMPARE(failed.count(), 1);
        QCOMPARE(failed.at(0).at(1).toBool(), true);
        QCOMPARE(failed.at(0).at(2).value<quint64>(), oom);
        QVERIFY(!owner.jobs.isRunning());

        const quint64 other = owner.start(-2, nullptr);
        QVERIFY(failed.wait(5000));
        QCOMPARE(failed.count(), 2);
        QCOMPARE(failed.at(1).at(0).toString(), QStringLiteral("disk on fire"));
        QCOMPARE(failed.at(1).at(1).toBool(), false);
        QCOMPARE(failed.at(1).at(2).value<quint64>(), other);
        QCOMPARE(done.count(), 0);
    }

    void staleFailureIsDropped()
    {
        Owner owner;
        QSignalSpy done(&owner, &Owner::done);
        QSignalSpy failed(&owner, &Owner::failed);
        QSignalSpy idle(&owner, &Owner::idle);
        owner.jobs.setIdleHandler([&owner] { emit owner.idle(); });
        QSemaphore gate;
        owner.start(-2, &gate);
        const quint64 second = owner.start(5, &gate);
        gate.release(2);
        QVERIFY(done.wait(5000));
        QTRY_COMPARE(idle.count(), 1);
        QCOMPARE(failed.count(), 0);
        QCOMPARE(done.count(), 1);
        QCOMPARE(done.first().at(1).value<quint64>(), second);
    }

    void destructorWaitsForWorkers()
    {
        // Destroying the owner with a job inside its work waits for it and delivers nothing.
        QSemaphore gate;
        bool returned = false;
        {
            Owner owner;
            QSignalSpy done(&owner, &Owner::done);
            owner.jobs.start(
                [&](const JobTracker::Ticket& t) {
                    gate.acquire();
                    returned = true;
                    return t->isCancelled();
                },
                [&owner](bool, quint64 g) { emit owner.done(0, g); }, [](const JobFailure&, quint64) {});
            gate.release();
        }
        QVERIFY(returned);
        QCoreApplication::processEvents();
    }
};

QTEST_GUILESS_MAIN(TestJobTracker)
#include "tst_job_tracker.moc"
