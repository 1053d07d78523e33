// Decisions judged where they matter and uncertainty on every comparison (issue 10, items
// 4-6): regret as % of the oracle, F1 over decisive images only, bootstrap intervals, "no
// difference measured", and the summary JSON.
#include <QTemporaryDir>
#include <QtTest>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>

#include "model/bootstrap.h"
#include "model/cost_profile.h"
#include "model/scoring.h"
#include "run/summary_json.h"
#include "support/scoring_rows.h"
#include "util/stats.h"

using namespace pieslicer;

namespace {

RequestRecord row(const std::string& strategy, const std::string& image, bool device, double ms,
                  double otherMs = 0) {
    RequestRecord r = test::scoringRow(strategy, image, device, ms);
    r.preexecution_time_other = otherMs;
    return r;
}

const StrategyScore& find(const std::vector<StrategyScore>& scores, const std::string& id) {
    return test::scoreOf(scores, id);
}

const Savings& against(const StrategyScore& s, const std::string& id) {
    for (const auto& v : s.savings)
        if (v.against == id) return v;
    qFatal("no savings against %s", id.c_str());
    return s.savings.front();
}

// `n` images measured by both statics; `strategy` reports the device order's measurement
// plus `shiftMs` and symmetric noise of `noiseMs` (a paired run would report it exactly).
std::vector<RequestRecord> pairedRun(int n, const std::string& strategy, double shiftMs,
                                     double noiseMs, unsigned seed) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<double> base(80, 400), noise(-noiseMs, noiseMs);
    std::vector<RequestRecord> rs;
    for (int i = 0; i < n; ++i) {
        const std::string image = "img" + std::to_string(i);
        const double device = base(rng), cloud = device * 1.5;
        rs.push_back(row("static-device", image, true, device));
        rs.push_back(row("static-cloud", image, false, cloud));
        rs.push_back(row(strategy, image, true, device + shiftMs + noise(rng)));
    }
    return rs;
}

}  // namespace

class TestUncertainty : public QObject {
    Q_OBJECT
  private slots:
    void regretIsAPercentageOfTheOraclesTotal() {
        // Oracle: a on-device 100 ms, b in-cloud 300 ms: 400 ms in all. pieslicer sends a to
        // the cloud (150 ms there, 50 ms lost) and gets b right.
        const std::vector<RequestRecord> rs = {
            row("oracle", "a", true, 100, 150), row("oracle", "b", false, 300, 900),
            row("pieslicer", "a", false, 150), row("pieslicer", "b", false, 300)};
        const auto p = find(scoreRun(rs), "pieslicer");  // a copy: the scores are a temporary
        QCOMPARE(p.regretMs, 50.0);
        QCOMPARE(p.oracleTotalMs, 400.0);
        QCOMPARE(p.regretPercent, 12.5);
        QVERIFY(formatComparisonTable(scoreRun(rs)).find("12.50%") != std::string::npos);
    }

    void decisiveF1IgnoresNearTies() {
        // a, b: clearly on-device; c, d: clearly in the cloud; e, f, g: the device order wins
        // by 1-3%, a near-tie. pieslicer is right on every decisive image and sends the
        // near-ties to the cloud: plain F1 counts three misses, decisive F1 none.
        const std::vector<RequestRecord> rs = {
            row("oracle", "a", true, 100, 200), row("oracle", "b", true, 150, 400),
            row("oracle", "c", false, 90, 300), row("oracle", "d", false, 120, 240),
            row("oracle", "e", true, 100, 103), row("oracle", "f", true, 200, 202),
            row("oracle", "g", true, 300, 306), row("pieslicer", "a", true, 100),
            row("pieslicer", "b", true, 150),   row("pieslicer", "c", false, 90),
            row("pieslicer", "d", false, 120),  row("pieslicer", "e", false, 103),
            row("pieslicer", "f", false, 202),  row("pieslicer", "g", false, 306)};
        const auto scores = scoreRun(rs);
        const auto& p = find(scores, "pieslicer");
        QCOMPARE(p.judged, std::size_t(7));
        QCOMPARE(p.decisive, std::size_t(4));
        QCOMPARE(p.nearTies, std::size_t(3));
        QCOMPARE(p.confusion.falseNegative, std::size_t(3));
        QVERIFY(p.confusion.f1() < 0.6);  // TP 2, FN 3: 0.571
        QCOMPARE(p.decisiveConfusion.total(), std::size_t(4));
        QCOMPARE(p.decisiveConfusion.f1(), 1.0);
        QVERIFY(p.decisiveF1Ci.valid);
        QCOMPARE(p.decisiveF1Ci.lo, 1.0);  // no resample of right choices has a miss

        // The margin is the caller's: at 2.5%, e (3% apart) is decisive, f and g are not.
        ScoringOptions tight;
        tight.decisiveMargin = 0.025;
        const auto t = find(scoreRun(rs, tight), "pieslicer");
        QCOMPARE(t.decisive, std::size_t(5));
        QCOMPARE(t.nearTies, std::size_t(2));
        QVERIFY(t.decisiveConfusion.f1() < 1.0);
        QVERIFY(formatComparisonTable(scores, tight).find("2.5% of the faster") !=
                std::string::npos);
    }

