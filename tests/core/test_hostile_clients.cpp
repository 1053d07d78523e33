// The endpoint against the attacks of issue #14, each as a fast test: slow clients,
// header floods, request smuggling, pipelining, refused bodies, duplicate form parts,
// scan bombs, decode memory, the CPU budget, tokens. Slower and resource-bound variants
// run in scripts/attack.sh.
#include <arpa/inet.h>
#include <httplib.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <QTest>
#include <thread>

#include "image/jpeg_scans.h"
#include "server/bearer_token.h"
#include "server/multipart_form.h"
#include "support/support.h"
#include "util/clock.h"

using namespace pieslicer;
using pieslicer::test::connectLoopback;

namespace {

// Whether the server closed `fd` (end of stream or reset) within `timeoutMs`, reading and
// dropping whatever it answered first.
bool closedByServer(int fd, int timeoutMs) {
    const auto start = SteadyClock::now();
    char buf[4096];
    while (msSince(start) < timeoutMs) {
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, 50) <= 0) continue;
        const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
        if (n <= 0) return true;
    }
    return false;
}

int countOf(const std::string& haystack, const std::string& needle) {
    int n = 0;
    for (auto at = haystack.find(needle); at != std::string::npos;
         at = haystack.find(needle, at + 1))
        ++n;
    return n;
}

std::string multipart(const std::vector<std::pair<std::string, std::string>>& parts) {
    std::string body;
    for (const auto& [name, value] : parts)
        body += "--b\r\nContent-Disposition: form-data; name=\"" + name + "\"" +
                (name == "file" ? "; filename=\"x\"" : "") + "\r\n\r\n" + value + "\r\n";
    return body + "--b--\r\n";
}

std::string upload(const std::string& body, const std::string& extraHeaders = "") {
    return "POST /pieslicer HTTP/1.1\r\nHost: x\r\nConnection: close\r\n" + extraHeaders +
           "Content-Type: multipart/form-data; boundary=b\r\nContent-Length: " +
           std::to_string(body.size()) + "\r\n\r\n" + body;
}

std::vector<std::pair<std::string, std::string>> goodFields(const std::string& file) {
    return {{"file", file},
            {"t_sla", "1000"},
            {"t_device_prep", "0"},
            {"estimated_transfer_time", "0"}};
}

std::string sampleText(const std::string& name) {
    const auto bytes = test::readSample(name);
    return std::string(bytes.begin(), bytes.end());
}

// A JPEG header followed by `scans` empty start-of-scan segments: what a scan bomb looks
// like to the counter (the decoder never sees it).
std::string jpegWithScans(int scans) {
    std::string jpeg = sampleText("rocket_progressive.jpg");
    const auto sos = jpeg.find("\xFF\xDA");
    std::string out = jpeg.substr(0, sos);
    const std::string emptyScan("\xFF\xDA\x00\x08\x01\x01\x00\x01\x01\x00\x00", 11);
    for (int i = 0; i < scans; ++i) out += emptyScan;
    return out + "\xFF\xD9";
}

}  // namespace

class HostileClientsTest : public QObject {
    Q_OBJECT
  private slots:
    void dripFedHeadsAreClosedAtTheirDeadline() {
        EndpointConfig config;
        config.headTimeoutMs = 300;
        auto server = test::startEndpoint(config);
        const int fd = connectLoopback(server->port());
        QVERIFY(fd >= 0);
        // One byte every 50 ms never lets a 10 s idle timer fire; the head deadline does.
        bool closed = false;
        const auto start = SteadyClock::now();
        for (int i = 0; i < 40 && !closed; ++i) {
            ::send(fd, "a", 1, MSG_NOSIGNAL);
            closed = closedByServer(fd, 50);
        }
        ::close(fd);
        QVERIFY(closed);
        QVERIFY2(msSince(start) < 1500, qPrintable(QString::number(msSince(start))));
    }

