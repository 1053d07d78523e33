// Small defects a new user met (issue #11 item 5): `pieslicer-dashboard --help` without a
// display, the Compare table cutting its savings columns, and a status bar silent about
// records measured under another device, link or TCP model than the settings now.
#include <QApplication>
#include <QHeaderView>
#include <QLabel>
#include <QProcess>
#include <QProcessEnvironment>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableWidget>
#include <QTest>
#include <random>

#include "main_window.h"
#include "panels/network_panel.h"
#include "run/measured_under.h"
#include "run/record_store.h"
#include "support/scoring_rows.h"
#include "support/support.h"
#include "tabs/compare_tab.h"

using namespace pieslicer;
using namespace pieslicer::ui;

namespace {

QString dashboardPath() { return QString(PIESLICER_BINARY_DIR) + "/ui/pieslicer-dashboard"; }

// A process environment with no display of any kind.
QProcessEnvironment headless() {
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const char* name : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"}) env.remove(name);
    return env;
}

// `images` images of the three strategies; the savings grow long once there are many.
std::vector<RequestRecord> compareRows(int images) {
    std::mt19937 rng(3);
    std::uniform_real_distribution<double> base(80, 3000), noise(-40, 40);
    std::vector<RequestRecord> rs;
    for (int i = 0; i < images; ++i) {
        const std::string image = "img" + std::to_string(i);
        const double device = base(rng);
        rs.push_back(test::scoringRow("static-device", image, true, device));
        rs.push_back(test::scoringRow("static-cloud", image, false, device * 1.7));
        rs.push_back(test::scoringRow("pieslicer", image, i % 3 != 0, device + noise(rng)));
        rs.push_back(test::scoringRow("oracle", image, true, device));
    }
    return rs;
}

RequestRecord measuredUnder(const std::string& device, double mbps, double rtt,
                            const std::string& tcp) {
    RequestRecord r;
    r.device = device;
    r.uplink_mbps = mbps;
    r.rtt_ms = rtt;
    r.tcp_model = tcp;
    return r;
}

}  // namespace

