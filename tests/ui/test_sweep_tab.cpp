// The dashboard's Sweep tab (issue 11, items 1-3): a tiny real sweep (2 uplinks x 2 devices,
// 3 photos, ideal TCP) driven headlessly from the tab's form runs on a worker, and every
// heatmap cell shows what core's scoring says of that cell's records in the CSV; the
// break-even chart has a curve per device, and everything exports as PNG.
#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QFileInfo>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <cmath>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

#include "charts/heatmap_widget.h"
#include "charts/xy_scatter_widget.h"
#include "dashboard_options.h"
#include "main_window.h"
#include "run/record_csv.h"
#include "run/sweep_grid.h"
#include "run/sweep_summary.h"
#include "support/support.h"
#include "tabs/sweep_maps.h"
#include "tabs/sweep_tab.h"

using namespace pieslicer;
using namespace pieslicer::ui;

class TestSweepTab : public QObject {
    Q_OBJECT
  private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void heatmapsShowCoresScoresOfEachCell() {
        QTemporaryDir tmp;
        DashboardConfig config;
        config.imagesDir = QString::fromStdString(test::copySamples(
            tmp,
            {"chelsea_451x300_q75.jpg", "rocket_640x427_q85.jpg", "astronaut_512x512_q95.jpg"}));
        config.repeat = 1;
        SweepTab tab([config] { return config; });
        ScoringOptions scoring;
        scoring.bootstrap.resamples = 200;
        tab.setScoringOptions(scoring);
        const QString uplinks = "32mbit,8mbit", devices = "this machine,k3";
        tab.uplinksEdit()->setText(uplinks);
        tab.rttsEdit()->setText("10ms");
        tab.devicesEdit()->setText(devices);
        tab.tcpEdit()->setText("ideal");
        const QString csv = tmp.filePath("sweep.csv");
        tab.csvEdit()->setText(csv);
        tab.resize(1280, 900);
        tab.show();

        QSignalSpy done(&tab, &SweepTab::sweepFinished);
        QString err;
        QVERIFY2(tab.startSweep(&err), qPrintable(err));
        QVERIFY(!tab.runButton()->isEnabled());
        QVERIFY(done.wait(110000));
        QVERIFY2(done.at(0).at(0).toBool(), qPrintable(tab.statusLabel()->text()));
        QVERIFY(tab.summary());
        QVERIFY(QFileInfo::exists(csv + ".summary.json"));

        // Core's scores of each cell, from the CSV alone.
        auto rows = readRecordsCsv(csv.toStdString());
        QVERIFY(rows.ok());
        QCOMPARE(rows->size(), std::size_t(2 * 2 * 3 * 4));
        std::map<std::string, std::vector<RequestRecord>> byCell;
        for (const auto& r : rows.value()) byCell[r.sweep_cell].push_back(r);
        SweepGrid grid{
            parseSweepUplinks(uplinks.toStdString()).value(), parseSweepRtts("10ms").value(),
            parseSweepDevices(devices.toStdString()).value(), parseSweepTcps("ideal").value()};
        QCOMPARE(tab.strategyBox()->currentText(), QString("pieslicer"));
        QCOMPARE(tab.savingsMap()->rowCount(), 2);
        QCOMPARE(tab.savingsMap()->columnCount(), 2);
        // And the summary core wrote when the sweep ended (the same numbers, exactly).
        std::ifstream in((csv + ".summary.json").toStdString());
        const auto json = nlohmann::json::parse(in, nullptr, false);
        QVERIFY(!json.is_discarded());
        std::map<std::string, nlohmann::json> inJson;
        for (const auto& c : json.at("cells"))
            for (const auto& h : c.at("headline"))
                if (h.at("strategy") == "pieslicer") inJson[c.at("key")] = h;
        int checked = 0;
        for (const SweepCell& cell : sweepCells(grid, LinkShape{})) {
            QVERIFY2(byCell.count(cell.key), cell.key.c_str());
            const auto scores = scoreRun(byCell[cell.key], scoring);
            const CellHeadline h = cellHeadline(scores, "pieslicer");
            const int r = int(cell.device), c = int(cell.uplink);
            const HeatmapCell savings = tab.savingsMap()->cell(r, c);
            const HeatmapCell regret = tab.regretMap()->cell(r, c);
            const HeatmapCell f1 = tab.f1Map()->cell(r, c);
            // The CSV keeps 3 decimals of each time: scores from it agree to ~1e-5 relative.
            QCOMPARE(savings.has, h.hasSavings);
            QVERIFY(std::abs(savings.value - h.savingsPercent) < 0.01);
            QVERIFY(std::abs(regret.value - h.regretPercent) < 0.01);
            QCOMPARE(f1.has, h.hasDecisiveF1);
            if (h.hasDecisiveF1) QVERIFY(std::abs(f1.value - h.decisiveF1) < 1e-9);
            QVERIFY(savings.text.contains('['));  // the interval is in the cell
            QCOMPARE(savings.muted, !h.differenceMeasured);

            QVERIFY2(inJson.count(cell.key), cell.key.c_str());
            const auto& w = inJson[cell.key];
            QCOMPARE(savings.value, w.at("savings_percent").at("value").get<double>());
            CellHeadline fromJson;
            fromJson.savingsPercent = savings.value;
            fromJson.savingsPercentCi = {w.at("savings_percent").at("ci")[0].get<double>(),
                                         w.at("savings_percent").at("ci")[1].get<double>(), true};
            fromJson.differenceMeasured = w.at("difference_measured").get<bool>();
            QCOMPARE(savings.text, savingsCellText(fromJson));
            QCOMPARE(regret.value, w.at("regret_percent").get<double>());
            if (f1.has) QCOMPARE(f1.value, w.at("decisive_f1").at("value").get<double>());
            ++checked;
        }
        QCOMPARE(checked, 4);

        // A break-even curve per device (one RTT, one TCP model).
        QCOMPARE(tab.summary()->breakEven.size(), std::size_t(2));
        int crossings = 0;
        for (const auto& series : tab.summary()->breakEven)
            for (const auto& p : series.points) crossings += p.bitsPerSecond.has_value();

        tab.breakEvenChart()->refreshNow();  // charts redraw on a frame timer otherwise
        QCOMPARE(tab.breakEvenChart()->pointCount(), crossings);
        // Images without a break-even are counted in the title, never silently left out.
        int points = 0;
        for (const auto& series : tab.summary()->breakEven) points += int(series.points.size());
        QCOMPARE(tab.breakEvenChart()->titleNote().isEmpty(), crossings == points);
        if (crossings < points)
            QVERIFY2(
                tab.breakEvenChart()->titleNote().contains(QString("of %1 images").arg(points)),
                qPrintable(tab.breakEvenChart()->titleNote()));
        QCoreApplication::processEvents();  // layouts settle (combo widths) before the picture
        const QString shot = test::outputDir() + "/sweep_tab.png";
        QVERIFY(tab.grab().save(shot));
        QVERIFY(tab.grab().save("/tmp/sweep_tab.png"));
        QTemporaryDir out;
        const QStringList written = tab.exportPngs(out.path(), &err);
        QVERIFY2(written.size() == 4, qPrintable(err));
        for (const auto& f : written) QVERIFY(QFileInfo(f).size() > 1000);
    }

