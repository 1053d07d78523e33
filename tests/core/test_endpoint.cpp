// The endpoint and the client on loopback: both placements answer with every key of the
// prototype's protocol, post_network_time covers the stages, and bad requests get 4xx.
#include <httplib.h>

#include <QTest>
#include <opencv2/imgcodecs.hpp>

#include "image/preprocess.h"
#include "net/endpoint_client.h"
#include "support/support.h"

using namespace pieslicer;

namespace {

UploadForm formFor(const std::vector<uint8_t>& bytes, int target = 331) {
    UploadForm f;
    f.bytes = &bytes;
    f.tSlaMs = 500;
    f.tDevicePrepMs = 12;
    f.estimatedTransferMs = 34;
    f.target = target;
    return f;
}

std::unique_ptr<EndpointClient> clientFor(const EndpointServer& server, bool emulate = false) {
    ClientConfig cc;
    cc.endpointUrl = server.url();
    cc.emulateLink = emulate;
    auto c = EndpointClient::create(cc);
    if (!c) qFatal("%s", c.error().c_str());
    return std::move(c.value());
}

// A multipart body built by hand, for requests our client would never send.
httplib::MultipartFormDataItems fields(const std::string& file, const std::string& sla = "100") {
    return {{"file", file, "x.jpg", "image/jpeg"},
            {"t_sla", sla, "", ""},
            {"t_device_prep", "0", "", ""},
            {"estimated_transfer_time", "0", "", ""}};
}

std::string errorOf(const httplib::Result& r) {
    auto j = nlohmann::json::parse(r->body, nullptr, false);
    return j.is_object() && j.contains("error") ? j["error"].get<std::string>()
                                                : std::string("<no JSON error>");
}

}  // namespace

class EndpointTest : public QObject {
    Q_OBJECT
    std::unique_ptr<EndpointServer> server;

  private slots:
    void init() { server = test::startEndpoint(); }
    void cleanup() { server.reset(); }  // stopped and joined

    void pingReturnsServerClock() {
        auto client = clientFor(*server);
        const auto p = client->ping();
        QVERIFY2(p.ok(), p.ok() ? "" : p.error().c_str());
        QVERIFY(p->rttMs > 0 && p->rttMs < 1000);
        QVERIFY(std::abs(p->clockOffsetMs) < 50);  // same machine, same clock
    }

    void cloudPlacementAnswersEveryPrototypeKey() {
        auto client = clientFor(*server);
        const auto bytes = test::readSample("retina_1411x1411_q85.jpg");
        const auto r = client->upload(formFor(bytes));
        QVERIFY2(r.ok(), r.ok() ? "" : r.error().c_str());
        QCOMPARE(r->httpStatus, 200);
        for (const char* key : kPrototypeResponseKeys) QVERIFY2(r->body.contains(key), key);
        const auto& j = r->body;
        QCOMPARE(j["upload_placement"].get<std::string>(), std::string("remote"));
        QCOMPARE(j["model"].get<std::string>(), std::string("none"));
        QCOMPARE(j["inference_time"].get<double>(), 0.0);
        QCOMPARE(j["file_bytes"].get<std::size_t>(), bytes.size());
        QVERIFY(j["bytes_received"].get<std::size_t>() > bytes.size());  // plus multipart framing
        QCOMPARE(j["decode_scale"].get<int>(), 4);
        // t_sla - t_device_prep - estimated_transfer_time - the endpoint's time before deciding
        // (routing, decode, resize: part of post_network_time).
        const double budget = j["time_budget"].get<double>();
        QVERIFY(budget < 500.0 - 12.0 - 34.0);
        QVERIFY(budget >= 500.0 - 12.0 - 34.0 - j["post_network_time"].get<double>());
        const double stages =
            j["load_time"].get<double>() + j["general_resize_time"].get<double>() +
            j["specific_resize_time"].get<double>() + j["convert_time"].get<double>() +
            j["inference_time"].get<double>() + j["pieslicer_time"].get<double>();
        QVERIFY(stages > 0);
        QVERIFY2(j["post_network_time"].get<double>() >= stages,
                 qPrintable(QString("post_network %1 < stages %2")
                                .arg(j["post_network_time"].get<double>())
                                .arg(stages)));
        QVERIFY(r->wallMs >= j["post_network_time"].get<double>());
    }

    void devicePlacementIsRecognised() {
        auto client = clientFor(*server);
        const auto original = test::readSample("retina_1411x1411_q85.jpg");
        const auto prep = preprocessOnDevice(original.data(), original.size(), PreprocessOptions{});
        QVERIFY(prep.ok());
        const auto r = client->upload(formFor(prep->jpeg));
        QVERIFY(r.ok());
        QCOMPARE(r->httpStatus, 200);
        for (const char* key : kPrototypeResponseKeys) QVERIFY2(r->body.contains(key), key);
        QCOMPARE(r->body["upload_placement"].get<std::string>(), std::string("local"));
        QCOMPARE(r->body["orig_width"].get<int>(), 331);
        QVERIFY(r->body["specific_resize_time"].get<double>() < 1.0);  // already at size
    }

