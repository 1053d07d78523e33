// The dashboard's Open records, Replay and Export SQLite (issue 11, items 2 and 3), each on
// a worker: records opened from a CSV are replayed under the window's link and shown with
// "replayed, not measured" over every tab and in every chart's title; a second replay starts
// again from the measurements; the export is the prototype's database and reopens as such.
#include <QApplication>
#include <QDir>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include "charts/chart_panel.h"
#include "dashboard_options.h"
#include "main_window.h"
#include "panels/network_panel.h"
#include "run/record_csv.h"
#include "run/record_sqlite.h"
#include "run/record_store.h"
#include "run/replay.h"
#include "support/replay_rows.h"
#include "support/support.h"
#include "window/record_jobs.h"

using namespace pieslicer;
using namespace pieslicer::ui;

static void initResources() { Q_INIT_RESOURCE(dashboard); }

namespace {

DashboardOptions options() {
    DashboardOptions o;
    o.noSettings = true;
    o.uplinkMbps = 2;
    o.rttMs = 40;
    o.tcp = TcpModel::Ideal;
    o.device = "this";
    o.strategies = QStringList{"static-device", "static-cloud", "oracle"};
    return o;
}

// Waits for the job to finish; its error (empty on success).
QString waitFor(MainWindow& w) {
    QSignalSpy done(w.recordJobs(), &RecordJobs::finished);
    if (!done.wait(30000)) return "timed out";
    return done.takeFirst().at(1).toString();
}

std::vector<RequestRecord> measuredRecords() {
    std::vector<RequestRecord> all;
    for (auto [name, bytes] : {std::pair{"a.jpg", 2e6}, {"b.jpg", 2e5}, {"c.jpg", 5e5}})
        for (auto& r : test::pairedRun(name, bytes, 80)) all.push_back(r);
    return all;
}

}  // namespace

