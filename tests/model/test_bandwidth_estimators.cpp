// Bandwidth estimators for pieslicer-corrected (issue #9, item 4): each on synthetic
// samples, the phone's throughput sample from a record, a strategy on a fake world whose
// link steps 10x down and up, the scoring of such a run, and the records' new columns.
#include <QtTest>
#include <cmath>

#include "domain/request_record.h"
#include "model/component_model.h"
#include "model/cost_profile.h"
#include "model/estimator_scoring.h"
#include "net/bandwidth_estimator.h"
#include "net/transfer_time.h"
#include "run/record_csv.h"
#include "strategy/strategy_factory.h"
#include "strategy/throughput_sample.h"

using namespace pieslicer;

namespace {

std::unique_ptr<BandwidthEstimator> estimator(const std::string& name) {
    auto e = makeBandwidthEstimator(name);
    if (!e) qFatal("%s", e.error().c_str());
    return std::move(e.value());
}

// Samples at `rate` until the estimate is within 15% of it; how many it took (cap: never).
int samplesToReach(BandwidthEstimator& e, double rate, int cap = 40) {
    for (int n = 1; n <= cap; ++n) {
        e.addSample(rate, 1e6);
        if (std::fabs(e.estimateBitsPerSecond() / rate - 1) <= 0.15) return n;
    }
    return cap + 1;
}

// A world where the device's preprocessing costs a fixed 300 ms and the link is ideal TCP:
// at 8 Mbit/s a 0.3 MB photo is faster uploaded as it is, at 0.8 Mbit/s preprocessed.
struct SteppedWorld {
    double rttMs = 40, overhead = 800, sentBytes = 35000, devicePrepMs = 300;
    double hPerMb = 10, hBase = 1;

    static double rateAt(std::size_t i) { return i >= 10 && i < 20 ? 0.8e6 : 8e6; }

    double preexecMs(double bytes, bool device, double rate) const {
        const double sent = device ? sentBytes : bytes;
        return (device ? devicePrepMs : 0) + rttMs + (sent + overhead) * 8 / rate * 1000 + hBase +
               hPerMb * sent / 1e6;
    }

    // A record as measurePlacement fills it for this world.
    RequestRecord run(double bytes, Placement p, double rate) const {
        RequestRecord r;
        const bool device = p == Placement::Device;
        const double sent = (device ? sentBytes : bytes) + overhead;
        r.preprocess_location = locationName(p);
        r.bytes_sent = sent;
        r.transfer_time_real = rttMs + sent * 8 / rate * 1000;
        r.time_local_preprocess = device ? devicePrepMs : 0;
        r.preexecution_time = preexecMs(bytes, device, rate);
        r.link_rate_mbps = rate / 1e6;
        r.uplink_mbps = 8;
        r.status = "ok";
        return r;
    }
};

std::shared_ptr<const CostProfile> profileOf(const SteppedWorld& w) {
    CostProfile p;
    p.devicePrep = lineModel(Regressor::FileMb, 0, w.devicePrepMs);
    ComponentModel sent;
    sent.intercept = w.sentBytes;
    p.sentBytes[CostProfile::sentKey(331, 90)] = sent;
    p.transfer = lineModel(Regressor::FileMb, 8 / 8e6 * 1e9, w.rttMs + w.overhead * 8 / 8e6 * 1000);
    p.cloudPrep = lineModel(Regressor::FileMb, w.hPerMb, w.hBase);
    p.wireOverheadBytes = w.overhead;
    p.calibrationLink.uplinkBitsPerSecond = 8e6;
    p.calibrationLink.rttMs = w.rttMs;
    return std::make_shared<const CostProfile>(p);
}

// 30 images of 0.3 MB; the link is 8, then 0.8 (images 10-19), then 8 Mbit/s again. Each
// strategy decides with the configured 8 Mbit/s, is measured, and observes its row.
std::vector<RequestRecord> runSteppedWorld(const std::vector<std::string>& ids) {
    const SteppedWorld world;
    const auto profile = profileOf(world);
    std::vector<std::unique_ptr<Strategy>> strategies;
    for (const auto& id : ids) {
        auto s = makeStrategy(id, profile);
        if (!s) qFatal("%s", s.error().c_str());
        strategies.push_back(std::move(s.value()));
    }
    std::vector<RequestRecord> out;
    for (std::size_t i = 0; i < 30; ++i) {
        const double rate = SteppedWorld::rateAt(i);
        ImageFeatures f;
        f.bytes = 0.3e6;
        f.width = 2000;
        f.height = 1500;
        f.uplinkBitsPerSecond = 8e6;
        f.rttMs = world.rttMs;
        for (auto& s : strategies) {
            const Decision d = s->decide(f);
            RequestRecord r;
            if (s->measuresBothOrders()) {
                const RequestRecord dev = world.run(f.bytes, Placement::Device, rate);
                const RequestRecord cloud = world.run(f.bytes, Placement::Cloud, rate);
                r = dev.preexecution_time <= cloud.preexecution_time ? dev : cloud;
            } else {
                r = world.run(f.bytes, d.placement, rate);
            }
            r.strategy = s->id();
            r.image_name_orig = "img" + std::to_string(i);
            r.bandwidth_estimator = d.bandwidthEstimator;
            r.estimated_uplink_mbps = d.estimatedUplinkBitsPerSecond / 1e6;
            s->observe(r);
            out.push_back(r);
        }
    }
    return out;
}

const EstimatorScore& scoreOf(const std::vector<EstimatorScore>& scores, const std::string& id) {
    for (const auto& s : scores)
        if (s.strategy == id) return s;
    qFatal("no score for %s", id.c_str());
    return scores.front();
}

}  // namespace

