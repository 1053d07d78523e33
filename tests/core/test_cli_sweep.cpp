// pieslicer-cli sweep (issue 11, item 1): a tiny real sweep (2 uplinks x 1 device, 3 photos)
// writes one tidy CSV whose rows name their cell, a summary with each cell's headline and
// the device's break-even curve, calibrates the device once, and resumes a cut-off CSV
// without measuring anything twice.
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <tuple>

#include "run/record_csv.h"
#include "support/support.h"

using namespace pieslicer;

namespace {

const std::vector<std::string> kImages = {"chelsea_451x300_q75.jpg", "rocket_640x427_q85.jpg",
                                          "astronaut_512x512_q95.jpg"};

struct Ran {
    int exitCode = -1;
    QString out, err;
};

Ran cli(const QStringList& args) {
    QProcess p;
    p.start(test::cliPath(), args);
    Ran r;
    if (!p.waitForFinished(120000)) return r;
    r.exitCode = p.exitCode();
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

// Keeps the header and the first `rows` records: a sweep killed part-way.
void cutCsv(const QString& path, int rows) {
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QList<QByteArray> lines = f.readAll().split('\n');
    f.close();
    QVERIFY(lines.size() > rows + 1);
    lines = lines.mid(0, rows + 1);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(lines.join('\n') + '\n');
}

}  // namespace

class CliSweepTest : public QObject {
    Q_OBJECT
  private slots:
    void aSweepRunsEveryCellOnceAndResumes() {
        QTemporaryDir tmp;
        const QString images = QString::fromStdString(test::copySamples(tmp, kImages));
        const QString csv = tmp.filePath("sweep.csv"), summary = tmp.filePath("sweep.json");
        const QStringList args = {"sweep",
                                  "--images",
                                  images,
                                  "--uplinks",
                                  "32mbit,8mbit",
                                  "--rtts",
                                  "10ms",
                                  "--devices",
                                  "this machine",
                                  "--tcp",
                                  "ideal",
                                  "--strategies",
                                  "pieslicer,static-device,static-cloud,oracle",
                                  "--out",
                                  csv,
                                  "--summary-json",
                                  summary,
                                  "--bootstrap",
                                  "200"};
        const Ran first = cli(args);
        QVERIFY2(first.exitCode == 0, qPrintable(first.err));
        QVERIFY(first.err.contains("cell 2/2"));
        QVERIFY(first.err.contains("[24/24]"));  // progress over the whole grid
        QVERIFY(first.err.contains("ETA"));

        auto rows = readRecordsCsv(csv.toStdString());
        QVERIFY(rows.ok());
        QCOMPARE(rows->size(), std::size_t(2 * 3 * 4));
        std::set<std::string> cells;
        for (const auto& r : rows.value()) {
            QVERIFY(r.ok());
            cells.insert(r.sweep_cell);
            // A column per condition: the uplink as named, its rate, the RTT, device, TCP.
            QVERIFY(r.uplink_name == "32mbit" || r.uplink_name == "8mbit");
            QCOMPARE(r.uplink_mbps, r.uplink_name == "32mbit" ? 32.0 : 8.0);
            QCOMPARE(r.rtt_ms, 10.0);
            QCOMPARE(r.tcp_model, std::string("ideal"));
            QCOMPARE(r.device, std::string("this machine"));
            QVERIFY(r.sweep_cell.find("uplink=" + r.uplink_name + " ") == 0);
        }
        QCOMPARE(cells.size(), std::size_t(2));
        // One profile for the device, calibrated before its first cell only.
        QCOMPARE(first.err.count("calibrating this machine first"), 1);
        QCOMPARE(QDir(csv + ".profiles").entryList({"*.json"}).size(), 1);

        std::ifstream in(summary.toStdString());
        const auto j = nlohmann::json::parse(in, nullptr, false);
        QVERIFY(!j.is_discarded());
        QCOMPARE(j.at("schema").get<std::string>(), std::string("pieslicer-sweep/1"));
        QCOMPARE(j.at("cells").size(), std::size_t(2));
        for (const auto& c : j.at("cells")) {
            QVERIFY(cells.count(c.at("key").get<std::string>()));
            QCOMPARE(c.at("summary").at("strategies").size(), std::size_t(4));
            bool sawPieSlicer = false;
            for (const auto& h : c.at("headline"))
                if (h.at("strategy") == "pieslicer") {
                    sawPieSlicer = true;
                    QVERIFY(h.at("better_static").is_string());
                    QCOMPARE(h.at("savings_percent").at("ci").size(), std::size_t(2));
                    QVERIFY(h.at("regret_percent").get<double>() >= 0);
                }
            QVERIFY(sawPieSlicer);
        }
        const auto& curves = j.at("break_even");
        QCOMPARE(curves.size(), std::size_t(1));
        const auto& points = curves.at(0).at("points");
        QCOMPARE(points.size(), kImages.size());
        for (std::size_t i = 1; i < points.size(); ++i)
            QVERIFY(points[i].at("orig_bytes").get<double>() >=
                    points[i - 1].at("orig_bytes").get<double>());
        for (const auto& p : points)  // a rate, or the order that wins at every rate
            QVERIFY(p.at("uplink_mbps").is_number() || p.at("faster_at_every_rate").is_string());

        // Killed after 17 records: --resume measures the other 7, nothing twice, and the
        // cached profile spares a second calibration.
        cutCsv(csv, 17);
        const Ran resumed = cli(QStringList(args) << "--resume");
        QVERIFY2(resumed.exitCode == 0, qPrintable(resumed.err));
        QVERIFY(!resumed.err.contains("calibrating"));
        rows = readRecordsCsv(csv.toStdString());
        QVERIFY(rows.ok());
        QCOMPARE(rows->size(), std::size_t(24));
        std::set<std::tuple<std::string, std::string, std::string>> items;
        for (const auto& r : rows.value())
            items.insert({r.sweep_cell, r.image_name_orig, r.strategy});
        QCOMPARE(items.size(), std::size_t(24));

        // Resuming a finished sweep measures nothing and still draws the device's break-even
        // curve, from the cached profile.
        QFile::remove(summary);
        const Ran finished = cli(QStringList(args) << "--resume");
        QVERIFY2(finished.exitCode == 0, qPrintable(finished.err));
        QVERIFY(!finished.err.contains("ETA"));  // no record measured
        QCOMPARE(readRecordsCsv(csv.toStdString())->size(), std::size_t(24));
        std::ifstream rewritten(summary.toStdString());
        const auto j2 = nlohmann::json::parse(rewritten, nullptr, false);
        QVERIFY(!j2.is_discarded());
        QCOMPARE(j2.at("cells").size(), std::size_t(2));
        QCOMPARE(j2.at("break_even").size(), std::size_t(1));

        // Without --resume a CSV with records is not appended to.
        const Ran again = cli(args);
        QCOMPARE(again.exitCode, 1);
        QVERIFY(again.err.contains("resume"));
        QCOMPARE(readRecordsCsv(csv.toStdString())->size(), std::size_t(24));
    }

    void aBadGridIsAUsageErrorNamingTheItem() {
        QTemporaryDir tmp;
        Ran r = cli({"sweep", "--images", tmp.path(), "--uplinks", "2mbit,fast-5g"});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains("fast-5g"));
        r = cli({"sweep", "--images", tmp.path(), "--uplinks", "2mbit", "--devices", "iPhone"});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains("iPhone"));
        r = cli({"sweep", "--images", tmp.path(), "--uplink", "2mbit"});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains("--uplinks"));
    }
};

QTEST_GUILESS_MAIN(CliSweepTest)
#include "test_cli_sweep.moc"
