// The endpoint under hostile or heavy use: bodies that dodge cpp-httplib's payload limit,
// compressed bodies, drip-feeding clients, a full work queue, too many connections, a
// bearer token, and SIGTERM with a request in flight.
#include <arpa/inet.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <QProcess>
#include <QTest>
#include <csignal>
#include <future>
#include <thread>

#include "net/endpoint_client.h"
#include "support/support.h"
#include "util/clock.h"

using namespace pieslicer;
using pieslicer::test::connectLoopback;

namespace {

httplib::MultipartFormDataItems form(const std::vector<uint8_t>& file) {
    return {{"file", std::string(file.begin(), file.end()), "x.png", "image/png"},
            {"t_sla", "100", "", ""},
            {"t_device_prep", "0", "", ""},
            {"estimated_transfer_time", "0", "", ""}};
}

}  // namespace

class ServerHardeningTest : public QObject {
    Q_OBJECT
  private slots:
    void chunkedBodyOverTheLimitIs413() {
        EndpointConfig config;
        config.maxBodyBytes = 64 * 1024;
        auto server = test::startEndpoint(config);
        // No Content-Length: cpp-httplib 0.11 would read it all; our reader counts and stops.
        std::string request =
            "POST /pieslicer HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
            "Content-Type: multipart/form-data; boundary=b\r\n\r\n";
        const std::string part =
            "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x\"\r\n\r\n";
        const std::string chunk = part + std::string(32 * 1024, 'a');
        char size[16];
        std::snprintf(size, sizeof size, "%zx\r\n", chunk.size());
        for (int i = 0; i < 4; ++i) request += size + chunk + "\r\n";
        const std::string answer = test::rawExchange(server->port(), request);
        QVERIFY2(answer.rfind("HTTP/1.1 413", 0) == 0, answer.substr(0, 200).c_str());
    }

    void compressedBodyIsRefusedUnread() {
        auto server = test::startEndpoint();
        const std::string answer = test::rawExchange(
            server->port(),
            "POST /pieslicer HTTP/1.1\r\nHost: x\r\nContent-Encoding: gzip\r\n"
            "Content-Type: multipart/form-data; boundary=b\r\nContent-Length: 194000\r\n\r\n");
        QVERIFY2(answer.rfind("HTTP/1.1 415", 0) == 0, answer.substr(0, 200).c_str());
        QVERIFY(answer.find("Content-Encoding") != std::string::npos);
    }

    void dripFeedingClientsDoNotStopPing() {
        EndpointConfig config;
        config.threads = 2;
        auto server = test::startEndpoint(config);
        // Twice as many drip-feeders as workers, each sending one header byte at a time.
        std::vector<int> drips;
        for (int i = 0; i < 2 * config.threads; ++i) {
            const int fd = connectLoopback(server->port());
            QVERIFY(fd >= 0);
            ::send(fd, "POST /pieslicer HTTP/1.1\r\nX-Slow: ", 34, MSG_NOSIGNAL);
            drips.push_back(fd);
        }
        std::atomic<bool> dripping{true};
        std::thread feeder([&] {
            while (dripping) {
                for (int fd : drips) ::send(fd, "a", 1, MSG_NOSIGNAL);
                sleepMs(200);
            }
        });
        httplib::Client http("127.0.0.1", server->port());
        http.set_read_timeout(2, 0);
        const auto start = SteadyClock::now();
        auto r = http.Get("/ping");
        const double ms = msSince(start);
        dripping = false;
        feeder.join();
        for (int fd : drips) ::close(fd);
        QVERIFY(r);
        QCOMPARE(r->status, 200);
        QVERIFY2(ms < 2000, qPrintable(QString::number(ms)));
    }

    void fullQueueAnswers503InsteadOfHanging() {
        EndpointConfig config;
        config.threads = 1;
        config.queueLimit = 0;
        auto server = test::startEndpoint(config);
        const auto png = test::readSample("mosaic_1280x960.png");
        std::vector<std::future<int>> clients;
        for (int i = 0; i < 8; ++i)
            clients.push_back(std::async(std::launch::async, [&] {
                httplib::Client http("127.0.0.1", server->port());
                auto r = http.Post("/pieslicer", form(png));
                return r ? r->status : -1;
            }));
        int ok = 0, busy = 0;
        for (auto& c : clients) {
            const int status = c.get();
            QVERIFY2(status == 200 || status == 503, qPrintable(QString::number(status)));
            (status == 200 ? ok : busy)++;
        }
        QVERIFY(ok >= 1);
        QVERIFY(busy >= 1);
    }

