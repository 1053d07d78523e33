// pieslicer-cli as a researcher's long run meets it: kill -9 in the middle leaves a
// readable CSV with every finished request and --resume finishes without redoing any;
// Ctrl-C writes the request in flight; an unwritable output or a dead endpoint is a
// clear error; exports are atomic.
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <set>

#include "run/record_csv.h"
#include "support/support.h"
#include "util/clock.h"

using namespace pieslicer;
namespace fs = std::filesystem;

namespace {

QString cli() { return test::cliPath(); }

fs::path smallFolder(const QTemporaryDir& tmp) {
    return test::copySamples(
        tmp, {"chelsea_451x300_q75.jpg", "camera_512x512_q70_gray.jpg", "coffee_600x400_q75.jpg",
              "rocket_640x427_q85.jpg", "retina_1411x1411_q85.jpg"});
}

std::size_t dataRows(const QString& csv) {
    auto rows = readRecordsCsv(csv.toStdString());
    return rows ? rows->size() : 0;
}

QStringList runArgs(const fs::path& images, const QString& csv, const QString& uplink) {
    return {"run",         "--images", QString::fromStdString(images.string()),
            "--placement", "both",     "--uplink",
            uplink,        "--rtt",    "60ms",
            "--out",       csv};
}

// Starts a slow run (1 Mbit/s) into `csv` and sends `signal` once `rows` rows are on disk.
// QVERIFY returns from here only: callers check QTest::currentTestFailed().
void interruptAfterRows(QProcess& run, const fs::path& images, const QString& csv, std::size_t rows,
                        int signal) {
    run.start(cli(), runArgs(images, csv, "1mbit"));
    QVERIFY(run.waitForStarted());
    QTRY_VERIFY_WITH_TIMEOUT(dataRows(csv) >= rows, 30000);
    ::kill(pid_t(run.processId()), signal);
}

}  // namespace

class CliResilienceTest : public QObject {
    Q_OBJECT
  private slots:
    void killNineThenResumeLosesNothingAndRedoesNothing() {
        QTemporaryDir tmp;
        const auto images = smallFolder(tmp);
        const QString csv = tmp.filePath("results.csv");
        QProcess run;
        interruptAfterRows(run, images, csv, 3, SIGKILL);
        if (QTest::currentTestFailed()) return;
        QVERIFY(run.waitForFinished(5000));
        const std::size_t before = dataRows(csv);
        QVERIFY(before >= 3 && before < 10);
        for (const auto& r : readRecordsCsv(csv.toStdString()).value())
            QVERIFY2(r.ok(), r.error.c_str());

        QProcess resume;
        resume.start(cli(), runArgs(images, csv, "100mbit") << "--resume");
        QVERIFY(resume.waitForFinished(60000));
        QCOMPARE(resume.exitCode(), 0);
        const auto rows = readRecordsCsv(csv.toStdString());
        QVERIFY(rows.ok());
        QCOMPARE(rows->size(), std::size_t(10));
        std::set<std::pair<std::string, std::string>> keys;
        for (const auto& r : rows.value()) keys.insert({r.image_name_orig, r.strategy});
        QCOMPARE(keys.size(), std::size_t(10));
    }

    void ctrlCWritesTheRequestInFlightAndExits() {
        QTemporaryDir tmp;
        const auto images = smallFolder(tmp);
        const QString csv = tmp.filePath("results.csv");
        QProcess run;
        interruptAfterRows(run, images, csv, 1, SIGINT);
        if (QTest::currentTestFailed()) return;
        QVERIFY(run.waitForFinished(30000));
        QCOMPARE(run.exitCode(), 130);
        QVERIFY(QString::fromUtf8(run.readAllStandardError()).contains("interrupted"));
        std::ifstream in(csv.toStdString());
        const std::string text((std::istreambuf_iterator<char>(in)), {});
        QVERIFY(!text.empty() && text.back() == '\n');  // no torn row
        const std::size_t rows = dataRows(csv);
        QVERIFY(rows >= 1 && rows < 10);
    }

    void fullDiskIsAVisibleError() {
        QTemporaryDir tmp;
        QProcess run;
        run.start(cli(), runArgs(smallFolder(tmp), "/dev/full", "100mbit"));
        QVERIFY(run.waitForFinished(30000));
        QCOMPARE(run.exitCode(), 1);
        QVERIFY2(QString::fromUtf8(run.readAllStandardError()).contains("No space left"),
                 "the error must say why results cannot be written");
    }

    void deadEndpointIsAClearMessage() {
        QTemporaryDir tmp;
        QProcess run;
        run.start(cli(), runArgs(smallFolder(tmp), tmp.filePath("r.csv"), "100mbit")
                             << "--endpoint"
                             << "http://127.0.0.1:1");
        QVERIFY(run.waitForFinished(30000));
        QCOMPARE(run.exitCode(), 1);
        QVERIFY(QString::fromUtf8(run.readAllStandardError()).contains("unreachable"));
    }

    void atomicExportReplacesWholeFileOrNothing() {
        QTemporaryDir tmp;
        const std::string path = tmp.filePath("export.csv").toStdString();
        std::ofstream(path) << "old contents\n";
        std::vector<RequestRecord> records(3);
        records[1].image_name_orig = "b.jpg";
        QVERIFY(writeRecordsCsvAtomic(path, records).ok());
        QCOMPARE(readRecordsCsv(path)->size(), std::size_t(3));
        QVERIFY(!fs::exists(path + ".tmp"));
        // Into a folder that does not exist: an error, and nothing half-written anywhere.
        const auto failed =
            writeRecordsCsvAtomic(tmp.filePath("missing/export.csv").toStdString(), records);
        QVERIFY(!failed.ok());
        QVERIFY(QString::fromStdString(failed.error()).contains("cannot write"));
        QCOMPARE(readRecordsCsv(path)->size(), std::size_t(3));
    }
};

QTEST_GUILESS_MAIN(CliResilienceTest)
#include "test_cli_resilience.moc"
