#pragma once
// The window's record work that reads, writes or re-times every record: export as the
// prototype's SQLite database, open a records file (SQLite, CSV or a saved experiment),
// and what-if replay of the loaded records under the current link, device, profile and
// strategies (core's run/replay.h). Each runs on a worker; the GUI thread only hands over
// a snapshot and takes the result, so it never waits on a file or a replay.
#include <QObject>
#include <QString>
#include <vector>

#include "domain/request_record.h"

namespace pieslicer::ui {

class MainWindow;

class RecordJobs : public QObject {
    Q_OBJECT
  public:
    explicit RecordJobs(MainWindow* window);

    bool busy() const { return busy_; }
    // Each returns false (with `error`) when it cannot start; its outcome is finished().
    bool exportSqlite(const QString& path, QString* error = nullptr);
    bool openRecords(const QString& path, QString* error = nullptr);
    // Re-times the measured records behind what is shown (the loaded records, or those a
    // replay started from) under the current settings, and shows the replayed ones.
    bool replay(QString* error = nullptr);

    // The store was replaced or grew by other means (a run, an experiment opened): records
    // a replay started from are forgotten unless the store still holds replays of them.
    void storeChanged();
    // Where the records shown came from, for the replayed records' provenance.
    void setSource(const QString& source) { source_ = source; }

  signals:
    // `job` is "export", "open" or "replay"; `error` empty on success.
    void finished(const QString& job, const QString& error);

  private:
    bool start(QString* error);

    MainWindow* window_;
    bool busy_ = false;
    std::vector<RequestRecord> measured_;  // what the replays shown were re-timed from
    QString source_ = QStringLiteral("the dashboard's run");
};

// "replayed, not measured: <provenance>" for records that were replayed, else empty. The
// records shown are all of one kind (a store holds a run, a file or one replay), so the
// first record speaks for them.
QString replayedNote(const RequestRecord& first);

}  // namespace pieslicer::ui