    // --sweep-uplinks with --autorun: the dashboard sweeps unattended and leaves the CSV, the
    // summary and the heatmaps in --export-dir.
    void anUnattendedSweepExportsItsHeatmaps() {
        QTemporaryDir tmp;
        const QString images = QString::fromStdString(
            test::copySamples(tmp, {"chelsea_451x300_q75.jpg", "rocket_640x427_q85.jpg"}));
        const QString out = tmp.filePath("out");
        QString err;
        auto options = parseDashboardOptions(
            {"pieslicer-dashboard", "--images", images, "--sweep-uplinks", "32mbit,8mbit",
             "--sweep-rtts", "10ms", "--strategies", "pieslicer,static-device,static-cloud,oracle",
             "--bootstrap", "100", "--autorun", "--export-dir", out, "--no-settings"},
            &err);
        QVERIFY2(options, qPrintable(err));
        QVERIFY(options->sweep);
        MainWindow w(*options);
        QSignalSpy done(&w, &MainWindow::unattendedDone);
        QVERIFY(done.wait(110000));
        QCOMPARE(done.at(0).at(0).toInt(), 0);
        QCOMPARE(w.tabs()->currentWidget(), static_cast<QWidget*>(w.sweepTab()));
        auto rows = readRecordsCsv(QDir(out).filePath("sweep.csv").toStdString());
        QVERIFY(rows.ok());
        QCOMPARE(rows->size(), std::size_t(2 * 2 * 4));
        for (const char* f : {"sweep.csv.summary.json", "sweep-savings.png", "sweep-regret.png",
                              "sweep-decisive-f1.png", "sweep-break-even.png"})
            QVERIFY2(QFileInfo(QDir(out).filePath(f)).size() > 0, f);
        QCOMPARE(w.sweepTab()->savingsMap()->columnCount(), 2);
        // Each map's colour scale is labelled at both ends: regret from 0% up, F1 up to 1.
        QCOMPARE(w.sweepTab()->regretMap()->legendEnds().value(0), QString("0"));
        QCOMPARE(w.sweepTab()->f1Map()->legendEnds(), (QStringList{"0.5", "1"}));
        QVERIFY(w.sweepTab()->savingsMap()->legendEnds().value(0).startsWith("-"));

        // A bad list is a usage error before any window.
        QVERIFY(
            !parseDashboardOptions({"pieslicer-dashboard", "--sweep-uplinks", "fast-5g"}, &err));
        QVERIFY(err.contains("fast-5g"));
        // --tab sweep (as --help lists it) is accepted, and --select is kept for the screenshot.
        const auto shown = parseDashboardOptions(
            {"pieslicer-dashboard", "--tab", "sweep", "--select", "a.jpg"}, &err);
        QVERIFY2(shown, qPrintable(err));
        QCOMPARE(shown->tab, QString("sweep"));
        QCOMPARE(shown->select, QString("a.jpg"));
    }
};

QTEST_MAIN(TestSweepTab)
#include "test_sweep_tab.moc"
