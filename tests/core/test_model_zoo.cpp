// Issue 13: real inference by default, and /modipick. The zoo's ONNX files are written at
// build time by scripts/make_models.py (real architectures, seeded random weights); these
// tests load the two smallest, so they stay fast, and inject the expected times /modipick
// chooses by (a fake clock: the machine's speed must not decide what the test checks).
#include <QTest>
#include <filesystem>
#include <opencv2/dnn.hpp>

#include "image/preprocess.h"
#include "net/endpoint_client.h"
#include "server/inference_pool.h"
#include "server/model_zoo.h"
#include "server/upload_handler.h"
#include "support/support.h"

using namespace pieslicer;

namespace {

bool generated(const char* name) {
    return std::filesystem::exists(defaultModelDir() + "/" + name + ".onnx");
}

#define REQUIRE_MODELS(...)                                                                 \
    for (const char* m : {__VA_ARGS__})                                                     \
        if (!generated(m))                                                                  \
            QSKIP(qPrintable(QString("%1.onnx not generated in %2 (python3-onnx missing?)") \
                                 .arg(m, QString::fromStdString(defaultModelDir()))));

// The two smallest models, with injected expected times: mobilenet_v2 fast, nasnet_mobile
// pretended slow so a budget between the two decides.
std::shared_ptr<ModelZoo> smallZoo(double mobilenetMs, double nasnetMobileMs) {
    auto zoo = ModelZoo::open(defaultModelDir(), {"mobilenet_v2", "nasnet_mobile"});
    if (!zoo) qFatal("%s", zoo.error().c_str());
    zoo.value()->setExpectedMs(0, mobilenetMs);
    zoo.value()->setExpectedMs(1, nasnetMobileMs);
    return zoo.value();
}

// An endpoint with one worker and that zoo.
std::unique_ptr<EndpointServer> smallZooEndpoint(double mobilenetMs, double nasnetMobileMs) {
    EndpointConfig config;
    config.threads = 1;
    config.upload.models = smallZoo(mobilenetMs, nasnetMobileMs);
    return test::startEndpoint(config);
}

Expected<UploadResult> post(const EndpointServer& server, const std::string& route, double slaMs,
                            const std::vector<uint8_t>& bytes) {
    ClientConfig cc;
    cc.endpointUrl = server.url();
    cc.emulateLink = false;
    auto client = EndpointClient::create(cc);
    if (!client) return fail(client.error());
    UploadForm f;
    f.bytes = &bytes;
    f.tSlaMs = slaMs;
    f.tDevicePrepMs = 40;
    f.estimatedTransferMs = 60;
    f.route = route;
    return client.value()->upload(f);
}

}  // namespace

class ModelZooTest : public QObject {
    Q_OBJECT

  private slots:
    void generatedModelsLoadInOpenCv() {
        // Every architecture OpenCV 4.6 must import (NASNet-Large shares NASNet-Mobile's cells
        // and is left out: reading its 355 MB costs seconds).
        REQUIRE_MODELS("mobilenet_v2", "nasnet_mobile", "resnet50");
        for (const char* name : {"mobilenet_v2", "nasnet_mobile", "resnet50"}) {
            cv::dnn::Net net = cv::dnn::readNetFromONNX(defaultModelDir() + "/" + name + ".onnx");
            QVERIFY2(!net.empty(), name);
        }
    }

    void forwardPassGivesAThousandClassDistribution() {
        REQUIRE_MODELS("mobilenet_v2");
        auto zoo = ModelZoo::open(defaultModelDir(), {"mobilenet_v2"});
        QVERIFY2(zoo.ok(), zoo.ok() ? "" : zoo.error().c_str());
        QCOMPARE(zoo.value()->model(0).side, 224);
        QCOMPARE(QString::fromStdString(zoo.value()->model(0).weights), QString("random"));
        auto pool = zoo.value()->pool(0);
        QVERIFY(pool.ok());
        const auto bytes = test::readSample("rocket_640x427_q85.jpg");
        PreprocessOptions opt;
        opt.target = 224;
        const auto prep = preprocessInCloud(bytes.data(), bytes.size(), opt);
        QVERIFY(prep.ok());
        const auto r = pool.value()->run(prep->tensor);
        QVERIFY2(r.ok(), r.ok() ? "" : r.error().c_str());
        QVERIFY(r->ms > 0);
        QVERIFY(r->score > 0 && r->score <= 1);
        QVERIFY(QString::fromStdString(r->label).startsWith("class "));
        const int index = QString::fromStdString(r->label).mid(6).toInt();
        QVERIFY(index >= 0 && index < 1000);
    }

