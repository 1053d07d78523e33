// The Models tab draws g for the link its samples were measured on: a profile calibrated
// at 8 Mbit/s shown next to a run at 32 Mbit/s drew the 8 Mbit/s line over 32 Mbit/s
// samples (issue 10, item 8).
#include <QTest>

#include "charts/xy_scatter_widget.h"
#include "domain/request_record.h"
#include "model/cost_profile.h"
#include "tabs/models_tab.h"

using namespace pieslicer;
using namespace pieslicer::ui;

namespace {

CostProfile calibratedAt8Mbit() {
    CostProfile p;
    p.name = "calibrated";
    p.calibrationLink = {8e6, 40, TcpModel::Ideal};
    p.transfer = lineModel(Regressor::FileMb, 1000.0, 45.0);  // ~8 Mbit/s + RTT
    p.devicePrep = lineModel(Regressor::FileMb, 10, 5);
    p.cloudPrep = lineModel(Regressor::FileMb, 12, 2);
    return p;
}

RequestRecord cloudSampleAt(double mbps, double bytes) {
    RequestRecord r;
    r.preprocess_location = "remote";
    r.orig_size = r.sent_size = bytes;
    r.orig_dims_x = 2000;
    r.orig_dims_y = 1500;
    r.uplink_mbps = mbps;
    r.rtt_ms = 40;
    r.tcp_model = "ideal";
    r.transfer_time_real = 40 + bytes * 8 / (mbps * 1e3);
    return r;
}

const XYGroup* modelLine(ModelsTab& tab) {
    auto* g = tab.findChild<XYScatterWidget*>("model_g_transfer");
    if (!g) return nullptr;
    for (const auto& group : g->groups())
        if (group.key == "model") return &group;
    return nullptr;
}

}  // namespace

class ModelsTabTest : public QObject {
    Q_OBJECT
  private slots:
    void gIsDrawnForTheLinkOfTheSamplesShown() {
        ModelsTab tab;
        tab.setProfile(calibratedAt8Mbit(), {});
        tab.setSamples({cloudSampleAt(32, 1e6), cloudSampleAt(32, 2e6), cloudSampleAt(32, 3e6)});
        const XYGroup* line = modelLine(tab);
        QVERIFY(line);
        QVERIFY2(line->label.contains("32 Mbit/s"), qPrintable(line->label));
        // At 2 MB the 32 Mbit/s link takes ~0.5 s plus the RTT; the 8 Mbit/s line said 2 s.
        double at2 = -1;
        for (int i = 1; i < line->points.size(); ++i)
            if (line->points[i - 1].x() <= 2 && line->points[i].x() >= 2) at2 = line->points[i].y();
        QVERIFY2(at2 > 450 && at2 < 800, qPrintable(QString::number(at2)));
    }

    void theCalibrationLinksSamplesKeepTheFittedLine() {
        ModelsTab tab;
        tab.setProfile(calibratedAt8Mbit(), {});
        tab.setSamples({cloudSampleAt(8, 1e6), cloudSampleAt(8, 2e6)});
        const XYGroup* line = modelLine(tab);
        QVERIFY(line);
        QVERIFY2(line->label.startsWith("fitted"), qPrintable(line->label));
        QCOMPARE(line->points.front().y(), 45.0);
    }
};

QTEST_MAIN(ModelsTabTest)
#include "test_models_tab.moc"
