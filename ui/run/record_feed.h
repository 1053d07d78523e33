#pragma once
// Hands records from a producer thread to the GUI thread at a bounded rate: the
// producer appends under a mutex and posts at most one wake-up; the GUI drains
// everything pending on a single-shot frame timer (PlotJuggler-style coalescing), so
// the number of redraws does not grow with the request rate. A producer that runs ahead
// of the GUI by kMaxPending records waits for a drain (back-pressure): a burst is held as
// columns in the store, not as a queue of whole records (about 1 KB each).
#include <QObject>
#include <QTimer>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <vector>

#include "domain/request_record.h"
#include "run/record_sink.h"

namespace pieslicer::ui {

class RecordFeed : public QObject {
    Q_OBJECT
  public:
    explicit RecordFeed(int frameMs = 33, QObject* parent = nullptr);
    ~RecordFeed() override;

    // Any thread but the GUI's: waits while kMaxPending records are pending (until a
    // drain or close()).
    void push(const RequestRecord& record, const RunProgress& progress);
    // GUI thread: from now on push() never waits (before joining a producer).
    void close();
    // GUI thread: deliver what is pending, at most kMaxBatch records unless `all`
    // (end of a run); a burst is spread over several frames so none stalls.
    void drain(bool all = false);
    // GUI thread: the next delivery waits a whole frame from now. For a page about to be
    // shown (a tab switch): its layout and first paint are 8-11 ms of the GUI thread, and a
    // batch's delivery in the same turn of the event loop made 16-21 ms stalls.
    void holdFrame();
    static constexpr std::size_t kMaxBatch = 500;
    static constexpr std::size_t kFirstBatch = 50;
    // Four frames ahead: enough that a producer never waits on a frame's jitter, while a
    // burst's queue of whole records (about 1 KB each) stays 2 MB (at 20 frames it was 10 MB,
    // 100 bytes a record of a 100,000-record run's peak).
    static constexpr std::size_t kMaxPending = 4 * kMaxBatch;
    int batchesDelivered() const { return batches_; }

  signals:
    // By reference: the receivers read it (RecordStore::append turns it into columns), and a
    // by-value batch was copied for every receiver and every signal it was forwarded through,
    // 500 records of 20-odd strings each, which made half of a burst's delivery time.
    void recordsReady(const std::vector<pieslicer::RequestRecord>& batch);
    void progress(qint64 done, qint64 total, double elapsedMs, double etaMs);

  private:
    struct Pending {
        std::mutex mutex;
        std::condition_variable drained;
        bool closed = false;
        std::deque<RequestRecord> records;  // taken from the front a batch at a time
        RunProgress progress;
        std::atomic<bool> signalled{false};
    };
    std::shared_ptr<Pending> pending_ = std::make_shared<Pending>();
    QTimer frame_;
    int batches_ = 0;
};

}  // namespace pieslicer::ui

Q_DECLARE_METATYPE(std::vector<pieslicer::RequestRecord>)
