#pragma once
// One experiment run on a worker QThread around core's ExperimentRunner. Records
// reach the GUI through a RecordFeed: in batches, at most ~30 times a second.
#include <QObject>
#include <memory>

#include "dashboard_config.h"
#include "domain/request_record.h"
#include "net/link_emulator.h"
#include "run/experiment.h"
#include "run/record_feed.h"

class QThread;

namespace pieslicer::ui {

struct RunShared;

// The core experiment a dashboard configuration describes (`endpointUrl` empty: embedded).
ExperimentConfig toExperimentConfig(const DashboardConfig& c, const QString& endpointUrl);

class RunSession : public QObject {
    Q_OBJECT
  public:
    explicit RunSession(QObject* parent = nullptr);
    ~RunSession() override;

    // Starts a run; false with `error` set when it cannot start (already running,
    // bad strategy list). `endpointUrl` empty lets the runner start its own endpoint.
    // `autosaveCsv` (optional) receives every record as it is measured (core flushes
    // each row), so even a crash loses nothing finished.
    bool start(const DashboardConfig& config, const QString& endpointUrl, QString* error,
               const QString& autosaveCsv = {});
    bool isRunning() const { return running_; }
    bool isPaused() const;

    void requestStop();
    void setPaused(bool paused);
    // Takes effect from the next request of a running experiment.
    void setLink(const LinkShape& link);
    LinkShape link() const;
    // When records [first, first + count) of this run were measured: ms from the start of
    // measuring, which is a trace's time 0 to within a few ms (fewer if not known yet).
    std::vector<double> recordTimesMs(std::size_t first, std::size_t count) const;

    // A page is being shown: the next batch waits a frame (RecordFeed::holdFrame).
    void holdFrame() { feed_->holdFrame(); }

    static constexpr int kFrameMs = 33;

  signals:
    void recordsReady(const std::vector<pieslicer::RequestRecord>& batch);  // as RecordFeed's
    void progress(qint64 done, qint64 total, double elapsedMs, double etaMs);
    void message(const QString& text);
    void started();
    // `error` is empty for a normal end or a Stop; measured records were all delivered.
    void finished(bool stopped, const QString& error);

  private:
    void onWorkerDone(bool stopped, const QString& error);

    std::shared_ptr<RunShared> shared_;
    QThread* thread_ = nullptr;
    RecordFeed* feed_;
    bool running_ = false;
};

}  // namespace pieslicer::ui