    void decisivenessFromTheStaticsWithoutAnOracle() {
        const std::vector<RequestRecord> rs = {
            row("static-device", "a", true, 100), row("static-cloud", "a", false, 105),
            row("static-device", "b", true, 100), row("static-cloud", "b", false, 400),
            row("pieslicer", "a", false, 105),    row("pieslicer", "b", true, 100)};
        const auto p = find(scoreRun(rs), "pieslicer");
        QCOMPARE(p.decisive, std::size_t(1));
        QCOMPARE(p.nearTies, std::size_t(1));
        QCOMPARE(p.decisiveConfusion.truePositive, std::size_t(1));
    }

    void resampledPercentilesMatchTheExpandedSample() {
        const std::vector<double> values = {5, 1, 9, 3, 7, 2};
        KeyedSample sample;
        for (std::size_t k = 0; k < values.size(); ++k) sample.add(k, values[k]);
        sample.sort();
        const std::vector<double> qs = {0.5, 0.9, 0.99};
        // Counts 1: the sample itself. Counts 3,0,0,2,1,0: {5,5,5,3,3,7}.
        for (const std::vector<std::uint32_t>& counts :
             {std::vector<std::uint32_t>{1, 1, 1, 1, 1, 1},
              std::vector<std::uint32_t>{3, 0, 0, 2, 1, 0}}) {
            std::vector<double> expanded;
            for (std::size_t k = 0; k < values.size(); ++k)
                for (std::uint32_t c = 0; c < counts[k]; ++c) expanded.push_back(values[k]);
            double out[4];
            QVERIFY(sample.resampled(counts, qs, out));
            QCOMPARE(out[0], summarize(expanded).mean);
            for (std::size_t i = 0; i < qs.size(); ++i)
                QCOMPARE(out[1 + i], percentile(expanded, qs[i]));
        }
        double out[4];
        QVERIFY(!sample.resampled(std::vector<std::uint32_t>(6, 0), qs, out));
    }

    void bootstrapIntervalHoldsTheTrueMeanAndRepeatsForASeed() {
        // 400 draws of a normal with mean 100 and sd 20: the mean's 95% interval is about
        // +-2 ms wide and holds 100.
        std::mt19937 rng(7);
        std::normal_distribution<double> dist(100, 20);
        std::vector<RequestRecord> rs;
        for (int i = 0; i < 400; ++i)
            rs.push_back(row("static-device", "img" + std::to_string(i), true, dist(rng)));
        const auto s = find(scoreRun(rs), "static-device");
        const Interval ci = s.preexecutionCi.mean;
        QVERIFY(ci.valid);
        QVERIFY2(ci.contains(100.0), qPrintable(QString("[%1, %2]").arg(ci.lo).arg(ci.hi)));
        QVERIFY(ci.hi - ci.lo > 2.0 && ci.hi - ci.lo < 6.0);
        QVERIFY(s.preexecutionCi.p50.contains(s.preexecution.p50));
        QVERIFY(s.preexecutionCi.p99.lo <= s.preexecutionCi.p99.hi);

        const auto again = find(scoreRun(rs), "static-device").preexecutionCi;
        QCOMPARE(again.mean.lo, ci.lo);
        QCOMPARE(again.mean.hi, ci.hi);
        QCOMPARE(again.p99.hi, s.preexecutionCi.p99.hi);
        ScoringOptions other;
        other.bootstrap.seed = 2;
        const auto reseeded = find(scoreRun(rs, other), "static-device").preexecutionCi;
        QVERIFY(reseeded.mean.lo != ci.lo || reseeded.mean.hi != ci.hi);
        ScoringOptions none;
        none.bootstrap.resamples = 0;
        QVERIFY(!find(scoreRun(rs, none), "static-device").preexecutionCi.mean.valid);
    }

