// Issue #9 (dashboard side): the Network panel's TCP model, warm connection and uplink
// trace reach the saved config and the run's LinkShape; presets pick Linux TCP; a bad
// trace is an inline error; the link self-check warns; the timeline plots the true rate.
#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStyleFactory>
#include <QTemporaryDir>
#include <QTest>

#include "charts/link_trace_widget.h"
#include "charts/live_timeline_widget.h"
#include "dashboard_options.h"
#include "main_window.h"
#include "net/delivery_trace.h"
#include "panels/network_panel.h"
#include "panels/trace_chooser.h"
#include "run/record_store.h"
#include "support/support.h"
#include "tabs/live_tab.h"

using namespace pieslicer;
using namespace pieslicer::ui;

static void initResources() { Q_INIT_RESOURCE(dashboard); }

namespace {

QString writeFile(const QString& path, const QString& text) {
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate)) return {};
    f.write(text.toUtf8());
    return path;
}

// One 1500-byte packet per `everyMs` for `ms` milliseconds.
QString traceText(int everyMs, int ms) {
    QString out;
    for (int t = everyMs; t <= ms; t += everyMs) out += QString::number(t) + "\n";
    return out;
}

RequestRecord recordWithLinkError(double pct, const std::string& id) {
    RequestRecord r;
    r.strategy = "static-cloud";
    r.measurement_id = id;
    r.uplink_mbps = 10;
    r.link_rate_mbps = 10;
    r.link_modelled_ms = 80;
    r.link_error_pct = pct;
    r.preexecution_time = 100;
    return r;
}

}  // namespace

class TestNetworkSettings : public QObject {
    Q_OBJECT
  private:
    QTemporaryDir scratch_;
    QString images_;
    QString constTrace_;  // 12 Mbit/s
    QString stepTrace_;   // 12 Mbit/s for 2 s, then 1.2 Mbit/s for 2 s

    DashboardOptions quiet() const {
        DashboardOptions o;
        o.noSettings = true;
        o.images = images_;
        o.endpoint = "embedded";
        return o;
    }

