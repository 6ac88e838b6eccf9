// SPDX-License-Identifier: MIT
#pragma once

#include "ui/jobs/payloads.h"

#include <QWidget>

class QLabel;
class QProgressBar;
class QPushButton;

namespace optconf {

/// Run and Cancel, with a progress bar that says the stage, the time spent and the time left.
class RunPanel final : public QWidget
{
    Q_OBJECT
public:
    explicit RunPanel(QWidget* parent = nullptr);

    /// `problem` empty: Run is enabled; otherwise Run is disabled and its tooltip says why.
    void setRunnable(const QString& problem);
    void showStarted();
    void showProgress(const RunProgress& p);
    void showLoading(double fraction, const QString& stage);
    /// Hides the bar and leaves `message` ("Done…", "Cancelled…") in its place.
    void showEnded(const QString& message);
    double lastElapsedSeconds() const { return m_elapsed; }

    QPushButton* runButton() const { return m_run; }
    QPushButton* cancelButton() const { return m_cancel; }
    QProgressBar* progressBar() const { return m_bar; }
    QLabel* statusLabel() const { return m_text; }

signals:
    void runRequested();
    void cancelRequested();

private:
    QPushButton* m_run;
    QPushButton* m_cancel;
    QProgressBar* m_bar;
    QLabel* m_text;
    double m_elapsed = 0;
};

} // namespace optconf
