// The dashboard driven headless: load a folder, run against the embedded endpoint,
// change the link mid-run, stop, export, save and reopen; screenshots of every tab.
#include <QApplication>
#include <QDir>
#include <QFile>
#include <QImage>
#include <QMimeData>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStyleFactory>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>
#include <cmath>
#include <nlohmann/json.hpp>
#include <set>

#include "charts/chart_panel.h"
#include "dashboard_options.h"
#include "main_window.h"
#include "model/cost_profile.h"
#include "models/image_table_model.h"
#include "panels/network_panel.h"
#include "run/record_csv.h"
#include "run/record_store.h"
#include "support/support.h"
#include "tabs/compare_tab.h"
#include "tabs/images_tab.h"
#include "tabs/models_tab.h"

using namespace pieslicer;
using namespace pieslicer::ui;

// Q_INIT_RESOURCE must be called from the global namespace.
static void initResources() { Q_INIT_RESOURCE(dashboard); }

namespace {

// Colours in use and the share of pixels that are not background white.
std::pair<int, double> imageStats(const QImage& img) {
    std::set<QRgb> colours;
    qint64 nonWhite = 0;
    const QImage im = img.convertToFormat(QImage::Format_RGB32);
    for (int y = 0; y < im.height(); y += 2)
        for (int x = 0; x < im.width(); x += 2) {
            const QRgb c = im.pixel(x, y);
            if (colours.size() < 64) colours.insert(c);
            if (qRed(c) < 235 || qGreen(c) < 235 || qBlue(c) < 235) ++nonWhite;
        }
    return {int(colours.size()), double(nonWhite) / (double(im.width() / 2) * (im.height() / 2))};
}

}  // namespace

class TestDashboard : public QObject {
    Q_OBJECT
  private:
    QTemporaryDir scratch_;
    QString images_;

    DashboardOptions fastOptions(int repeat = 1) const {
        DashboardOptions o;
        o.noSettings = true;
        o.images = images_;
        o.endpoint = "embedded";
        o.uplinkMbps = 100;
        o.rttMs = 2;
        o.strategies = QStringList{"static-device", "static-cloud", "pieslicer"};
        o.repeat = repeat;
        return o;
    }