  private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName("PieSlicer");
        QCoreApplication::setApplicationName("PieSlicer Network Settings Test");
        initResources();
        QApplication::setStyle(QStyleFactory::create("Fusion"));
        QVERIFY(scratch_.isValid());
        images_ = scratch_.filePath("images");
        QVERIFY(QDir().mkpath(images_));
        for (const char* name : {"chelsea_451x300_q75.jpg", "coffee_600x400_q75.jpg"})
            QVERIFY(
                QFile::copy(QString::fromStdString(test::sampleImage(name)), images_ + "/" + name));
        constTrace_ = writeFile(scratch_.filePath("const.trace"), traceText(1, 1000));
        stepTrace_ = writeFile(
            scratch_.filePath("step.trace"), traceText(1, 2000) + [] {
                QString tail;
                for (int t = 2010; t <= 4000; t += 10) tail += QString::number(t) + "\n";
                return tail;
            }());
        QVERIFY(!constTrace_.isEmpty() && !stepTrace_.isEmpty());
    }

    // Set in the panel -> the window's config -> JSON -> a new window -> its run's link.
    void settingsRoundTripToTheRunsLink() {
        MainWindow w(quiet());
        NetworkPanel* net = w.networkPanel();
        net->setTcpModel(TcpModel::Linux);
        net->setWarmConnection(true);
        QString err;
        QVERIFY2(net->setUplinkTrace(stepTrace_, &err), qPrintable(err));
        const DashboardConfig c = w.currentConfig();
        QCOMPARE(c.tcp, TcpModel::Linux);
        QVERIFY(c.warmConnection);
        QCOMPARE(c.uplinkTrace, QFileInfo(stepTrace_).absoluteFilePath());

        const DashboardConfig back = DashboardConfig::fromJson(c.toJson());
        QCOMPARE(back.tcp, TcpModel::Linux);
        QVERIFY(back.warmConnection);
        QCOMPARE(back.uplinkTrace, c.uplinkTrace);

        MainWindow again(quiet());
        again.applyConfig(back);
        const LinkShape link = again.runLink();
        QCOMPARE(link.tcp, TcpModel::Linux);
        QVERIFY(link.warmConnection);
        QVERIFY(link.uplinkTrace);
        QCOMPARE(link.uplinkTrace->name(), std::string("step.trace"));
        QCOMPARE(link.uplinkTrace, again.networkPanel()->linkShape().uplinkTrace);
        QCOMPARE(link.meanUplinkBitsPerSecond(), link.uplinkTrace->meanBitsPerSecond());
    }

    // QSettings (test mode) keeps them over a restart too.
    void settingsSurviveARestart() {
        QSettings().clear();
        {
            DashboardOptions o = quiet();
            o.noSettings = false;
            MainWindow w(o);
            w.networkPanel()->setTcpModel(TcpModel::Linux);
            w.networkPanel()->setWarmConnection(true);
            QVERIFY(w.networkPanel()->setUplinkTrace(constTrace_));
            w.close();  // saves
        }
        MainWindow again{DashboardOptions{}};
        const DashboardConfig c = again.currentConfig();
        QCOMPARE(c.tcp, TcpModel::Linux);
        QVERIFY(c.warmConnection);
        QCOMPARE(c.uplinkTrace, QFileInfo(constTrace_).absoluteFilePath());
        QSettings().clear();
    }

    // Warm connection is Linux-only: an ideal pipe has no window to keep.
    void warmConnectionNeedsLinux() {
        MainWindow w(quiet());
        w.networkPanel()->setTcpModel(TcpModel::Linux);
        w.networkPanel()->setWarmConnection(true);
        QVERIFY(w.runLink().warmConnection);
        w.networkPanel()->setTcpModel(TcpModel::Ideal);
        QVERIFY(!w.runLink().warmConnection);
        QVERIFY(!w.currentConfig().warmConnection);
    }

    void paperPresetSelectsLinuxTcp() {
        MainWindow w(quiet());
        NetworkPanel* net = w.networkPanel();
        net->setTcpModel(TcpModel::Ideal);
        QComboBox* presets = nullptr;
        for (auto* box : net->findChildren<QComboBox*>())
            if (box->findData("residential-wifi") >= 0) presets = box;
        QVERIFY(presets);
        const int i = presets->findData("residential-wifi");
        presets->setCurrentIndex(i);
        emit presets->activated(i);
        QCOMPARE(net->tcpModel(), TcpModel::Linux);
        QCOMPARE(w.runLink().tcp, TcpModel::Linux);
        QCOMPARE(w.runLink().uplinkBitsPerSecond, 7.4e6);

        DashboardOptions o = quiet();
        o.preset = "campus-wifi";
        DashboardConfig c;
        c.tcp = TcpModel::Ideal;
        o.applyTo(c);
        QCOMPARE(c.tcp, TcpModel::Linux);
        // A custom link on the command line is an ideal pipe, as in the CLI.
        DashboardOptions custom;
        custom.uplinkMbps = 8;
        custom.applyTo(c);
        QCOMPARE(c.tcp, TcpModel::Ideal);
    }

    void badTraceIsAnInlineErrorAndKeepsTheLink() {
        MainWindow w(quiet());
        NetworkPanel* net = w.networkPanel();
        QVERIFY(net->setUplinkTrace(constTrace_));
        const auto good = w.runLink().uplinkTrace;
        QVERIFY(good);
        const QString junk = writeFile(scratch_.filePath("junk.trace"), "12\nnot a number\n");
        for (const QString& bad : {scratch_.filePath("missing.trace"), junk}) {
            QString err;
            QVERIFY(!net->setUplinkTrace(bad, &err));
            QVERIFY(!err.isEmpty());
            QVERIFY(net->traceChooser()->showsError());
            QVERIFY2(net->traceChooser()->infoText().contains("kept const.trace"),
                     qPrintable(net->traceChooser()->infoText()));
            QCOMPARE(w.runLink().uplinkTrace, good);
            QCOMPARE(w.currentConfig().uplinkTrace, QFileInfo(constTrace_).absoluteFilePath());
        }
        QVERIFY(net->traceChooser()->infoText().contains("line 2"));
        QVERIFY(net->setUplinkTrace(QString()));  // back to the fixed rate
        QVERIFY(!w.runLink().uplinkTrace);
    }

    void linkErrorWarning_data() {
        QTest::addColumn<double>("pct");
        QTest::addColumn<bool>("warns");
        QTest::newRow("7% late") << 7.0 << true;
        QTest::newRow("8% early") << -8.0 << true;
        QTest::newRow("2%") << 2.0 << false;
        QTest::newRow("exactly 5%") << 5.0 << false;
    }

    void linkErrorWarning() {
        QFETCH(double, pct);
        QFETCH(bool, warns);
        MainWindow w(quiet());
        QSignalSpy changed(w.liveTab(), &LiveTab::linkWarningChanged);
        w.store()->append({recordWithLinkError(1, "0/local"), recordWithLinkError(pct, "1/local"),
                           recordWithLinkError(pct, "1/local")});  // a shared measurement
        QCOMPARE(w.linkWarning().isEmpty(), !warns);
        QCOMPARE(w.liveTab()->linkWarning().isEmpty(), !warns);
        if (warns) {
            QVERIFY2(w.linkWarning().contains(QString::number(std::abs(pct), 'f', 1) + "%"),
                     qPrintable(w.linkWarning()));
            QVERIFY2(w.linkWarning().contains("1 of 2 requests"), qPrintable(w.linkWarning()));
            w.store()->clear();  // as a new run does
            QVERIFY(w.linkWarning().isEmpty());
            QCOMPARE(changed.count(), 2);
        }
    }

    void timelinePlotsTheTrueLinkRate() {
        LiveTimelineWidget t;
        RequestRecord traced = recordWithLinkError(0, "0/local");
        traced.uplink_mbps = 6.6;  // a trace's mean
        traced.link_rate_mbps = 1.2;
        RequestRecord old = recordWithLinkError(0, "1/local");
        old.uplink_mbps = 10;
        old.link_rate_mbps = 0;  // a record from before the column
        t.addRecords({traced, old}, 0);
        const auto points = t.ratePoints();
        QCOMPARE(points.size(), 2);
        QCOMPARE(points[0], QPointF(1, 1.2));
        QCOMPARE(points[1], QPointF(2, 10));
    }

    // The trace chart places each upload at its time on the trace.
    void traceChartPlacesUploads() {
        auto trace = DeliveryTrace::load(stepTrace_.toStdString());
        QVERIFY(trace.ok());
        LinkTraceWidget chart;
        chart.resize(800, 400);
        chart.setTrace(std::make_shared<const DeliveryTrace>(std::move(trace.value())));
        RequestRecord r = recordWithLinkError(7, "0/local");
        r.time_local_remote = 400;
        r.transfer_time_real = 200;
        r.link_rate_mbps = 1.2;
        chart.addTimes(0, {3000});
        chart.addRecords({r, r}, 0);  // the second row shares the measurement
        chart.show();
        chart.refreshNow();
        QCOMPARE(chart.requestPoints().size(), 1);
        QCOMPARE(chart.requestPoints()[0], QPointF(2.7, 1.2));  // 3000 - 400 + 200 / 2 ms
        const auto line = chart.tracePoints();
        QVERIFY(line.size() > 20);
        QVERIFY(std::abs(line.front().y() - 12.0) < 0.01);
        bool low = false;
        for (const auto& p : line) low = low || (p.x() > 2.1 && p.x() < 3.9 && p.y() < 1.3);
        QVERIFY(low);
    }

    // A real run through a trace with Linux TCP: every record says so, the trace chart
    // gets a dot per measurement, and a screenshot for people to look at.
    void runThroughATraceRecordsIt() {
        DashboardOptions o = quiet();
        o.strategies = QStringList{"static-device", "static-cloud"};
        o.tcp = TcpModel::Linux;
        o.uplinkTrace = constTrace_;
        o.rttMs = 20;
        o.repeat = 2;
        MainWindow w(o);
        w.resize(1500, 920);
        w.show();
        QSignalSpy finished(&w, &MainWindow::runFinished);
        QString err;
        QVERIFY2(w.startRun(&err), qPrintable(err));
        QVERIFY(finished.wait(60000));
        QCOMPARE(finished.first().at(1).toString(), QString());
        QCOMPARE(w.store()->size(), std::size_t(2 * 2 * 2));
        for (const auto& r : w.store()->records()) {
            QCOMPARE(r.tcp_model, std::string("linux"));
            QCOMPARE(r.uplink_trace, std::string("const.trace"));
            QVERIFY2(std::abs(r.link_rate_mbps - 12.0) < 0.5,
                     qPrintable(QString::number(r.link_rate_mbps)));
        }
        auto* chart = w.liveTab()->linkTrace();
        QVERIFY(chart->isVisible());
        QCOMPARE(chart->requestPoints().size(), 2 * 2 * 2);  // independent orders per image
        for (const auto& p : chart->requestPoints()) QVERIFY(p.x() > 0 && p.x() < 60);
        QVERIFY(w.liveTab()->charts().contains(chart));

        w.showTab("live");
        QTest::qWait(200);
        const QString shots = test::outputDir() + "/screenshots";
        QVERIFY(QDir().mkpath(shots));
        QVERIFY(w.grab().toImage().save(shots + "/live-trace.png"));
    }

    void commandLine_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<bool>("ok");
        QTest::newRow("linux warm") << QStringList{"--tcp", "linux", "--warm-connection"} << true;
        QTest::newRow("preset warm")
            << QStringList{"--preset", "campus-wifi", "--warm-connection"} << true;
        QTest::newRow("warm needs linux") << QStringList{"--warm-connection"} << false;
        QTest::newRow("ideal warm") << QStringList{"--tcp", "ideal", "--warm-connection"} << false;
        QTest::newRow("bad tcp") << QStringList{"--tcp", "cubic"} << false;
        QTest::newRow("missing trace") << QStringList{"--uplink-trace", "/no/such.trace"} << false;
        QTest::newRow("no trace") << QStringList{"--uplink-trace", "none"} << true;
    }

    void commandLine() {
        QFETCH(QStringList, args);
        QFETCH(bool, ok);
        QString err;
        auto o = parseDashboardOptions(QStringList{"pieslicer-dashboard"} + args, &err);
        QCOMPARE(o.has_value(), ok);
        if (!ok) QVERIFY(!err.isEmpty());
    }

    void commandLineTraceReachesTheConfig() {
        QString err;
        auto o = parseDashboardOptions(
            {"pieslicer-dashboard", "--tcp", "linux", "--uplink-trace", constTrace_}, &err);
        QVERIFY2(o, qPrintable(err));
        DashboardConfig c;
        c.tcp = TcpModel::Ideal;
        o->applyTo(c);
        QCOMPARE(c.tcp, TcpModel::Linux);
        QCOMPARE(c.uplinkTrace, QFileInfo(constTrace_).absoluteFilePath());
    }
};

QTEST_MAIN(TestNetworkSettings)
#include "test_network_settings.moc"
