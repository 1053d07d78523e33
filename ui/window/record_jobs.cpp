#include "window/record_jobs.h"

#include <QFileInfo>
#include <QFutureWatcher>
#include <QPointer>
#include <QProgressBar>
#include <QThread>
#include <QtConcurrent>
#include <functional>
#include <memory>

#include "experiment_file.h"
#include "experiment_reader.h"
#include "main_window.h"
#include "model/cost_profile.h"
#include "panels/network_panel.h"
#include "run/record_store.h"
#include "run/replay.h"
#include "run/strategy_catalog.h"
#include "window/status_progress.h"

namespace pieslicer::ui {
namespace {

// What a worker hands back to the GUI thread.
struct Outcome {
    std::vector<RequestRecord> records;   // to show (open, replay)
    std::vector<RequestRecord> measured;  // what a replay started from
    QString error;
    QString message;  // for the status bar
};

// Everything a replay needs, taken on the GUI thread (cheap), used on the worker.
struct ReplayInput {
    RecordColumnsView shown;              // a snapshot of the store
    std::vector<RequestRecord> measured;  // non-empty: replay these instead of the store's
    ReplayConfig config;
    QString profilePath;
};

Outcome runReplay(ReplayInput in) {
    Outcome out;
    out.measured =
        in.measured.empty() ? in.shown.records(0, in.shown.size()) : std::move(in.measured);
    if (!in.profilePath.isEmpty()) {
        auto profile = loadProfile(in.profilePath.toStdString());
        if (!profile) {
            out.error = QString::fromStdString(profile.error());
            return out;
        }
        in.config.profile = std::make_shared<const CostProfile>(std::move(profile.value()));
    }
    auto replayed = replayRecords(out.measured, in.config);
    if (!replayed) {
        out.error = QString::fromStdString(replayed.error());
        return out;
    }
    out.message = QObject::tr("%1 records of %2 images %3")
                      .arg(replayed->records.size())
                      .arg(replayed->images)
                      .arg(QString::fromStdString(replayed->provenance));
    if (replayed->missingOrders > 0)
        out.message += QObject::tr("; %1 rows chose an order never measured (error rows)")
                           .arg(replayed->missingOrders);
    out.records = std::move(replayed->records);
    return out;
}

}  // namespace

QString replayedNote(const RequestRecord& first) {
    if (first.provenance.empty()) return {};
    return QObject::tr("replayed, not measured: %1").arg(QString::fromStdString(first.provenance));
}

RecordJobs::RecordJobs(MainWindow* window) : QObject(window), window_(window) {
    progress_ = addStatusProgressBar(window_, "recordJobsProgress");
    connect(this, &RecordJobs::progress, progress_,
            [this](qint64 done, qint64 total) { setProgress(progress_, done, total); });
}

RecordJobs::~RecordJobs() {
    *cancel_ = true;  // a reader waiting for the GUI to take its batches stops
    reading_.waitForFinished();
}

bool RecordJobs::start(QString* error) {
    auto refuse = [&](const QString& why) {
        if (error) *error = why;
        return false;
    };
    if (busy_) return refuse(tr("another export, open or replay is still running"));
    if (window_->isRunning()) return refuse(tr("stop the run first"));
    busy_ = true;
    return true;
}

// Runs `work` on a worker; `done` gets its outcome on the GUI thread.
template <typename Work, typename Done>
static void onWorker(QObject* owner, Work work, Done done) {
    auto* watcher = new QFutureWatcher<Outcome>(owner);
    QObject::connect(watcher, &QFutureWatcher<Outcome>::finished, owner, [watcher, done] {
        done(watcher->result());
        watcher->deleteLater();
    });
    watcher->setFuture(QtConcurrent::run(std::move(work)));
}

bool RecordJobs::exportSqlite(const QString& path, QString* error) {
    if (!start(error)) return false;
    const RecordColumnsView view = window_->store()->view();
    onWorker(
        this,
        [path, view] {
            Outcome o;
            auto written = exportRecordsSqlite(path, view);
            if (!written) o.error = QString::fromStdString(written.error());
            o.message = tr("Wrote %1 records to %2 (SQLite, the prototype's inference_results)")
                            .arg(view.size())
                            .arg(path);
            return o;
        },
        [this](const Outcome& o) {
            busy_ = false;
            window_->status(o.error.isEmpty() ? o.message : o.error, 0);
            emit finished("export", o.error);
        });
    return true;
}

bool RecordJobs::openRecords(const QString& path, QString* error) {
    if (!start(error)) return false;
    onWorker(
        this,
        [path] {
            Outcome o;
            auto read = readRecordsFile(path.toStdString());
            if (!read) {
                o.error = QString::fromStdString(read.error());
                return o;
            }
            o.records = std::move(read.value());
            o.message = tr("Opened %1: %2 records").arg(path).arg(o.records.size());
            return o;
        },
        [this, path](Outcome o) {
            busy_ = false;
            if (o.error.isEmpty()) {
                window_->showRecords(std::move(o.records));
                source_ = QFileInfo(path).fileName();
            }
            window_->status(o.error.isEmpty() ? o.message : o.error, 0);
            emit finished("open", o.error);
        });
    return true;
}

bool RecordJobs::openExperiment(const QString& path, QString* error) {
    if (!start(error)) return false;
    constexpr std::size_t kBatchRows = 500;  // what the tabs take in one turn of the event loop
    *cancel_ = false;
    *queued_ = 0;
    progress_->setValue(0);
    progress_->setVisible(true);
    QPointer<RecordJobs> self(this);
    auto done = [self, path](QString error, std::size_t records) {
        QMetaObject::invokeMethod(
            self,
            [self, path, error, records] {
                if (!self) return;
                self->busy_ = false;
                self->progress_->setVisible(false);
                self->window_->recordsOpened(path, records, error);
                emit self->finished("open-experiment", error);
            },
            Qt::QueuedConnection);
    };
    reading_ = QtConcurrent::run([self, path, done, queued = queued_, cancel = cancel_] {
        auto head = readExperimentHead(path);
        if (!head) return done(QString::fromStdString(head.error()), 0);
        QMetaObject::invokeMethod(
            self,
            [self, h = head.value(), path] {
                if (self) self->window_->beginOpenedRecords(h.config, QFileInfo(path).fileName());
            },
            Qt::QueuedConnection);
        auto read = readExperimentRecords(
            path, kBatchRows,
            [&](std::vector<RequestRecord> batch, std::uint64_t at, std::uint64_t total) {
                while (*queued >= 1 && !*cancel) QThread::msleep(2);
                if (*cancel) return false;
                ++*queued;
                QMetaObject::invokeMethod(
                    self,
                    [self, b = std::move(batch), at, total]() mutable {
                        if (self) self->appendBatch(std::move(b), qint64(at), qint64(total));
                    },
                    Qt::QueuedConnection);
                return true;
            });
        done(read ? QString() : QString::fromStdString(read.error()), read ? read.value() : 0);
    });
    return true;
}

void RecordJobs::appendBatch(std::vector<RequestRecord> batch, qint64 read, qint64 total) {
    --*queued_;
    window_->store()->append(batch);
    emit progress(read, total);
}

bool RecordJobs::replay(QString* error) {
    if (window_->store()->size() == 0 && measured_.empty()) {
        if (error) *error = tr("nothing to replay: run, or open records or an experiment first");
        return false;
    }
    if (!start(error)) return false;
    const DashboardConfig c = window_->currentConfig();
    ReplayInput in;
    in.shown = window_->store()->view();
    in.measured = measured_;
    in.config.link = window_->networkPanel()->linkShape();
    const EmulatedDevice device = c.device();
    // A paper-model phone is charged the paper's f: no multiple of this machine's to replay.
    // Records of several devices (a sweep's) keep each its own k: core refuses one k over
    // several devices (it would re-time every device's stages as if all were that one).
    static const int deviceColumn = RecordColumnsView::columnOf("device");
    const bool oneDevice =
        in.shown.size() == 0 || in.shown.distinctTexts(std::size_t(deviceColumn)) <= 1;
    if (device.mode != EmulationMode::PaperModel && oneDevice)
        in.config.deviceSlowdown = device.slowdown;
    for (const QString& id : c.strategies) in.config.strategies.push_back(id.toStdString());
    in.config.source = source_.toStdString();
    in.profilePath = effectiveProfilePath(c);
    // Records of other devices (a sweep's) predict with their own calibrations when cached.
    in.config.profileCacheDir = profileCacheFolder().toStdString();
    onWorker(this, std::bind(runReplay, std::move(in)), [this](Outcome o) {
        busy_ = false;
        if (o.error.isEmpty()) {
            measured_ = std::move(o.measured);
            window_->showRecords(std::move(o.records));
        }
        window_->status(o.error.isEmpty() ? tr("Replayed, not measured: %1").arg(o.message)
                                          : tr("Replay failed: %1").arg(o.error),
                        0);
        emit finished("replay", o.error);
    });
    return true;
}

void RecordJobs::storeChanged() {
    const RecordStore* store = window_->store();
    if (store->size() == 0 || store->record(0).provenance.empty()) measured_.clear();
}

}  // namespace pieslicer::ui