class TestBandwidthEstimators : public QObject {
    Q_OBJECT
  private slots:
    void everyNameIsMadeAndUnknownNamesAreExplained() {
        for (const auto& name : bandwidthEstimatorNames()) {
            auto e = estimator(name);
            QCOMPARE(e->name(), name);
            QCOMPARE(e->estimateBitsPerSecond(), 0.0);  // nothing before the first sample
        }
        QCOMPARE(estimator("ewma=0.5")->name(), std::string("ewma=0.5"));
        QVERIFY(!makeBandwidthEstimator("ewma=1.5").ok());
        auto unknown = makeBandwidthEstimator("kalman");
        QVERIFY(!unknown.ok());
        QVERIFY(unknown.error().find("harmonic") != std::string::npos);
    }

    void constantSamplesConvergeExceptThePrototypes() {
        for (const auto& name : {"ewma", "harmonic", "dual-ewma"}) {
            auto e = estimator(name);
            for (int i = 0; i < 12; ++i) e->addSample(8e6, 1e6);
            QVERIFY2(std::fabs(e->estimateBitsPerSecond() / 8e6 - 1) < 0.01, name);
        }
        // The prototype's rule adds the old estimate again: at alpha 0.5 it grows by half a
        // sample per sample and never settles.
        auto proto = estimator("prototype");
        for (int i = 0; i < 12; ++i) proto->addSample(8e6, 1e6);
        QVERIFY2(proto->estimateBitsPerSecond() > 3 * 8e6,
                 qPrintable(QString::number(proto->estimateBitsPerSecond())));
    }