    void connectionIsReused() {
        auto client = clientFor(*server);
        const auto bytes = test::readSample("chelsea_451x300_q75.jpg");
        QVERIFY(client->upload(formFor(bytes)).ok());
        const auto second = client->upload(formFor(bytes));
        QVERIFY(second.ok());
        QVERIFY(second->connectionReused);
    }

    void prototypeAndroidClientShapeToModipick() {
        // The prototype's Android client posted exactly these four fields to /modipick.
        httplib::Client http("127.0.0.1", server->port());
        const auto bytes = test::readSample("rocket_640x427_q85.jpg");
        auto r = http.Post("/modipick", fields(std::string(bytes.begin(), bytes.end())));
        QVERIFY(r);
        QCOMPARE(r->status, 200);
        const auto j = nlohmann::json::parse(r->body);
        for (const char* key : kPrototypeResponseKeys) QVERIFY2(j.contains(key), key);
    }

    void malformedRequestsGet4xx_data() {
        QTest::addColumn<int>("kind");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("message");
        QTest::newRow("missing file") << 0 << 400 << "'file'";
        QTest::newRow("non-numeric t_sla") << 1 << 400 << "'t_sla'";
        QTest::newRow("NaN t_sla") << 2 << 400 << "'t_sla'";
        QTest::newRow("negative t_sla") << 3 << 400 << "'t_sla'";
        QTest::newRow("text as image") << 4 << 415 << "not an image";
        QTest::newRow("tiff as image") << 5 << 415 << "not accepted";
        QTest::newRow("truncated jpeg") << 6 << 415 << "truncated JPEG";
        QTest::newRow("not multipart") << 7 << 415 << "multipart";
        QTest::newRow("unknown route") << 8 << 404 << "no route";
        QTest::newRow("bomb header") << 9 << 413 << "too large";
    }
    void malformedRequestsGet4xx() {
        QFETCH(int, kind);
        QFETCH(int, status);
        QFETCH(QString, message);
        httplib::Client http("127.0.0.1", server->port());
        const auto jpeg = test::readSample("rocket_640x427_q85.jpg");
        const std::string good(jpeg.begin(), jpeg.end());
        auto post = [&](const httplib::MultipartFormDataItems& items) {
            return http.Post("/pieslicer", items);
        };
        httplib::Result r = [&] {
            switch (kind) {
                case 0: {
                    auto f = fields(good);
                    f.erase(f.begin());
                    return post(f);
                }
                case 1:
                    return post(fields(good, "fast"));
                case 2:
                    return post(fields(good, "nan"));
                case 3:
                    return post(fields(good, "-5"));
                case 4:
                    return post(fields("just some text"));
                case 5: {
                    std::vector<uchar> tiff;
                    cv::imencode(".tiff", cv::Mat(8, 8, CV_8UC3, cv::Scalar(1, 2, 3)), tiff);
                    return post(fields(std::string(tiff.begin(), tiff.end())));
                }
                case 6:
                    return post(fields(good.substr(0, 700)));
                case 7:
                    return http.Post("/pieslicer", "plain", "text/plain");
                case 8:
                    return http.Get("/nothing-here");
                default: {
                    std::string png(
                        "\x89PNG\r\n\x1A\n\x00\x00\x00\x0DIHDR\x00\x00\x75\x30\x00\x00\x75\x30\x08"
                        "\x02\x00\x00\x00",
                        29);
                    png.append(64, '\0');
                    return post(fields(png));
                }
            }
        }();
        QVERIFY(r);
        QCOMPARE(r->status, status);
        QCOMPARE(QString::fromStdString(r->get_header_value("Content-Type")),
                 QString("application/json"));
        QVERIFY2(QString::fromStdString(errorOf(r)).contains(message), errorOf(r).c_str());
    }

    void oversizeBodyIs413() {
        EndpointConfig small;
        small.maxBodyBytes = 100 * 1024;
        auto limited = test::startEndpoint(small);
        // Only the headers are sent: the answer must come before the body is read.
        const std::string answer =
            test::rawExchange(limited->port(),
                              "POST /pieslicer HTTP/1.1\r\nHost: x\r\n"
                              "Content-Type: multipart/form-data; boundary=b\r\n"
                              "Content-Length: 900000000\r\n\r\n");
        QVERIFY2(answer.rfind("HTTP/1.1 413", 0) == 0, answer.c_str());
        QVERIFY(answer.find("exceeds the limit") != std::string::npos);
    }
};

QTEST_GUILESS_MAIN(EndpointTest)
#include "test_endpoint.moc"
