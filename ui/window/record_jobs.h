#pragma once
// The window's record work that reads, writes or re-times every record: export as the
// prototype's SQLite database, open a records file (SQLite, CSV or a saved experiment),
// and what-if replay of the loaded records under the current link, device, profile and
// strategies (core's run/replay.h). Each runs on a worker; the GUI thread only hands over
// a snapshot and takes the result, so it never waits on a file or a replay.
#include <QFuture>
#include <QObject>
#include <QString>
#include <atomic>
#include <memory>
#include <vector>

class QProgressBar;

#include "domain/request_record.h"

namespace pieslicer::ui {

class MainWindow;

class RecordJobs : public QObject {
    Q_OBJECT
  public:
    explicit RecordJobs(MainWindow* window);
    ~RecordJobs() override;

    bool busy() const { return busy_; }
    // Each returns false (with `error`) when it cannot start; its outcome is finished().
    bool exportSqlite(const QString& path, QString* error = nullptr);
    bool openRecords(const QString& path, QString* error = nullptr);
    // A saved experiment read on a worker in batches (experiment_reader.h), appended to the
    // store as they come, with a progress bar in the status bar: the window stays usable
    // and shows the records so far while a million load.
    bool openExperiment(const QString& path, QString* error = nullptr);
    QProgressBar* progressBar() const { return progress_; }
    // Re-times the measured records behind what is shown (the loaded records, or those a
    // replay started from) under the current settings, and shows the replayed ones.
    bool replay(QString* error = nullptr);

    // The store was replaced or grew by other means (a run, an experiment opened): records
    // a replay started from are forgotten unless the store still holds replays of them.
    void storeChanged();
    // Where the records shown came from, for the replayed records' provenance.
    void setSource(const QString& source) { source_ = source; }

  signals:
    // `job` is "export", "open", "open-experiment" or "replay"; `error` empty on success.
    void finished(const QString& job, const QString& error);
    // Of a job reading a file: how far it got (bytes read of the total).
    void progress(qint64 done, qint64 total);

  private:
    bool start(QString* error);
    void appendBatch(std::vector<RequestRecord> batch, qint64 read, qint64 total);

    MainWindow* window_;
    bool busy_ = false;
    std::vector<RequestRecord> measured_;  // what the replays shown were re-timed from
    QString source_ = QStringLiteral("the dashboard's run");
    QProgressBar* progress_;
    // An experiment being opened: batches handed over not yet appended (the reader waits
    // while a few are queued, so the structs never pile up), and a stop for closing.
    std::shared_ptr<std::atomic<int>> queued_ = std::make_shared<std::atomic<int>>(0);
    std::shared_ptr<std::atomic<bool>> cancel_ = std::make_shared<std::atomic<bool>>(false);
    QFuture<void> reading_;
};

// "replayed, not measured: <provenance>" for records that were replayed, else empty. The
// records shown are all of one kind (a store holds a run, a file or one replay), so the
// first record speaks for them.
QString replayedNote(const RequestRecord& first);

}  // namespace pieslicer::ui
