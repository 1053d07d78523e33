// Cost profiles: JSON round trip, clear messages for malformed files, the paper's
// devices as shipped profiles (issue 3).
#include <QtTest>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "model/cost_model.h"
#include "model/cost_profile.h"
#include "run/emulated_device.h"
#include "run/experiment.h"
#include "run/run_profile.h"
#include "support/support.h"

using namespace pieslicer;

class TestCostProfile : public QObject {
    Q_OBJECT
  private slots:
    void roundTripsThroughJson() {
        CostProfile p;
        p.name = "x";
        p.deviceSlowdown = 2.5;
        p.calibrationLink = {8e6, 40};
        p.devicePrep.regressors = {Regressor::DecodedMegapixels, Regressor::ProgressiveMegapixels};
        p.devicePrep.slopes = {12.5, 30};
        p.devicePrep.intercept = 3;
        p.devicePrep.quality.r2 = 0.9;
        p.devicePrep.quality.samples = 22;
        p.sentBytes["331/90"] = lineModel(Regressor::LogBitsPerPixel, 0.3, 10.2);
        p.sentBytes["331/90"].response = Response::Log;
        p.transfer = lineModel(Regressor::FileMb, 1000, 42);
        p.cloudPrep = lineModel(Regressor::FileMb, 10, 1);
        p.calibrationMethod = 2;
        QTemporaryDir dir;
        const std::string path = dir.filePath("p.json").toStdString();
        QVERIFY(saveProfile(p, path).ok());
        auto back = loadProfile(path);
        QVERIFY2(back.ok(), back.ok() ? "" : back.error().c_str());
        QCOMPARE(back->deviceSlowdown, 2.5);
        QCOMPARE(back->calibrationMethod, 2);
        QCOMPARE(back->calibrationLink.uplinkBitsPerSecond, 8e6);
        QCOMPARE(back->devicePrep.slopes, p.devicePrep.slopes);
        QCOMPARE(int(back->devicePrep.regressors[1]), int(Regressor::ProgressiveMegapixels));
        QCOMPARE(back->devicePrep.quality.samples, std::size_t(22));
        QVERIFY(back->sentBytesModel() != nullptr);
        QCOMPARE(back->sentBytesModel()->intercept, 10.2);
        QVERIFY(back->sentBytesModel()->response == Response::Log);
        QVERIFY(back->devicePrep.response == Response::Linear);
        const CostProfile slower = withDeviceSlowdown(back.value(), 5);
        QCOMPARE(slower.devicePrep.slopes[0], 25.0);
        QCOMPARE(slower.devicePrep.intercept, 6.0);
    }

    void theCacheKeepsOnlyTheCurrentCalibrationMethod() {
        // A run's cache holds its device's calibration; one an older method fitted (without
        // the detail prior, with one per-byte rate for every format) is calibrated again.
        auto device = emulatedPhone("Pixel 2", EmulationMode::Scaled);
        QVERIFY(device.ok());
        ExperimentConfig run;
        run.measurement.device = device.value();
        QTemporaryDir dir;
        RunProfileChoice choice;
        choice.strategyIds = {"pieslicer"};
        choice.cacheDir = dir.path().toStdString();
        CostProfile p;
        p.devicePrep = lineModel(Regressor::FileMb, 10, 5);
        p.transfer = lineModel(Regressor::FileMb, 1000, 42);
        p.cloudPrep = p.devicePrep;
        describeDevice(p, device.value());
        const auto path = std::filesystem::path(choice.cacheDir) /
                          calibrationCacheName(device.value(), run.measurement.preprocess.target,
                                               run.measurement.preprocess.jpegQuality);
        p.calibrationMethod = kCalibrationMethod - 1;
        QVERIFY(saveProfile(p, path).ok());
        QVERIFY(cachedRunProfile(choice, run) == nullptr);
        p.calibrationMethod = kCalibrationMethod;
        QVERIFY(saveProfile(p, path).ok());
        const auto cached = cachedRunProfile(choice, run);
        QVERIFY(cached != nullptr);
        QCOMPARE(cached->calibrationMethod, kCalibrationMethod);
    }

