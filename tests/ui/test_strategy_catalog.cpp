// A run on "this machine" calibrates first when a selected strategy predicts and no profile
// exists: predicting this machine with a phone's profile made every choice wrong.
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>
#include <QTest>

#include "dashboard_config.h"
#include "model/cost_profile.h"
#include "run/emulated_device.h"
#include "run/strategy_catalog.h"

using namespace pieslicer;
using namespace pieslicer::ui;

// Q_INIT_RESOURCE must be called from the global namespace.
static void initResources() { Q_INIT_RESOURCE(dashboard); }

class StrategyCatalogTest : public QObject {
    Q_OBJECT
  private slots:
    void initTestCase() {
        initResources();
        QStandardPaths::setTestModeEnabled(true);
        QFile::remove(thisMachineProfilePath(331, 90));
    }

    void everyStrategyHasALabel() {
        // A strategy added to the factory (pieslicer-online, issue 10) must not show its id.
        for (const auto& s : availableStrategies()) QVERIFY2(s.label != s.id, qPrintable(s.id));
        QCOMPARE(strategyLabel("pieslicer-online"), QString("PieSlicer + online models"));
    }

    void paperProfileIsTheShippedPixel2File() {
        // Compiled in from resources/profiles: the paper's coefficients exist once.
        const auto p = paperProfile();
        QCOMPARE(p->name, std::string("pixel2-campus-wifi"));
        QCOMPARE(p->devicePrep.slopes, std::vector<double>{39.143});
        QCOMPARE(p->devicePrep.intercept, 63.091);
        QCOMPARE(p->transfer.slopes, std::vector<double>{94.797});
        QVERIFY(p->sentBytesModel() != nullptr);
        QCOMPARE(p->sentBytesModel()->intercept, 127000.0);
        QCOMPARE(p->deviceSlowdown, 5.1);
    }

    void calibratesFirstOnlyWhenAPredictingStrategyHasNoProfile() {
        DashboardConfig c;
        c.deviceMode = "this";
        c.target = 331;
        c.quality = 90;
        c.strategies = {"static-device", "static-cloud"};
        QVERIFY(!needsCalibrationFirst(c));  // statics need no model
        c.strategies << "pieslicer";
        QVERIFY(needsCalibrationFirst(c));
        // An emulated phone is calibrated too: the paper's coefficients describe a real
        // Pixel 2, not this machine stretched by k.
        c.deviceMode = "emulated";
        c.emulatedDevice = "Pixel 2";
        c.emulation = "scaled";
        c.slowdown = 5.1;
        QFile::remove(deviceProfilePath(c));
        QVERIFY(needsCalibrationFirst(c));
        QVERIFY(profileMismatchWarning(c).isEmpty());  // nothing to mismatch yet
    }

    void eachEmulatedPhoneReusesItsOwnCalibration() {
        DashboardConfig c;
        c.deviceMode = "emulated";
        c.emulatedDevice = "Pixel 2";
        c.emulation = "scaled";
        c.slowdown = 5.1;
        c.strategies = {"pieslicer"};
        const QString scaled = deviceProfilePath(c);
        QVERIFY(scaled.endsWith("pixel2-scaled-k5.1-331-q90.json"));
        CostProfile p;
        describeDevice(p, c.device());
        QDir().mkpath(QFileInfo(scaled).path());
        QVERIFY(saveProfile(p, scaled.toStdString()).ok());
        QCOMPARE(effectiveProfilePath(c), scaled);
        QVERIFY(!needsCalibrationFirst(c));
        QVERIFY(profileMismatchWarning(c).isEmpty());
        // Another k or the paper-model mode is another device: not this cache.
        c.slowdown = 8;
        QVERIFY(needsCalibrationFirst(c));
        c.slowdown = 5.1;
        c.emulation = "paper-model";
        QVERIFY(needsCalibrationFirst(c));
        QFile::remove(scaled);
    }

    void warnsWhenTheChosenProfileDescribesAnotherDevice() {
        DashboardConfig c;
        c.deviceMode = "emulated";
        c.emulatedDevice = "Pixel 2";
        c.emulation = "scaled";
        c.slowdown = 5.1;
        c.profilePath = PIESLICER_SOURCE_DIR "/resources/profiles/pixel2-campus-wifi.json";
        const QString warning = profileMismatchWarning(c);
        QVERIFY2(warning.contains("predicting Pixel 2 (paper model), measuring Pixel 2 (scaled"),
                 qPrintable(warning));
        c.emulation = "paper-model";  // the paper's profile is the right predictor there
        QVERIFY(profileMismatchWarning(c).isEmpty());
    }

    void reusesTheCachedProfileOfThisMachine() {
        DashboardConfig c;
        c.deviceMode = "this";
        c.target = 224;
        c.quality = 80;
        c.strategies = {"pieslicer"};
        const QString cached = thisMachineProfilePath(224, 80);
        QVERIFY(cached.contains("this-machine-224-q80"));
        QFile::remove(cached);
        QVERIFY(needsCalibrationFirst(c));
        QDir().mkpath(QFileInfo(cached).path());
        QFile f(cached);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("{}");
        f.close();
        QCOMPARE(effectiveProfilePath(c), cached);
        QVERIFY(!needsCalibrationFirst(c));
        QFile::remove(cached);
    }
};

QTEST_GUILESS_MAIN(StrategyCatalogTest)
#include "test_strategy_catalog.moc"
