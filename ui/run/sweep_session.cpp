#include "run/sweep_session.h"

#include <QThread>
#include <chrono>
#include <mutex>

namespace pieslicer::ui {

struct SweepShared {
    RunControl control;
    std::mutex mutex;  // guards the outcome below
    bool stopped = false;
    QString error;
    std::shared_ptr<const SweepSummary> summary;
};

SweepSession::SweepSession(QObject* parent) : QObject(parent) {}

SweepSession::~SweepSession() {
    if (thread_) {
        // Only at shutdown: the request in flight finishes (bounded by client timeouts).
        shared_->control.stop = true;
        thread_->wait();
    }
}

bool SweepSession::start(SweepConfig config, const ScoringOptions& scoring,
                         const QString& summaryJson, QString* error) {
    if (thread_) {
        if (error) *error = tr("a sweep is already going on");
        return false;
    }
    shared_ = std::make_shared<SweepShared>();
    auto shared = shared_;
    // Worker -> GUI: queued calls on this object (dropped if it is gone).
    auto post = [this](auto fn) { QMetaObject::invokeMethod(this, fn, Qt::QueuedConnection); };
    auto say = [post, this](const std::string& text) {
        const QString t = QString::fromStdString(text);
        post([this, t] { emit message(t); });
    };
    const std::string jsonPath = summaryJson.toStdString();
    thread_ = QThread::create([config = std::move(config), scoring, jsonPath, shared, say, post,
                               this]() mutable {
        SweepRunner runner(std::move(config));
        runner.onMessage(say);
        auto last = std::chrono::steady_clock::now() - std::chrono::seconds(1);
        runner.onRecord([&last, post, this](const RequestRecord&, const SweepProgress& p) {
            // At most one progress update per kProgressMs, and always the last one.
            const auto now = std::chrono::steady_clock::now();
            if (p.overall.done < p.overall.total &&
                now - last < std::chrono::milliseconds(kProgressMs))
                return;
            last = now;
            post([this, p] {
                emit progress(int(p.cell), int(p.cells), qint64(p.overall.done),
                              qint64(p.overall.total), p.overall.etaMs);
            });
        });
        auto result = runner.run(shared->control);
        std::shared_ptr<const SweepSummary> summary;
        QString err;
        if (result) {
            say("scoring " + std::to_string(result->cells.size()) + " cells");
            summary = std::make_shared<const SweepSummary>(summariseSweep(result.value(), scoring));
            if (!jsonPath.empty())
                if (auto w = writeSweepSummaryJson(jsonPath, *summary, scoring); !w)
                    err = QString::fromStdString(w.error());
        } else {
            err = QString::fromStdString(result.error());
        }
        std::lock_guard<std::mutex> lock(shared->mutex);
        shared->stopped = result ? result->stopped : bool(shared->control.stop);
        shared->error = err;
        shared->summary = summary;
    });
    thread_->setObjectName("pieslicer-sweep");
    // QThread::finished arrives queued once the thread has ended: no wait() needed.
    connect(thread_, &QThread::finished, this, [this, shared] {
        thread_->deleteLater();
        thread_ = nullptr;
        bool stopped;
        QString err;
        std::shared_ptr<const SweepSummary> summary;
        {
            std::lock_guard<std::mutex> lock(shared->mutex);
            stopped = shared->stopped;
            err = shared->error;
            summary = shared->summary;
        }
        emit finished(stopped, err, summary);
    });
    thread_->start();
    return true;
}

void SweepSession::requestStop() {
    if (shared_) shared_->control.stop = true;
}

}  // namespace pieslicer::ui