    void expectedTimeIsMeasuredOnceOnFirstUse() {
        REQUIRE_MODELS("mobilenet_v2");
        auto zoo = ModelZoo::open(defaultModelDir(), {"mobilenet_v2"});
        QVERIFY(zoo.ok());
        const auto first = zoo.value()->expectedMs(0, 331);
        QVERIFY2(first.ok(), first.ok() ? "" : first.error().c_str());
        QVERIFY(first.value() > 0);
        QCOMPARE(zoo.value()->expectedMs(0, 331).value(), first.value());  // kept, not redone
    }

    void unknownOrMissingModelsAreClearErrors() {
        auto unknown = ModelZoo::open(defaultModelDir(), {"alexnet"});
        QVERIFY(!unknown.ok());
        QVERIFY(QString::fromStdString(unknown.error()).contains("unknown model 'alexnet'"));
        QTemporaryDir empty;
        auto missing = ModelZoo::open(empty.path().toStdString(), {"resnet50"});
        QVERIFY(!missing.ok());
        QVERIFY(QString::fromStdString(missing.error()).contains("make_models.py"));
        auto none = zooFromSpec("none");
        QVERIFY(none.ok() && !none.value());
    }

    void modipickAnswersWithAModelThatFitsTheBudget() {
        REQUIRE_MODELS("mobilenet_v2", "nasnet_mobile");
        auto server = smallZooEndpoint(30, 600);
        const auto bytes = test::readSample("retina_1411x1411_q85.jpg");

        // t_sla 500: about 400 ms left after the device's 40 and the estimated 60 ms.
        auto tight = post(*server, "/modipick", 500, bytes);
        QVERIFY2(tight.ok(), tight.ok() ? "" : tight.error().c_str());
        QCOMPARE(tight->httpStatus, 200);
        const auto& j = tight->body;
        for (const char* key : kPrototypeResponseKeys) QVERIFY2(j.contains(key), key);
        QCOMPARE(j["model"].get<std::string>(), std::string("mobilenet_v2"));
        QCOMPARE(j["accuracy"].get<double>(), 71.3);
        QVERIFY(j["model_fits_budget"].get<bool>());
        QVERIFY(j["model_expected_time"].get<double>() <= j["time_budget"].get<double>());
        QVERIFY(j["time_budget"].get<double>() < 400.0);  // the server's own time counts too
        QCOMPARE(j["model_weights"].get<std::string>(), std::string("random"));
        QCOMPARE(j["model_input"].get<int>(), 224);
        QVERIFY(j["inference_time"].get<double>() > 0);
        QCOMPARE(j["route"].get<std::string>(), std::string("/modipick"));

        // A generous SLA: the more accurate model fits and runs.
        auto loose = post(*server, "/modipick", 5000, bytes);
        QVERIFY(loose.ok());
        QCOMPARE(loose->body["model"].get<std::string>(), std::string("nasnet_mobile"));
        QCOMPARE(loose->body["accuracy"].get<double>(), 74.4);
        QVERIFY(loose->body["model_expected_time"].get<double>() <=
                loose->body["time_budget"].get<double>());

        // Late already: the fastest model, said not to fit.
        auto late = post(*server, "/modipick", 50, bytes);
        QVERIFY(late.ok());
        QCOMPARE(late->body["model"].get<std::string>(), std::string("mobilenet_v2"));
        QVERIFY(!late->body["model_fits_budget"].get<bool>());
    }

    void pieslicerKeepsItsFixedModel() {
        REQUIRE_MODELS("mobilenet_v2", "nasnet_mobile");
        auto server = smallZooEndpoint(30, 600);
        const auto bytes = test::readSample("retina_1411x1411_q85.jpg");
        auto r = post(*server, "/pieslicer", 5000, bytes);  // nasnet_mobile would fit
        QVERIFY(r.ok());
        QCOMPARE(r->httpStatus, 200);
        QCOMPARE(r->body["model"].get<std::string>(), std::string("mobilenet_v2"));
        QCOMPARE(r->body["route"].get<std::string>(), std::string("/pieslicer"));
        QVERIFY(r->body["inference_time"].get<double>() > 0);
        // The tensor was made at the model's own side: the specific resize ran.
        QCOMPARE(r->body["model_input"].get<int>(), 224);
        QCOMPARE(r->body["target"].get<int>(), 331);
    }
};

QTEST_GUILESS_MAIN(ModelZooTest)
#include "test_model_zoo.moc"
