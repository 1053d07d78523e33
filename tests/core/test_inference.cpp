// --model: a real forward pass with OpenCV DNN, one network per concurrent request, timed
// as inference_time with the top-1 class as result. The network is a tiny Darknet model
// written by the test (no model file can be downloaded here): conv 3x3 -> global average
// pool -> softmax over 4 classes, with weights chosen so class 2 always wins.
#include <QTemporaryDir>
#include <QTest>
#include <fstream>
#include <future>

#include "image/preprocess.h"
#include "net/endpoint_client.h"
#include "server/inference_pool.h"
#include "server/model_zoo.h"
#include "support/support.h"

using namespace pieslicer;

namespace {

// Writes tiny.cfg and tiny.weights into `dir`; returns the .cfg path.
std::string writeTinyDarknet(const QString& dir) {
    const std::string cfg = (dir + "/tiny.cfg").toStdString();
    std::ofstream(cfg)
        << "[net]\nwidth=331\nheight=331\nchannels=3\n\n"
           "[convolutional]\nfilters=4\nsize=3\nstride=1\npad=1\nactivation=linear\n\n"
           "[avgpool]\n\n[softmax]\n";
    std::ofstream w((dir + "/tiny.weights").toStdString(), std::ios::binary);
    const int32_t header[3] = {0, 2, 0};
    const int64_t seen = 0;
    w.write(reinterpret_cast<const char*>(header), sizeof header);
    w.write(reinterpret_cast<const char*>(&seen), sizeof seen);
    const float biases[4] = {0.f, 0.f, 5.f, 0.f};  // class 2 wins whatever the image
    w.write(reinterpret_cast<const char*>(biases), sizeof biases);
    const std::vector<float> weights(4 * 3 * 3 * 3, 0.01f);
    w.write(reinterpret_cast<const char*>(weights.data()),
            std::streamsize(weights.size() * sizeof(float)));
    return cfg;
}

}  // namespace

class InferenceTest : public QObject {
    Q_OBJECT
    QTemporaryDir tmp;

  private slots:
    void forwardPassGivesTopOneClass() {
        std::ofstream(tmp.filePath("labels.txt").toStdString()) << "cat\ndog\nrocket\nretina\n";
        auto pool = InferencePool::load(writeTinyDarknet(tmp.path()),
                                        tmp.filePath("labels.txt").toStdString());
        QVERIFY2(pool.ok(), pool.ok() ? "" : pool.error().c_str());
        const auto bytes = test::readSample("rocket_640x427_q85.jpg");
        const auto prep = preprocessInCloud(bytes.data(), bytes.size(), PreprocessOptions{});
        QVERIFY(prep.ok());
        const auto r = pool.value()->run(prep->tensor);
        QVERIFY2(r.ok(), r.ok() ? "" : r.error().c_str());
        QCOMPARE(QString::fromStdString(r->label), QString("rocket"));
        QVERIFY(r->score > 0.9f && r->score <= 1.0f);
        QVERIFY(r->ms > 0);
    }

    void endpointReportsInferenceAndConcurrentRequestsWork() {
        auto zoo = ModelZoo::single(writeTinyDarknet(tmp.path()));  // what --model does
        QVERIFY(zoo.ok());
        EndpointConfig config;
        config.threads = 2;
        config.upload.models = zoo.value();
        auto server = test::startEndpoint(config);
        const auto bytes = test::readSample("retina_1411x1411_q85.jpg");
        auto upload = [&] {
            ClientConfig cc;
            cc.endpointUrl = server->url();
            cc.emulateLink = false;
            auto client = EndpointClient::create(cc);
            UploadForm f;
            f.bytes = &bytes;
            return client.value()->upload(f);
        };
        auto a = std::async(std::launch::async, upload), b = std::async(std::launch::async, upload);
        for (auto* fut : {&a, &b}) {
            const auto r = fut->get();
            QVERIFY2(r.ok(), r.ok() ? "" : r.error().c_str());
            QCOMPARE(r->httpStatus, 200);
            QCOMPARE(r->body["model"].get<std::string>(), std::string("tiny"));
            QCOMPARE(r->body["result"].get<std::string>(), std::string("class 2"));
            QCOMPARE(r->body["model_weights"].get<std::string>(), std::string("file"));
            QCOMPARE(r->body["model_input"].get<int>(), 331);  // the request's side: no resize
            QVERIFY(r->body["inference_time"].get<double>() > 0);
            QVERIFY(r->body["post_network_time"].get<double>() >=
                    r->body["inference_time"].get<double>());
        }
    }

    void missingModelIsAClearError() {
        auto pool = InferencePool::load(tmp.filePath("nothing.onnx").toStdString());
        QVERIFY(!pool.ok());
        QVERIFY(QString::fromStdString(pool.error()).contains("cannot load model"));
    }
};

QTEST_GUILESS_MAIN(InferenceTest)
#include "test_inference.moc"
