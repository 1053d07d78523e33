// A saved experiment read in batches on a worker (issue #15): the reader hands over every
// record in order with its progress, and the window's open appends them batch by batch
// while its event loop keeps running.
#include <QProgressBar>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QtTest>

#include "charts/cdf_chart_widget.h"
#include "dashboard_options.h"
#include "experiment_file.h"
#include "experiment_reader.h"
#include "main_window.h"
#include "run/record_csv.h"
#include "run/record_store.h"
#include "tabs/compare_tab.h"
#include "tabs/models_tab.h"
#include "tabs/results_tab.h"
#include "window/record_jobs.h"

using namespace pieslicer;
using namespace pieslicer::ui;

namespace {

// Records whose text needs every escape the JSON string and the CSV quoting have.
std::vector<RequestRecord> records(int n) {
    std::vector<RequestRecord> out;
    for (int i = 0; i < n; ++i) {
        RequestRecord r;
        r.strategy = i % 2 ? "pieslicer" : "static-cloud";
        r.algorithm = r.strategy;
        r.image_name_orig = "img" + std::to_string(i % 97) + (i % 5 ? ".jpg" : " \"b\", ü.jpg");
        r.preprocess_location = i % 3 ? "local" : "remote";
        r.preexecution_time = 10 + i * 0.125;
        r.repeat = i % 3;
        if (i % 11 == 0) {
            r.status = "error";
            r.error = "line one\nline two,\t\"quoted\" \\ back";
        }
        out.push_back(r);
    }
    return out;
}

}  // namespace

class TestExperimentOpen : public QObject {
    Q_OBJECT
  private slots:
    void readerHandsOverEveryRecordInBatches() {
        QTemporaryDir dir;
        const QString path = dir.filePath("e.pieslicer.json");
        const auto written = records(5000);
        ExperimentFile e;
        e.config.repeat = 3;
        e.records = written;
        QVERIFY(saveExperiment(path, e));

        auto head = readExperimentHead(path);
        QVERIFY2(head, head ? "" : head.error().c_str());
        QCOMPARE(head->recordCount, std::size_t(5000));
        QCOMPARE(head->config.repeat, 3);

        std::vector<RequestRecord> read;
        std::vector<std::uint64_t> at;
        std::uint64_t total = 0;
        auto n = readExperimentRecords(
            path, 700,
            [&](std::vector<RequestRecord> batch, std::uint64_t bytes, std::uint64_t size) {
                if (batch.size() > 700) return false;
                for (auto& r : batch) read.push_back(std::move(r));
                at.push_back(bytes);
                total = size;
                return true;
            });
        QVERIFY2(n, n ? "" : n.error().c_str());
        QCOMPARE(n.value(), written.size());
        QCOMPARE(read.size(), written.size());
        QCOMPARE(at.size(), std::size_t(8));  // ceil(5000 / 700)
        QVERIFY(std::is_sorted(at.begin(), at.end()));
        QCOMPARE(at.back(), total);
        for (std::size_t i = 0; i < written.size(); ++i)
            QCOMPARE(csvLine(read[i]), csvLine(written[i]));

        // The whole-file load goes through the same reader.
        auto loaded = loadExperiment(path);
        QVERIFY(loaded);
        QCOMPARE(loaded->records.size(), written.size());
        QCOMPARE(csvLine(loaded->records[55]), csvLine(written[55]));  // an error row
    }

    void cancellingStopsAndBadFilesFail() {
        QTemporaryDir dir;
        const QString path = dir.filePath("e.pieslicer.json");
        ExperimentFile e;
        e.records = records(3000);
        QVERIFY(saveExperiment(path, e));
        int batches = 0;
        auto n = readExperimentRecords(path, 500, [&](auto, auto, auto) { return ++batches < 2; });
        QVERIFY(!n);
        QCOMPARE(batches, 2);

        QFile junk(dir.filePath("junk.json"));
        QVERIFY(junk.open(QIODevice::WriteOnly));
        junk.write("{\"format\": \"something-else\", \"records_csv\": \"a,b\\n1,2\\n\"}");
        junk.close();
        auto head = readExperimentHead(junk.fileName());
        QVERIFY(!head);
        QVERIFY(head.error().find("not a PieSlicer experiment") != std::string::npos);
        QVERIFY(!readExperimentHead(dir.filePath("missing.json")));
    }

    void windowOpensInBatchesWithProgress() {
        QTemporaryDir dir;
        const QString path = dir.filePath("big.pieslicer.json");
        ExperimentFile e;
        e.config.repeat = 2;
        e.records = records(12000);
        QVERIFY(saveExperiment(path, e));
        e.records.clear();

        DashboardOptions o;
        o.noSettings = true;
        MainWindow w(o);
        w.show();
        QSignalSpy progress(w.recordJobs(), &RecordJobs::progress);
        QSignalSpy finished(w.recordJobs(), &RecordJobs::finished);
        QSignalSpy appended(w.store(), &RecordStore::appended);
        QString err;
        QVERIFY2(w.recordJobs()->openExperiment(path, &err), qPrintable(err));
        QVERIFY(w.recordJobs()->progressBar()->isVisible());
        QVERIFY(!w.recordJobs()->openExperiment(path, &err));  // one job at a time
        QVERIFY(finished.wait(60000));
        QCOMPARE(finished.at(0).at(0).toString(), QString("open-experiment"));
        QVERIFY2(finished.at(0).at(1).toString().isEmpty(),
                 qPrintable(finished.at(0).at(1).toString()));
        QCOMPARE(w.store()->size(), std::size_t(12000));
        QCOMPARE(w.currentConfig().repeat, 2);
        QVERIFY(appended.size() >= 24);  // 500-row batches, each its own event
        QVERIFY(progress.size() >= 6);
        qint64 last = 0;
        for (const auto& p : progress) {
            QVERIFY(p.at(0).toLongLong() >= last);
            last = p.at(0).toLongLong();
        }
        QCOMPARE(last, progress.back().at(1).toLongLong());  // to the end of the file
        QVERIFY(!w.recordJobs()->progressBar()->isVisible());
        QCOMPARE(w.store()->record(11999).preexecution_time, 10 + 11999 * 0.125);
        // The Models tab's spread of the records, taken on a worker after the open.
        QTRY_COMPARE_WITH_TIMEOUT(w.modelsTab()->sampleCount(), MainWindow::kModelSamples, 10000);
        QVERIFY(!w.takingModelSamples());
        // Opened while another tab was shown: the Compare charts draw the records once shown
        // (they said "No data yet" over a filled table before).
        w.tabs()->setCurrentWidget(w.resultsTab());
        QTest::qWait(300);
        w.tabs()->setCurrentWidget(w.compareTab());
        auto* cdf = qobject_cast<CdfChartWidget*>(w.compareTab()->charts().front());
        QVERIFY(cdf);
        QTRY_VERIFY_WITH_TIMEOUT(cdf->seriesCount() == 2, 10000);
    }
};

QTEST_MAIN(TestExperimentOpen)
#include "test_experiment_open.moc"
