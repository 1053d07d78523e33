#pragma once
// One experiment run on a worker QThread around core's ExperimentRunner. Records are
// handed to the GUI in batches at most ~30 times a second (PlotJuggler-style
// coalescing: the worker only signals, the GUI drains on a single-shot timer).
#include <QObject>
#include <QTimer>
#include <memory>

#include "dashboard_config.h"
#include "net/link_emulator.h"
#include "run/request_record.h"

class QThread;

namespace pieslicer::ui {

struct RunShared;

class RunSession : public QObject {
    Q_OBJECT
  public:
    explicit RunSession(QObject* parent = nullptr);
    ~RunSession() override;

    // Starts a run; false with `error` set when it cannot start (already running,
    // bad strategy list). `endpointUrl` empty lets the runner start its own endpoint.
    bool start(const DashboardConfig& config, const QString& endpointUrl, QString* error);
    bool isRunning() const { return running_; }
    bool isPaused() const;

    void requestStop();
    void setPaused(bool paused);
    // Takes effect from the next request of a running experiment.
    void setLink(const LinkShape& link);
    LinkShape link() const;

    static constexpr int kFrameMs = 33;

  signals:
    void recordsReady(std::vector<pieslicer::RequestRecord> batch);
    void progress(qint64 done, qint64 total, double elapsedMs, double etaMs);
    void message(const QString& text);
    void started();
    // `error` is empty for a normal end or a Stop; measured records were all delivered.
    void finished(bool stopped, const QString& error);

  private:
    void drain();
    void onWorkerDone(bool stopped, const QString& error);

    std::shared_ptr<RunShared> shared_;
    QThread* thread_ = nullptr;
    QTimer frame_;
    bool running_ = false;
};

}  // namespace pieslicer::ui

Q_DECLARE_METATYPE(std::vector<pieslicer::RequestRecord>)
