// Scoring from the store's columns (issue #15): the light rows read from the columns score
// exactly as the records rebuilt from the same columns do.
#include <QtTest>
#include <random>

#include "model/scoring.h"
#include "run/columnar_records.h"
#include "run/columnar_scoring.h"
#include "support/scoring_rows.h"
#include "tabs/compare_tab.h"

using namespace pieslicer;
using namespace pieslicer::ui;

namespace {

// A paired study in miniature: every image and repeat measured under both orders, each
// strategy choosing one, with predictions, error rows, a strategy known only by its
// algorithm and measurement ids shared between strategies.
std::vector<RequestRecord> study(int images, int repeats, unsigned seed) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<double> ms(20, 400), noise(0.8, 1.25);
    std::vector<RequestRecord> out;
    const std::vector<std::string> strategies = {"static-device", "static-cloud", "oracle",
                                                 "pieslicer", ""};
    for (int rep = 0; rep < repeats; ++rep)
        for (int i = 0; i < images; ++i) {
            const double device = ms(rng), cloud = ms(rng) * noise(rng);
            const std::string image = "img" + std::to_string(i) + ".jpg";
            const std::string measurement = "m" + std::to_string(rep) + "-" + std::to_string(i);
            for (const auto& s : strategies) {
                bool onDevice = s == "static-device" || (s == "oracle" && device <= cloud);
                if (s == "pieslicer" || s.empty()) onDevice = rng() % 3 != 0;
                RequestRecord r = test::scoringRow(s, image, onDevice, onDevice ? device : cloud);
                if (s.empty()) r.algorithm = "legacy-rule";
                r.repeat = rep;
                r.preexecution_time_other = onDevice ? cloud : device;
                if (s == "pieslicer")
                    r.preexecution_time_estimate = r.preexecution_time * noise(rng);
                r.measurement_id = s == "pieslicer" || s == "oracle" ? measurement : "";
                r.orig_size = 1e5 + 1e3 * i;
                r.device = "test-phone";
                r.device_slowdown = 2.5;
                if (rng() % 17 == 0) r.status = "error";
                out.push_back(r);
            }
        }
    return out;
}

void compareIntervals(const Interval& a, const Interval& b) {
    QCOMPARE(a.valid, b.valid);
    QCOMPARE(a.lo, b.lo);
    QCOMPARE(a.hi, b.hi);
}

}  // namespace

class TestColumnarScoring : public QObject {
    Q_OBJECT
  private slots:
    void columnsScoreAsTheRecords() {
        ColumnarRecords store;
        for (const auto& r : study(60, 3, 7)) store.append(r);
        const RecordColumnsView view = store.view();
        ScoringOptions options;
        options.bootstrap.resamples = 200;
        const auto fromRecords = scoreRun(view.records(0, view.size()), options);
        const ScoringRows rows = scoringRows(view);
        QCOMPARE(rows.rows.size(), view.size());
        const auto fromColumns = scoreRun(rows, options);
        QCOMPARE(fromColumns.size(), std::size_t(5));
        QCOMPARE(fromColumns.size(), fromRecords.size());
        for (std::size_t i = 0; i < fromRecords.size(); ++i) {
            const StrategyScore &a = fromRecords[i], &b = fromColumns[i];
            QCOMPARE(b.strategy, a.strategy);
            QCOMPARE(b.algorithm, a.algorithm);
            QCOMPARE(b.device, a.device);
            QCOMPARE(b.deviceSlowdown, a.deviceSlowdown);
            QCOMPARE(b.requests, a.requests);
            QCOMPARE(b.errors, a.errors);
            QCOMPARE(b.preexecution.mean, a.preexecution.mean);
            QCOMPARE(b.preexecution.p99, a.preexecution.p99);
            QCOMPARE(b.judged, a.judged);
            QCOMPARE(b.confusion.truePositive, a.confusion.truePositive);
            QCOMPARE(b.confusion.falseNegative, a.confusion.falseNegative);
            QCOMPARE(b.decisive, a.decisive);
            QCOMPARE(b.nearTies, a.nearTies);
            QCOMPARE(b.regretMs, a.regretMs);
            QCOMPARE(b.predicted, a.predicted);
            QCOMPARE(b.predictionMedianApe, a.predictionMedianApe);
            QCOMPARE(b.sharedRows, a.sharedRows);
            compareIntervals(b.f1Ci, a.f1Ci);
            compareIntervals(b.preexecutionCi.p50, a.preexecutionCi.p50);
            QCOMPARE(b.savings.size(), a.savings.size());
            for (std::size_t k = 0; k < a.savings.size(); ++k) {
                QCOMPARE(b.savings[k].against, a.savings[k].against);
                QCOMPARE(b.savings[k].meanMs, a.savings[k].meanMs);
                compareIntervals(b.savings[k].meanMsCi, a.savings[k].meanMsCi);
            }
        }
        // The data exercise what is compared: judged rows, errors, predictions, shared ids.
        const auto& p = test::scoreOf(fromColumns, "pieslicer");
        QVERIFY(p.judged > 100);
        QVERIFY(p.errors > 0);
        QVERIFY(p.predicted > 100);
        QVERIFY(p.sharedRows > 100);
        QVERIFY(p.f1Ci.valid);
        QCOMPARE(test::scoreOf(fromColumns, "legacy-rule").algorithm, std::string("legacy-rule"));
    }

