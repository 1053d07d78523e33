// What the charts hand Qt Charts while data streams in (issue #15): line series are
// decimated to one point per 2 px of the plot (min/max buckets keep spikes, the first and
// last point keep the span), CDFs on a log axis are bucketed in log x, and an axis range
// fitted to growing data moves rarely (each move re-strokes every series on it).
#include <QChart>
#include <QTest>
#include <QValueAxis>
#include <cmath>

#include "charts/cdf_chart_widget.h"
#include "charts/chart_panel.h"
#include "charts/xy_scatter_widget.h"

using namespace pieslicer::ui;

namespace {

// A ChartPanel whose axis the test drives through the protected fitRange().
class AxisChart : public ChartPanel {
  public:
    AxisChart() : ChartPanel("axis", "Axis") {
        axis = new QValueAxis;
        chart()->addAxis(axis, Qt::AlignLeft);
    }
    bool fit(double lo, double hi) { return fitRange(axis, lo, hi); }
    int budget() const { return linePointBudget(); }
    QValueAxis* axis = nullptr;

  protected:
    void refresh() override {}
};

}  // namespace

class TestChartPointBudget : public QObject {
    Q_OBJECT
  private slots:
    void budgetIsOnePointPerTwoPixels() {
        QCOMPARE(linePointBudget(1000), 500);
        QCOMPARE(linePointBudget(801), 400);
        QCOMPARE(linePointBudget(50), kMinLinePoints);  // a tiny plot still shows a shape
        AxisChart chart;
        chart.resize(900, 400);
        chart.show();
        QVERIFY(QTest::qWaitForWindowExposed(&chart));
        // The plot area (inside the axes and margins) decides, not the widget.
        QVERIFY2(chart.budget() <= 450 && chart.budget() >= kMinLinePoints,
                 qPrintable(QString::number(chart.budget())));
    }

    void downsamplingKeepsExtremesWithinTheBudget() {
        QList<QPointF> points;
        for (int i = 0; i < 100000; ++i)
            points.append({double(i), i == 54321 ? 1e6 : i == 777 ? -3.0 : double(i % 97)});
        const QList<QPointF> out = downsampleMinMax(points, 400);
        QVERIFY2(out.size() <= 400, qPrintable(QString::number(out.size())));
        QVERIFY(out.size() >= 300);  // the budget is used, not wasted
        QCOMPARE(out.front(), points.front());
        QCOMPARE(out.back(), points.back());
        QVERIFY(out.contains(QPointF(54321, 1e6)));
        QVERIFY(out.contains(QPointF(777, -3)));
        for (int i = 1; i < out.size(); ++i) QVERIFY(out[i - 1].x() <= out[i].x());
        // Within the budget: as they are.
        const QList<QPointF> few = points.mid(0, 300);
        QCOMPARE(downsampleMinMax(few, 400), few);
    }

    void logCdfIsBucketedInLogX() {
        // Values spread over four decades, dense at the low end: linear buckets would leave
        // the first decades one bucket; log buckets give each decade a share.
        QList<QPointF> cdf;
        const int n = 20000;
        for (int i = 0; i < n; ++i) cdf.append({std::pow(10.0, 4.0 * i / n), double(i + 1) / n});
        const QList<QPointF> out = CdfChartWidget::decimate(cdf, 200, true);
        QVERIFY(out.size() <= 200);
        int firstDecade = 0;
        for (const auto& p : out) firstDecade += p.x() < 10 ? 1 : 0;
        QVERIFY2(firstDecade >= 30, qPrintable(QString::number(firstDecade)));
        QVERIFY(std::abs(out.front().x() - 1.0) < 1e-9);
        QCOMPARE(out.back().y(), 1.0);
    }

    void scatterMarkersAreThinnedToPixelCells() {
        // 40,000 points in the left half of a 100 x 100 range on a 400 x 200 px plot, 4 px
        // cells: at most 50 x 50 cells; an outlier alone in its cell is kept.
        QList<QPointF> points;
        for (int i = 0; i < 40000; ++i) points.append({(i % 200) / 4.0, (i / 200) / 2.0});
        points.append({99.9, 0.01});
        const QRectF range(QPointF(0, 0), QPointF(100, 100));
        const QList<QPointF> out =
            XYScatterWidget::thinToCells(points, range, QSizeF(400, 200), false, 4.0);
        QVERIFY2(out.size() <= 50 * 50 + 1 && out.size() >= 50 * 50 / 2,
                 qPrintable(QString::number(out.size())));
        QVERIFY(out.contains(QPointF(99.9, 0.01)));
        QCOMPARE(out.front(), points.front());  // the first point of each cell, in order
        // Log y: a decade is as tall as any other, so points in the lowest decade keep
        // their own cells.
        QList<QPointF> logPoints;
        for (int i = 0; i < 1000; ++i) logPoints.append({50, 1 + i * 0.009});  // 1 to 10
        for (int i = 0; i < 1000; ++i) logPoints.append({50, 100 + i * 0.9});  // 100 to 1000
        const QRectF logRange(QPointF(0, 1), QPointF(100, 1000));
        const QList<QPointF> logOut =
            XYScatterWidget::thinToCells(logPoints, logRange, QSizeF(400, 300), true, 4.0);
        int low = 0, high = 0;
        for (const auto& p : logOut) (p.y() < 10 ? low : high) += 1;
        QVERIFY2(low >= 20 && std::abs(low - high) <= 3,
                 qPrintable(QString("%1 %2").arg(low).arg(high)));
    }

    void axisRangeMovesRarelyAsDataGrows() {
        AxisChart chart;
        int moves = 0;
        // A maximum growing by 1% a step from 10 to about 100: refitted with headroom only
        // when the data leaves the range.
        double hi = 10;
        for (int i = 0; i < 232; ++i, hi *= 1.01) {
            moves += chart.fit(0, hi) ? 1 : 0;
            QVERIFY(chart.axis->min() <= 0 && chart.axis->max() >= hi);
        }
        QVERIFY2(moves <= 12, qPrintable(QString::number(moves)));
        // The same data again: no move at all.
        QVERIFY(!chart.fit(0, hi / 1.01));
        // Data that shrinks to under half the range is refitted (a new run's smaller values).
        QVERIFY(chart.fit(0, hi / 10));
        QVERIFY(chart.axis->max() < hi / 2);
        QVERIFY(chart.axis->max() >= hi / 10);
    }
};

QTEST_MAIN(TestChartPointBudget)
#include "test_chart_point_budget.moc"