    void slowClientsAtTheCapDoNotLockOthersOut() {
        EndpointConfig config;
        config.maxConnections = 16;
        config.maxConnectionsPerClient = 16;
        auto server = test::startEndpoint(config);
        // Twice the cap of drip-feeding connections from the same address as the pinger.
        std::vector<int> drips;
        for (int i = 0; i < 32; ++i) {
            const int fd = connectLoopback(server->port());
            if (fd >= 0) {
                ::send(fd, "GET /ping HTTP/1.1\r\nX-Slow: ", 27, MSG_NOSIGNAL);
                drips.push_back(fd);
            }
        }
        sleepMs(100);
        for (int round = 0; round < 5; ++round) {
            const std::string answer = test::rawExchange(
                server->port(), "GET /ping HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            QVERIFY2(answer.rfind("HTTP/1.1 200", 0) == 0, answer.substr(0, 200).c_str());
            for (int fd : drips) ::send(fd, "a", 1, MSG_NOSIGNAL);
        }
        for (int fd : drips) ::close(fd);
    }

    void busyConnectionsAreNeverEvicted() {
        EndpointConfig config;
        config.maxConnections = 1;
        auto server = test::startEndpoint(config);
        // A connection in the middle of its body is doing real work: the newcomer waits its turn.
        const int busy = connectLoopback(server->port());
        const std::string head =
            "POST /pieslicer HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; "
            "boundary=b\r\nContent-Length: 100000\r\n\r\n--b\r\n";
        ::send(busy, head.data(), head.size(), MSG_NOSIGNAL);
        sleepMs(100);
        const std::string answer =
            test::rawExchange(server->port(), "GET /ping HTTP/1.1\r\nHost: x\r\n\r\n");
        QVERIFY2(answer.rfind("HTTP/1.1 503", 0) == 0, answer.substr(0, 200).c_str());
        QVERIFY(!closedByServer(busy, 100));
        ::close(busy);
    }

    void slowBodiesAreEvictedForNewcomers() {
        EndpointConfig config;
        config.maxConnections = 4;
        auto server = test::startEndpoint(config);
        // Every connection is receiving a body, far below the minimum rate.
        const std::string head =
            "POST /pieslicer HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; "
            "boundary=b\r\nContent-Length: 100000\r\n\r\n--b\r\n";
        std::vector<int> slow;
        for (int i = 0; i < 4; ++i) {
            slow.push_back(connectLoopback(server->port()));
            ::send(slow.back(), head.data(), head.size(), MSG_NOSIGNAL);
        }
        sleepMs(800);  // a body's pace is judged after half a second
        for (int fd : slow) ::send(fd, "a", 1, MSG_NOSIGNAL);
        const std::string answer = test::rawExchange(
            server->port(), "GET /ping HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        QVERIFY2(answer.rfind("HTTP/1.1 200", 0) == 0, answer.substr(0, 200).c_str());
        int closed = 0;
        for (int fd : slow) closed += closedByServer(fd, 200) ? 1 : 0;
        for (int fd : slow) ::close(fd);
        QCOMPARE(closed, 1);
    }

    void headerFloodIs431AndClosed() {
        auto server = test::startEndpoint();
        std::string flood = "GET /ping HTTP/1.1\r\nHost: x\r\n";
        for (int i = 0; i < 2000; ++i)
            flood += "X-" + std::to_string(i) + ": " + std::string(500, 'a') + "\r\n";
        const std::string answer = test::rawExchange(server->port(), flood + "\r\n");
        QVERIFY2(answer.rfind("HTTP/1.1 431", 0) == 0, answer.substr(0, 200).c_str());
        // Many small headers under the byte limit are still too many.
        std::string many = "GET /ping HTTP/1.1\r\nHost: x\r\n";
        for (int i = 0; i < 150; ++i) many += "X-" + std::to_string(i) + ": a\r\n";
        const std::string counted = test::rawExchange(server->port(), many + "\r\n");
        QVERIFY2(counted.rfind("HTTP/1.1 431", 0) == 0, counted.substr(0, 200).c_str());
    }

    void ambiguousFramingIs400AndCloses_data() {
        QTest::addColumn<QByteArray>("headers");
        QTest::newRow("length and chunked")
            << QByteArray("Content-Length: 5\r\nTransfer-Encoding: chunked\r\n");
        QTest::newRow("two lengths") << QByteArray("Content-Length: 5\r\nContent-Length: 60\r\n");
        QTest::newRow("identity, chunked")
            << QByteArray("Transfer-Encoding: identity, chunked\r\n");
        QTest::newRow("gzip coding") << QByteArray("Transfer-Encoding: gzip\r\n");
        QTest::newRow("two codings headers")
            << QByteArray("Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n");
    }
    void ambiguousFramingIs400AndCloses() {
        QFETCH(QByteArray, headers);
        auto server = test::startEndpoint();
        // What follows the head would be a second request if the framing were read one way.
        const std::string request =
            "POST /pieslicer HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; "
            "boundary=b\r\n" +
            headers.toStdString() + "\r\n0\r\n\r\nGET /inner HTTP/1.1\r\nHost: x\r\n\r\n";
        const std::string answer = test::rawExchange(server->port(), request);
        QVERIFY2(answer.rfind("HTTP/1.1 400", 0) == 0, answer.substr(0, 300).c_str());
        QCOMPARE(countOf(answer, "HTTP/1.1 "), 1);
        QVERIFY(answer.find("/inner") == std::string::npos);
    }

    void refusedBodiesAreNeverParsedAsRequests_data() {
        QTest::addColumn<QByteArray>("headers");
        QTest::addColumn<int>("status");
        QTest::newRow("gzip body") << QByteArray("Content-Encoding: gzip\r\n") << 415;
        QTest::newRow("no token") << QByteArray("") << 401;
        QTest::newRow("wrong type") << QByteArray("X-Type: 1\r\n") << 415;
    }
    void refusedBodiesAreNeverParsedAsRequests() {
        QFETCH(QByteArray, headers);
        QFETCH(int, status);
        EndpointConfig config;
        if (status == 401) config.bearerToken = "s3cret";
        auto server = test::startEndpoint(config);
        const std::string inner = "GET /INNER HTTP/1.1\r\nHost: x\r\n\r\n";
        const std::string type = status == 415 && headers.startsWith("X-Type")
                                     ? "text/plain"
                                     : "multipart/form-data; boundary=b";
        const std::string request = "POST /pieslicer HTTP/1.1\r\nHost: x\r\n" +
                                    headers.toStdString() + "Content-Type: " + type +
                                    "\r\nContent-Length: " + std::to_string(inner.size()) +
                                    "\r\n\r\n" + inner;
        const std::string answer = test::rawExchange(server->port(), request);
        QVERIFY2(answer.rfind("HTTP/1.1 " + std::to_string(status), 0) == 0,
                 answer.substr(0, 300).c_str());
        QCOMPARE(countOf(answer, "HTTP/1.1 "), 1);
        QVERIFY(answer.find("Connection: close") != std::string::npos);
        QVERIFY(answer.find("Keep-Alive") == std::string::npos);
    }

    void pipelinedRequestsAreAllAnsweredInOrder() {
        auto server = test::startEndpoint();
        std::string requests;
        for (int i = 0; i < 200; ++i)
            requests += "GET /ping?n=" + std::to_string(i) + " HTTP/1.1\r\nHost: x\r\n\r\n";
        requests += "GET /nothing HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
        const std::string answer = test::rawExchange(server->port(), requests, 5000);
        QCOMPARE(countOf(answer, "HTTP/1.1 200"), 200);
        QCOMPARE(countOf(answer, "HTTP/1.1 404"), 1);
        QVERIFY(answer.rfind("HTTP/1.1 404") > answer.rfind("HTTP/1.1 200"));
    }

    void duplicateAndOversizedFormPartsAre400() {
        auto server = test::startEndpoint();
        const std::string jpeg = sampleText("chelsea_451x300_q75.jpg");
        auto twoSlas = goodFields(jpeg);
        twoSlas.push_back({"t_sla", "1000"});
        std::string answer = test::rawExchange(server->port(), upload(multipart(twoSlas)));
        QVERIFY2(answer.rfind("HTTP/1.1 400", 0) == 0, answer.substr(0, 300).c_str());
        QVERIFY(answer.find("'t_sla' appears twice") != std::string::npos);
        auto twoFiles = goodFields(jpeg);
        twoFiles.push_back({"file", jpeg});
        answer = test::rawExchange(server->port(), upload(multipart(twoFiles)));
        QVERIFY2(answer.rfind("HTTP/1.1 400", 0) == 0, answer.substr(0, 300).c_str());
        auto longField = goodFields(jpeg);
        longField[1].second = std::string(5000, '1');
        answer = test::rawExchange(server->port(), upload(multipart(longField)));
        QVERIFY2(answer.rfind("HTTP/1.1 400", 0) == 0, answer.substr(0, 300).c_str());
        QVERIFY(answer.find("longer than 4096") != std::string::npos);
        // And the good form still works.
        answer = test::rawExchange(server->port(), upload(multipart(goodFields(jpeg))));
        QVERIFY2(answer.rfind("HTTP/1.1 200", 0) == 0, answer.substr(0, 300).c_str());
    }

    void multipartParserFindsPartsWithoutCopying() {
        const std::string body =
            "preamble\r\n--XyZ\r\nContent-Disposition: form-data; "
            "name=\"file\"; filename=\"a b.jpg\"\r\nContent-Type: "
            "image/jpeg\r\n\r\nDATA\r\n--X\r\n--XyZ\r\ncontent-disposition: "
            "FORM-DATA; name=t_sla\r\n\r\n12\r\n--XyZ--\r\n";
        const auto parts = parseMultipartForm(body, "XyZ");
        QVERIFY2(parts.ok(), parts.ok() ? "" : parts.error().c_str());
        QCOMPARE(parts->size(), std::size_t(2));
        QCOMPARE(std::string(parts->at(0).data), std::string("DATA\r\n--X"));
        QCOMPARE(parts->at(0).filename, std::string("a b.jpg"));
        QVERIFY(parts->at(0).data.data() >= body.data() &&
                parts->at(0).data.data() < body.data() + body.size());
        QCOMPARE(std::string(parts->at(1).data), std::string("12"));
        QVERIFY(
            !parseMultipartForm("--XyZ\r\nContent-Disposition: form-data; name=a\r\n\r\nx", "XyZ")
                 .ok());
        QCOMPARE(multipartBoundary("multipart/form-data; boundary=\"a;b\"").value(),
                 std::string("a;b"));
        QVERIFY(!multipartBoundary("text/plain; boundary=b").ok());
    }

    void scanBombsAreRefusedBeforeDecoding() {
        QCOMPARE(countJpegScans(reinterpret_cast<const uint8_t*>(jpegWithScans(7).data()),
                                jpegWithScans(7).size(), 100),
                 7);
        const std::string real = sampleText("mosaic_2048x1536_q92_progressive.jpg");
        const int scans =
            countJpegScans(reinterpret_cast<const uint8_t*>(real.data()), real.size(), 100);
        QVERIFY2(scans >= 2 && scans <= 20, qPrintable(QString::number(scans)));
        auto server = test::startEndpoint();
        const std::string answer =
            test::rawExchange(server->port(), upload(multipart(goodFields(jpegWithScans(5000)))));
        QVERIFY2(answer.rfind("HTTP/1.1 422", 0) == 0, answer.substr(0, 300).c_str());
        QVERIFY(answer.find("scans") != std::string::npos);
    }

    void decodeMemoryIsAdmittedByEstimate() {
        EndpointConfig config;
        // A 3 MP progressive JPEG holds all its coefficients while decoding (about 19 MB);
        // a 12 MP baseline one decoded at 1/8 needs under 1 MB.
        config.decodeMemoryBytes = 8u << 20;
        auto server = test::startEndpoint(config);
        const std::string big = sampleText("mosaic_2048x1536_q92_progressive.jpg");
        std::string answer = test::rawExchange(server->port(), upload(multipart(goodFields(big))));
        QVERIFY2(answer.rfind("HTTP/1.1 413", 0) == 0, answer.substr(0, 300).c_str());
        QVERIFY(answer.find("decode memory") != std::string::npos);
        const std::string small = sampleText("mosaic_4000x3000_q95.jpg");
        answer = test::rawExchange(server->port(), upload(multipart(goodFields(small))));
        QVERIFY2(answer.rfind("HTTP/1.1 200", 0) == 0, answer.substr(0, 300).c_str());
    }

    void cpuBudgetAbandonsTheWork() {
        EndpointConfig config;
        config.upload.cpuBudgetMs = 1;
        auto server = test::startEndpoint(config);
        const std::string png = sampleText("mosaic_1280x960.png");
        const std::string answer =
            test::rawExchange(server->port(), upload(multipart(goodFields(png))));
        QVERIFY2(answer.rfind("HTTP/1.1 422", 0) == 0, answer.substr(0, 300).c_str());
        QVERIFY(answer.find("CPU budget") != std::string::npos);
    }

    void bearerSchemeIsCaseInsensitiveAndTokenExact() {
        QVERIFY(bearerTokenMatches("Bearer s3cret", "s3cret"));
        QVERIFY(bearerTokenMatches("bearer s3cret", "s3cret"));
        QVERIFY(bearerTokenMatches("BEARER   s3cret ", "s3cret"));
        QVERIFY(!bearerTokenMatches("Bearer s3cre", "s3cret"));
        QVERIFY(!bearerTokenMatches("Bearer s3cret2", "s3cret"));
        QVERIFY(!bearerTokenMatches("Basic s3cret", "s3cret"));
        QVERIFY(!bearerTokenMatches("Bearers3cret", "s3cret"));
        QVERIFY(!bearerTokenMatches("Bearer ", ""));
        EndpointConfig config;
        config.bearerToken = "s3cret";
        auto server = test::startEndpoint(config);
        const std::string answer =
            test::rawExchange(server->port(),
                              "GET /ping HTTP/1.1\r\nHost: x\r\nAuthorization: bearer "
                              "s3cret\r\nConnection: close\r\n\r\n");
        QVERIFY2(answer.rfind("HTTP/1.1 200", 0) == 0, answer.substr(0, 300).c_str());
    }

    void tokenFileIsRead() {
        QTemporaryDir tmp;
        const std::string path = tmp.filePath("token").toStdString();
        FILE* f = std::fopen(path.c_str(), "w");
        std::fputs("t0ken\n", f);
        std::fclose(f);
        QCOMPARE(readTokenFile(path).value(), std::string("t0ken"));
        QVERIFY(!readTokenFile(tmp.filePath("none").toStdString()).ok());
    }

    void nonsenseSettingsAreRefused() {
        EndpointConfig config;
        config.maxBodyBytes = 0;
        QVERIFY(!validateEndpointConfig(config).ok());
        config = EndpointConfig{};
        config.upload.limits.maxMegapixels = std::nan("");
        QVERIFY(!validateEndpointConfig(config).ok());
        EndpointServer server(config);
        QVERIFY(!server.start().ok());
        QVERIFY(validateEndpointConfig(EndpointConfig{}).ok());
    }
};

QTEST_GUILESS_MAIN(HostileClientsTest)
#include "test_hostile_clients.moc"
