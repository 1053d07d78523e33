// Issue 11's check, CTest-sized: a sweep over two uplinks x two devices, replayed at a third
// uplink, against a real sweep there on the same images with the same profiles. Each device's
// records are re-decided with its own profile (the sweep's profile cache): PieSlicer's
// decisions are the real run's on every image, the oracle's on at least 95% (near-ties left
// out), and every strategy's p50 and p99 within 5%. The devices are the paper's phones under
// the paper model (their on-device time is the paper's f, the same in every run), so what a
// replay re-times is the upload alone; the real run is at 1 Mbit/s, where a request of these
// photos takes 0.3-1 s and this shared machine's jitter is a few percent of it.
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

#include "model/cost_profile.h"
#include "run/emulated_device.h"
#include "run/record_csv.h"
#include "support/cli_run.h"
#include "support/support.h"

using namespace pieslicer;

namespace {

using test::readJsonFile;
using test::runCli;

const std::vector<std::string> kImages = {"chelsea_451x300_q75.jpg", "camera_512x512_q70_gray.jpg",
                                          "coffee_600x400_q75.jpg", "rocket_640x427_q85.jpg"};

// The shipped paper profiles as the sweep's cache of both phones' calibrations, marked as the
// current calibration method's (the cache keeps no other).
void fillProfileCache(const QString& dir) {
    QVERIFY(QDir().mkpath(dir));
    for (const auto& [phone, file] :
         {std::pair<const char*, const char*>{"Pixel 2", "pixel2"}, {"Nexus 5", "nexus5"}}) {
        auto device = emulatedPhone(phone, EmulationMode::PaperModel);
        QVERIFY(device.ok());
        const QString name = QString::fromStdString(calibrationCacheName(device.value(), 331, 90));
        auto profile = readJsonFile(QString(PIESLICER_SOURCE_DIR) + "/resources/profiles/" + file +
                                    "-campus-wifi.json");
        profile["calibration_method"] = kCalibrationMethod;
        std::ofstream(QDir(dir).filePath(name).toStdString()) << profile.dump();
    }
}

QStringList sweepArgs(const QString& images, const QString& cache) {
    return {"sweep",
            "--images",
            images,
            "--rtts",
            "40ms",
            "--devices",
            "Pixel 2:paper,Nexus 5:paper",
            "--strategies",
            "pieslicer,static-device,static-cloud,oracle",
            "--bootstrap",
            "0",
            "--profile-cache",
            cache};
}

}  // namespace