    void malformedProfilesFailWithAClearMessage() {
        auto bad = [](const std::string& text) {
            auto p = profileFromJson(nlohmann::json::parse(text));
            return p.ok() ? std::string() : p.error();
        };
        const std::string ok =
            R"({"format":"pieslicer-cost-profile","device_prep_ms":{"intercept":1},"transfer_ms":{"intercept":1},
               "cloud_prep_ms":{"intercept":1}})";
        QVERIFY(profileFromJson(nlohmann::json::parse(ok)).ok());
        QVERIFY(bad(R"({"device_prep_ms":{}})").find("not a PieSlicer cost profile") !=
                std::string::npos);
        QVERIFY(
            bad(R"({"format":"pieslicer-cost-profile","transfer_ms":{"intercept":1},"cloud_prep_ms":{"intercept":1}})")
                .find("device_prep_ms") != std::string::npos);
        QVERIFY(
            bad(R"({"format":"pieslicer-cost-profile","device_prep_ms":{"intercept":"1"},"transfer_ms":{"intercept":1},"cloud_prep_ms":{"intercept":1}})")
                .find("device_prep_ms.intercept") != std::string::npos);
        QVERIFY(
            bad(R"({"format":"pieslicer-cost-profile","device_prep_ms":{"intercept":1,"regressors":["shoe_size"],"slopes":[1]},"transfer_ms":{"intercept":1},"cloud_prep_ms":{"intercept":1}})")
                .find("shoe_size") != std::string::npos);
        QVERIFY(
            bad(R"({"format":"pieslicer-cost-profile","device_slowdown":0.1,"device_prep_ms":{"intercept":1},"transfer_ms":{"intercept":1},"cloud_prep_ms":{"intercept":1}})")
                .find("device_slowdown") != std::string::npos);
        QTemporaryDir dir;
        const std::string garbage = dir.filePath("g.json").toStdString();
        std::ofstream(garbage) << "{ not json";
        auto loaded = loadProfile(garbage);
        QVERIFY(!loaded.ok());
        QVERIFY(loaded.error().find("not valid JSON") != std::string::npos);
        QVERIFY(!loadProfile(dir.filePath("missing.json").toStdString()).ok());
    }

    void paperProfilesLoadAndReproduceTheTable() {
        const std::filesystem::path dir =
            std::filesystem::path(PIESLICER_SOURCE_DIR) / "resources" / "profiles";
        int count = 0;
        for (const auto& entry : std::filesystem::directory_iterator(dir)) {
            auto p = loadProfile(entry.path());
            QVERIFY2(p.ok(), p.ok() ? "" : p.error().c_str());
            QVERIFY(p->deviceSlowdown > 1);
            QCOMPARE(p->cloudPrep.slopes[0], 58.049);
            ++count;
        }
        QCOMPARE(count, 6);
        auto pixel = loadProfile(dir / "pixel2-campus-wifi.json");
        QVERIFY(pixel.ok());
        // Without a known link, g is the paper's line: T_cloud(2 MB) = g(2) + h(2).
        CostModel model(std::make_shared<const CostProfile>(pixel.value()));
        ImageFeatures img;
        img.bytes = 2e6;
        img.width = 4000;
        img.height = 3000;
        const auto p = model.predict(img);
        QVERIFY(std::fabs(p.cloudMs() - (94.797 * 2 + 98.585 + 58.049 * 2 + 3.824)) < 1e-6);
        QVERIFY(std::fabs(p.devicePrepMs - (39.143 * 2 + 63.091)) < 1e-6);
        // The prototype cast 0.127 MB to 0; here g(s') is evaluated at 0.127 MB.
        QVERIFY(std::fabs(p.deviceTransferMs - (94.797 * 0.127 + 98.585)) < 1e-6);
    }
};

QTEST_APPLESS_MAIN(TestCostProfile)
#include "test_cost_profile.moc"
