// Sweeps (issue 11, item 1): the grid's lists parse into the conditions people mean (and
// bad items are errors naming them), cells come devices first with keys that survive
// respelling, the headline picks the better static strategy, and the break-even rate is
// where the two orders' predictions meet (item 2), checked against the closed form of an
// ideal pipe.
#include <QTest>
#include <cmath>
#include <set>
#include <tuple>

#include "model/break_even.h"
#include "model/cost_model.h"
#include "run/sweep_grid.h"
#include "run/sweep_summary.h"
#include "support/scoring_rows.h"
#include "support/support.h"

using namespace pieslicer;

namespace {

// f = 40 ms/decoded MP + 20, s' = 40 KB, h = 10 ms/MB + 5, g from the link.
CostProfile simpleProfile() {
    CostProfile p;
    p.devicePrep = lineModel(Regressor::DecodedMegapixels, 40, 20);
    ComponentModel sent;
    sent.intercept = 40000;
    p.sentBytes[CostProfile::sentKey(331, 90)] = sent;
    p.cloudPrep = lineModel(Regressor::FileMb, 10, 5);
    p.transfer = lineModel(Regressor::FileMb, 1000, 50);
    p.wireOverheadBytes = 800;
    return p;
}

}  // namespace

class SweepGridTest : public QObject {
    Q_OBJECT
  private slots:
    void uplinksAreRatesNamedNetworksOrTraces() {
        auto u = parseSweepUplinks("2mbit, campus-wifi," PIESLICER_SOURCE_DIR
                                   "/resources/traces/step-10x.trace");
        QVERIFY2(u.ok(), u.ok() ? "" : u.error().c_str());
        QCOMPARE(u->size(), std::size_t(3));
        QCOMPARE(u->at(0).bitsPerSecond, 2e6);
        QVERIFY(!u->at(0).ownRttMs);
        QCOMPARE(u->at(1).bitsPerSecond, 52e6);
        QCOMPARE(*u->at(1).ownRttMs, 93.0);
        QVERIFY(u->at(2).trace);
        QCOMPARE(u->at(2).name, std::string("step-10x.trace"));
        QVERIFY(u->at(2).bitsPerSecond > 0);
    }

    void badItemsAreErrorsNamingThem() {
        auto u = parseSweepUplinks("2mbit,fast-5g");
        QVERIFY(!u.ok());
        QVERIFY(u.error().find("fast-5g") != std::string::npos);
        QVERIFY(!parseSweepUplinks("2mbit,2MBIT").ok());  // repeated
        QVERIFY(!parseSweepUplinks(" , ").ok());          // empty
        auto d = parseSweepDevices("Pixel 2,iPhone");
        QVERIFY(!d.ok());
        QVERIFY(d.error().find("iPhone") != std::string::npos);
        QVERIFY(!parseSweepDevices("Pixel 2,pixel2").ok());  // the same device twice
        QVERIFY(!parseSweepDevices("Pixel 2:fast").ok());
        QVERIFY(!parseSweepDevices("k0.5").ok());
        QVERIFY(!parseSweepRtts("40ms,soon").ok());
        QVERIFY(!parseSweepTcps("ideal,cubic").ok());
    }

    void devicesAreThisMachinePhonesAndSlowdowns() {
        auto d = parseSweepDevices("this machine,Pixel 2,Nexus 5:paper,Moto X:k6,k3");
        QVERIFY2(d.ok(), d.ok() ? "" : d.error().c_str());
        QCOMPARE(d->size(), std::size_t(5));
        QCOMPARE(d->at(0).device.mode, EmulationMode::None);
        QCOMPARE(d->at(1).device.mode, EmulationMode::Scaled);
        QCOMPARE(d->at(1).device.phone, std::string("Pixel 2"));
        QVERIFY(d->at(1).device.slowdown > 1);
        QCOMPARE(d->at(2).device.mode, EmulationMode::PaperModel);
        QCOMPARE(d->at(3).device.slowdown, 6.0);
        QCOMPARE(d->at(4).device.slowdown, 3.0);
        QVERIFY(d->at(4).device.phone.empty());
    }

    void cellsComeDevicesFirstWithResolvedKeys() {
        SweepGrid g;
        g.uplinks = parseSweepUplinks("2mbit,campus-wifi").value();
        g.rtts = parseSweepRtts("auto").value();
        g.devices = parseSweepDevices("this machine,pixel2").value();
        g.tcps = parseSweepTcps("ideal,linux").value();
        LinkShape base;
        base.warmConnection = true;
        const auto cells = sweepCells(g, base);
        QCOMPARE(cells.size(), g.cellCount());
        QCOMPARE(cells.size(), std::size_t(8));
        // A device's cells are contiguous: its profile is made before the first of them.
        for (std::size_t i = 0; i < cells.size(); ++i) QCOMPARE(cells[i].device, i / 4);
        QCOMPARE(cells[0].link.rttMs, kDefaultSweepRttMs);  // a rate has no RTT of its own
        QCOMPARE(cells[1].link.rttMs, 93.0);                // campus Wi-Fi's
        QVERIFY(!cells[0].link.warmConnection);             // an ideal pipe has no window
        QVERIFY(cells[2].link.warmConnection);
        QCOMPARE(cells[2].tcpName, std::string("linux"));
        // Keys name resolved values, so "pixel2" and "Pixel 2" resume the same cells.
        SweepGrid respelt = g;
        respelt.devices = parseSweepDevices("this machine,Pixel 2").value();
        QCOMPARE(sweepCells(respelt, base)[5].key, cells[5].key);
        QVERIFY(cells[5].key.find("rtt=93ms") != std::string::npos);
        std::set<std::string> keys;
        for (const auto& c : cells) keys.insert(c.key);
        QCOMPARE(keys.size(), cells.size());
    }

