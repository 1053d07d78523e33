// What-if replay (issue 11, item 2) on records made here, where every number is known:
// the same link gives back the recorded times, another rate or RTT moves the upload (and
// only the upload) by what the link model says, a device slowdown scales the device's
// stages, decisions are made again, an order never measured is an error row, and every
// replayed row says it was replayed.
#include <QTemporaryDir>
#include <QTest>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

#include "model/cost_profile.h"
#include "net/delivery_trace.h"
#include "run/record_csv.h"
#include "run/record_sqlite.h"
#include "run/replay.h"
#include "run/retime.h"
#include "run/strategy_rows.h"
#include "strategy/strategy_factory.h"
#include "support/replay_rows.h"
#include "support/support.h"

using namespace pieslicer;

namespace {

using test::idealLink;
using test::pairedRun;
using test::rowOf;

std::shared_ptr<const CostProfile> pixel2Profile() {
    auto p = loadProfile(std::string(PIESLICER_SOURCE_DIR) +
                         "/resources/profiles/pixel2-campus-wifi.json");
    if (!p) qFatal("%s", p.error().c_str());
    return std::make_shared<const CostProfile>(p.value());
}

ReplayConfig at(double mbps, double rttMs) {
    ReplayConfig c;
    c.link = idealLink(mbps, rttMs);
    return c;
}

// The replayed rows; fails the test (qFatal) when the replay is refused.
std::vector<RequestRecord> replayed(const std::vector<RequestRecord>& source,
                                    const ReplayConfig& c) {
    auto out = replayRecords(source, c);
    if (!out) qFatal("replay refused: %s", out.error().c_str());
    return out->records;
}

}  // namespace

class ReplayTest : public QObject {
    Q_OBJECT
  private slots:
    void theSameLinkGivesBackTheRecordedTimes() {
        const auto source = pairedRun("a.jpg", 2e6, 80);
        const auto out = replayed(source, at(8, 40));
        QCOMPARE(out.size(), source.size());
        for (std::size_t i = 0; i < source.size(); ++i) {
            QCOMPARE(out[i].strategy, source[i].strategy);
            QVERIFY(std::abs(out[i].preexecution_time - source[i].preexecution_time) < 1e-6);
        }
    }

    void anotherRateMovesTheUploadByTheSerialisationOfItsBytes() {
        const auto source = pairedRun("a.jpg", 2e6, 80);
        const auto out = replayed(source, at(2, 40));
        for (const char* s : {"static-device", "static-cloud"}) {
            const RequestRecord& before = rowOf(source, s, "a.jpg");
            const RequestRecord& after = rowOf(out, s, "a.jpg");
            // bytes x 8 / rate: 4x longer at a quarter of the rate, the rest unchanged.
            const double serialisation8 = before.bytes_sent * 8 / 8e6 * 1000;
            const double expected = before.time_local_remote + 3 * serialisation8;
            QVERIFY2(std::abs(after.time_local_remote - expected) < 0.05, s);
            QCOMPARE(after.time_local_preprocess, before.time_local_preprocess);
            QCOMPARE(after.time_remote_post_network, before.time_remote_post_network);
            QCOMPARE(after.uplink_mbps, 2.0);
            QVERIFY(std::abs(after.transfer_time_real -
                             (after.time_local_remote - test::kReplayPostNetworkMs)) < 1e-9);
        }
        // The oracle keeps the faster of the re-timed orders, with the other's time.
        const RequestRecord& oracle = rowOf(out, "oracle", "a.jpg");
        const double device = rowOf(out, "static-device", "a.jpg").preexecution_time;
        const double cloud = rowOf(out, "static-cloud", "a.jpg").preexecution_time;
        QCOMPARE(oracle.preexecution_time, std::min(device, cloud));
        QCOMPARE(oracle.preexecution_time_other, std::max(device, cloud));
    }

    void anotherRttAddsHalfOnTheWayUpAndHalfOnTheWayBack() {
        const auto source = pairedRun("a.jpg", 2e5, 20);
        const auto out = replayed(source, at(8, 100));
        for (std::size_t i = 0; i < source.size(); ++i)
            QVERIFY(std::abs(out[i].time_local_remote - (source[i].time_local_remote + 60)) < 0.01);
    }

    void aTraceIsReplayedAsTheRateItDelivers() {
        // One 1500-byte packet per ms: 12 Mbit/s, delivered packet by packet.
        auto trace = DeliveryTrace::load(std::string(PIESLICER_SOURCE_DIR) +
                                         "/resources/traces/constant-12mbit.trace");
        QVERIFY(trace.ok());
        const auto source = pairedRun("a.jpg", 2e6, 80);
        ReplayConfig onTrace = at(8, 40);
        onTrace.link.uplinkTrace = std::make_shared<const DeliveryTrace>(trace.value());
        const auto traced = replayed(source, onTrace);
        const auto fixed = replayed(source, at(12, 40));
        for (std::size_t i = 0; i < source.size(); ++i) {
            QVERIFY(std::abs(traced[i].time_local_remote - fixed[i].time_local_remote) < 2);
            QCOMPARE(traced[i].uplink_trace, std::string("constant-12mbit.trace"));
            QVERIFY(std::abs(traced[i].link_rate_mbps - 12) < 0.5);
        }
    }

