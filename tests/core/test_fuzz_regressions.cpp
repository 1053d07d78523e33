// Inputs the libFuzzer targets (fuzz/) found or that guard what they check, replayed
// against the real code: a truncated TIFF header read past the buffer; a 404 for a path
// that is not UTF-8 killed the whole server (std::terminate from the error handler); a
// Range header, valid or malformed, sliced our JSON error bodies (cpp-httplib, before the
// endpoint moved to Beast; kept as guards).
#include <QTest>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "image/image_probe.h"
#include "image/preprocess.h"
#include "support/support.h"

using namespace pieslicer;

namespace {

// Status and body of the first response in a raw exchange.
std::pair<int, std::string> firstResponse(const std::string& raw) {
    if (raw.rfind("HTTP/1.1 ", 0) != 0) return {0, ""};
    const int status = std::atoi(raw.c_str() + 9);
    const auto headerEnd = raw.find("\r\n\r\n");
    const auto lengthAt = raw.find("Content-Length: ");
    if (headerEnd == std::string::npos || lengthAt == std::string::npos || lengthAt > headerEnd)
        return {status, ""};
    const std::size_t length = std::strtoull(raw.c_str() + lengthAt + 16, nullptr, 10);
    return {status, raw.substr(headerEnd + 4, length)};
}

}  // namespace

class FuzzRegressionsTest : public QObject {
    Q_OBJECT
  private slots:
    void truncatedTiffHeadersFailCleanly() {
        // fuzz/seeds/image/crash_tiff_truncated_header.tif: "II*\0" and nothing else; the
        // probe read the IFD offset from bytes 4..7 (heap-buffer-overflow under ASan).
        for (const std::string bytes : {std::string("II*\0", 4), std::string("MM\0*\0\0", 6),
                                        std::string("II*\0\x08\0\0", 7)}) {
            // Exact-size heap copies, so ASan builds catch any read past the end.
            const std::vector<uint8_t> data(bytes.begin(), bytes.end());
            const auto probed = probeImage(data.data(), data.size());
            QVERIFY(!probed);
            QVERIFY(QString::fromStdString(probed.error()).contains("TIFF"));
            PreprocessOptions opt;
            opt.target = 224;
            QVERIFY(!preprocessInCloud(data.data(), data.size(), opt));
        }
        // An 8-byte header is enough to read the offset, which then points past the end.
        const std::vector<uint8_t> eight{'I', 'I', '*', 0, 8, 0, 0, 0};
        QVERIFY(!probeImage(eight.data(), eight.size()));
    }

    void notFoundPathThatIsNotUtf8IsAnsweredInJson() {
        // fuzz/seeds/request/crash_404_non_utf8_path.http, reduced: the 404 message quotes
        // the path; nlohmann::json::dump threw on the invalid UTF-8 inside the error handler,
        // outside cpp-httplib's try block, and std::terminate took the whole server down.
        auto server = test::startEndpoint();
        const std::string raw = test::rawExchange(
            server->port(), "GET /\x8a\x96ng HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
        const auto [status, body] = firstResponse(raw);
        QCOMPARE(status, 404);
        const auto json = nlohmann::json::parse(body, nullptr, false);
        QVERIFY(json.is_object());
        QCOMPARE(json["status"].get<int>(), 404);
        QVERIFY(json["error"].get<std::string>().rfind("no route GET /", 0) == 0);
        // And the server is still alive.
        const auto [pingStatus, pingBody] = firstResponse(test::rawExchange(
            server->port(), "GET /ping HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"));
        QCOMPARE(pingStatus, 200);
        QVERIFY(!pingBody.empty());
    }

    void rangeHeaderDoesNotSliceErrorBodies() {
        // cpp-httplib 0.11 applies a request's byte ranges to error answers too: the JSON
        // came back cut or wrapped in multipart/byteranges. Ranges are ignored now.
        auto server = test::startEndpoint();
        for (const char* range : {"bytes=0-10", "bytes=0-10,20-"}) {
            const std::string raw = test::rawExchange(
                server->port(), std::string("GET /nowhere HTTP/1.1\r\nHost: a\r\nRange: ") + range +
                                    "\r\nConnection: close\r\n\r\n");
            QVERIFY2(raw.find("multipart/byteranges") == std::string::npos, raw.c_str());
            QVERIFY2(raw.find("\r\nContent-Type: application/json\r\n") != std::string::npos,
                     raw.c_str());
            const auto [status, body] = firstResponse(raw);
            QCOMPARE(status, 404);
            const auto json = nlohmann::json::parse(body, nullptr, false);
            QVERIFY2(json.is_object(), body.c_str());
            QCOMPARE(json["status"].get<int>(), 404);
        }
        // fuzz/seeds/request/crash_416_bad_range_sliced_json.http, reduced: cpp-httplib answered
        // a malformed Range 416 before routing and sliced that JSON ({"error":"r). The
        // endpoint ignores Range headers, malformed or not.
        const std::string raw = test::rawExchange(
            server->port(),
            "GET /ping HTTP/1.1\r\nHost: a\r\nRange: bytes=0-10,19-9\r\nConnection: close\r\n\r\n");
        QVERIFY2(raw.find("Content-Range") == std::string::npos, raw.c_str());
        const auto [status, body] = firstResponse(raw);
        QCOMPARE(status, 200);
        QVERIFY2(std::strtod(body.c_str(), nullptr) > 1.7e12, body.c_str());  // the whole clock
    }
};

QTEST_GUILESS_MAIN(FuzzRegressionsTest)
#include "test_fuzz_regressions.moc"