  private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName("PieSlicer");
        QCoreApplication::setApplicationName("PieSlicer Dashboard Test");
        initResources();
        QApplication::setStyle(QStyleFactory::create("Fusion"));
        QVERIFY(scratch_.isValid());
        images_ = scratch_.filePath("images");
        QVERIFY(QDir().mkpath(images_ + "/nested"));
        for (const char* name :
             {"chelsea_451x300_q75.jpg", "coffee_600x400_q75.jpg", "camera_512x512_q70_gray.jpg"})
            QVERIFY(
                QFile::copy(QString::fromStdString(test::sampleImage(name)), images_ + "/" + name));
        QVERIFY(QFile::copy(QString::fromStdString(test::sampleImage("rocket_640x427_q85.jpg")),
                            images_ + "/nested/rocket.jpg"));
        QFile broken(images_ + "/broken.jpg");  // bad input must be flagged, never fatal
        QVERIFY(broken.open(QIODevice::WriteOnly));
        broken.write("this is not a JPEG at all");
        broken.close();
        QFile empty(images_ + "/empty.png");
        QVERIFY(empty.open(QIODevice::WriteOnly));
        empty.close();
    }

    void loadsFolderRecursivelyAndFlagsBadFiles() {
        MainWindow w(fastOptions());
        QSignalSpy done(w.imagesTab(), &ImagesTab::scanFinished);
        QVERIFY(done.wait(10000));
        const auto* model = w.imagesTab()->model();
        QCOMPARE(model->rowCount(), 6);
        QCOMPARE(model->usableCount(), 4);
        bool sawNested = false, sawBroken = false;
        for (const auto& r : model->rows()) {
            if (r.name == "nested/rocket.jpg") {
                sawNested = true;
                QCOMPARE(r.width, 640);
                QCOMPARE(r.height, 427);
                QVERIFY(r.ok());
            }
            if (r.name == "broken.jpg") sawBroken = !r.ok() && !r.status.isEmpty();
        }
        QVERIFY(sawNested);
        QVERIFY(sawBroken);
    }

    // Stop finishes the request in flight and keeps every record measured; the export
    // holds exactly those rows and every chart in three formats.
    void runStopAndExportKeepsEverything() {
        MainWindow w(fastOptions(5));  // 6 files x 5 repeats x 3 strategies = 90 requests
        QSignalSpy finished(&w, &MainWindow::runFinished);
        QString err;
        QVERIFY2(w.startRun(&err), qPrintable(err));
        QTRY_VERIFY_WITH_TIMEOUT(w.store()->size() >= 6, 20000);
        w.stopRun();
        QVERIFY(finished.wait(20000));
        QCOMPARE(finished.first().at(0).toBool(), true);
        const std::size_t kept = w.store()->size();
        QVERIFY(kept >= 6);
        QVERIFY(kept < 90);
        std::size_t okRows = 0, errorRows = 0;
        for (const auto& r : w.store()->records()) {
            if (r.ok()) {
                ++okRows;
                QVERIFY(r.preexecution_time > 0);
            } else {
                ++errorRows;
                QVERIFY(!r.error.empty());
            }
        }
        QVERIFY(okRows > 0);

        const QString dir = scratch_.filePath("export-stop");
        QVERIFY2(w.exportAllTo(dir, &err), qPrintable(err));
        auto csv = readRecordsCsv((dir + "/records.csv").toStdString());
        QVERIFY2(csv.ok(), csv.ok() ? "" : csv.error().c_str());
        QCOMPARE(csv->size(), kept);
        QCOMPARE(csv->front().image_name_orig, w.store()->records().front().image_name_orig);
        const auto charts = w.allCharts();
        QVERIFY(charts.size() >= 10);
        for (auto* c : charts) {
            for (const char* ext : {"png", "svg", "pdf"})
                QVERIFY2(QFileInfo(dir + "/" + c->id() + "." + ext).size() > 500,
                         qPrintable(c->id() + "." + ext));
            QFile pdf(dir + "/" + c->id() + ".pdf");
            QVERIFY(pdf.open(QIODevice::ReadOnly));
            QVERIFY(pdf.read(5) == "%PDF-");
        }
        QFile svg(dir + "/compare_preexecution_cdf.svg");
        QVERIFY(svg.open(QIODevice::ReadOnly));
        const QByteArray svgText = svg.readAll();
        QVERIFY(svgText.contains("<svg"));
        QVERIFY(svgText.contains("<path") || svgText.contains("<polyline"));
        QImage png(dir + "/compare_preexecution_cdf.png");
        QCOMPARE(png.size(), ChartPanel::exportSize() * 2);
        const auto [colours, ink] = imageStats(png);
        QVERIFY2(colours > 8, "chart PNG is blank");
        QVERIFY(ink > 0.01);
    }

    // A link change during a run applies from the next request.
    void linkChangeTakesEffectMidRun() {
        MainWindow w(fastOptions(4));
        QSignalSpy finished(&w, &MainWindow::runFinished);
        QVERIFY(w.startRun());
        QTRY_VERIFY_WITH_TIMEOUT(w.store()->size() >= 3, 20000);
        w.networkPanel()->setUplinkMbps(50);
        QTRY_VERIFY_WITH_TIMEOUT(w.store()->records().back().uplink_mbps == 50.0, 20000);
        w.stopRun();
        QVERIFY(finished.wait(20000));
        QCOMPARE(w.store()->records().front().uplink_mbps, 100.0);
    }

    // A complete run, its screenshots, then save and reopen without re-running.
    void fullRunScreenshotsSaveAndReopen() {
        MainWindow w(fastOptions(1));
        w.resize(1500, 920);
        w.show();
        QSignalSpy finished(&w, &MainWindow::runFinished);
        QVERIFY(w.startRun());
        QVERIFY(finished.wait(30000));
        QCOMPARE(finished.first().at(0).toBool(), false);
        QCOMPARE(w.store()->size(), std::size_t(6 * 3));
        // The end of a run is scored on a worker: the tab catches up after runFinished.
        QTRY_VERIFY_WITH_TIMEOUT(w.compareTab()->upToDate(), 10000);
        QVERIFY(w.compareTab()->scoreTable()->columnCount() == 3);

        const QString shots = test::outputDir() + "/screenshots";
        QVERIFY(QDir().mkpath(shots));
        for (int i = 0; i < w.tabs()->count(); ++i) {
            w.tabs()->setCurrentIndex(i);
            QTest::qWait(150);  // let coalesced chart refreshes (33 ms frames) land
            const QImage shot = w.grab().toImage();
            const QString name = w.tabs()->tabText(i).remove('&').toLower();
            QVERIFY(shot.save(shots + "/" + name + ".png"));
            QVERIFY2(imageStats(shot).first > 8, qPrintable(name + " screenshot is blank"));
        }

        const QString path = scratch_.filePath("run.pieslicer.json");
        QString err;
        QVERIFY2(w.saveExperimentTo(path, &err), qPrintable(err));
        DashboardOptions o;
        o.noSettings = true;
        MainWindow reopened(o);
        QVERIFY2(reopened.openExperimentFrom(path, &err), qPrintable(err));
        QCOMPARE(reopened.store()->size(), w.store()->size());
        QCOMPARE(reopened.currentConfig().repeat, 1);
        QCOMPARE(reopened.currentConfig().uplinkMbps, 100.0);
        QCOMPARE(reopened.compareTab()->scoreTable()->columnCount(), 3);
        const auto& a = w.store()->records();
        const auto& b = reopened.store()->records();
        for (std::size_t i = 0; i < a.size(); ++i) {
            QCOMPARE(b[i].strategy, a[i].strategy);
            QVERIFY(std::abs(b[i].preexecution_time - a[i].preexecution_time) <
                    1e-3);  // CSV keeps 3 decimals
        }
    }

    void unattendedModeExportsEverything() {
        DashboardOptions o = fastOptions(1);
        o.autorun = true;
        o.exportDir = scratch_.filePath("unattended");
        o.strategies = QStringList{"static-device", "static-cloud"};
        o.summaryJson = scratch_.filePath("unattended-summary.json");
        MainWindow w(o);
        QSignalSpy done(&w, &MainWindow::unattendedDone);
        int spreadsWhenDone = -1;
        QSignalSpy spreads(&w, &MainWindow::modelSamplesTaken);
        connect(&w, &MainWindow::unattendedDone, this,
                [&] { spreadsWhenDone = int(spreads.count()); });
        QVERIFY(done.wait(30000));
        QCOMPARE(done.first().at(0).toInt(), 0);
        QVERIFY(spreadsWhenDone >= 1);  // exported after the Models tab had the run's spread
        auto csv = readRecordsCsv((o.exportDir + "/records.csv").toStdString());
        QVERIFY(csv.ok());
        QCOMPARE(csv->size(), std::size_t(6 * 2));
        QVERIFY(QFileInfo::exists(o.exportDir + "/experiment.pieslicer.json"));
        // The comparison with its intervals, in the bundle and where --summary-json said.
        QVERIFY(QFileInfo::exists(o.exportDir + "/comparison.csv"));
        QVERIFY(QFileInfo::exists(o.exportDir + "/summary.json"));
        QFile summary(o.summaryJson);
        QVERIFY(summary.open(QIODevice::ReadOnly));
        const auto j = nlohmann::json::parse(summary.readAll().toStdString(), nullptr, false);
        QVERIFY(!j.is_discarded());
        QCOMPARE(j.at("strategies").size(), std::size_t(2));
        QCOMPARE(j.at("configuration").at("link").at("uplink_mbps").get<double>(), 100.0);
        QCOMPARE(j.at("strategies").at(0).at("preexecution_ms").at("p50").at("ci").size(),
                 std::size_t(2));
        const auto [colours, ink] = imageStats(QImage(o.exportDir + "/dataset_file_size_cdf.png"));
        QVERIFY(colours > 8);
        QVERIFY(ink > 0.01);
        // The Models tab's charts show the run's spread: the export waits for it (it is taken
        // on a worker when the run ends; exported before, the charts were blank).
        const auto [gColours, gInk] = imageStats(QImage(o.exportDir + "/model_g_transfer.png"));
        QVERIFY2(gColours > 8 && gInk > 0.01, qPrintable(QString::number(gInk)));
    }

    void badInputIsAnErrorNotACrash() {
        DashboardOptions o;
        o.noSettings = true;
        o.images = scratch_.filePath("does-not-exist");
        MainWindow w(o);
        QString err;
        QVERIFY(!w.startRun(&err));
        QVERIFY(err.contains("does not exist"));
        QVERIFY(!w.openExperimentFrom(scratch_.filePath("missing.json"), &err));
        QVERIFY(!err.isEmpty());
        QFile junk(scratch_.filePath("junk.pieslicer.json"));
        QVERIFY(junk.open(QIODevice::WriteOnly));
        junk.write("{\"format\": \"something else\"}");
        junk.close();
        QVERIFY(!w.openExperimentFrom(junk.fileName(), &err));
        QVERIFY(err.contains("not a PieSlicer experiment"));
    }

    // A folder dropped on the window opens like File > Open folder.
    void dropOpensFolder() {
        DashboardOptions o;
        o.noSettings = true;
        o.images = QString::fromStdString(test::sampleImagesDir());
        MainWindow w(o);
        w.show();
        QSignalSpy scanned(w.imagesTab(), &ImagesTab::scanFinished);
        QMimeData mime;
        mime.setUrls({QUrl::fromLocalFile(images_)});
        QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &mime, Qt::LeftButton,
                              Qt::NoModifier);
        QCoreApplication::sendEvent(&w, &enter);
        QVERIFY(enter.isAccepted());
        QDropEvent drop(QPointF(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(&w, &drop);
        QTRY_COMPARE_WITH_TIMEOUT(w.imagesTab()->folder(), images_, 2000);
        QTRY_VERIFY_WITH_TIMEOUT(!scanned.isEmpty() && scanned.last().at(0).toInt() == 6, 10000);
    }

    // Settings survive a restart (QSettings in test mode: never the user's own).
    void settingsRoundTrip() {
        QSettings().clear();
        {
            DashboardOptions o = fastOptions(3);
            o.noSettings = false;
            o.strategies = QStringList{"static-cloud"};
            o.independent = true;
            MainWindow w(o);
            QVERIFY(w.currentConfig().independentMeasurements);
            w.close();  // saves
        }
        DashboardOptions plain;
        MainWindow again(plain);
        const DashboardConfig c = again.currentConfig();
        QCOMPARE(c.imagesDir, images_);
        QCOMPARE(c.repeat, 3);
        QCOMPARE(c.uplinkMbps, 100.0);
        QCOMPARE(c.rttMs, 2.0);
        QCOMPARE(c.strategies, QStringList{"static-cloud"});
        QVERIFY(c.independentMeasurements);
        QSettings().clear();
    }

    // Calibrate measures both orders here and fits f, g, h; the Models tab then shows
    // a profile fitted on samples, and model-based strategies use it.
    void calibrationFitsAProfile() {
        MainWindow w(fastOptions(1));
        QSignalSpy changed(w.modelsTab(), &ModelsTab::profileChanged);
        QSignalSpy messages(w.modelsTab(), &ModelsTab::statusMessage);
        w.modelsTab()->calibrate();
        QVERIFY(w.modelsTab()->isCalibrating());
        QTRY_VERIFY_WITH_TIMEOUT(!w.modelsTab()->isCalibrating(), 60000);
        QVERIFY2(changed.count() == 1,
                 qPrintable(messages.isEmpty() ? QString("no message")
                                               : messages.last().at(0).toString()));
        const QString path = changed.first().at(0).toString();
        QVERIFY(QFileInfo::exists(path));
        QVERIFY(w.modelsTab()->profile().devicePrep.quality.samples >= 3);
        QCOMPARE(w.currentConfig().profilePath, path);
        const auto rerun = loadProfile(path.toStdString());
        QVERIFY(rerun.ok());
    }

    void pauseHoldsTheRun() {
        MainWindow w(fastOptions(5));
        QSignalSpy finished(&w, &MainWindow::runFinished);
        QVERIFY(w.startRun());
        QTRY_VERIFY_WITH_TIMEOUT(w.store()->size() >= 2, 20000);
        w.setPaused(true);
        QTest::qWait(400);  // the request in flight lands
        const std::size_t held = w.store()->size();
        QTest::qWait(600);
        QCOMPARE(w.store()->size(), held);
        w.setPaused(false);
        QTRY_VERIFY_WITH_TIMEOUT(w.store()->size() > held, 20000);
        w.stopRun();
        QVERIFY(finished.wait(20000));
    }

    void commandLine_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<double>("uplink");
        QTest::addColumn<double>("rtt");
        QTest::newRow("rates") << QStringList{"--uplink", "8mbit", "--rtt", "40ms"} << true << 8.0
                               << 40.0;
        QTest::newRow("kbit") << QStringList{"--uplink", "500kbit"} << true << 0.5 << -1.0;
        QTest::newRow("too fast") << QStringList{"--uplink", "10gbit"} << false << 0.0 << 0.0;
        QTest::newRow("garbage rate") << QStringList{"--uplink", "fast"} << false << 0.0 << 0.0;
        QTest::newRow("bad rtt") << QStringList{"--rtt", "-5ms"} << false << 0.0 << 0.0;
        QTest::newRow("unknown strategy")
            << QStringList{"--strategies", "static-device,nope"} << false << 0.0 << 0.0;
        QTest::newRow("bad repeat") << QStringList{"--repeat", "0"} << false << 0.0 << 0.0;
        QTest::newRow("bad target") << QStringList{"--target", "300"} << false << 0.0 << 0.0;
        QTest::newRow("unknown option") << QStringList{"--frobnicate"} << false << 0.0 << 0.0;
        QTest::newRow("nan margin")
            << QStringList{"--decisive-margin", "nan"} << false << 0.0 << 0.0;
        QTest::newRow("nan slowdown")
            << QStringList{"--device", "pixel2:nan"} << false << 0.0 << 0.0;
        QTest::newRow("huge slowdown")
            << QStringList{"--device", "pixel2:1e300"} << false << 0.0 << 0.0;
    }

    void commandLine() {
        QFETCH(QStringList, args);
        QFETCH(bool, ok);
        QFETCH(double, uplink);
        QFETCH(double, rtt);
        QString err;
        auto o = parseDashboardOptions(QStringList{"pieslicer-dashboard"} + args, &err);
        QCOMPARE(o.has_value(), ok);
        if (!ok) {
            QVERIFY(!err.isEmpty());
            return;
        }
        QVERIFY(o->uplinkMbps.has_value());
        QCOMPARE(*o->uplinkMbps, uplink);
        if (rtt >= 0) QCOMPARE(*o->rttMs, rtt);
        DashboardConfig c;
        o->applyTo(c);
        QCOMPARE(c.uplinkMbps, uplink);
    }
};

QTEST_MAIN(TestDashboard)
#include "test_dashboard.moc"