class RecordJobsTest : public QObject {
    Q_OBJECT
  private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        initResources();
    }

    void replayShowsReplayedRecordsAndSaysSo() {
        QTemporaryDir tmp;
        const QString csv = tmp.filePath("measured.csv");
        const auto measured = measuredRecords();
        QVERIFY(writeRecordsCsvAtomic(csv.toStdString(), measured).ok());
        MainWindow w(options());
        QVERIFY(w.recordJobs()->openRecords(csv));
        QCOMPARE(waitFor(w), QString());
        QCOMPARE(w.store()->size(), measured.size());
        QVERIFY(w.replayedBanner().isEmpty());

        QVERIFY(w.recordJobs()->replay());
        QCOMPARE(waitFor(w), QString());
        QCOMPARE(w.store()->size(), measured.size());
        const auto replayed = w.store()->records();
        ReplayConfig expected;
        expected.link = w.networkPanel()->linkShape();
        expected.deviceSlowdown = 1;
        expected.strategies = {"static-device", "static-cloud", "oracle"};
        expected.source = "measured.csv";
        auto direct = replayRecords(measured, expected);
        QVERIFY(direct.ok());
        for (std::size_t i = 0; i < replayed.size(); ++i) {
            QCOMPARE(replayed[i].provenance, direct->records[i].provenance);
            QCOMPARE(replayed[i].uplink_mbps, 2.0);
            QVERIFY(std::abs(replayed[i].preexecution_time - direct->records[i].preexecution_time) <
                    0.01);
        }
        QVERIFY(
            w.replayedBanner().startsWith("replayed, not measured: replayed from measured.csv"));
        for (ChartPanel* chart : w.allCharts())
            QCOMPARE(chart->titleNote(), QString("replayed, not measured"));
        // For people to look at: the Compare tab of a replay, banner and titles.
        w.resize(1500, 920);
        w.showTab("compare");
        w.show();
        QTest::qWait(200);  // coalesced chart refreshes land
        const QString shots = test::outputDir() + "/screenshots";
        QVERIFY(QDir().mkpath(shots));
        QVERIFY(w.grab().save(shots + "/replayed-compare.png"));

        // Again at another rate: from the measurements, not from the replay shown.
        w.networkPanel()->setUplinkMbps(4);
        QVERIFY(w.recordJobs()->replay());
        QCOMPARE(waitFor(w), QString());
        expected.link = w.networkPanel()->linkShape();
        direct = replayRecords(measured, expected);
        const auto again = w.store()->records();
        for (std::size_t i = 0; i < again.size(); ++i)
            QVERIFY(std::abs(again[i].preexecution_time - direct->records[i].preexecution_time) <
                    0.01);
        QCOMPARE(again.front().uplink_mbps, 4.0);

        // Exported as the prototype's database; reopened, it still says what it is.
        const QString db = tmp.filePath("replayed.db");
        QVERIFY(w.recordJobs()->exportSqlite(db));
        QCOMPARE(waitFor(w), QString());
        auto back = readRecordsSqlite(db.toStdString());
        QVERIFY(back.ok());
        QCOMPARE(back->size(), again.size());
        QCOMPARE(back->front().provenance, again.front().provenance);
        MainWindow other(options());
        QVERIFY(other.recordJobs()->openRecords(db));
        QCOMPARE(waitFor(other), QString());
        QCOMPARE(other.store()->size(), again.size());
        QVERIFY(other.replayedBanner().startsWith("replayed, not measured"));
    }

    // Records of two devices (a sweep's) keep each its own k: the window's one k (here 1)
    // re-timed every device's stages as if they were all this machine.
    void replayOfSeveralDevicesKeepsEachDevicesSlowdown() {
        QTemporaryDir tmp;
        const QString csv = tmp.filePath("two-devices.csv");
        std::vector<RequestRecord> measured = test::pairedRun("a.jpg", 2e6, 80, 1);
        for (auto& r : test::pairedRun("b.jpg", 2e6, 80, 2)) measured.push_back(r);
        QVERIFY(writeRecordsCsvAtomic(csv.toStdString(), measured).ok());
        MainWindow w(options());
        QVERIFY(w.recordJobs()->openRecords(csv));
        QCOMPARE(waitFor(w), QString());
        QVERIFY(w.recordJobs()->replay());
        QCOMPARE(waitFor(w), QString());
        ReplayConfig expected;
        expected.link = w.networkPanel()->linkShape();
        expected.strategies = {"static-device", "static-cloud", "oracle"};
        auto direct = replayRecords(measured, expected);  // no k given: each keeps its own
        QVERIFY2(direct.ok(), direct.ok() ? "" : direct.error().c_str());
        const auto replayed = w.store()->records();
        QCOMPARE(replayed.size(), direct->records.size());
        QCOMPARE(test::rowOf(replayed, "static-device", "b.jpg").device_slowdown, 2.0);
        QCOMPARE(test::rowOf(replayed, "static-device", "a.jpg").device_slowdown, 1.0);
        for (std::size_t i = 0; i < replayed.size(); ++i)
            QVERIFY(std::abs(replayed[i].preexecution_time - direct->records[i].preexecution_time) <
                    0.01);
    }

    void badInputIsAMessageAndKeepsWhatIsShown() {
        QTemporaryDir tmp;
        MainWindow w(options());
        QString err;
        QVERIFY(!w.recordJobs()->replay(&err));  // nothing loaded
        QVERIFY(err.contains("nothing to replay"));
        const QString csv = tmp.filePath("measured.csv");
        QVERIFY(writeRecordsCsvAtomic(csv.toStdString(), measuredRecords()).ok());
        QVERIFY(w.recordJobs()->openRecords(csv));
        QCOMPARE(waitFor(w), QString());
        QVERIFY(w.recordJobs()->openRecords(tmp.filePath("missing.db")));
        QVERIFY(!waitFor(w).isEmpty());
        QCOMPARE(w.store()->size(), measuredRecords().size());
        // A strategy that predicts, with no profile to predict with, is refused with a reason.
        DashboardOptions o = options();
        o.strategies = QStringList{"pieslicer"};
        o.profile = tmp.filePath("no-such-profile.json");
        MainWindow noProfile(o);
        QVERIFY(noProfile.recordJobs()->openRecords(csv));
        QCOMPARE(waitFor(noProfile), QString());
        QVERIFY(noProfile.recordJobs()->replay());
        QVERIFY(!waitFor(noProfile).isEmpty());
        QVERIFY(noProfile.replayedBanner().isEmpty());
    }
};

QTEST_MAIN(RecordJobsTest)
#include "test_record_jobs.moc"
