// pieslicer-cli as a researcher's long run meets it: kill -9 in the middle leaves a
// readable CSV with every finished request and --resume finishes without redoing any;
// Ctrl-C or SIGTERM (even mid-transfer) ends with every finished row; an unwritable output or a
// dead endpoint is a clear error; exports are atomic.
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <set>
#include <thread>

#include "run/record_csv.h"
#include "support/local_http_server.h"
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

// An endpoint that turns hostile mid-run: /ping and the first `honest` uploads are passed
// to a real endpoint, every later upload is answered with a trickle of bytes that never
// ends (fast enough for curl's low-speed limit, slow enough to last for minutes).
class TurncoatEndpoint {
  public:
    explicit TurncoatEndpoint(int honest) : honest_(honest), real_(test::startEndpoint()) {
        http_.server().Get("/ping", [this](const httplib::Request&, httplib::Response& res) {
            auto r = httplib::Client("127.0.0.1", real_->port()).Get("/ping");
            if (r) res.set_content(r->body, "text/plain");
        });
        http_.server().Post(
            "/pieslicer", [this](const httplib::Request& req, httplib::Response& res) {
                if (uploads_++ < honest_) {
                    // cpp-httplib parses a form into req.files (req.body stays empty): resend it.
                    httplib::MultipartFormDataItems items;
                    for (const auto& [name, part] : req.files)
                        items.push_back({name, part.content, part.filename, part.content_type});
                    auto r = httplib::Client("127.0.0.1", real_->port()).Post("/pieslicer", items);
                    if (r) res.status = r->status, res.set_content(r->body, "application/json");
                    return;
                }
                trickling_ = true;
                http_.answerEndlessly(res, 30, 100);
            });
        http_.start();
    }
    QString url() const { return QString::fromStdString(http_.url()); }
    bool trickling() const { return trickling_; }

