// Decision scoring against the oracle: F1, regret, savings, prediction error (issue 3).
#include <QtTest>

#include "model/scoring.h"
#include "support/scoring_rows.h"

using namespace pieslicer;

namespace {

RequestRecord row(const std::string& strategy, const std::string& image, bool device, double ms,
                  double predicted = 0) {
    RequestRecord r = test::scoringRow(strategy, image, device, ms);
    r.preexecution_time_estimate = predicted;
    return r;
}

const StrategyScore& find(const std::vector<StrategyScore>& scores, const std::string& id) {
    return test::scoreOf(scores, id);
}

}  // namespace

class TestScoring : public QObject {
    Q_OBJECT
  private slots:
    void confusionMatrixMeasures() {
        ConfusionMatrix c{8, 2, 1, 9};  // TP FP FN TN
        QCOMPARE(c.total(), std::size_t(20));
        QVERIFY(qFuzzyCompare(c.precision(), 0.8));
        QVERIFY(qFuzzyCompare(c.recall(), 8.0 / 9.0));
        QVERIFY(qFuzzyCompare(c.f1(), 2 * 0.8 * (8.0 / 9.0) / (0.8 + 8.0 / 9.0)));
        QVERIFY(qFuzzyCompare(c.accuracy(), 17.0 / 20.0));
        ConfusionMatrix allCloud{0, 0, 0, 5};
        QCOMPARE(allCloud.f1(), 1.0);  // nothing to find, nothing claimed
        ConfusionMatrix missedAll{0, 0, 4, 0};
        QCOMPARE(missedAll.f1(), 0.0);
    }

    void f1AndRegretAgainstOracleRows() {
        // Oracle: a,b device (100, 200 ms); c,d cloud (50, 60 ms).
        std::vector<RequestRecord> rs = {
            row("oracle", "a", true, 100),
            row("oracle", "b", true, 200),
            row("oracle", "c", false, 50),
            row("oracle", "d", false, 60),
            row("pieslicer", "a", true, 102),
            row("pieslicer", "b", false, 260),  // FN, 60 ms lost
            row("pieslicer", "c", false, 49),
            row("pieslicer", "d", true, 70),  // FP, 10 ms lost
            row("static-device", "a", true, 101),
            row("static-device", "b", true, 199),
            row("static-device", "c", true, 80),
            row("static-device", "d", true, 70),
        };
        const auto scores = scoreRun(rs);
        const auto& p = find(scores, "pieslicer");
        QCOMPARE(p.judged, std::size_t(4));
        QCOMPARE(p.confusion.truePositive, std::size_t(1));
        QCOMPARE(p.confusion.falseNegative, std::size_t(1));
        QCOMPARE(p.confusion.falsePositive, std::size_t(1));
        QCOMPARE(p.confusion.trueNegative, std::size_t(1));
        QCOMPARE(p.confusion.f1(), 0.5);
        QCOMPARE(p.regretMs, 70.0);  // right choices count 0 even when measured a bit slower
        const auto& d = find(scores, "static-device");
        QCOMPARE(d.confusion.f1(), 2 * 0.5 * 1.0 / 1.5);
        QCOMPARE(d.regretMs, 30.0 + 10.0);
        QCOMPARE(find(scores, "oracle").confusion.f1(), 1.0);
    }

    void aContentProbeIsRegretEvenOnARightChoice() {
        // pieslicer chose right on a (its row includes a 12 ms probe the oracle did not pay)
        // and wrong on b (the probe is already in its 260 ms).
        std::vector<RequestRecord> rs = {
            row("oracle", "a", true, 100),
            row("oracle", "b", true, 200),
            row("pieslicer", "a", true, 112),
            row("pieslicer", "b", false, 260),
        };
        rs[2].time_local_content_probe = 12;
        rs[3].time_local_content_probe = 5;
        const auto& p = find(scoreRun(rs), "pieslicer");
        QCOMPARE(p.regretMs, 12.0 + 60.0);
    }

    void derivesTheOracleFromBothStaticsWhenAbsent() {
        std::vector<RequestRecord> rs = {
            row("static-device", "a", true, 100), row("static-cloud", "a", false, 300),
            row("static-device", "b", true, 400), row("static-cloud", "b", false, 90),
            row("pieslicer", "a", true, 101),     row("pieslicer", "b", false, 91),
        };
        rs[2].repeat = rs[3].repeat = rs[5].repeat = 0;
        const auto scores = scoreRun(rs);
        const auto& p = find(scores, "pieslicer");
        QCOMPARE(p.judged, std::size_t(2));
        QCOMPARE(p.confusion.accuracy(), 1.0);
        QCOMPARE(p.regretMs, 0.0);
        // Savings on the mean: static-device 250, static-cloud 195, pieslicer 96.
        QCOMPARE(p.savings.size(), std::size_t(2));
        for (const auto& s : p.savings) {
            if (s.against == "static-device") QCOMPARE(s.meanMs, 154.0);
            if (s.against == "static-cloud")
                QVERIFY(qFuzzyCompare(s.meanPercent, 100.0 * 99.0 / 195.0));
        }
    }

    void countsRowsThatShareAMeasurement() {
        // Paired run: pieslicer and the oracle report static-device's request on image a.
        std::vector<RequestRecord> rs = {
            row("static-device", "a", true, 90), row("static-cloud", "a", false, 120),
            row("pieslicer", "a", true, 90), row("oracle", "a", true, 90)};
        rs[0].measurement_id = rs[2].measurement_id = rs[3].measurement_id = "0/local";
        rs[1].measurement_id = "0/remote";
        const auto scores = scoreRun(rs);
        QCOMPARE(find(scores, "pieslicer").sharedRows, std::size_t(1));
        QCOMPARE(find(scores, "static-cloud").sharedRows, std::size_t(0));
        const std::string table = formatComparisonTable(scores);
        QVERIFY(table.find("paired: 3 of 4 rows") != std::string::npos);
        for (auto& r : rs) r.measurement_id.clear();  // independent: no such line
        QVERIFY(formatComparisonTable(scoreRun(rs)).find("paired:") == std::string::npos);
    }

    void matchesRowsByImageAndRepeat() {
        std::vector<RequestRecord> rs = {
            row("oracle", "a", true, 100), row("oracle", "a", false, 100),
            row("pieslicer", "a", true, 100), row("pieslicer", "a", true, 100)};
        rs[1].repeat = rs[3].repeat = 1;  // repeat 1: the oracle said cloud
        const auto scores = scoreRun(rs);
        const auto& p = find(scores, "pieslicer");
        QCOMPARE(p.confusion.truePositive, std::size_t(1));
        QCOMPARE(p.confusion.falsePositive, std::size_t(1));
    }

    void predictionErrorAndErrorsRows() {
        std::vector<RequestRecord> rs = {
            row("pieslicer", "a", true, 100, 110), row("pieslicer", "b", true, 200, 180),
            row("pieslicer", "c", true, 100, 100), row("pieslicer", "d", true, 0, 0)};
        rs[3].status = "error";
        const auto scores = scoreRun(rs);
        const auto& p = find(scores, "pieslicer");
        QCOMPARE(p.errors, std::size_t(1));
        QCOMPARE(p.predicted, std::size_t(3));
        QCOMPARE(p.predictionMedianApe, 10.0);
        QCOMPARE(p.preexecution.count, std::size_t(3));
        const std::string table = formatComparisonTable(scoreRun(rs));
        QVERIFY(table.find("pieslicer") != std::string::npos);
        QVERIFY(table.find("APE") != std::string::npos);
    }
};

QTEST_APPLESS_MAIN(TestScoring)
#include "test_scoring.moc"
