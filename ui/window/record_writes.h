#pragma once
// Save, Export CSV and Export all on a worker (issue #15): the worker reads a snapshot of
// the store (a view(): the rows there were when the write started; the store only grows,
// and a run or an open that replaces it leaves the snapshot's chunks alive), so the window
// stays usable and a run may go on while a million records are written. One write at a
// time: another is refused with a message. Progress shows in the status bar; the outcome
// too, and a failure (a full disk, an unwritable folder) also in a message box.
#include <QFutureWatcher>
#include <QList>
#include <QObject>
#include <QPicture>
#include <QPointer>
#include <QString>
#include <QStringList>
#include <vector>

#include "export_bundle.h"

class QProgressBar;

namespace pieslicer::ui {

class MainWindow;
class ChartPanel;

class RecordWrites : public QObject {
    Q_OBJECT
  public:
    explicit RecordWrites(MainWindow* window);
    // A write in flight is finished first: a file is never left half written.
    ~RecordWrites() override;

    bool busy() const { return busy_; }
    // Each returns false (with `error`) when it cannot start; its outcome is finished().
    bool saveExperiment(const QString& path, QString* error = nullptr);
    bool exportCsv(const QString& path, QString* error = nullptr);
    // Every chart laid out and recorded on the GUI thread, one per turn of the event loop
    // (Qt Charts paints only there), then drawn and written as PNG, SVG and PDF on a
    // worker; another worker writes the records, the experiment and the comparison
    // (scored on the worker when the Compare tab is not of every record yet).
    bool exportAll(const QString& dir, QString* error = nullptr);
    QProgressBar* progressBar() const { return progress_; }

  signals:
    // Records written of the total (Export all counts them twice: CSV and experiment).
    void progress(qint64 done, qint64 total);
    // `job` is "save", "export-csv" or "export-all"; `error` empty on success.
    void finished(const QString& job, const QString& error);

  private:
    bool begin(const QString& job, const QString& label, QString* error);
    // Posts progress to the GUI thread when the shown permille changes (safe on a worker).
    WriteProgress reporter();
    // Runs `work` (a BundleResult) on a worker; partDone() takes its result.
    template <typename Work>
    void runOnWorker(Work work);
    // Export all: records the next chart (GUI thread), or hands them all to a worker.
    void exportNextChart();
    // One part of the job ended (the records' worker, Export all's charts); the last part
    // ends the job.
    void partDone(const BundleResult& part);

    MainWindow* window_;
    QProgressBar* progress_;
    bool busy_ = false;
    QString job_;
    QString target_;                      // the file or folder written
    std::size_t records_ = 0;             // in the snapshot written
    int partsLeft_ = 0;                   // Export all: the charts and the worker
    BundleResult result_;                 // files written and errors, of every part
    QList<QPointer<ChartPanel>> charts_;  // Export all's charts still to record
    struct RecordedChart {
        QString id, title;
        QPicture picture;
    };
    std::vector<RecordedChart> pictures_;  // recorded, not written yet
    QFutureWatcher<BundleResult> chartWriter_;
    QFutureWatcher<BundleResult> worker_;
};

}  // namespace pieslicer::ui