    void breakEvenIsWhereAnIdealPipesPredictionsMeet() {
        const CostProfile p = simpleProfile();
        const ImageFeatures img =
            test::imageFeatures(2e6, 2000, 1500);  // 3 MP, decoded at 1/4: 0.1875 MP
        const auto point = breakEvenPoint(p, img, 40, TcpModel::Ideal);
        QVERIFY(point.bitsPerSecond);
        // Ideal pipe: g(s) - g(s') = (s - s') * 8 / rate, the RTT cancels.
        const CostModel model(std::make_shared<const CostProfile>(p), TransferSource::Link);
        ImageFeatures at = img;
        at.rttMs = 40;
        at.uplinkBitsPerSecond = 1e9;  // the link term is negligible: the fixed costs remain
        const auto fast = model.predict(at);
        const double fixed = fast.devicePrepMs + fast.deviceCloudPrepMs - fast.cloudPrepMs;
        QVERIFY(fixed > 0);
        const double expected = (img.bytes - fast.sentBytes) * 8 / (fixed / 1000);
        QVERIFY2(std::abs(*point.bitsPerSecond / expected - 1) < 0.01,
                 qPrintable(QString("%1 vs %2").arg(*point.bitsPerSecond).arg(expected)));
        // Below the rate the device's order is predicted faster, above it the cloud's.
        at.uplinkBitsPerSecond = *point.bitsPerSecond / 2;
        QVERIFY(model.predict(at).deviceMs() < model.predict(at).cloudMs());
        at.uplinkBitsPerSecond = *point.bitsPerSecond * 2;
        QVERIFY(model.predict(at).deviceMs() > model.predict(at).cloudMs());
    }

    void aSmallOriginalHasNoBreakEven() {
        // Smaller than s': sending it as it is wins at every rate.
        const auto point = breakEvenPoint(simpleProfile(), test::imageFeatures(20000, 300, 200), 40,
                                          TcpModel::Ideal);
        QVERIFY(!point.bitsPerSecond);
        QVERIFY(!point.deviceAlwaysFaster);
        const auto curve = breakEvenCurve(simpleProfile(),
                                          {{"big", test::imageFeatures(2e6, 2000, 1500)},
                                           {"small", test::imageFeatures(20000, 300, 200)}},
                                          40, TcpModel::Ideal);
        QCOMPARE(curve.size(), std::size_t(2));
        QCOMPARE(curve[0].image, std::string("small"));  // sorted by size
        QVERIFY(curve[1].bitsPerSecond);
        // Slow start charges the 2 MB original round trips that no rate buys back (about 6
        // more than the 40 KB upload's, 240 ms against the 8 ms the device order costs more
        // in preprocessing): the device order wins at any rate, where an ideal pipe lets the
        // cloud's win above the break-even.
        const auto slowStart = breakEvenPoint(simpleProfile(), test::imageFeatures(2e6, 2000, 1500),
                                              40, TcpModel::Linux);
        QVERIFY(!slowStart.bitsPerSecond);
        QVERIFY(slowStart.deviceAlwaysFaster);
    }

    void theHeadlineSavesAgainstTheBetterStatic() {
        std::vector<RequestRecord> rows;
        // a: device 100 vs cloud 300; b: device 400 vs cloud 260. PieSlicer right on both.
        for (const auto& [strategy, aDev, bDev] :
             std::vector<std::tuple<std::string, bool, bool>>{{"static-device", true, true},
                                                              {"static-cloud", false, false},
                                                              {"pieslicer", true, false},
                                                              {"oracle", true, false}}) {
            rows.push_back(test::scoringRow(strategy, "a", aDev, aDev ? 100 : 300));
            rows.push_back(test::scoringRow(strategy, "b", bDev, bDev ? 400 : 260));
        }
        ScoringOptions o;
        o.bootstrap.resamples = 0;
        const auto scores = scoreRun(rows, o);
        const CellHeadline h = cellHeadline(scores, "pieslicer");
        // static-device's mean 250 beats static-cloud's 280.
        QCOMPARE(h.betterStatic, std::string("static-device"));
        QVERIFY(h.hasSavings);
        for (const auto& v : test::scoreOf(scores, "pieslicer").savings)
            if (v.against == "static-device") QCOMPARE(h.savingsPercent, v.meanPercent);
        QVERIFY(std::abs(h.savingsPercent - 28.0) < 1e-9);  // 70 of 250
        QVERIFY(h.hasRegret);
        QCOMPARE(h.regretPercent, 0.0);
        QVERIFY(h.hasDecisiveF1);
        QCOMPARE(h.decisiveF1, 1.0);
        QVERIFY(!cellHeadline(scores, "inverse").hasSavings);
    }
};

QTEST_GUILESS_MAIN(SweepGridTest)
#include "test_sweep_grid.moc"
