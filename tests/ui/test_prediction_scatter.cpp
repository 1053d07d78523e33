// The predicted-vs-measured scatter thins overlapping markers on a grid that coarsens as
// the range grows; a point far from every other must still be drawn.
#include <QTest>

#include "charts/prediction_scatter_widget.h"

using namespace pieslicer;
using namespace pieslicer::ui;

namespace {

RequestRecord record(double predicted, double measured) {
    RequestRecord r;
    r.status = "ok";
    r.strategy = "static-cloud";
    r.preexecution_time_estimate = predicted;
    r.preexecution_time = measured;
    return r;
}

}  // namespace

class TestPredictionScatter : public QObject {
    Q_OBJECT
  private slots:
    void aFarPointIsNeverHiddenByThinning() {
        PredictionScatterWidget w;
        // Small requests first, on the fine grid; one at (394, 400) ms whose fine-grid
        // key equals the coarse-grid key of a 7 s request (7000/17.75, 7100/17.75).
        std::vector<RequestRecord> small;
        for (int i = 0; i < 200; ++i) small.push_back(record(50 + i, 52 + i));
        small.push_back(record(394.4, 400.0));
        w.addRecords(small);
        w.addRecords({record(7000, 7100)});
        QVERIFY(w.shows({7000, 7100}));
        QVERIFY(w.shows({394.4, 400.0}));
        // Thinning still works on the coarser grid: points within a shown point's cell
        // add no marker.
        const int shown = w.shownPoints();
        QCOMPARE(shown, 202);
        w.addRecords({record(7001, 7101), record(100.3, 102.3)});
        QCOMPARE(w.shownPoints(), shown);
    }
};

QTEST_MAIN(TestPredictionScatter)
#include "test_prediction_scatter.moc"
