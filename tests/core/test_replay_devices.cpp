// What-if replay of a sweep over two devices (issue 11): each device's records are
// re-decided with that device's own profile (named for it, describing it, or the sweep's
// calibration in its profile cache), never one device's models for all; a device without
// one is refused with its name; each cell keeps what it was not asked to change (its RTT)
// and is reported as its own cell.
#include <QTemporaryDir>
#include <QTest>
#include <filesystem>

#include "model/cost_profile.h"
#include "run/emulated_device.h"
#include "run/replay.h"
#include "run/replay_profiles.h"
#include "run/retime.h"
#include "run/strategy_rows.h"
#include "strategy/strategy_factory.h"
#include "support/replay_rows.h"
#include "support/support.h"

using namespace pieslicer;

namespace {

using test::idealLink;
using test::pairedRun;

EmulatedDevice scaledPhone(const char* phone) {
    auto d = emulatedPhone(phone, EmulationMode::Scaled);
    if (!d) qFatal("%s", d.error().c_str());
    return d.value();
}

// The paper's Pixel 2 models, as a calibration of `device` would describe them (f scaled
// to the device's k): two devices, two clearly different f.
std::shared_ptr<const CostProfile> profileOf(const EmulatedDevice& device) {
    auto p = loadProfile(std::string(PIESLICER_SOURCE_DIR) +
                         "/resources/profiles/pixel2-campus-wifi.json");
    if (!p) qFatal("%s", p.error().c_str());
    CostProfile scaled = withDeviceSlowdown(p.value(), device.slowdown);
    describeDevice(scaled, device);
    scaled.name = device.label();
    return std::make_shared<const CostProfile>(scaled);
}

// A sweep's records: each device in one cell, the Nexus 5's at 100 ms RTT; three images
// whose choice depends on the device (an 800 KB file: cheap to preprocess on a fast device).
std::vector<RequestRecord> twoDeviceSweep() {
    std::vector<RequestRecord> out;
    for (const char* phone : {"Pixel 2", "Nexus 5"}) {
        const EmulatedDevice device = scaledPhone(phone);
        const double rtt = std::string(phone) == "Nexus 5" ? 100 : 40;
        const std::string cell =
            "uplink=8mbit rtt=" + realFieldText(rtt) + "ms device=" + device.label() + " tcp=ideal";
        for (const auto& [image, bytes] : {std::pair<const char*, double>{"small.jpg", 80e3},
                                           {"mid.jpg", 800e3},
                                           {"large.jpg", 4e6}}) {
            for (RequestRecord r :
                 pairedRun(image, bytes, 20 * device.slowdown + bytes / 1e5, device.slowdown)) {
                r.device = device.label();
                r.device_mode = "scaled";
                r.rtt_ms = rtt;
                r.sweep_cell = cell;
                out.push_back(r);
            }
        }
    }
    return out;
}

ReplayConfig at4mbit() {
    ReplayConfig c;
    c.link = idealLink(4, 40);
    c.uplinkName = "4mbit";
    c.strategies = {"pieslicer", "static-device", "static-cloud", "oracle"};
    // As the CLI does: the RTT stays as each cell measured it.
    c.linkFor = [](const RequestRecord& r) { return idealLink(4, r.rtt_ms); };
    return c;
}

// The pieslicer row of every image must be what a strategy with `profile` predicts there.
void expectPredictedWith(const std::vector<RequestRecord>& rows, const std::string& device,
                         const std::shared_ptr<const CostProfile>& profile) {
    auto strategy = makeStrategy("pieslicer", profile);
    QVERIFY(strategy.ok());
    int seen = 0;
    for (const auto& r : rows) {
        if (r.strategy != "pieslicer" || r.device != device) continue;
        ++seen;
        QCOMPARE(r.profile_device, device);
        const auto d =
            decideOn(*strategy.value(), featuresOfRecord(r), idealLink(4, r.rtt_ms)).decision;
        QVERIFY2(std::abs(r.expected_time_local_prep - d.predictedDeviceMs) < 1e-6,
                 r.image_name_orig.c_str());
        QCOMPARE(r.preprocess_location, std::string(locationName(d.placement)));
    }
    QCOMPARE(seen, 3);
}

}  // namespace

class ReplayDevicesTest : public QObject {
    Q_OBJECT
  private slots:
    void eachDeviceIsReDecidedWithItsOwnProfile() {
        const auto source = twoDeviceSweep();
        const auto pixel = profileOf(scaledPhone("Pixel 2"));
        const auto nexus = profileOf(scaledPhone("Nexus 5"));
        ReplayConfig c = at4mbit();
        c.deviceProfiles = {{"Pixel 2", pixel}, {"Nexus 5", nexus}};
        auto out = replayRecords(source, c);
        QVERIFY2(out.ok(), out.ok() ? "" : out.error().c_str());
        expectPredictedWith(out->records, scaledPhone("Pixel 2").label(), pixel);
        expectPredictedWith(out->records, scaledPhone("Nexus 5").label(), nexus);
        // The two devices' f differ, so the same image is predicted differently.
        double pixelMid = 0, nexusMid = 0;
        for (const auto& r : out->records)
            if (r.strategy == "pieslicer" && r.image_name_orig == "mid.jpg")
                (r.device.rfind("Pixel", 0) == 0 ? pixelMid : nexusMid) =
                    r.expected_time_local_prep;
        QVERIFY(nexusMid > pixelMid * 1.3);

        // One cell per device, with its own conditions, rows and RTT.
        QCOMPARE(out->cells.size(), std::size_t(2));
        std::size_t rows = 0;
        for (const ReplayCell& cell : out->cells) {
            rows += cell.count;
            QCOMPARE(cell.count, std::size_t(12));
            QVERIFY(cell.mismatch.empty());
            QCOMPARE(profileDeviceLabel(*cell.profile), cell.cell.emulated.label());
            QCOMPARE(cell.cell.uplinkName, std::string("4mbit"));
            QVERIFY(cell.measuredIn.find("uplink=8mbit") != std::string::npos);
            for (std::size_t i = cell.first; i < cell.first + cell.count; ++i) {
                const RequestRecord& r = out->records[i];
                QCOMPARE(r.device, cell.cell.emulated.label());
                QCOMPARE(r.sweep_cell, cell.cell.key);
                QCOMPARE(r.uplink_mbps, 4.0);
                QCOMPARE(r.rtt_ms, cell.cell.link.rttMs);
            }
        }
        QCOMPARE(rows, out->records.size());
        QCOMPARE(out->cells[1].cell.link.rttMs, 100.0);
        QVERIFY(out->cells[1].cell.key.find("replayed from uplink=8mbit rtt=100ms") !=
                std::string::npos);
    }

