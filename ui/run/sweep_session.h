#pragma once
// A sweep on a worker QThread around core's SweepRunner: measuring, then scoring every
// cell and drawing the break-even curves (summariseSweep), all off the GUI thread. The GUI
// gets throttled progress over the whole grid, messages, and the finished summary.
#include <QObject>
#include <QString>
#include <memory>

#include "model/scoring.h"
#include "run/sweep.h"
#include "run/sweep_summary.h"

class QThread;

namespace pieslicer::ui {

struct SweepShared;

class SweepSession : public QObject {
    Q_OBJECT
  public:
    explicit SweepSession(QObject* parent = nullptr);
    ~SweepSession() override;

    // Starts the sweep; false with `error` when one is already going on. `summaryJson`
    // (optional) receives the summary when the sweep ends.
    bool start(SweepConfig config, const ScoringOptions& scoring, const QString& summaryJson,
               QString* error);
    bool isRunning() const { return thread_ != nullptr; }
    void requestStop();

    static constexpr int kProgressMs = 50;

  signals:
    void progress(int cell, int cells, qint64 done, qint64 total, double etaMs);
    void message(const QString& text);
    // `summary` is null when the sweep failed before any cell (then `error` says why).
    void finished(bool stopped, const QString& error,
                  std::shared_ptr<const pieslicer::SweepSummary> summary);

  private:
    std::shared_ptr<SweepShared> shared_;
    QThread* thread_ = nullptr;
};

}  // namespace pieslicer::ui
