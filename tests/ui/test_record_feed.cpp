// RecordFeed's hand-over from a producer thread to the GUI (issue #15): a producer that runs
// ahead by kMaxPending records waits for the GUI to drain (the first delivery small, then
// batches of kMaxBatch), so a burst is never held as a
// queue of whole records; every record arrives once, in order; close() releases a waiting
// producer (the run thread is joined at shutdown without a drain); a page being shown holds the
// next delivery a frame (holdFrame).
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTest>
#include <atomic>
#include <chrono>
#include <thread>

#include "run/record_feed.h"

using namespace pieslicer;
using namespace pieslicer::ui;

namespace {

RequestRecord numbered(std::size_t i) {
    RequestRecord r;
    r.image_name_orig = std::to_string(i);
    return r;
}

// Waits without running the event loop (which would drain the feed) until `n` were pushed.
bool waitWithoutEvents(const std::atomic<std::size_t>& pushed, std::size_t n) {
    for (int i = 0; i < 2000 && pushed.load() < n; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    return pushed.load() == n;
}

}  // namespace

class TestRecordFeed : public QObject {
    Q_OBJECT
  private slots:
    void aProducerAheadWaitsForTheGuiAndEveryRecordArrivesInOrder() {
        RecordFeed feed(1);
        std::vector<std::string> got;
        std::vector<std::size_t> sizes;
        connect(&feed, &RecordFeed::recordsReady, this, [&](const std::vector<RequestRecord>& b) {
            QVERIFY(b.size() <= RecordFeed::kMaxBatch);
            sizes.push_back(b.size());
            for (auto& r : b) got.push_back(r.image_name_orig);
        });
        const std::size_t total = RecordFeed::kMaxPending * 3;
        std::atomic<std::size_t> pushed{0};
        std::thread producer([&] {
            for (std::size_t i = 0; i < total; ++i) {
                RunProgress p;
                p.done = i + 1;
                p.total = total;
                feed.push(numbered(i), p);
                ++pushed;
            }
        });
        // With no event loop running nothing drains: the producer stops at the bound.
        QVERIFY(waitWithoutEvents(pushed, RecordFeed::kMaxPending));
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        QCOMPARE(pushed.load(), RecordFeed::kMaxPending);
        // The GUI's frames drain it, a batch at a time, and the producer goes on.
        QTRY_COMPARE_WITH_TIMEOUT(got.size(), total, 20000);
        producer.join();
        for (std::size_t i = 0; i < total; ++i) QCOMPARE(got[i], std::to_string(i));
        // The first delivery, which makes every chart's series, is small; then full batches.
        QCOMPARE(sizes.front(), RecordFeed::kFirstBatch);
        QCOMPARE(sizes[1], RecordFeed::kMaxBatch);
    }

    void holdFramePostponesThePendingDelivery() {
        const int frameMs = 1000;
        RecordFeed feed(frameMs);
        int batches = 0;
        connect(&feed, &RecordFeed::recordsReady, this,
                [&](const std::vector<RequestRecord>&) { ++batches; });
        feed.push(numbered(0), RunProgress{});  // few records: push() does not wait
        QElapsedTimer pushedAt;
        pushedAt.start();
        // Holding every 50 ms (each a tab shown) keeps it back past its frame...
        while (pushedAt.elapsed() < frameMs * 3 / 2) {
            feed.holdFrame();
            QTest::qWait(50);
        }
        QCOMPARE(batches, 0);
        // ...and once nothing is shown any more, it arrives.
        QTRY_COMPARE_WITH_TIMEOUT(batches, 1, 5 * frameMs);
    }

    void closeReleasesAWaitingProducer() {
        RecordFeed feed(1000000);  // frames far apart: nothing drains during the test
        std::atomic<std::size_t> pushed{0};
        std::thread producer([&] {
            for (std::size_t i = 0; i < RecordFeed::kMaxPending + 10; ++i) {
                feed.push(numbered(i), RunProgress{});
                ++pushed;
            }
        });
        QVERIFY(waitWithoutEvents(pushed, RecordFeed::kMaxPending));
        feed.close();
        producer.join();  // would hang without close()
        QCOMPARE(pushed.load(), RecordFeed::kMaxPending + 10);
    }
};

QTEST_MAIN(TestRecordFeed)
#include "test_record_feed.moc"
