// The emulated uplink holds the last byte at the server until bytes/rate + RTT/2 has
// passed, for small uploads too (libcurl's own rate cap sends bodies under 64 KiB at once).
#include <QTest>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include "net/endpoint_client.h"
#include "support/support.h"

using namespace pieslicer;

namespace {

// A real JPEG of about `bytes` bytes: noise does not compress, so its size is predictable.
std::vector<uint8_t> jpegOfAbout(std::size_t bytes) {
    int side = 64;
    std::vector<uchar> out;
    cv::RNG rng(7);
    while (true) {
        cv::Mat noise(side, side, CV_8UC3);
        rng.fill(noise, cv::RNG::UNIFORM, 0, 255);
        cv::imencode(".jpg", noise, out, {cv::IMWRITE_JPEG_QUALITY, 90});
        if (out.size() >= bytes) break;
        side = int(side * std::max(1.02, std::sqrt(double(bytes) / double(out.size()))));
    }
    return {out.begin(), out.end()};
}

}  // namespace

class LinkEmulationTest : public QObject {
    Q_OBJECT
    std::unique_ptr<EndpointServer> server;
    std::unique_ptr<EndpointClient> client;

  private slots:
    void initTestCase() {
        server = test::startEndpoint();
        ClientConfig cc;
        cc.endpointUrl = server->url();
        auto c = EndpointClient::create(cc);
        QVERIFY(c.ok());
        client = std::move(c.value());
    }
    void cleanupTestCase() {
        client.reset();
        server.reset();
    }

    void lastByteArrivesAfterBytesOverRatePlusHalfRtt_data() {
        QTest::addColumn<int>("bytes");
        QTest::addColumn<double>("mbps");
        QTest::addColumn<double>("rttMs");
        QTest::newRow("500 KB at 4 Mbit/s") << 500000 << 4.0 << 40.0;
        QTest::newRow("20 KB at 4 Mbit/s") << 20000 << 4.0 << 40.0;
        QTest::newRow("10 KB at 4 Mbit/s, 100 ms") << 10000 << 4.0 << 100.0;
        QTest::newRow("2 MB at 32 Mbit/s") << 2000000 << 32.0 << 20.0;
    }
    void lastByteArrivesAfterBytesOverRatePlusHalfRtt() {
        QFETCH(int, bytes);
        QFETCH(double, mbps);
        QFETCH(double, rttMs);
        const auto jpeg = jpegOfAbout(std::size_t(bytes));
        client->setLink(LinkShape{mbps * 1e6, 0, rttMs});
        QVERIFY(client->ping().ok());  // open the connection: no handshake in the measurement
        UploadForm form;
        form.bytes = &jpeg;
        const auto r = client->upload(form);
        QVERIFY2(r.ok(), r.ok() ? "" : r.error().c_str());
        QCOMPARE(r->httpStatus, 200);
        QVERIFY(r->connectionReused);
        const double arrived = r->body["server_last_byte_unix_ms"].get<double>() - r->startUnixMs;
        const double expected = double(r->bytesSent) * 8.0 / (mbps * 1e6) * 1000.0 + rttMs / 2;
        qInfo("%zu bytes on the wire: last byte after %.1f ms, expected %.1f ms (%.1f%%)",
              r->bytesSent, arrived, expected, 100.0 * (arrived - expected) / expected);
        QVERIFY2(arrived >= expected * 0.98,
                 "the server got the body before the emulated link could deliver it");
        QVERIFY2(arrived <= expected * 1.15, "the emulated link is much slower than configured");
        // And the client waits for the answer to come back over the other half of the RTT.
        QVERIFY(r->wallMs >= arrived + rttMs / 2 * 0.9);
    }

    void newConnectionPaysTheHandshake() {
        const auto jpeg = jpegOfAbout(20000);
        ClientConfig cc;
        cc.endpointUrl = server->url();
        auto fresh = EndpointClient::create(cc);
        QVERIFY(fresh.ok());
        fresh.value()->setLink(LinkShape{100e6, 0, 80});
        UploadForm form;
        form.bytes = &jpeg;
        const auto r = fresh.value()->upload(form);
        QVERIFY(r.ok());
        QVERIFY(!r->connectionReused);
        // SYN/SYN-ACK cost one RTT before the request's own half RTT.
        const double arrived = r->body["server_last_byte_unix_ms"].get<double>() - r->startUnixMs;
        QVERIFY2(arrived >= 80 + 40, qPrintable(QString::number(arrived)));
    }

    void slowUploadKeepsProgressingForTheLowSpeedCheck() {
        // Found at 2 Mbit/s with a 7 MB photo: the relay swallowed the whole body at once, the
        // client then saw no progress for longer than its low-speed window and gave up.
        const auto jpeg = jpegOfAbout(1000000);
        ClientConfig cc;
        cc.endpointUrl = server->url();
        cc.lowSpeedTimeSec = 2;
        cc.maxAttempts = 1;
        auto slowClient = EndpointClient::create(cc);
        QVERIFY(slowClient.ok());
        slowClient.value()->setLink(LinkShape{2e6, 0, 20});  // about 4 s on the wire
        UploadForm form;
        form.bytes = &jpeg;
        const auto r = slowClient.value()->upload(form);
        QVERIFY2(r.ok(), r.ok() ? "" : r.error().c_str());
        QCOMPARE(r->httpStatus, 200);
        QVERIFY(r->wallMs > 3900);
    }

    void shapeChangesApplyToTheNextRequest() {
        const auto jpeg = jpegOfAbout(100000);
        UploadForm form;
        form.bytes = &jpeg;
        client->setLink(LinkShape{2e6, 0, 0});
        const auto slow = client->upload(form);
        client->setLink(LinkShape{20e6, 0, 0});
        const auto fast = client->upload(form);
        QVERIFY(slow.ok() && fast.ok());
        // Arrival at the server, not wall time: server work (slow under sanitizers) is not the
        // link.
        auto arrival = [](const UploadResult& r) {
            return r.body["server_last_byte_unix_ms"].get<double>() - r.startUnixMs;
        };
        QVERIFY2(arrival(slow.value()) > arrival(fast.value()) * 5,
                 qPrintable(QString("slow %1 ms, fast %2 ms")
                                .arg(arrival(slow.value()))
                                .arg(arrival(fast.value()))));
    }
};

QTEST_GUILESS_MAIN(LinkEmulationTest)
#include "test_link_emulation.moc"
