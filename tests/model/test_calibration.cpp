// Calibration end to end on a few small sample images against a real loopback endpoint
// must produce a profile that loads again (issue 3).
#include <QtTest>
#include <filesystem>

#include "model/cost_model.h"
#include "run/calibration.h"
#include "support/support.h"

using namespace pieslicer;

class TestCalibration : public QObject {
    Q_OBJECT
  private slots:
    void calibratesOnSmallImagesIntoALoadableProfile() {
        QTemporaryDir dir;
        for (const char* name : {"chelsea_451x300_q75.jpg", "coffee_600x400_q75.jpg",
                                 "rocket_640x427_q85.jpg", "camera_512x512_q70_gray.jpg"})
            QVERIFY(
                QFile::copy(QString::fromStdString(test::sampleImage(name)), dir.filePath(name)));
        auto endpoint = test::startEndpoint();
        CalibrationConfig config;
        config.images = dir.path().toStdString();
        config.endpointUrl = endpoint->url();
        config.link.uplinkBitsPerSecond = 32e6;
        config.link.rttMs = 10;
        auto result = calibrate(config);
        QVERIFY2(result.ok(), result.ok() ? "" : result.error().c_str());
        QCOMPARE(result->images, std::size_t(4));
        QCOMPARE(result->failedRequests, std::size_t(0));
        QVERIFY(result->fit.report.find("R^2") != std::string::npos);
        const CostProfile& p = result->fit.profile;
        QVERIFY(p.sentBytesModel() != nullptr);
        QVERIFY(p.sentBytesModel()->intercept > 5000);
        QCOMPARE(p.calibrationLink.uplinkBitsPerSecond, 32e6);
        QVERIFY(p.wireOverheadBytes > 100 && p.wireOverheadBytes < 5000);
        // The fitted line must show the link: ~ RTT intercept, ~ 8e3/32 ms per MB.
        // Four files of 20-60 KB give a noisy slope (more so under sanitizers): a wide band, still
        // far from 0 (no link) and from the 1000 ms/MB of 8 Mbit/s.
        QVERIFY2(p.transfer.slopes[0] > 100 && p.transfer.slopes[0] < 600,
                 qPrintable(QString::number(p.transfer.slopes[0])));

        const std::string path = dir.filePath("profile.json").toStdString();
        QVERIFY(saveProfile(p, path).ok());
        auto loaded = loadProfile(path);
        QVERIFY2(loaded.ok(), loaded.ok() ? "" : loaded.error().c_str());
        CostModel model(std::make_shared<const CostProfile>(loaded.value()));
        ImageFeatures img;
        img.bytes = 40924;
        img.width = 600;
        img.height = 400;
        const auto predicted = model.predict(img);
        QVERIFY(predicted.cloudMs() > 10 && predicted.cloudMs() < 200);
    }
};

QTEST_MAIN(TestCalibration)
#include "test_calibration.moc"
