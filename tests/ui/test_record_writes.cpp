// Save, Export CSV and Export all on a worker (issue #15): the window keeps processing
// events and may take more records while a large store is written, the file holds the
// records there were when the write started, a second write is refused while one runs,
// and an unwritable path or a full disk is a message naming the cause (no file left).
#include <sys/resource.h>

#include <QDir>
#include <QFileInfo>
#include <QMessageBox>
#include <QPainter>
#include <QProgressBar>
#include <QSignalSpy>
#include <QStatusBar>
#include <QSvgRenderer>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest>
#include <cerrno>
#include <csignal>
#include <cstring>

#include "charts/chart_panel.h"
#include "dashboard_options.h"
#include "experiment_file.h"
#include "experiment_reader.h"
#include "main_window.h"
#include "run/record_csv.h"
#include "run/record_store.h"
#include "support/scoring_rows.h"
#include "tabs/compare_tab.h"
#include "window/record_writes.h"

using namespace pieslicer;
using namespace pieslicer::ui;

static void initResources() { Q_INIT_RESOURCE(dashboard); }

namespace {

DashboardOptions options() {
    DashboardOptions o;
    o.noSettings = true;
    return o;
}

// `n` records of three strategies over n / 3 images, appended in batches as a run would.
void fill(RecordStore* store, std::size_t n, std::size_t from = 0) {
    const char* strategies[] = {"static-device", "static-cloud", "oracle"};
    std::vector<RequestRecord> batch;
    for (std::size_t i = from; i < from + n; ++i) {
        const bool device = (i / 3) % 2 == 0;
        RequestRecord r =
            test::scoringRow(strategies[i % 3], "img" + std::to_string(i / 3) + ".jpg",
                             i % 3 == 0 || (i % 3 == 2 && device), 50.0 + double(i % 997));
        r.orig_size = 1e5 + 1e3 * double(i % 1009);  // the scatter spreads
        batch.push_back(r);
        if (batch.size() == 5000 || i + 1 == from + n) {
            store->append(batch);
            batch.clear();
        }
    }
}

// Counts the event loop's turns (a 0 ms timer fires once per turn it is free).
struct TurnCounter {
    QTimer timer;
    int turns = 0;
    TurnCounter() {
        QObject::connect(&timer, &QTimer::timeout, [this] { ++turns; });
        timer.start(0);
    }
};

QString failedBoxText(MainWindow& w) {
    for (auto* box : w.findChildren<QMessageBox*>("recordWriteFailed"))
        if (box->isVisible()) return box->text();
    return {};
}

// `chart` recorded and written as PNG and SVG (drawn back) looks as the chart renders
// itself, compared at an eighth of the size (the SVG renderer places glyphs a pixel apart;
// the SVG was drawn at three quarters of its view box once).
bool drawsAsItself(ChartPanel* chart, const QString& dir) {
    const QImage direct =
        chart->renderImage(ChartPanel::exportSize(), 2.0).convertToFormat(QImage::Format_RGB32);
    const QString base = dir + "/" + chart->id() + ".recorded.";
    for (const char* ext : {"png", "svg", "pdf"})
        if (!writeChartPicture(chart->recordForExport(), chart->title(), base + ext)) return false;
    QImage svg(direct.size(), QImage::Format_RGB32);
    svg.fill(Qt::white);
    {
        QSvgRenderer renderer(base + "svg");
        if (!renderer.isValid()) return false;
        QPainter p(&svg);
        renderer.render(&p);
    }
    if (!qEnvironmentVariableIsEmpty("KEEP_CHARTS")) {  // to look at
        const QString keep = qEnvironmentVariable("KEEP_CHARTS") + "/" + chart->id();
        direct.save(keep + ".direct.png");
        svg.save(keep + ".svg-drawn.png");
        QFile::copy(base + "png", keep + ".recorded.png");
    }
    const QSize small = direct.size() / 8;
    const QImage expected = direct.scaled(small, Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
    for (const QImage& written :
         {QImage(base + "png").convertToFormat(QImage::Format_RGB32), svg}) {
        if (written.size() != direct.size()) return false;
        const QImage got = written.scaled(small, Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
        qint64 differ = 0, inked = 0;
        for (int y = 0; y < small.height(); ++y)
            for (int x = 0; x < small.width(); ++x) {
                const QRgb a = expected.pixel(x, y), b = got.pixel(x, y);
                if (qGray(a) < 240) ++inked;
                if (std::abs(qGray(a) - qGray(b)) > 48) ++differ;
            }
        qInfo("%s: %lld of %lld inked cells differ", qPrintable(chart->id()), differ, inked);
        if (inked < small.width() * small.height() / 200 || differ >= inked / 20) return false;
    }
    return true;
}

}  // namespace

class TestRecordWrites : public QObject {
    Q_OBJECT
  private slots:
    void initTestCase() { initResources(); }

    void saveRunsOnAWorkerFromASnapshot() {
        QTemporaryDir dir;
        const QString path = dir.filePath("big.pieslicer.json");
        MainWindow w(options());
        w.show();
        constexpr std::size_t kRecords = 60000;
        fill(w.store(), kRecords);
        RecordWrites* writes = w.recordWrites();
        QSignalSpy progress(writes, &RecordWrites::progress);
        QSignalSpy finished(writes, &RecordWrites::finished);
        TurnCounter counter;
        int turnsWhileWriting = -1;
        connect(writes, &RecordWrites::finished, this, [&] { turnsWhileWriting = counter.turns; });

        QString err;
        QVERIFY2(writes->saveExperiment(path, &err), qPrintable(err));
        QVERIFY(writes->busy());
        QVERIFY(writes->progressBar()->isVisible());
        // One write at a time, with a message saying which one runs.
        QVERIFY(!writes->saveExperiment(dir.filePath("other.json"), &err));
        QVERIFY2(err.contains("still running") && err.contains(path), qPrintable(err));
        QVERIFY(!writes->exportCsv(dir.filePath("other.csv"), &err));
        QVERIFY(!writes->exportAll(dir.filePath("other"), &err));
        // Records arriving meanwhile (a run goes on) are not in this file.
        fill(w.store(), 300, kRecords);
        QCOMPARE(w.store()->size(), kRecords + 300);

        QVERIFY(finished.wait(120000));
        QCOMPARE(finished.at(0).at(0).toString(), QString("save"));
        QVERIFY2(finished.at(0).at(1).toString().isEmpty(),
                 qPrintable(finished.at(0).at(1).toString()));
        QVERIFY(!writes->busy());
        QVERIFY(!writes->progressBar()->isVisible());
        // The GUI thread ran its event loop while the worker wrote.
        QVERIFY2(turnsWhileWriting > 2, qPrintable(QString::number(turnsWhileWriting)));
        QVERIFY(progress.size() >= 2);
        qint64 last = -1;
        for (const auto& p : progress) {
            QVERIFY(p.at(0).toLongLong() >= last);
            last = p.at(0).toLongLong();
            QCOMPARE(p.at(1).toLongLong(), qint64(kRecords));
        }
        QCOMPARE(last, qint64(kRecords));
        QVERIFY2(w.statusBar()->currentMessage().contains(tr("Saved %1 records").arg(kRecords)),
                 qPrintable(w.statusBar()->currentMessage()));

        auto loaded = loadExperiment(path);
        QVERIFY2(loaded.ok(), loaded.ok() ? "" : loaded.error().c_str());
        QCOMPARE(loaded->records.size(), kRecords);
        QCOMPARE(loaded->records.back().image_name_orig,
                 w.store()->record(kRecords - 1).image_name_orig);
        QCOMPARE(loaded->records.back().preexecution_time,
                 w.store()->record(kRecords - 1).preexecution_time);

        // Export CSV the same way: every record now.
        const QString csv = dir.filePath("records.csv");
        QVERIFY2(writes->exportCsv(csv, &err), qPrintable(err));
        QVERIFY(finished.wait(120000));
        QCOMPARE(finished.at(1).at(0).toString(), QString("export-csv"));
        QVERIFY(finished.at(1).at(1).toString().isEmpty());
        auto rows = readRecordsCsv(csv.toStdString());
        QVERIFY(rows.ok());
        QCOMPARE(rows->size(), kRecords + 300);
    }

    void exportAllWritesRecordsOnAWorkerAndChartsInTurns() {
        QTemporaryDir tmp;
        const QString dir = tmp.filePath("bundle");
        MainWindow w(options());
        w.show();
        constexpr std::size_t kRecords = 9000;
        fill(w.store(), kRecords);
        QSignalSpy finished(w.recordWrites(), &RecordWrites::finished);
        TurnCounter counter;
        int turnsWhileWriting = -1;
        connect(w.recordWrites(), &RecordWrites::finished, this,
                [&] { turnsWhileWriting = counter.turns; });
        QString err;
        QVERIFY2(w.recordWrites()->exportAll(dir, &err), qPrintable(err));
        QVERIFY(finished.wait(120000));
        QCOMPARE(finished.at(0).at(0).toString(), QString("export-all"));
        QVERIFY2(finished.at(0).at(1).toString().isEmpty(),
                 qPrintable(finished.at(0).at(1).toString()));
        QVERIFY(turnsWhileWriting > 2);
        auto rows = readRecordsCsv((dir + "/records.csv").toStdString());
        QVERIFY(rows.ok());
        QCOMPARE(rows->size(), kRecords);
        auto head = readExperimentHead(dir + "/experiment.pieslicer.json");
        QVERIFY(head.ok());
        QCOMPARE(head->recordCount, std::uint64_t(kRecords));
        // The comparison of every record, scored on the worker when the tab was behind.
        QFile comparison(dir + "/comparison.csv");
        QVERIFY(comparison.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(comparison.readAll());
        for (const char* id : {"static-device", "static-cloud", "oracle"})
            QVERIFY2(text.contains(id), id);
        QVERIFY(text.contains(QString::number(kRecords / 3)));  // each strategy's requests
        QVERIFY(QFileInfo(dir + "/summary.json").size() > 100);
        for (ChartPanel* c : w.allCharts())
            for (const char* ext : {"png", "svg", "pdf"})
                QVERIFY2(QFileInfo(dir + "/" + c->id() + "." + ext).size() > 500,
                         qPrintable(c->id() + "." + ext));
        QVERIFY2(w.statusBar()->currentMessage().contains(tr("%1 records").arg(kRecords)),
                 qPrintable(w.statusBar()->currentMessage()));
        // The files are drawn on the worker from the chart's recorded paint commands: the
        // PNG, and the SVG drawn back, are the chart as it draws itself (text, lines and the
        // scatter's light markers).
        w.showTab("compare");
        QTRY_VERIFY_WITH_TIMEOUT(w.compareTab()->upToDate(), 30000);
        QTest::qWait(200);  // the charts' coalesced redraws
        const QList<ChartPanel*> compared = {w.compareTab()->charts().front(),
                                             w.compareTab()->charts().back()};
        for (ChartPanel* chart : compared)
            QVERIFY2(drawsAsItself(chart, dir), qPrintable(chart->id()));
    }

    // Closing the window while a write runs waits for the file, then closes.
    void closingWaitsForTheWrite() {
        QTemporaryDir tmp;
        const QString path = tmp.filePath("closing.pieslicer.json");
        MainWindow w(options());
        w.show();
        fill(w.store(), 30000);
        QSignalSpy finished(w.recordWrites(), &RecordWrites::finished);
        QString err;
        QVERIFY2(w.recordWrites()->saveExperiment(path, &err), qPrintable(err));
        QVERIFY(!w.close());  // refused for now
        QVERIFY(w.isVisible());
        QVERIFY(w.statusBar()->currentMessage().contains("before quitting"));
        QVERIFY(finished.wait(60000));
        QVERIFY(finished.at(0).at(1).toString().isEmpty());
        QTRY_VERIFY(!w.isVisible());
        auto head = readExperimentHead(path);
        QVERIFY(head.ok());
        QCOMPARE(head->recordCount, std::uint64_t(30000));
    }

    void unwritablePathIsAMessage() {
        QTemporaryDir tmp;
        QFile blocker(tmp.filePath("a-file"));
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        blocker.close();
        MainWindow w(options());
        w.show();
        fill(w.store(), 600);
        QSignalSpy finished(w.recordWrites(), &RecordWrites::finished);
        const QString path = tmp.filePath("a-file/experiment.pieslicer.json");
        QString err;
        QVERIFY2(w.recordWrites()->saveExperiment(path, &err), qPrintable(err));
        QVERIFY(finished.wait(30000));
        const QString error = finished.at(0).at(1).toString();
        QVERIFY2(error.contains("cannot write") && error.contains(path), qPrintable(error));
        QVERIFY(w.statusBar()->currentMessage().contains(error));
        QTRY_COMPARE(failedBoxText(w), error);
        QVERIFY(!w.recordWrites()->busy());
        // A folder that cannot be made is refused before anything starts.
        QVERIFY(!w.recordWrites()->exportAll(tmp.filePath("a-file/bundle"), &err));
        QVERIFY2(err.contains("cannot create folder"), qPrintable(err));
        QVERIFY(!w.recordWrites()->busy());
    }

    // A disk that fills up mid-write: RLIMIT_FSIZE makes write() fail past 256 KB as a full
    // disk would (EFBIG instead of ENOSPC); the write stops, says so and leaves no file.
    void fullDiskStopsTheWriteAndSaysSo() {
        QTemporaryDir tmp;
        MainWindow w(options());
        fill(w.store(), 30000);
        QSignalSpy finished(w.recordWrites(), &RecordWrites::finished);
        const QString path = tmp.filePath("full.pieslicer.json");
        rlimit old{};
        QCOMPARE(getrlimit(RLIMIT_FSIZE, &old), 0);
        const auto oldHandler = std::signal(SIGXFSZ, SIG_IGN);
        rlimit small = old;
        small.rlim_cur = 256 * 1024;
        QCOMPARE(setrlimit(RLIMIT_FSIZE, &small), 0);
        QString err;
        const bool started = w.recordWrites()->saveExperiment(path, &err);
        const bool done = started && finished.wait(60000);
        setrlimit(RLIMIT_FSIZE, &old);
        std::signal(SIGXFSZ, oldHandler);
        QVERIFY2(started, qPrintable(err));
        QVERIFY(done);
        const QString error = finished.at(0).at(1).toString();
        QVERIFY2(error.contains("cannot write " + path), qPrintable(error));
        QVERIFY2(error.contains(QString::fromLocal8Bit(std::strerror(EFBIG))), qPrintable(error));
        QVERIFY(!QFileInfo::exists(path));
        QCOMPARE(QDir(tmp.path()).entryList(QDir::Files).size(), 0);  // no temporary left
        QTRY_COMPARE(failedBoxText(w), error);
    }
};

QTEST_MAIN(TestRecordWrites)
#include "test_record_writes.moc"