    void aDifferenceWhoseIntervalSpansZeroIsNoDifferenceMeasured() {
        // pieslicer measures the device order with +-5 ms noise and no shift: no saving.
        const auto same = scoreRun(pairedRun(60, "pieslicer", 0, 5, 3));
        const Savings& v = against(find(same, "pieslicer"), "static-device");
        QVERIFY(v.meanMsCi.spansZero());
        QVERIFY(formatSaving(v.meanMs, v.meanPercent, v.meanMsCi).find(kNoDifferenceMeasured) == 0);
        QVERIFY(formatComparisonTable(same).find("no difference measured") != std::string::npos);
        // The same strategy against static-cloud (1.5x slower) saves, and says so, signed.
        const Savings& c = against(find(same, "pieslicer"), "static-cloud");
        QVERIFY(c.meanMsCi.valid && c.meanMsCi.lo > 0);
        QVERIFY(formatSaving(c.meanMs, c.meanPercent, c.meanMsCi)[0] == '+');

        // 20 ms faster on every image, whatever the noise: a measured difference.
        const auto faster = scoreRun(pairedRun(60, "pieslicer", -20, 5, 3));
        const Savings& f = against(find(faster, "pieslicer"), "static-device");
        QVERIFY(!f.meanMsCi.spansZero());
        QVERIFY(f.meanMsCi.contains(20.0));
        QVERIFY(f.meanPercentCi.lo > 0);
        QVERIFY(formatSaving(f.meanMs, f.meanPercent, f.meanMsCi).find(kNoDifferenceMeasured) ==
                std::string::npos);
    }

    void summaryJsonRoundTripsKeysAndIntervals() {
        auto rs = pairedRun(30, "pieslicer", -10, 5, 11);
        for (int i = 0; i < 30; ++i) {
            const std::string image = "img" + std::to_string(i);
            const double device = rs[std::size_t(3 * i)].preexecution_time;
            rs.push_back(row("oracle", image, true, device, device * 1.5));
        }
        rs.front().uplink_mbps = 8;
        rs.front().rtt_ms = 40;
        rs.front().tcp_model = "linux";
        rs.front().device = "Pixel 2";
        rs.front().device_slowdown = 5.1;
        rs.front().device_mode = "scaled";
        ScoringOptions options;
        options.bootstrap.resamples = 200;
        options.bootstrap.seed = 42;
        CostProfile profile;
        profile.name = "pixel2-campus-wifi";
        profile.device = "Pixel 2";
        const auto scores = scoreRun(rs, options);
        QTemporaryDir tmp;
        const std::string path = tmp.filePath("summary.json").toStdString();
        QVERIFY(writeSummaryJson(path, scores, describeRun(rs, &profile, "p.json"), options));
        std::ifstream in(path);
        const auto j = nlohmann::json::parse(in);
        const auto& config = j.at("configuration");
        QCOMPARE(config.at("link").at("uplink_mbps").get<double>(), 8.0);
        QCOMPARE(config.at("link").at("tcp_model").get<std::string>(), std::string("linux"));
        QCOMPARE(config.at("device").at("k").get<double>(), 5.1);
        QCOMPARE(config.at("device").at("mode").get<std::string>(), std::string("scaled"));
        QCOMPARE(config.at("profile").at("name").get<std::string>(),
                 std::string("pixel2-campus-wifi"));
        QCOMPARE(config.at("decisive_margin").get<double>(), 0.10);
        QCOMPARE(config.at("bootstrap").at("resamples").get<int>(), 200);
        QCOMPARE(config.at("bootstrap").at("seed").get<int>(), 42);
        QCOMPARE(j.at("strategies").size(), std::size_t(4));
        const auto& p = j.at("strategies").at(2);
        QCOMPARE(p.at("strategy").get<std::string>(), std::string("pieslicer"));
        QCOMPARE(p.at("counts").at("requests").get<int>(), 30);
        QCOMPARE(p.at("counts").at("decisive").get<int>(), 30);
        QCOMPARE(p.at("counts").at("near_ties").get<int>(), 0);
        for (const char* stat : {"mean", "p50", "p90", "p99"}) {
            const auto& ci = p.at("preexecution_ms").at(stat).at("ci");
            QCOMPARE(ci.size(), std::size_t(2));
            QVERIFY(ci[0].get<double>() <= ci[1].get<double>());
        }
        const auto& saved = p.at("savings").at("static-device").at("mean");
        QVERIFY(saved.at("ms").at("ci")[0].get<double>() > 0);
        QVERIFY(saved.at("difference_measured").get<bool>());
        QVERIFY(p.at("savings").contains("static-cloud"));
        QCOMPARE(p.at("f1").at("value").get<double>(), 1.0);
        QCOMPARE(p.at("f1").at("ci").size(), std::size_t(2));
        QCOMPARE(p.at("decisive_f1").at("value").get<double>(), 1.0);
        QCOMPARE(p.at("confusion").at("tp").get<int>(), 30);
        QVERIFY(p.contains("precision") && p.contains("recall"));
        QCOMPARE(p.at("regret").at("percent_of_oracle").get<double>(), 0.0);
        QVERIFY(p.at("prediction_ape_percent").is_null());  // no predictions in these rows
        // static-cloud chose the slower order on every image: regret is its whole excess.
        const auto& cloud = j.at("strategies").at(1);
        QCOMPARE(cloud.at("regret").at("percent_of_oracle").get<double>(), 50.0);
        QCOMPARE(cloud.at("decisive_f1").at("value").get<double>(), 0.0);
    }
};

QTEST_APPLESS_MAIN(TestUncertainty)
#include "test_uncertainty.moc"