    void connectionsBeyondTheCapEvictTheIdlestOr503() {
        EndpointConfig config;
        config.maxConnections = 2;
        auto server = test::startEndpoint(config);
        // Two idle connections at the cap: the one idle longest is closed for a newcomer.
        const int a = connectLoopback(server->port());
        sleepMs(50);
        const int b = connectLoopback(server->port());
        sleepMs(50);
        const std::string answer = test::rawExchange(
            server->port(), "GET /ping HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        QVERIFY2(answer.rfind("HTTP/1.1 200", 0) == 0, answer.substr(0, 200).c_str());
        char c;
        QCOMPARE(::recv(a, &c, 1, 0), ssize_t(0));  // the oldest idle one was closed
        ::close(a);
        ::close(b);
        // Two connections busy receiving bodies: nobody to evict, the newcomer gets 503.
        const std::string head =
            "POST /pieslicer HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; "
            "boundary=b\r\nContent-Length: 100000\r\n\r\n--b\r\n";
        std::vector<int> busy;
        for (int i = 0; i < 2; ++i) {
            busy.push_back(connectLoopback(server->port()));
            ::send(busy.back(), head.data(), head.size(), MSG_NOSIGNAL);
        }
        sleepMs(100);
        const std::string refused =
            test::rawExchange(server->port(), "GET /ping HTTP/1.1\r\nHost: x\r\n\r\n");
        for (int fd : busy) ::close(fd);
        QVERIFY2(refused.rfind("HTTP/1.1 503", 0) == 0, refused.substr(0, 200).c_str());
    }

    void bearerTokenIsRequiredWhenSet() {
        EndpointConfig config;
        config.bearerToken = "s3cret";
        auto server = test::startEndpoint(config);
        httplib::Client http("127.0.0.1", server->port());
        auto denied = http.Get("/ping");
        QVERIFY(denied);
        QCOMPARE(denied->status, 401);
        auto allowed = http.Get("/ping", {{"Authorization", "Bearer s3cret"}});
        QVERIFY(allowed);
        QCOMPARE(allowed->status, 200);
    }

    void clientRetriesBusyEndpointThenGivesUp() {
        EndpointConfig config;
        config.maxConnections = 1;
        auto server = test::startEndpoint(config);
        // A connection receiving a body is never evicted: every new connection now gets 503.
        const int hog = connectLoopback(server->port());
        const std::string head =
            "POST /pieslicer HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; "
            "boundary=b\r\nContent-Length: 100000\r\n\r\n--b\r\n";
        ::send(hog, head.data(), head.size(), MSG_NOSIGNAL);
        sleepMs(50);
        ClientConfig cc;
        cc.endpointUrl = server->url();
        cc.emulateLink = false;
        cc.retryBaseDelayMs = 10;
        auto client = EndpointClient::create(cc);
        const auto jpeg = test::readSample("chelsea_451x300_q75.jpg");
        UploadForm f;
        f.bytes = &jpeg;
        const auto r = client.value()->upload(f);
        ::close(hog);
        QVERIFY(r.ok());
        QCOMPARE(r->httpStatus, 503);
        QCOMPARE(r->attempts, 3);
    }

    void sigtermFinishesTheRequestInFlight() {
        QProcess server;
        server.start(QString(PIESLICER_BINARY_DIR) + "/app/pieslicer-server", {"--port", "0"});
        QVERIFY(server.waitForStarted());
        QVERIFY(server.waitForReadyRead(5000));
        const QString banner = QString::fromUtf8(server.readAllStandardOutput());
        const QString url = banner.section(' ', 3, 3);
        QVERIFY2(url.startsWith("http://127.0.0.1:"), qPrintable(banner));
        ClientConfig cc;
        cc.endpointUrl = url.toStdString();
        auto client = EndpointClient::create(cc);
        QVERIFY(client.ok());
        client.value()->setLink(LinkShape{2e6, 0, 20});  // a 240 KB upload takes about a second
        QVERIFY(client.value()->ping().ok());
        const auto png = test::readSample("chelsea.png");
        auto pending = std::async(std::launch::async, [&] {
            UploadForm f;
            f.bytes = &png;
            return client.value()->upload(f);
        });
        sleepMs(400);
        ::kill(pid_t(server.processId()), SIGTERM);
        const auto r = pending.get();
        QVERIFY2(r.ok(), r.ok() ? "" : r.error().c_str());
        QCOMPARE(r->httpStatus, 200);
        QVERIFY(server.waitForFinished(10000));
        QCOMPARE(server.exitStatus(), QProcess::NormalExit);
        QCOMPARE(server.exitCode(), 0);
    }
};

QTEST_GUILESS_MAIN(ServerHardeningTest)
#include "test_server_hardening.moc"