    void aDeviceSlowdownScalesTheDevicesStagesOnly() {
        const auto source = pairedRun("a.jpg", 2e6, 80, 2);
        ReplayConfig c = at(8, 40);
        c.deviceSlowdown = 4;
        const auto out = replayed(source, c);
        const RequestRecord& device = rowOf(out, "static-device", "a.jpg");
        QCOMPARE(device.time_local_preprocess, 160.0);  // 80 ms at k = 2, so 160 at k = 4
        QCOMPARE(device.device_slowdown, 4.0);
        QCOMPARE(device.device, std::string("device (scaled: this machine x 4)"));
        QCOMPARE(rowOf(out, "static-cloud", "a.jpg").time_local_preprocess, 0.0);
        QVERIFY(replayProvenance(c).find("device x 4") != std::string::npos);
    }

    void decisionsAreMadeAgainOnTheNewLink() {
        // A 300 KB photo: at 100 Mbit/s its upload is cheaper than the phone's resizing, at
        // 1 Mbit/s sending 127 KB (the profile's s') wins.
        std::vector<RequestRecord> source = pairedRun("big.jpg", 3e5, 75);
        auto profile = pixel2Profile();
        std::map<double, std::string> chosen;
        for (double mbps : {100.0, 1.0}) {
            ReplayConfig c = at(mbps, 40);
            c.profile = profile;
            c.strategies = {"pieslicer", "oracle"};
            const auto out = replayed(source, c);
            const RequestRecord& row = rowOf(out, "pieslicer", "big.jpg");
            chosen[mbps] = row.preprocess_location;
            // The strategy's own answer for the image on that link.
            auto fresh = makeStrategy("pieslicer", profile);
            QVERIFY(fresh.ok());
            const TimedDecision d =
                decideOn(*fresh.value(), featuresOfRecord(source.front()), c.link);
            QCOMPARE(row.preprocess_location, locationName(d.decision.placement));
            QCOMPARE(row.expected_time_local_prep, d.decision.predictedDeviceMs);
            QCOMPARE(row.profile_device, std::string("Pixel 2 (paper model)"));
        }
        QCOMPARE(chosen[1.0], std::string("local"));
        QCOMPARE(chosen[100.0], std::string("remote"));
    }

    void anOrderNeverMeasuredIsAnErrorRow() {
        const std::vector<RequestRecord> source = {
            pairedRun("a.jpg", 2e6, 80).front()};  // device only
        ReplayConfig c = at(8, 40);
        c.strategies = {"static-device", "static-cloud", "oracle"};
        auto out = replayRecords(source, c);
        QVERIFY(out.ok());
        QCOMPARE(out->missingOrders, std::size_t(2));
        QVERIFY(rowOf(out->records, "static-device", "a.jpg").ok());
        const RequestRecord& cloud = rowOf(out->records, "static-cloud", "a.jpg");
        QVERIFY(!cloud.ok());
        QVERIFY(cloud.error.find("never measured the remote order") != std::string::npos);
        QVERIFY(!rowOf(out->records, "oracle", "a.jpg").ok());
    }

    void everyReplayedRowSaysItWasReplayed() {
        auto source = pairedRun("a.jpg", 2e6, 80);
        QVERIFY(!anyReplayed(source));
        ReplayConfig c = at(2, 40);
        c.source = "/tmp/somewhere/run.csv";
        const auto out = replayed(source, c);
        for (const auto& r : out)
            QCOMPARE(r.provenance, std::string("replayed from run.csv at 2 Mbit/s, 40 ms RTT, "
                                               "ideal TCP"));
        QVERIFY(anyReplayed(out));
    }

    void badRequestsAreRefusedWithAReason() {
        auto source = pairedRun("a.jpg", 2e6, 80);
        ReplayConfig c = at(2, 40);
        c.strategies = {"pieslicer"};
        auto noProfile = replayRecords(source, c);
        QVERIFY(!noProfile.ok());
        QVERIFY(noProfile.error().find("no profile for the records of this machine") !=
                std::string::npos);
        QVERIFY(!replayRecords({}, c).ok());
        for (auto& r : source) r.device_mode = "paper-model";
        c.strategies = {};
        c.deviceSlowdown = 3;
        auto paper = replayRecords(source, c);
        QVERIFY(!paper.ok());
        QVERIFY(paper.error().find("paper-model") != std::string::npos);
    }

    void readsCsvSqliteAndSavedExperiments() {
        QTemporaryDir tmp;
        const auto records = pairedRun("a.jpg", 2e6, 80);
        const std::string csv = tmp.filePath("r.csv").toStdString();
        const std::string db = tmp.filePath("r.sqlite").toStdString();
        const std::string json = tmp.filePath("e.pieslicer.json").toStdString();
        QVERIFY(writeRecordsCsvAtomic(csv, records).ok());
        QVERIFY(appendRecordsSqlite(db, records).ok());
        {
            std::string text = csvHeaderLine();
            for (const auto& r : records) text += csvLine(r);
            nlohmann::json j = {{"format", "pieslicer-experiment"}, {"records_csv", text}};
            std::ofstream(json) << j.dump(1);
        }
        for (const auto& path : {csv, db, json}) {
            auto read = readRecordsFile(path);
            QVERIFY2(read.ok(), path.c_str());
            QCOMPARE(read->size(), records.size());
            QCOMPARE(read->at(1).strategy, std::string("static-cloud"));
        }
        const std::string notOurs = tmp.filePath("x.json").toStdString();
        std::ofstream(notOurs) << "{\"format\": \"something else\"}";
        QVERIFY(!readRecordsFile(notOurs).ok());
    }
};

QTEST_GUILESS_MAIN(ReplayTest)
#include "test_replay.moc"
