// GuiWorkQueue (issue #15): heavy GUI-thread work (a record batch's delivery, a chart's redraw)
// runs one job per turn of the event loop, at least kTickMs apart, so what one job posts (a
// chart's scene updates) runs before the next job and the loop reacts in between; deliveries
// go ahead of redraws; an owner has at most one job queued.
#include <QElapsedTimer>
#include <QTest>
#include <QTimer>

#include "run/gui_work_queue.h"

using namespace pieslicer::ui;

class TestGuiWorkQueue : public QObject {
    Q_OBJECT
  private slots:
    void jobsTakeTurnsWithTheEventLoopBetween() {
        auto& q = GuiWorkQueue::instance();
        QElapsedTimer clock;
        clock.start();
        std::vector<std::pair<char, qint64>> ran;  // job, when (ns)
        bool postedRan = false;
        bool postedBeforeB = false;
        int a = 0, b = 0, c = 0;  // owners
        q.add(&a, "a", [&] {
            ran.push_back({'a', clock.nsecsElapsed()});
            // Posted by the job, as a chart's replace() posts its scene's update.
            QTimer::singleShot(0, [&] { postedRan = true; });
        });
        q.add(&b, "b", [&] {
            postedBeforeB = postedRan;
            ran.push_back({'b', clock.nsecsElapsed()});
        });
        q.add(&c, "c", [&] { ran.push_back({'c', clock.nsecsElapsed()}); });
        QTRY_COMPARE(ran.size(), std::size_t(3));
        QCOMPARE(ran[0].first, 'a');
        QCOMPARE(ran[1].first, 'b');
        QCOMPARE(ran[2].first, 'c');
        QVERIFY(postedBeforeB);
        for (std::size_t i = 1; i < ran.size(); ++i)
            QVERIFY2(ran[i].second - ran[i - 1].second >= GuiWorkQueue::kTickMs * 1000000LL,
                     "two jobs less than a tick apart");
    }

    void deliveriesGoAheadOfRedrawsAndAnOwnerQueuesOnce() {
        auto& q = GuiWorkQueue::instance();
        std::string order;
        int chart1 = 0, chart2 = 0, feed = 0;
        q.add(&chart1, "chart1", [&] { order += '1'; });
        q.add(&chart2, "chart2", [&] { order += '2'; });
        q.add(&chart1, "chart1", [&] { order += 'X'; });  // already queued: keeps its place
        q.add(
            &feed, "feed", [&] { order += 'f'; }, GuiWorkQueue::Priority::First);
        QVERIFY(q.contains(&chart2));
        QTRY_COMPARE(order, std::string("f12"));
        QVERIFY(!q.contains(&chart2));
    }

    void aRemovedJobNeverRuns() {
        auto& q = GuiWorkQueue::instance();
        bool ranA = false, ranB = false;
        int a = 0, b = 0;
        q.add(&a, "a", [&] { ranA = true; });
        q.add(&b, "b", [&] { ranB = true; });
        q.remove(&a);  // a chart deleted, or a feed that drained itself meanwhile
        QTRY_VERIFY(ranB);
        QTest::qWait(3 * GuiWorkQueue::kTickMs);
        QVERIFY(!ranA);
    }
};

QTEST_MAIN(TestGuiWorkQueue)
#include "test_gui_work_queue.moc"
