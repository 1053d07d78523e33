// The live timeline at a study's scale (issue #15): min/max decimation keeps memory and
// the points handed to Qt Charts bounded whatever the run's length, spikes survive, and
// the sliding window follows the newest request or scrolls back at full resolution.
#include <QScrollBar>
#include <QTest>

#include "charts/live_timeline_widget.h"
#include "charts/min_max_decimator.h"

using namespace pieslicer;
using namespace pieslicer::ui;

namespace {

RequestRecord record(int i) {
    RequestRecord r;
    r.strategy = i % 2 ? "static-cloud" : "pieslicer";
    r.preexecution_time = 100 + i % 50;
    r.preexecution_time_estimate = 110;
    r.link_rate_mbps = 20;
    if (i == 12345) r.preexecution_time = 9000;  // one spike
    return r;
}

}  // namespace

class TestTimelineDecimation : public QObject {
    Q_OBJECT
  private slots:
    void decimationIsBoundedAndKeepsExtremes() {
        MinMaxDecimator d(1024);
        for (int i = 0; i < 1000000; ++i) d.add(i, i == 777777 ? -5.0 : i == 3 ? 1e6 : i % 100);
        QVERIFY(d.buckets() <= 1024);
        const auto all = d.points(-1e300, 1e300);
        QVERIFY(all.size() <= 4 * 1024);
        bool low = false, high = false;
        for (const auto& p : all) {
            low = low || (p.x == 777777 && p.y == -5);
            high = high || (p.x == 3 && p.y == 1e6);
        }
        QVERIFY(low);
        QVERIFY(high);
        for (std::size_t i = 1; i < all.size(); ++i) QVERIFY(all[i - 1].x <= all[i].x);
        // Few points are kept as they are.
        MinMaxDecimator small(1024);
        for (int i = 0; i < 10; ++i) small.add(i, i * i);
        QCOMPARE(small.points(-1e300, 1e300).size(), std::size_t(10));
        QCOMPARE(small.points(2.5, 4).size(), std::size_t(2));
    }

    void timelineFollowsAWindowAndScrollsBack() {
        std::vector<RequestRecord> store;
        for (int i = 0; i < 50000; ++i) store.push_back(record(i));
        LiveTimelineWidget t;
        t.resize(800, 400);
        t.setHistory([&store](int first, int count) {
            return std::vector<RequestRecord>(
                store.begin() + first,
                store.begin() + std::min<int>(first + count, int(store.size())));
        });
        t.show();
        for (int first = 0; first < int(store.size()); first += 500)
            t.addRecords({store.begin() + first, store.begin() + first + 500}, first);
        t.refreshNow();
        QVERIFY(t.following());
        // Five series (rate, two measured, two predicted), each at most one point per 2 px
        // of the plot (narrower than the 800 px widget).
        QVERIFY2(t.shownPoints() <= 5 * 800 / 2, qPrintable(QString::number(t.shownPoints())));
        QVERIFY(t.pointCount() < 5 * (4 * 2048 + t.window()));
        QVERIFY(t.scrollBar()->isVisible());
        // Back to the spike's window: read from the history at full resolution.
        t.scrollTo(12000);
        t.refreshNow();
        QVERIFY(!t.following());
        QVERIFY(t.shownPoints() > 0);
        // The whole run, decimated: the spike is still there.
        t.setWholeRun(true);
        t.refreshNow();
        QVERIFY(t.shownPoints() <= 5 * 800 / 2);
    }
};

QTEST_MAIN(TestTimelineDecimation)
#include "test_timeline_decimation.moc"