class TestNewUserDefects : public QObject {
    Q_OBJECT
  private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName("PieSlicer");
        QCoreApplication::setApplicationName("PieSlicer Dashboard Test");
    }

    // Before: "qt.qpa.xcb: could not connect to display" and an abort, for --help.
    void helpAndVersionNeedNoDisplay_issue11_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("out");
        QTest::addColumn<QString>("err");
        QTest::newRow("--help") << QStringList{"--help"} << 0 << "--autorun"
                                << "";
        QTest::newRow("-h") << QStringList{"-h"} << 0 << "--export-dir"
                            << "";
        QTest::newRow("--version") << QStringList{"--version"} << 0 << "PieSlicer Dashboard"
                                   << "";
        QTest::newRow("usage error") << QStringList{"--uplink", "nan"} << 64 << ""
                                     << "--uplink nan";
    }
    void helpAndVersionNeedNoDisplay_issue11() {
        QFETCH(QStringList, args);
        QFETCH(int, exitCode);
        QFETCH(QString, out);
        QFETCH(QString, err);
        QProcess p;
        p.setProcessEnvironment(headless());
        p.start(dashboardPath(), args);
        QVERIFY(p.waitForFinished(20000));
        const QString stdoutText = QString::fromUtf8(p.readAllStandardOutput());
        const QString stderrText = QString::fromUtf8(p.readAllStandardError());
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QVERIFY2(p.exitCode() == exitCode, qPrintable(stderrText));
        QVERIFY2(stdoutText.contains(out), qPrintable(stdoutText));
        QVERIFY2(stderrText.contains(err), qPrintable(stderrText));
        QVERIFY2(!stderrText.contains("display"), qPrintable(stderrText));
    }

    // Before: twenty statistics as columns in half the tab's width put the savings out of
    // view, and the columns were sized for the first records only, so the longer savings
    // that came later were cut ("+123.4 ms (4.1%) [..." -> "+123...").
    void compareTableShowsWholeSavings_issue11() {
        RecordStore store;
        CompareTab tab(&store);
        tab.resize(1500, 900);
        tab.show();
        QVERIFY(QTest::qWaitForWindowExposed(&tab));
        store.setAll(compareRows(1));  // few images: short cells
        tab.updateNow();
        store.setAll(compareRows(60));  // same rows (strategies), longer cells
        tab.updateNow();
        QTableWidget* t = tab.scoreTable();
        QCOMPARE(t->columnCount(), 4);  // a column per strategy, a row per statistic
        const QFontMetrics fm(t->font());
        int savingsRows = 0;
        for (int r = 0; r < t->rowCount(); ++r)
            if (t->verticalHeaderItem(r)->text().contains("saved")) ++savingsRows;
        for (int c = 0; c < t->columnCount(); ++c) {
            const int width = t->columnWidth(c);
            for (int r = 0; r < t->rowCount(); ++r) {
                const QString text = t->item(r, c)->text();
                QVERIFY2(fm.horizontalAdvance(text) < width,
                         qPrintable(QString("column '%1' (%2 px) cuts '%3'")
                                        .arg(t->horizontalHeaderItem(c)->text())
                                        .arg(width)
                                        .arg(text)));
            }
        }
        // Every strategy's column, savings included, is in view without scrolling.
        QVERIFY2(t->horizontalHeader()->length() <= t->viewport()->width(),
                 qPrintable(QString("%1 px of columns in %2 px")
                                .arg(t->horizontalHeader()->length())
                                .arg(t->viewport()->width())));
        QCOMPARE(savingsRows, 6);
        QVERIFY(tab.grab().save(test::outputDir() + "/compare_table.png"));
        QVERIFY(t->grab().save(test::outputDir() + "/compare_table_only.png"));
    }

    void conditionsMismatchNamesWhatDiffers() {
        MeasuredUnder under;
        addConditions(under, measuredUnder("Pixel 2 (paper model)", 8, 40, "linux"));
        const auto same = measuredUnder("Pixel 2 (paper model)", 8, 40, "linux");
        QCOMPARE(conditionsMismatch(under, same), std::string());
        const auto now = measuredUnder("this machine", 32, 40, "ideal");
        const QString text = QString::fromStdString(conditionsMismatch(under, now));
        QVERIFY2(text.contains("records measured on Pixel 2 (paper model), 8 Mbit/s, 40 ms RTT, "
                               "linux TCP"),
                 qPrintable(text));
        QVERIFY2(text.contains("now set: this machine, 32 Mbit/s, 40 ms RTT, ideal TCP"),
                 qPrintable(text));
        addConditions(under, measuredUnder("Pixel 2 (paper model)", 2, 40, "linux"));
        QVERIFY(QString::fromStdString(conditionsMismatch(under, now)).contains("2 links"));
        QCOMPARE(conditionsMismatch(MeasuredUnder{}, now), std::string());  // no records
    }

    // The window fits a 1366 px wide laptop screen, also once records measured under other
    // conditions fill the status bar (a window 1,793 px at least was cut on a 1600 px screen).
    void windowFitsALaptopScreen() {
        DashboardOptions o;
        o.noSettings = true;
        o.images = QString::fromStdString(test::sampleImagesDir());
        o.device = "this";
        MainWindow w(o);
        auto rows = compareRows(3);
        for (auto& r : rows) {
            r.device = "Pixel 2 (scaled: this machine x 5.1)";
            r.uplink_mbps = 2;
            r.tcp_model = "linux";
        }
        w.store()->setAll(rows);
        w.show();
        QTRY_VERIFY(!w.findChild<QLabel*>("measuredUnder")->isHidden());
        for (int tab = 0; tab < w.tabs()->count(); ++tab) {
            w.tabs()->setCurrentIndex(tab);
            QCoreApplication::processEvents();
            QString widest;
            for (QWidget* c : w.findChildren<QWidget*>())
                if (c->isVisible() && c->minimumSizeHint().width() > 600)
                    widest += QString("%1 %2: %3\n")
                                  .arg(c->metaObject()->className(), c->objectName())
                                  .arg(c->minimumSizeHint().width());
            QVERIFY2(w.minimumSizeHint().width() <= 1366,
                     qPrintable(QString("tab %1: %2 px\n%3")
                                    .arg(w.tabs()->tabText(tab))
                                    .arg(w.minimumSizeHint().width())
                                    .arg(widest)));
        }
    }

    // The status bar says which device, link and TCP model the shown records were measured
    // under when they are not the current settings, and says nothing when they are.
    void statusBarSaysWhatTheRecordsWereMeasuredUnder_issue11() {
        DashboardOptions o;
        o.noSettings = true;
        o.images = QString::fromStdString(test::sampleImagesDir());
        o.endpoint = "embedded";
        o.uplinkMbps = 16;
        o.rttMs = 40;
        o.tcp = TcpModel::Ideal;
        o.device = "this";
        MainWindow w(o);
        auto* label = w.findChild<QLabel*>("measuredUnder");
        QVERIFY(label);
        QVERIFY(label->isHidden());
        auto rows = compareRows(3);
        for (auto& r : rows) {
            r.device = "Pixel 2 (scaled: this machine x 5.1)";
            r.uplink_mbps = 2;
            r.rtt_ms = 80;
            r.tcp_model = "linux";
        }
        w.store()->setAll(rows);
        QTRY_VERIFY(!label->isHidden());
        // Whole in the tooltip; shown elided, so the status bar's messages keep their room.
        const QString text = label->toolTip();
        QVERIFY(label->fontMetrics().horizontalAdvance(label->text()) <= 480);
        QVERIFY2(label->text().startsWith("records measured on Pixel 2"),
                 qPrintable(label->text()));
        QVERIFY2(text.contains("Pixel 2 (scaled: this machine x 5.1)"), qPrintable(text));
        QVERIFY2(text.contains("2 Mbit/s, 80 ms RTT"), qPrintable(text));
        QVERIFY2(text.contains("linux TCP"), qPrintable(text));
        QVERIFY2(text.contains("now set: this machine, 16 Mbit/s, 40 ms RTT, ideal TCP"),
                 qPrintable(text));

        for (auto& r : rows) {  // measured as set now: nothing to say
            r.device = "this machine";
            r.uplink_mbps = 16;
            r.rtt_ms = 40;
            r.tcp_model = "ideal";
        }
        w.store()->setAll(rows);
        QTRY_VERIFY(label->isHidden());
        // Changing a setting away from the records' brings the note back.
        w.findChild<NetworkPanel*>()->setUplinkMbps(8);
        QTRY_VERIFY(!label->isHidden());
        QVERIFY2(label->toolTip().contains("now set: 8 Mbit/s"), qPrintable(label->toolTip()));
    }
};

QTEST_MAIN(TestNewUserDefects)
#include "test_new_user_defects.moc"
