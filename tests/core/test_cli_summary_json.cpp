// pieslicer-cli run --summary-json (issue 10, item 6): a real run of both statics and the
// oracle over a few small photos writes a valid summary with its intervals and
// configuration, and the oracle's rows say what the order it dropped measured.
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "run/record_csv.h"
#include "support/support.h"

using namespace pieslicer;
namespace fs = std::filesystem;

namespace {

QString cli() { return test::cliPath(); }

fs::path smallFolder(const QTemporaryDir& tmp) {
    return test::copySamples(
        tmp, {"chelsea_451x300_q75.jpg", "coffee_600x400_q75.jpg", "rocket_640x427_q85.jpg"});
}

}  // namespace

class CliSummaryJsonTest : public QObject {
    Q_OBJECT
  private slots:
    void runWritesAValidSummaryWithIntervals() {
        QTemporaryDir tmp;
        const QString csv = tmp.filePath("r.csv"), summary = tmp.filePath("summary.json");
        QProcess run;
        run.start(cli(), {"run", "--images", QString::fromStdString(smallFolder(tmp).string()),
                          "--strategies", "static-device,static-cloud,oracle", "--uplink", "50mbit",
                          "--rtt", "10ms", "--out", csv, "--summary-json", summary, "--bootstrap",
                          "300", "--decisive-margin", "5%"});
        QVERIFY(run.waitForFinished(60000));
        const QString out = QString::fromUtf8(run.readAllStandardOutput());
        QVERIFY2(run.exitCode() == 0, run.readAllStandardError().constData());
        QVERIFY(out.contains("95% intervals"));
        QVERIFY(out.contains("5% of the faster"));

        std::ifstream in(summary.toStdString());
        QVERIFY(in.good());
        const auto j = nlohmann::json::parse(in, nullptr, false);
        QVERIFY(!j.is_discarded());
        const auto& config = j.at("configuration");
        QCOMPARE(config.at("link").at("uplink_mbps").get<double>(), 50.0);
        QCOMPARE(config.at("link").at("rtt_ms").get<double>(), 10.0);
        QCOMPARE(config.at("decisive_margin").get<double>(), 0.05);
        QCOMPARE(config.at("bootstrap").at("resamples").get<int>(), 300);
        QCOMPARE(config.at("target").get<int>(), 331);
        const auto& strategies = j.at("strategies");
        QCOMPARE(strategies.size(), std::size_t(3));
        for (const auto& s : strategies) {
            QCOMPARE(s.at("counts").at("requests").get<int>(), 3);
            QCOMPARE(s.at("counts").at("errors").get<int>(), 0);
            // Every image's two orders were measured: each is decisive or a near-tie.
            QCOMPARE(s.at("counts").at("decisive").get<int>() +
                         s.at("counts").at("near_ties").get<int>(),
                     3);
            QCOMPARE(s.at("preexecution_ms").at("p50").at("ci").size(), std::size_t(2));
            QCOMPARE(s.at("f1").at("ci").size(), std::size_t(2));
        }
        QVERIFY(strategies.at(2).at("savings").contains("static-cloud"));

        // The oracle's rows carry the time of the order it did not keep.
        auto rows = readRecordsCsv(csv.toStdString());
        QVERIFY(rows.ok());
        int oracleRows = 0;
        for (const auto& r : rows.value())
            if (r.strategy == "oracle") {
                ++oracleRows;
                QVERIFY(r.preexecution_time > 0);
                QVERIFY(r.preexecution_time_other >= r.preexecution_time);
            }
        QCOMPARE(oracleRows, 3);
    }

    void aBadMarginIsAUsageError() {
        QTemporaryDir tmp;
        QProcess run;
        run.start(cli(), {"run", "--images", tmp.path(), "--decisive-margin", "ten"});
        QVERIFY(run.waitForFinished(10000));
        QCOMPARE(run.exitCode(), 2);
        QVERIFY(QString::fromUtf8(run.readAllStandardError()).contains("--decisive-margin"));
    }
};

QTEST_GUILESS_MAIN(CliSummaryJsonTest)
#include "test_cli_summary_json.moc"