class CliSweepReplayTest : public QObject {
    Q_OBJECT
  private slots:
    void aSweepReplayedAtAnotherUplinkAgreesWithMeasuringThere() {
        QTemporaryDir tmp;
        const QString images = QString::fromStdString(test::copySamples(tmp, kImages));
        const QString cache = tmp.filePath("profiles");
        fillProfileCache(cache);
        const QString sweep = tmp.filePath("sweep.csv"), real = tmp.filePath("real.csv");
        QString err;
        QVERIFY2(runCli(sweepArgs(images, cache) +
                            QStringList{"--uplinks", "2mbit,8mbit", "--out", sweep},
                        &err),
                 qPrintable(err));
        QVERIFY2(runCli(sweepArgs(images, cache) + QStringList{"--uplinks", "1mbit", "--out", real,
                                                               "--summary-json",
                                                               tmp.filePath("real.json")},
                        &err),
                 qPrintable(err));
        QVERIFY2(!err.contains("calibrating"), qPrintable(err));  // the cache's profiles

        // One profile given for one device: the other device's records are refused by name.
        QVERIFY(!runCli({"replay", "--records", sweep, "--uplink", "1mbit", "--profile",
                         "Pixel 2:paper=" + QString(PIESLICER_SOURCE_DIR) +
                             "/resources/profiles/pixel2-campus-wifi.json"},
                        &err));
        QVERIFY2(err.contains("no profile for the records of Nexus 5 (paper model)"),
                 qPrintable(err));

        const QString replayed = tmp.filePath("replayed.csv");
        QVERIFY2(runCli({"replay", "--records", sweep, "--uplink", "1mbit", "--profile-cache",
                         cache, "--out", replayed, "--summary-json", tmp.filePath("replayed.json"),
                         "--bootstrap", "0"},
                        &err),
                 qPrintable(err));
        const auto replayedJson = readJsonFile(tmp.filePath("replayed.json"));
        const auto realJson = readJsonFile(tmp.filePath("real.json"));
        auto replayedRows = readRecordsCsv(replayed.toStdString());
        auto realRows = readRecordsCsv(real.toStdString());
        QVERIFY(replayedRows.ok() && realRows.ok());
        for (const auto& r : replayedRows.value()) {
            QVERIFY2(r.ok(), r.error.c_str());
            QCOMPARE(r.uplink_mbps, 1.0);
            if (r.strategy == "pieslicer") QCOMPARE(r.profile_device, r.device);
        }

        // Each replayed cell (device x source uplink) against the real cell of its device.
        std::map<std::string, const nlohmann::json*> realCells;
        for (const auto& c : realJson.at("cells")) realCells[c.at("device_label")] = &c;
        QCOMPARE(realCells.size(), std::size_t(2));
        QCOMPARE(replayedJson.at("cells").size(), std::size_t(4));
        std::string report;
        double worstGap = 0;
        for (const auto& cell : replayedJson.at("cells")) {
            const std::string device = cell.at("device_label");
            const std::string key = cell.at("key");
            QCOMPARE(cell.at("uplink").get<std::string>(), std::string("1mbit"));
            const auto& measured = *realCells.at(device);
            report += key + "\n";
            std::map<std::string, const nlohmann::json*> byName;
            for (const auto& s : measured.at("summary").at("strategies"))
                byName[s.at("strategy")] = &s;
            for (const auto& s : cell.at("summary").at("strategies")) {
                const std::string name = s.at("strategy");
                for (const char* p : {"p50", "p99"}) {
                    const double r = s.at("preexecution_ms").at(p).at("value");
                    const double v = byName.at(name)->at("preexecution_ms").at(p).at("value");
                    worstGap = std::max(worstGap, std::abs(r - v) / v);
                    char line[160];
                    std::snprintf(line, sizeof line, "  %-14s %s replayed %7.1f, measured %7.1f\n",
                                  name.c_str(), p, r, v);
                    report += line;
                }
                // Decisions, image by image, against the real run of the same device.
                std::map<std::string, std::pair<std::string, bool>> chosen;  // location, tie
                for (const auto& row : realRows.value())
                    if (row.strategy == name && row.device == device)
                        chosen[row.image_name_orig] = {
                            row.preprocess_location,
                            row.preexecution_time_other > 0 &&
                                row.preexecution_time_other - row.preexecution_time <=
                                    0.10 * row.preexecution_time};
                int same = 0, judged = 0;
                for (const auto& row : replayedRows.value()) {
                    if (row.strategy != name || row.sweep_cell != key) continue;
                    const auto& [location, tie] = chosen.at(row.image_name_orig);
                    if (tie && name == "oracle") continue;
                    ++judged;
                    same += location == row.preprocess_location;
                }
                report += "  " + name + ": same decision on " + std::to_string(same) + " of " +
                          std::to_string(judged) + "\n";
                if (name == "pieslicer") QCOMPARE(judged, int(kImages.size()));
                if (name == "pieslicer") QVERIFY2(same == judged, report.c_str());
                QVERIFY2(judged == 0 || double(same) / judged >= 0.95, report.c_str());
            }
        }
        qInfo("sweep at 2 and 8 Mbit/s replayed at 1 Mbit/s against a sweep there:\n%s",
              report.c_str());
        // What the replay reuses as measured (the time after each upload) may have differed
        // between the runs on this shared machine: then a gap is the machine's, not the replay's.
        if (worstGap > 0.05) {
            const auto source = readRecordsCsv(sweep.toStdString());
            QVERIFY(source.ok());
            const std::string why = test::reusedPartsDiffer(source.value(), realRows.value());
            if (!why.empty())
                QSKIP(qPrintable("the machine differed between the runs: " +
                                 QString::fromStdString(why)));
        }
        QVERIFY2(worstGap <= 0.05, report.c_str());
    }
};

QTEST_GUILESS_MAIN(CliSweepReplayTest)
#include "test_cli_sweep_replay.moc"