    void profilesThatDescribeTheirDevicesNeedNoNames() {
        const auto pixel = profileOf(scaledPhone("Pixel 2"));
        const auto nexus = profileOf(scaledPhone("Nexus 5"));
        ReplayConfig c = at4mbit();
        // As `--profile a.json --profile b.json`: each under the device it describes.
        c.deviceProfiles = {{profileDeviceLabel(*nexus), nexus}};
        c.profile = pixel;  // and one more that describes the other device
        auto out = replayRecords(twoDeviceSweep(), c);
        QVERIFY(out.ok());
        expectPredictedWith(out->records, scaledPhone("Pixel 2").label(), pixel);
        expectPredictedWith(out->records, scaledPhone("Nexus 5").label(), nexus);
    }

    void theSweepsProfileCacheIsFound() {
        QTemporaryDir tmp;
        const auto source = twoDeviceSweep();
        for (const char* phone : {"Pixel 2", "Nexus 5"}) {
            const EmulatedDevice device = scaledPhone(phone);
            const auto path =
                std::filesystem::path(tmp.path().toStdString()) /
                calibrationCacheName(device, source.front().target, source.front().quality);
            QVERIFY(saveProfile(*profileOf(device), path));
        }
        ReplayConfig c = at4mbit();
        c.profileCacheDir = tmp.path().toStdString();
        auto out = replayRecords(source, c);
        QVERIFY2(out.ok(), out.ok() ? "" : out.error().c_str());
        expectPredictedWith(out->records, scaledPhone("Pixel 2").label(),
                            profileOf(scaledPhone("Pixel 2")));
        expectPredictedWith(out->records, scaledPhone("Nexus 5").label(),
                            profileOf(scaledPhone("Nexus 5")));
        for (const ReplayCell& cell : out->cells)
            QVERIFY(cell.profileSource.rfind("cached ", 0) == 0);
    }

    void aDeviceWithoutAProfileIsRefusedByName() {
        ReplayConfig c = at4mbit();
        c.deviceProfiles = {{"Pixel 2", profileOf(scaledPhone("Pixel 2"))}};
        auto out = replayRecords(twoDeviceSweep(), c);
        QVERIFY(!out.ok());
        QVERIFY2(out.error().find("no profile for the records of Nexus 5") != std::string::npos,
                 out.error().c_str());
        QVERIFY(out.error().find("Nexus 5=FILE") != std::string::npos);
        // Strategies that need no profile replay without one.
        c.deviceProfiles.clear();
        c.strategies = {"static-device", "static-cloud", "oracle"};
        QVERIFY(replayRecords(twoDeviceSweep(), c).ok());
    }

    // One slowdown over several devices' records is refused by name: it would re-time every
    // device as if all were one (the dashboard's Replay did so before it stopped passing it).
    void oneSlowdownOverSeveralDevicesIsRefused() {
        ReplayConfig c = at4mbit();
        c.strategies = {"static-device", "static-cloud", "oracle"};
        c.deviceSlowdown = 3;
        auto out = replayRecords(twoDeviceSweep(), c);
        QVERIFY(!out.ok());
        QVERIFY2(out.error().find("more than one device") != std::string::npos,
                 out.error().c_str());
        c.deviceSlowdown.reset();
        QVERIFY(replayRecords(twoDeviceSweep(), c).ok());
    }

    void oneProfileForAllStillWorksAndSaysItDescribesAnotherDevice() {
        ReplayConfig c = at4mbit();
        c.profile = profileOf(scaledPhone("Pixel 2"));
        auto out = replayRecords(twoDeviceSweep(), c);
        QVERIFY(out.ok());
        QVERIFY(out->cells[0].mismatch.empty());
        QVERIFY(out->cells[1].mismatch.find("measuring Nexus 5") != std::string::npos);
    }

    void namesOfADevice() {
        RequestRecord r;
        r.device = scaledPhone("Nexus 5").label();
        r.device_mode = "scaled";
        r.device_slowdown = 8.7;
        QVERIFY(namesDevice(r.device, r, true));
        QVERIFY(namesDevice("Nexus 5", r, true));  // the sweep's name (its own k)
        QVERIFY(namesDevice("nexus 5", r, false));
        QVERIFY(!namesDevice("Pixel 2", r, false));
        QVERIFY(!namesDevice("Nexus 5:paper", r, true));
        const EmulatedDevice back = deviceOfRecord(r);
        QCOMPARE(back.label(), r.device);
    }
};

QTEST_GUILESS_MAIN(ReplayDevicesTest)
#include "test_replay_devices.moc"