  private:
    int honest_;
    std::unique_ptr<EndpointServer> real_;  // declared first: outlives the handlers using it
    test::LocalHttpServer http_;
    std::atomic<int> uploads_{0};
    std::atomic<bool> trickling_{false};
};

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

    void ctrlCEndsTheRunWithEveryFinishedRowWritten() {
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

    // Issue #14 item 11: an endpoint that never finishes its answer held the CLI past
    // SIGTERM. The signal abandons the transfer; the rows measured before stay whole.
    void sigtermDuringAnEndlessTransferEndsTheRunCleanly_issue14() {
        QTemporaryDir tmp;
        TurncoatEndpoint endpoint(2 + 3);  // the two warm-up uploads, then three measured
        const QString csv = tmp.filePath("results.csv");
        QProcess run;
        run.start(cli(), runArgs(smallFolder(tmp), csv, "100mbit")
                             << "--endpoint" << endpoint.url());
        QVERIFY(run.waitForStarted());
        QTRY_VERIFY_WITH_TIMEOUT(endpoint.trickling(), 30000);
        const std::size_t measured = dataRows(csv);
        QVERIFY(measured >= 2);
        run.terminate();  // SIGTERM
        QVERIFY2(run.waitForFinished(10000), "SIGTERM did not end the run");
        QCOMPARE(run.exitCode(), 130);
        QVERIFY(QString::fromUtf8(run.readAllStandardError()).contains("interrupted"));
        std::ifstream in(csv.toStdString());
        const std::string text((std::istreambuf_iterator<char>(in)), {});
        QVERIFY(!text.empty() && text.back() == '\n');  // no torn row
        QCOMPARE(dataRows(csv), measured);              // the abandoned request wrote nothing
        for (const auto& r : readRecordsCsv(csv.toStdString()).value())
            QVERIFY2(r.ok(), r.error.c_str());
    }

    // Issue #14 item 11: numeric options took nonsense (nan, inf, -5, 1e300) and ran with
    // it. Each is refused before anything runs: exit 2 and a message naming the option.
    void nonsenseNumbersAreRefusedWithExitTwo_issue14_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("option");
        const QStringList run = {"run", "--images", "/nonexistent-folder"};
        const QStringList calibrate = {"calibrate", "--images", "/nonexistent-folder", "--out",
                                       "/nonexistent-folder/p.json"};
        const QStringList paperPhone = {"--emulate", "pixel2", "--emulation", "paper-model"};
        const QStringList online = {"--strategies", "pieslicer-online"};
        const QStringList corrected = {"--strategies", "pieslicer-corrected"};
        struct Case {
            QStringList base;
            QString option;
            QStringList values;
            QStringList extra;
        };
        const QStringList nonsense = {"nan", "inf", "-inf", "-5", "1e300", "", "5x"};
        const std::vector<Case> cases = {
            {run, "uplink", nonsense + QStringList{"0", "0.5bit", "20gbit"}, {}},
            {run, "rtt", nonsense + QStringList{"11s"}, {}},
            {run, "target", nonsense + QStringList{"0", "100", "1e3"}, {}},
            {run, "quality", nonsense + QStringList{"0", "101", "9.5"}, {}},
            {run, "sla", nonsense + QStringList{"0", "4000s"}, {}},
            {run, "repeat", nonsense + QStringList{"0", "1.5"}, {}},
            {run, "device-slowdown", nonsense + QStringList{"0", "0.5", "101"}, {}},
            {run, "residual-spread", nonsense + QStringList{"2"}, paperPhone},
            {run, "device-seed", nonsense + QStringList{"1.5"}, paperPhone},
            {run, "queue", nonsense + QStringList{"2000MB"}, {}},
            {run, "bootstrap", nonsense + QStringList{"2000000"}, {}},
            {run, "bootstrap-seed", nonsense + QStringList{"99999999999999999999999", " 5"}, {}},
            {run, "decisive-margin", nonsense + QStringList{"1001%", "nan%"}, {}},
            {run, "forgetting", nonsense + QStringList{"0", "1.5"}, online},
            {run,
             "estimator",
             {"ewma=nan", "ewma=inf", "ewma=-5", "ewma=1e300", "ewma=0"},
             corrected},
            {calibrate, "repeat", nonsense + QStringList{"0", "101"}, {}},
            {calibrate, "max-images", nonsense + QStringList{"2"}, {}},
            {calibrate, "uplink", nonsense, {}},
            {calibrate, "sla", nonsense, {}},
        };
        for (const auto& c : cases)
            for (const auto& value : c.values)
                QTest::addRow("%s --%s '%s'", qPrintable(c.base[0]), qPrintable(c.option),
                              qPrintable(value))
                    << (c.base + c.extra + QStringList{"--" + c.option, value}) << c.option;
    }
    void nonsenseNumbersAreRefusedWithExitTwo_issue14() {
        QFETCH(QStringList, args);
        QFETCH(QString, option);
        QProcess cliRun;
        cliRun.start(cli(), args);
        QVERIFY(cliRun.waitForFinished(30000));
        const QString err = QString::fromUtf8(cliRun.readAllStandardError());
        QCOMPARE(cliRun.exitCode(), 2);
        // The message names the option (an estimator's names the estimator).
        QVERIFY2(err.contains("--" + option) || (option == "estimator" && err.contains("ewma")) ||
                     (option == "forgetting" && err.contains("forgetting")),
                 qPrintable(err));
    }

    void sensibleNumbersAreAccepted_issue14() {
        // The bounds refuse nonsense, not experiments: edge values still get to the run
        // (which then fails for the missing folder, exit 1, not a usage error).
        QProcess cliRun;
        cliRun.start(cli(), {"run", "--images", "/nonexistent-folder", "--uplink", "1kbit", "--rtt",
                             "0", "--sla", "0.5", "--device-slowdown", "100", "--decisive-margin",
                             "0%", "--bootstrap", "0", "--repeat", "3"});
        QVERIFY(cliRun.waitForFinished(30000));
        QCOMPARE(cliRun.exitCode(), 1);
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
