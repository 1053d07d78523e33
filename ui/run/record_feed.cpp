#include "run/record_feed.h"

namespace pieslicer::ui {

RecordFeed::RecordFeed(int frameMs, QObject* parent) : QObject(parent) {
    qRegisterMetaType<std::vector<RequestRecord>>();
    frame_.setSingleShot(true);
    frame_.setInterval(frameMs);
    connect(&frame_, &QTimer::timeout, this, [this] { drain(false); });
}

void RecordFeed::push(const RequestRecord& record, const RunProgress& progress) {
    {
        std::lock_guard<std::mutex> lock(pending_->mutex);
        pending_->records.push_back(record);
        pending_->progress = progress;
    }
    if (pending_->signalled.exchange(true)) return;  // a wake-up is already on its way
    // Runs on the GUI thread; dropped if the feed is gone by then.
    QMetaObject::invokeMethod(
        this,
        [this] {
            if (!frame_.isActive()) frame_.start();
        },
        Qt::QueuedConnection);
}

void RecordFeed::drain(bool all) {
    frame_.stop();
    std::vector<RequestRecord> batch;
    RunProgress p;
    bool more = false;
    {
        std::lock_guard<std::mutex> lock(pending_->mutex);
        auto& pending = pending_->records;
        if (all || pending.size() <= kMaxBatch) {
            batch.swap(pending);
            pending_->signalled = false;
        } else {
            batch.assign(std::make_move_iterator(pending.begin()),
                         std::make_move_iterator(pending.begin() + kMaxBatch));
            pending.erase(pending.begin(), pending.begin() + kMaxBatch);
            more = true;  // signalled stays set: the next frame takes the rest
        }
        p = pending_->progress;
        if (more) {
            p.done -= pending.size();
        }
    }
    if (more) frame_.start();
    if (batch.empty()) return;
    ++batches_;
    emit recordsReady(std::move(batch));
    emit progress(qint64(p.done), qint64(p.total), p.elapsedMs, p.etaMs);
}

}  // namespace pieslicer::ui
