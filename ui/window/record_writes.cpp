#include "window/record_writes.h"

#include <QDir>
#include <QMessageBox>
#include <QProgressBar>
#include <QTimer>
#include <QtConcurrent>
#include <memory>

#include "charts/chart_panel.h"
#include "main_window.h"
#include "model/scoring.h"
#include "run/columnar_scoring.h"
#include "run/record_store.h"
#include "tabs/compare_tab.h"
#include "window/status_progress.h"

namespace pieslicer::ui {

namespace {

QString jobTitle(const QString& job) {
    if (job == "save") return QObject::tr("Saving");
    if (job == "export-csv") return QObject::tr("Exporting CSV");
    return QObject::tr("Exporting");
}

// One file's outcome as a bundle's.
BundleResult fileResult(const QString& path, const Expected<bool>& written) {
    BundleResult out;
    if (written)
        out.written << path;
    else
        out.errors << QString::fromStdString(written.error());
    return out;
}

}  // namespace

RecordWrites::RecordWrites(MainWindow* window) : QObject(window), window_(window) {
    progress_ = addStatusProgressBar(window_, "recordWritesProgress");
    connect(this, &RecordWrites::progress, progress_,
            [this](qint64 done, qint64 total) { setProgress(progress_, done, total); });
    connect(&worker_, &QFutureWatcher<BundleResult>::finished, this,
            [this] { partDone(worker_.result()); });
    connect(&chartWriter_, &QFutureWatcher<BundleResult>::finished, this,
            [this] { partDone(chartWriter_.result()); });
}

RecordWrites::~RecordWrites() {
    // The worker reads only its snapshot and posts to this object (dropped once it is gone).
    worker_.waitForFinished();
    chartWriter_.waitForFinished();
}

bool RecordWrites::begin(const QString& job, const QString& target, QString* error) {
    if (busy_) {
        if (error)
            *error = tr("%1 %2 is still running (%3%): try again when it is done")
                         .arg(jobTitle(job_), target_)
                         .arg(progress_->value() / 10);
        return false;
    }
    busy_ = true;
    job_ = job;
    target_ = target;
    records_ = window_->store()->size();
    result_ = {};
    progress_->setFormat(jobTitle(job) + " %p%");
    progress_->setValue(0);
    progress_->setVisible(true);
    window_->status(tr("%1 %2 records to %3 ...").arg(jobTitle(job)).arg(records_).arg(target), 0);
    return true;
}

WriteProgress RecordWrites::reporter() {
    auto shown = std::make_shared<qint64>(-1);
    return [this, shown](std::size_t done, std::size_t total) {
        const qint64 permille = total ? qint64(1000 * done / total) : 0;
        if (permille != *shown) {
            *shown = permille;
            QMetaObject::invokeMethod(
                this, [this, done, total] { emit progress(qint64(done), qint64(total)); },
                Qt::QueuedConnection);
        }
        return true;  // never cancelled: closing the window waits for the file
    };
}

template <typename Work>
void RecordWrites::runOnWorker(Work work) {
    ++partsLeft_;
    worker_.setFuture(QtConcurrent::run(std::move(work)));
}

bool RecordWrites::saveExperiment(const QString& path, QString* error) {
    if (!begin("save", path, error)) return false;
    runOnWorker([path, config = window_->currentConfig(), view = window_->store()->view(),
                 progress = reporter()] {
        return fileResult(path, ui::saveExperiment(path, config, view, progress));
    });
    return true;
}

bool RecordWrites::exportCsv(const QString& path, QString* error) {
    if (!begin("export-csv", path, error)) return false;
    runOnWorker([path, view = window_->store()->view(), progress = reporter()] {
        return fileResult(path, exportRecordsCsv(path, view, progress));
    });
    return true;
}

bool RecordWrites::exportAll(const QString& dir, QString* error) {
    if (!QDir().mkpath(dir)) {
        if (error) *error = tr("cannot create folder %1").arg(dir);
        return false;
    }
    if (!begin("export-all", dir, error)) return false;
    // The Compare tab's scores when they are of every record; else the worker scores the
    // snapshot (a pass on the GUI thread is a third of a second at a million records).
    const bool rescore = !window_->compareTab()->upToDate();
    runOnWorker([dir, config = window_->currentConfig(), view = window_->store()->view(),
                 scores = window_->scoresShown(), rescore, progress = reporter()]() mutable {
        if (rescore) scores.scores = scoreRun(scoringRows(view), scores.options);
        return exportBundleRecords(dir, config, view, &scores, progress);
    });
    for (ChartPanel* c : window_->allCharts()) charts_ << c;
    ++partsLeft_;
    QTimer::singleShot(1, this, &RecordWrites::exportNextChart);
    return true;
}

void RecordWrites::exportNextChart() {
    if (charts_.isEmpty()) {
        // Every chart recorded: the files are drawn and written on a worker.
        chartWriter_.setFuture(QtConcurrent::run([dir = target_, pictures = pictures_] {
            BundleResult out;
            for (const RecordedChart& c : pictures)
                for (const char* format : {"png", "svg", "pdf"}) {
                    const QString path = QDir(dir).filePath(c.id + "." + format);
                    QString err;
                    if (writeChartPicture(c.picture, c.title, path, &err))
                        out.written << path;
                    else
                        out.errors << err;
                }
            return out;
        }));
        pictures_.clear();
        return;
    }
    if (const QPointer<ChartPanel> chart = charts_.takeFirst())
        pictures_.push_back({chart->id(), chart->title(), chart->recordForExport()});
    // A timer, not a posted call: a chain of posted calls ran back to back, and the
    // window's input and paint events waited for several charts.
    QTimer::singleShot(1, this, &RecordWrites::exportNextChart);
}

void RecordWrites::partDone(const BundleResult& part) {
    result_.written << part.written;
    result_.errors << part.errors;
    if (--partsLeft_ > 0) return;
    busy_ = false;
    progress_->setVisible(false);
    const QString error = result_.errors.join("; ");
    const QString job = job_;
    if (!error.isEmpty()) {
        window_->status(tr("%1 failed: %2").arg(jobTitle(job), error), 0);
        // Not modal to the application: a failed save must be seen, but waits for nobody.
        auto* box = new QMessageBox(QMessageBox::Warning, tr("%1 failed").arg(jobTitle(job)), error,
                                    QMessageBox::Ok, window_);
        box->setObjectName("recordWriteFailed");
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
    } else if (job == "export-all") {
        window_->status(tr("Wrote %1 files (%2 records) to %3")
                            .arg(result_.written.size())
                            .arg(records_)
                            .arg(target_),
                        0);
    } else {
        window_->status(tr("%1 %2 records to %3")
                            .arg(job == "save" ? tr("Saved") : tr("Wrote"))
                            .arg(records_)
                            .arg(target_),
                        0);
    }
    emit finished(job, error);
}

}  // namespace pieslicer::ui
