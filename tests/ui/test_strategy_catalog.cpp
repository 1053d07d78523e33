// A run on "this machine" calibrates first when a selected strategy predicts and no profile
// exists: predicting this machine with a phone's profile made every choice wrong.
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>
#include <QTest>

#include "dashboard_config.h"
#include "run/strategy_catalog.h"

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
        c.deviceMode = "emulated";  // a paper phone's profile is the right model there
        c.emulatedDevice = "Pixel 2";
        QVERIFY(!needsCalibrationFirst(c));
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
