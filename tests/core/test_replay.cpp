// What-if replay (issue 11, item 2) on records made here, where every number is known:
// the same link gives back the recorded times, another rate or RTT moves the upload (and
// only the upload) by what the link model says, a device slowdown scales the device's
// stages, decisions are made again, an order never measured is an error row, and every
// replayed row says it was replayed.
#include <QTemporaryDir>
#include <QTest>
#include <fstream>
#include <nlohmann/json.hpp>

#include "model/cost_profile.h"
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

}  // namespace

class ReplayTest : public QObject {
    Q_OBJECT
  private slots:
    void theSameLinkGivesBackTheRecordedTimes() {
        const auto source = pairedRun("a.jpg", 2e6, 80);
        ReplayConfig c;
        c.link = idealLink(8, 40);
        auto out = replayRecords(source, c);
        QVERIFY(out.ok());
        QCOMPARE(out->records.size(), source.size());
        for (std::size_t i = 0; i < source.size(); ++i) {
            QCOMPARE(out->records[i].strategy, source[i].strategy);
            QVERIFY(std::abs(out->records[i].preexecution_time - source[i].preexecution_time) <
                    1e-6);
        }
    }

    void anotherRateMovesTheUploadByTheSerialisationOfItsBytes() {
        const auto source = pairedRun("a.jpg", 2e6, 80);
        ReplayConfig c;
        c.link = idealLink(2, 40);
        auto out = replayRecords(source, c);
        QVERIFY(out.ok());
        for (const char* s : {"static-device", "static-cloud"}) {
            const RequestRecord& before = rowOf(source, s, "a.jpg");
            const RequestRecord& after = rowOf(out->records, s, "a.jpg");
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
        const RequestRecord& oracle = rowOf(out->records, "oracle", "a.jpg");
        const double device = rowOf(out->records, "static-device", "a.jpg").preexecution_time;
        const double cloud = rowOf(out->records, "static-cloud", "a.jpg").preexecution_time;
        QCOMPARE(oracle.preexecution_time, std::min(device, cloud));
        QCOMPARE(oracle.preexecution_time_other, std::max(device, cloud));
    }

    void anotherRttAddsHalfOnTheWayUpAndHalfOnTheWayBack() {
        const auto source = pairedRun("a.jpg", 2e5, 20);
        ReplayConfig c;
        c.link = idealLink(8, 100);
        auto out = replayRecords(source, c);
        QVERIFY(out.ok());
        for (std::size_t i = 0; i < source.size(); ++i)
            QVERIFY(std::abs(out->records[i].time_local_remote -
                             (source[i].time_local_remote + 60)) < 0.01);
    }

    void aDeviceSlowdownScalesTheDevicesStagesOnly() {
        const auto source = pairedRun("a.jpg", 2e6, 80, 2);
        ReplayConfig c;
        c.link = idealLink(8, 40);
        c.deviceSlowdown = 4;
        auto out = replayRecords(source, c);
        QVERIFY(out.ok());
        const RequestRecord& device = rowOf(out->records, "static-device", "a.jpg");
        QCOMPARE(device.time_local_preprocess, 160.0);  // 80 ms at k = 2, so 160 at k = 4
        QCOMPARE(device.device_slowdown, 4.0);
        QCOMPARE(device.device, std::string("device (scaled: this machine x 4)"));
        QCOMPARE(rowOf(out->records, "static-cloud", "a.jpg").time_local_preprocess, 0.0);
        QVERIFY(replayProvenance(c).find("device x 4") != std::string::npos);
    }

    void decisionsAreMadeAgainOnTheNewLink() {
        // A 300 KB photo: at 100 Mbit/s its upload is cheaper than the phone's resizing, at
        // 1 Mbit/s sending 127 KB (the profile's s') wins.
        std::vector<RequestRecord> source = pairedRun("big.jpg", 3e5, 75);
        auto profile = pixel2Profile();
        for (double mbps : {100.0, 1.0}) {
            ReplayConfig c;
            c.link = idealLink(mbps, 40);
            c.profile = profile;
            c.strategies = {"pieslicer", "oracle"};
            auto out = replayRecords(source, c);
            QVERIFY2(out.ok(), out.ok() ? "" : out.error().c_str());
            const RequestRecord& row = rowOf(out->records, "pieslicer", "big.jpg");
            // The strategy's own answer for the image on that link.
            auto fresh = makeStrategy("pieslicer", profile);
            QVERIFY(fresh.ok());
            const TimedDecision d =
                decideOn(*fresh.value(), featuresOfRecord(source.front()), c.link);
            QCOMPARE(row.preprocess_location, locationName(d.decision.placement));
            QCOMPARE(row.expected_time_local_prep, d.decision.predictedDeviceMs);
            QCOMPARE(row.profile_device, std::string("Pixel 2 (paper model)"));
        }
        ReplayConfig slow, fast;
        slow.link = idealLink(1, 40);
        fast.link = idealLink(100, 40);
        slow.profile = fast.profile = profile;
        slow.strategies = fast.strategies = {"pieslicer"};
        QCOMPARE(replayRecords(source, slow)->records.front().preprocess_location,
                 std::string("local"));
        QCOMPARE(replayRecords(source, fast)->records.front().preprocess_location,
                 std::string("remote"));
    }

    void anOrderNeverMeasuredIsAnErrorRow() {
        const std::vector<RequestRecord> source = {
            pairedRun("a.jpg", 2e6, 80).front()};  // device only
        ReplayConfig c;
        c.link = idealLink(8, 40);
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
        ReplayConfig c;
        c.link = idealLink(2, 40);
        c.source = "/tmp/somewhere/run.csv";
        auto out = replayRecords(source, c);
        QVERIFY(out.ok());
        for (const auto& r : out->records)
            QCOMPARE(r.provenance, std::string("replayed from run.csv at 2 Mbit/s, 40 ms RTT, "
                                               "ideal TCP"));
        QVERIFY(anyReplayed(out->records));
    }

    void badRequestsAreRefusedWithAReason() {
        auto source = pairedRun("a.jpg", 2e6, 80);
        ReplayConfig c;
        c.link = idealLink(2, 40);
        c.strategies = {"pieslicer"};
        auto noProfile = replayRecords(source, c);
        QVERIFY(!noProfile.ok());
        QVERIFY(noProfile.error().find("needs a cost profile") != std::string::npos);
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
