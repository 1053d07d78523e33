#include "run/record_feed.h"

#include <algorithm>

#include "run/gui_work_queue.h"

namespace pieslicer::ui {

RecordFeed::RecordFeed(int frameMs, QObject* parent) : QObject(parent) {
    qRegisterMetaType<std::vector<RequestRecord>>();
    frame_.setObjectName("recordFeed.drain");  // named in event-loop traces
    frame_.setSingleShot(true);
    frame_.setInterval(frameMs);
    // The delivery takes its turn with the charts' redraws (GuiWorkQueue), ahead of them.
    connect(&frame_, &QTimer::timeout, this, [this] {
        GuiWorkQueue::instance().add(
            this, frame_.objectName(), [this] { drain(false); }, GuiWorkQueue::Priority::First);
    });
}

RecordFeed::~RecordFeed() { GuiWorkQueue::instance().remove(this); }

void RecordFeed::push(const RequestRecord& record, const RunProgress& progress) {
    {
        std::unique_lock<std::mutex> lock(pending_->mutex);
        pending_->drained.wait(
            lock, [p = pending_.get()] { return p->closed || p->records.size() < kMaxPending; });
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

void RecordFeed::close() {
    {
        std::lock_guard<std::mutex> lock(pending_->mutex);
        pending_->closed = true;
    }
    pending_->drained.notify_all();
}

void RecordFeed::holdFrame() {
    // A frame from now, whether its timer is running or its delivery already queued.
    if (GuiWorkQueue::instance().contains(this)) {
        GuiWorkQueue::instance().remove(this);
        frame_.start();
    } else if (frame_.isActive()) {
        frame_.start();  // restarts the interval; idle, a push starts it
    }
}

void RecordFeed::drain(bool all) {
    frame_.stop();
    GuiWorkQueue::instance().remove(this);
    std::vector<RequestRecord> batch;
    RunProgress p;
    bool more = false;
    {
        std::lock_guard<std::mutex> lock(pending_->mutex);
        auto& pending = pending_->records;
        // A run's first delivery makes every chart's series, legend and axes: small, it is
        // that alone (a full first batch of a burst added 5 ms to it).
        const std::size_t most = batches_ == 0 ? kFirstBatch : kMaxBatch;
        const std::size_t take = all ? pending.size() : std::min(pending.size(), most);
        batch.assign(std::make_move_iterator(pending.begin()),
                     std::make_move_iterator(pending.begin() + std::ptrdiff_t(take)));
        pending.erase(pending.begin(), pending.begin() + std::ptrdiff_t(take));
        more = !pending.empty();  // then signalled stays set: the next frame takes the rest
        if (!more) pending_->signalled = false;
        p = pending_->progress;
        if (more) {
            p.done -= pending.size();
        }
    }
    pending_->drained.notify_all();
    if (more) frame_.start();
    if (batch.empty()) return;
    ++batches_;
    emit recordsReady(batch);
    emit progress(qint64(p.done), qint64(p.total), p.elapsedMs, p.etaMs);
}

}  // namespace pieslicer::ui