    void rowsFromColumnsMatchRowsFromRecords() {
        ColumnarRecords store;
        const auto records = study(20, 2, 3);
        for (const auto& r : records) store.append(r);
        const ScoringRows a = scoringRows(store.view().records(0, store.size()));
        const ScoringRows b = scoringRows(store.view());
        QCOMPARE(b.strategies.size(), a.strategies.size());
        QCOMPARE(b.images, a.images);
        for (std::size_t i = 0; i < a.rows.size(); ++i) {
            QCOMPARE(b.rows[i].strategy, a.rows[i].strategy);
            QCOMPARE(b.rows[i].ok, a.rows[i].ok);
            QCOMPARE(b.rows[i].device, a.rows[i].device);
            QCOMPARE(b.rows[i].role, a.rows[i].role);
            QCOMPARE(b.rows[i].repeat, a.rows[i].repeat);
            QCOMPARE(b.rows[i].preexecution, a.rows[i].preexecution);
            QCOMPARE(b.rows[i].measurement == ScoringRow::kNoMeasurement,
                     a.rows[i].measurement == ScoringRow::kNoMeasurement);
        }
    }

    void compareDataFromAViewWhileAppending() {
        ColumnarRecords store;
        const auto records = study(30, 1, 5);
        for (std::size_t i = 0; i < records.size() / 2; ++i) store.append(records[i]);
        const RecordColumnsView half = store.view();
        for (std::size_t i = records.size() / 2; i < records.size(); ++i) store.append(records[i]);
        const CompareData d = computeCompare(half);
        QCOMPARE(d.records, records.size() / 2);  // the snapshot, not what came after
        std::size_t requests = 0;
        for (const auto& s : d.scores) requests += s.requests;
        QCOMPARE(requests, records.size() / 2);
        QVERIFY(!d.samples.empty());
    }

    // A pass that extends the last one's cache (live passes, issue #15) shows what a pass
    // over every row shows, batch after batch: files growing (the scatter's scale changes),
    // strategies and models appearing late, error rows.
    void passesExtendingTheCacheMatchFullPasses() {
        auto records = study(40, 3, 11);
        for (std::size_t i = 0; i < records.size(); ++i) {
            // The largest file grows over the first half, then the scale stays.
            records[i].orig_size =
                i < records.size() / 2 ? 1e5 + 2e3 * double(i) : 1e5 + 1e3 * double(i % 200);
            records[i].model_name = i < records.size() / 2 ? "mobilenet_v2" : "resnet50";
            records[i].model_accuracy = 70 + double(i % 7);
            records[i].sla_target = 250;
            records[i].time_total = records[i].preexecution_time + 50;
        }
        ColumnarRecords store;
        CompareCache cache;
        const std::size_t batches[] = {1, 7, 150, 3, 400, 1000, records.size()};
        std::size_t at = 0;
        for (const std::size_t upTo : batches) {
            for (; at < std::min(upTo, records.size()); ++at) store.append(records[at]);
            const RecordColumnsView view = store.view();
            const CompareData full = computeCompare(view);
            const CompareData extended = computeCompare(view, {}, cache);
            QCOMPARE(extended.records, view.size());
            QCOMPARE(extended.samples.size(), full.samples.size());
            for (std::size_t k = 0; k < full.samples.size(); ++k) {
                QCOMPARE(extended.samples[k].key, full.samples[k].key);
                QCOMPARE(extended.samples[k].count, full.samples[k].count);
                QCOMPARE(extended.samples[k].points, full.samples[k].points);
            }
            QCOMPARE(extended.cloud.points, full.cloud.points);
            QCOMPARE(extended.device.points, full.device.points);
            QCOMPARE(extended.scores.size(), full.scores.size());
            for (std::size_t k = 0; k < full.scores.size(); ++k) {
                QCOMPARE(extended.scores[k].strategy, full.scores[k].strategy);
                QCOMPARE(extended.scores[k].requests, full.scores[k].requests);
                QCOMPARE(extended.scores[k].preexecution.p90, full.scores[k].preexecution.p90);
                QCOMPARE(extended.scores[k].regretMs, full.scores[k].regretMs);
            }
            QCOMPARE(extended.modelUse.size(), full.modelUse.size());
            for (std::size_t k = 0; k < full.modelUse.size(); ++k) {
                QCOMPARE(extended.modelUse[k].strategy, full.modelUse[k].strategy);
                QCOMPARE(extended.modelUse[k].requests, full.modelUse[k].requests);
                QCOMPARE(extended.modelUse[k].models, full.modelUse[k].models);
                QCOMPARE(extended.modelUse[k].meanTop1, full.modelUse[k].meanTop1);
                QCOMPARE(extended.modelUse[k].withinSla, full.modelUse[k].withinSla);
            }
        }
        QCOMPARE(at, records.size());
        QCOMPARE(cache.rows, records.size());
        QCOMPARE(cache.order.size(), std::size_t(5));
        QVERIFY(!cache.cloudPoints.isEmpty() && !cache.devicePoints.isEmpty());
        // A view of fewer rows (another store) starts the cache over.
        ColumnarRecords other;
        for (std::size_t i = 0; i < 30; ++i) other.append(records[i]);
        const CompareData restarted = computeCompare(other.view(), {}, cache);
        QCOMPARE(restarted.records, std::size_t(30));
        QCOMPARE(cache.rows, std::size_t(30));
        std::size_t requests = 0;
        for (const auto& s : restarted.scores) requests += s.requests;
        QCOMPARE(requests, std::size_t(30));
    }
};

QTEST_MAIN(TestColumnarScoring)
#include "test_columnar_scoring.moc"