    void tenfoldStepDownAndUp_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<int>("down");  // samples to within 15% of 1 Mbit/s
        QTest::addColumn<int>("up");    // then back to within 15% of 10 Mbit/s
        // ewma 0.75: 9 * 0.25^n <= 0.15 -> 3 down; 9 * 0.25^n <= 1.5 -> 2 up.
        QTest::newRow("ewma") << "ewma" << 3 << 2;
        // 0.5: 6 down, 3 up.
        QTest::newRow("ewma=0.5") << "ewma=0.5" << 6 << 3;
        // A harmonic mean of 5 holds an old sample until it leaves the window: 5 either way.
        QTest::newRow("harmonic") << "harmonic" << 5 << 5;
        // min(fast, slow): down at the fast half-life (0.71^n <= 0.0167: 12), up at the slow
        // one (0.87^n <= 0.17: 13).
        QTest::newRow("dual-ewma") << "dual-ewma" << 12 << 13;
        QTest::newRow("prototype") << "prototype" << 41 << 41;  // never
    }

    void tenfoldStepDownAndUp() {
        QFETCH(QString, name);
        QFETCH(int, down);
        QFETCH(int, up);
        auto e = estimator(name.toStdString());
        for (int i = 0; i < 20; ++i) e->addSample(10e6, 1e6);
        const int gotDown = samplesToReach(*e, 1e6);
        for (int i = 0; i < 20; ++i) e->addSample(1e6, 1e6);
        auto fresh = estimator(name.toStdString());  // the prototype's has run away: restart
        if (name == "prototype") {
            for (int i = 0; i < 20; ++i) fresh->addSample(1e6, 1e6);
            e = std::move(fresh);
        }
        const int gotUp = samplesToReach(*e, 10e6);
        QVERIFY2(gotDown == down && gotUp == up,
                 qPrintable(QString("%1: down %2, up %3").arg(name).arg(gotDown).arg(gotUp)));
    }

    void oneEstimatorRecoversFromATenfoldStepWithinThreeSamples() {
        int best = 1000;
        for (const auto& name : bandwidthEstimatorNames()) {
            auto e = estimator(name);
            for (int i = 0; i < 20; ++i) e->addSample(10e6, 1e6);
            int worst = samplesToReach(*e, 1e6);
            for (int i = 0; i < 20; ++i) e->addSample(1e6, 1e6);
            worst = std::max(worst, samplesToReach(*e, 10e6));
            best = std::min(best, worst);
        }
        QVERIFY2(best <= 3, qPrintable(QString::number(best)));
    }

    void throughputSampleInvertsTheLinkFormula() {
        for (TcpModel tcp : {TcpModel::Ideal, TcpModel::Linux}) {
            for (double rate : {0.8e6, 4e6, 30e6}) {
                RequestRecord r;
                r.bytes_sent = 600e3;
                r.curl_pretransfer = 0.2;
                r.transfer_time_real =
                    0.2 + uploadDeliveryMs(r.bytes_sent, rate, 40, tcp) + 20 + 7;  // extra 7 ms
                const double sample = uploadThroughputSample(r, 40, tcp, 7);
                QVERIFY2(
                    std::fabs(sample / rate - 1) < 1e-3,
                    qPrintable(
                        QString("%1 -> %2 (%3)").arg(rate).arg(sample).arg(tcpModelName(tcp))));
            }
        }
        RequestRecord small;
        small.bytes_sent = 12000;  // under kMinThroughputSampleBytes: mostly latency
        small.transfer_time_real = 200;
        QCOMPARE(uploadThroughputSample(small, 40, TcpModel::Ideal, 0), 0.0);
        RequestRecord failed = small;
        failed.bytes_sent = 600e3;
        failed.status = "error";
        QCOMPARE(uploadThroughputSample(failed, 40, TcpModel::Ideal, 0), 0.0);
        // Faster than the round trip alone explains: only "at least bytes / 10 ms".
        RequestRecord fast;
        fast.bytes_sent = 50e3;
        fast.transfer_time_real = 41;
        QCOMPARE(uploadThroughputSample(fast, 40, TcpModel::Ideal, 0),
                 50e3 * 8 / (kMinSerialisationMs / 1000));
    }

    void estimatorIdsAreParsedAndKeepTheirName() {
        QVERIFY(isStrategyId("pieslicer-corrected:harmonic"));
        QVERIFY(isStrategyId("pieslicer-corrected:ewma=0.5"));
        QVERIFY(!isStrategyId("pieslicer-corrected:kalman"));
        QVERIFY(!isStrategyId("pieslicer:harmonic"));
        const auto profile = profileOf(SteppedWorld{});
        for (const auto& name : bandwidthEstimatorNames()) {
            const std::string id = "pieslicer-corrected:" + name;
            auto s = makeStrategy(id, profile);
            QVERIFY2(s.ok(), id.c_str());
            QCOMPARE(s.value()->id(), id);
            QVERIFY(!makeStrategy(id, nullptr).ok());
        }
        auto bad = makeStrategy("pieslicer-corrected:kalman", profile);
        QVERIFY(!bad.ok());
        QVERIFY(bad.error().find("dual-ewma") != std::string::npos);
        // Plain pieslicer-corrected keeps its additive delta and no estimator.
        QCOMPARE(makeStrategy("pieslicer-corrected", profile).value()->id(),
                 std::string("pieslicer-corrected"));
    }

    void strategyFlipsItsDecisionAfterAStepAsTheOracleDoes() {
        const auto records = runSteppedWorld(
            {"oracle", "pieslicer", "pieslicer-corrected:ewma", "pieslicer-corrected:harmonic"});
        // The oracle itself: cloud at 8 Mbit/s, device at 0.8 Mbit/s.
        for (const auto& r : records)
            if (r.strategy == "oracle")
                QCOMPARE(r.preprocess_location,
                         std::string(r.link_rate_mbps < 1 ? "local" : "remote"));
        const auto scores = scoreEstimators(records);
        const auto& ewma = scoreOf(scores, "pieslicer-corrected:ewma");
        QCOMPARE(ewma.estimator, std::string("ewma"));
        QCOMPARE(ewma.steps.size(), std::size_t(2));
        QCOMPARE(ewma.steps[0].index, std::size_t(10));
        QCOMPARE(ewma.steps[1].index, std::size_t(20));
        for (const auto& step : ewma.steps)
            QVERIFY2(step.requestsToRecover >= 1 && step.requestsToRecover <= 3,
                     qPrintable(QString::number(step.requestsToRecover)));
        // The configured rate never learns of the step: wrong for all of the slow images.
        const auto& fixed = scoreOf(scores, "pieslicer");
        QCOMPARE(fixed.estimator, std::string("(configured)"));
        QCOMPARE(fixed.steps[0].mismatches, std::size_t(10));
        QVERIFY(fixed.regretMs > ewma.regretMs);
        // The harmonic mean comes down as fast but climbs back slower than the EWMA.
        const auto& harmonic = scoreOf(scores, "pieslicer-corrected:harmonic");
        QVERIFY(harmonic.steps[0].requestsToRecover <= 3);
        QVERIFY2(harmonic.steps[1].requestsToRecover > ewma.steps[1].requestsToRecover,
                 qPrintable(QString("%1 vs %2")
                                .arg(harmonic.steps[1].requestsToRecover)
                                .arg(ewma.steps[1].requestsToRecover)));
        // Once samples flow, the estimate is the true rate here (the world is the model).
        QVERIFY2(ewma.medianAbsErrorPct < 1, qPrintable(QString::number(ewma.medianAbsErrorPct)));
        QVERIFY(fixed.p90AbsErrorPct > 100);  // 8 configured vs 0.8 true
        const std::string table = formatEstimatorTable(scores);
        QVERIFY(table.find("pieslicer-corrected:harmonic") != std::string::npos);
        QVERIFY(table.find("8.0->0.8") != std::string::npos);
    }

    void recordsCarryTheEstimatorAndItsEstimate() {
        const auto records = runSteppedWorld({"oracle", "pieslicer-corrected:dual-ewma"});
        const RequestRecord* row = nullptr;
        for (const auto& r : records)
            if (r.strategy == "pieslicer-corrected:dual-ewma" && r.image_name_orig == "img5")
                row = &r;
        QVERIFY(row);
        QCOMPARE(row->bandwidth_estimator, std::string("dual-ewma"));
        QVERIFY(std::fabs(row->estimated_uplink_mbps - 8) < 0.01);
        auto parsed = parseRecordsCsv(csvHeaderLine() + csvLine(*row));
        QVERIFY2(parsed.ok(), parsed.ok() ? "" : parsed.error().c_str());
        QCOMPARE(parsed->size(), std::size_t(1));
        QCOMPARE(parsed->front().bandwidth_estimator, std::string("dual-ewma"));
        QCOMPARE(parsed->front().estimated_uplink_mbps, row->estimated_uplink_mbps);
        // The new columns sit right after link_rate_mbps.
        const std::string header = csvHeaderLine();
        QVERIFY(header.find("link_rate_mbps,bandwidth_estimator,estimated_uplink_mbps") !=
                std::string::npos);
    }
};

QTEST_APPLESS_MAIN(TestBandwidthEstimators)
#include "test_bandwidth_estimators.moc"
