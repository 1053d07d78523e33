// Chart redraws while records stream in are coalesced (issue #15): a chart asked to
// refresh on every batch redraws at most once per ChartPanel::kMinRefreshSpacingMs, the
// first request after a pause redraws at once, and the last request is never lost.
#include <QElapsedTimer>
#include <QTest>

#include "charts/chart_panel.h"

using namespace pieslicer::ui;

namespace {

class CountingChart : public ChartPanel {
  public:
    CountingChart() : ChartPanel("counting", "Counting") {}
    void ask() { scheduleRefresh(); }
    int drawnRequests = 0;  // requests the last redraw saw
    int requests = 0;

  protected:
    void refresh() override { drawnRequests = requests; }
};

}  // namespace

class TestChartRefreshSpacing : public QObject {
    Q_OBJECT
  private slots:
    void firstRequestAfterAPauseRedrawsAtOnce() {
        CountingChart chart;
        chart.show();
        QVERIFY(QTest::qWaitForWindowExposed(&chart));
        const int before = chart.refreshCount();
        ++chart.requests;
        chart.ask();
        // The shared refresh queue ticks every ~11 ms; far less than the spacing.
        QTRY_VERIFY_WITH_TIMEOUT(chart.refreshCount() > before,
                                 ChartPanel::kMinRefreshSpacingMs / 2);
        QCOMPARE(chart.drawnRequests, chart.requests);
    }

    void streamingRequestsAreSpacedAndTheLastIsDrawn() {
        CountingChart chart;
        chart.show();
        QVERIFY(QTest::qWaitForWindowExposed(&chart));
        chart.refreshNow();
        const int before = chart.refreshCount();
        QElapsedTimer clock;
        clock.start();
        while (clock.elapsed() < 4 * ChartPanel::kMinRefreshSpacingMs) {  // a batch every 5 ms
            ++chart.requests;
            chart.ask();
            QTest::qWait(5);
        }
        const qint64 streamedMs = clock.elapsed();
        QTRY_COMPARE(chart.drawnRequests, chart.requests);  // the last batch is drawn
        const int redraws = chart.refreshCount() - before;
        QVERIFY2(redraws >= 2, qPrintable(QString("%1 redraws").arg(redraws)));
        // One per spacing over the stream, plus the held-back last one.
        QVERIFY2(redraws <= int(streamedMs / ChartPanel::kMinRefreshSpacingMs) + 2,
                 qPrintable(QString("%1 redraws in %2 ms for %3 requests")
                                .arg(redraws)
                                .arg(streamedMs)
                                .arg(chart.requests)));
    }

    void hiddenChartRedrawsWhenShown() {
        CountingChart chart;
        ++chart.requests;
        chart.ask();  // hidden: nothing drawn yet
        QTest::qWait(50);
        QCOMPARE(chart.refreshCount(), 0);
        chart.show();
        QTRY_COMPARE(chart.drawnRequests, chart.requests);
    }
};

QTEST_MAIN(TestChartRefreshSpacing)
#include "test_chart_refresh_spacing.moc"
