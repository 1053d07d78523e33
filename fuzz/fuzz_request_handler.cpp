// libFuzzer target: the fuzz input is the raw bytes a client sends on one connection
// (request line, headers, body; several pipelined requests allowed). They go through the
// endpoint's request path in memory, in the order a connection runs it: Boost.Beast's
// request parser (header limit, body limit, framing), judgeHead (header count,
// Transfer-Encoding, token, route, encoding, declared length, form type), readUploadForm
// (multipart, duplicate parts, field sizes) and handleUpload. No sockets, no threads.
// Every answer is rendered as the connection would write it and checked: a status line,
// a body of its Content-Length, and a 4xx/5xx body that is our JSON error object.
// clang-format off
#include "server/beast_config.h"  // first: before any Boost header
// clang-format on
#include <boost/beast/http.hpp>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <nlohmann/json.hpp>
#include <opencv2/core.hpp>
#include <opencv2/core/utility.hpp>
#include <sstream>
#include <string>

#include "server/endpoint_server.h"
#include "server/request_checks.h"

namespace {

[[noreturn]] void die(const char* what, const std::string& response) {
    std::fprintf(stderr, "fuzz_request_handler: check failed: %s\n--- response ---\n%.*s\n", what,
                 int(std::min<std::size_t>(response.size(), 4096)), response.c_str());
    std::abort();
}

#define CHECK(cond, response)              \
    do {                                   \
        if (!(cond)) die(#cond, response); \
    } while (0)

struct Harness {
    Harness() {
        config.maxBodyBytes = 128 * 1024;  // below -max_len, so the limit paths are reachable
        config.upload.target = 224;        // the smallest model input keeps executions fast
    }
    pieslicer::EndpointConfig config;
};

Harness* harness = nullptr;
bool printResponses = false;  // FUZZ_PRINT=1: each response's status line and body, to check seeds

std::string input;  // the current fuzz input: text the client sent may be echoed back

// Text that would mean an exception message or an internal path reached the client (unless
// the client itself sent it, e.g. in the path a 404 quotes).
bool leaksInternals(const std::string& s) {
    for (const char* bad : {"EXCEPTION_WHAT", "what()", "std::", "cv::", ".cpp", ".hpp", "/usr/",
                            "/build/", "/work/", "bad_alloc", "terminate", "json.exception"})
        if (s.find(bad) != std::string::npos && input.find(bad) == std::string::npos) return true;
    return false;
}

// Checks one response (the whole output of one process_request call).
void checkResponse(std::string out, const std::string& method) {  // one rendered answer
    if (out.empty()) return;  // the peer sent nothing parseable as a request line: no answer
    if (printResponses)
        std::fprintf(stderr, "%s ... %.200s\n", out.substr(0, out.find('\r')).c_str(),
                     out.substr(std::min(out.size(), out.find("\r\n\r\n") + 4)).c_str());
    // "Expect: 100-continue" gets an interim response first.
    static const std::string kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
    if (out.compare(0, kContinue.size(), kContinue) == 0 && out.size() > kContinue.size())
        out.erase(0, kContinue.size());
    CHECK(out.compare(0, 9, "HTTP/1.1 ") == 0, out);
    CHECK(out.size() >= 12, out);
    const int status = std::atoi(out.c_str() + 9);
    CHECK(status >= 100 && status <= 599, out);
    const std::size_t headerEnd = out.find("\r\n\r\n");
    CHECK(headerEnd != std::string::npos, out);
    const std::string head = out.substr(0, headerEnd + 2);
    const std::string body = out.substr(headerEnd + 4);
    CHECK(!leaksInternals(head), out);
    if (method == "HEAD" || status == 100 || status == 204 || status == 304) return;

    const std::size_t cl = head.find("\r\nContent-Length: ");
    if (cl != std::string::npos) {
        const std::size_t length = std::strtoull(head.c_str() + cl + 18, nullptr, 10);
        CHECK(body.size() == length, out);
    }
    // A client sending Accept-Encoding may get a compressed body: legitimate, not parsed here.
    const bool encoded = head.find("\r\nContent-Encoding: ") != std::string::npos;
    if (status >= 400 && !encoded) {
        CHECK(head.find("\r\nContent-Type: application/json\r\n") != std::string::npos, out);
        const auto json = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
        CHECK(json.is_object(), out);
        CHECK(json.contains("error") && json["error"].is_string(), out);
        CHECK(json.contains("status") && json["status"] == status, out);
        CHECK(!leaksInternals(json["error"].get<std::string>()), out);
        if (status >= 500 && status != 503) CHECK(json["error"] == "internal error", out);
    } else if (status == 200 && !encoded &&
               head.find("\r\nContent-Type: application/json\r\n") != std::string::npos) {
        const auto json = nlohmann::json::parse(body, nullptr, false);
        CHECK(json.is_object(), out);
        for (const char* key : pieslicer::kPrototypeResponseKeys) CHECK(json.contains(key), out);
    }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    cv::setNumThreads(0);
    cv::redirectError([](int, const char*, const char*, const char*, int, void*) { return 0; });
    harness = new Harness;
    printResponses = std::getenv("FUZZ_PRINT") != nullptr;
    return 0;
}

namespace {

namespace http = boost::beast::http;

// The answer as the connection writes it (see http_session.cpp), then checked.
void answer(const pieslicer::Reply& reply, bool json = true) {
    http::response<http::string_body> res;
    res.version(11);
    res.result(unsigned(reply.status));
    res.set(http::field::content_type, json ? "application/json" : "text/plain");
    res.body() = json ? reply.body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)
                      : reply.body.get<std::string>();
    res.prepare_payload();
    std::ostringstream out;
    out << res;
    checkResponse(out.str(), "POST");
}

// Feeds `in` to the parser until `done` holds; false when the input runs out (the
// connection would wait) or the parser fails (it would answer and close).
template <class Done>
bool feed(http::request_parser<http::string_body>& parser, std::string_view& in, Done done) {
    while (!done()) {
        boost::beast::error_code ec;
        const std::size_t n = parser.put(boost::asio::buffer(in.data(), in.size()), ec);
        in.remove_prefix(n);
        if (ec == http::error::need_more && in.empty()) return false;
        if (ec == http::error::need_more) continue;
        if (ec) {
            const int status = ec == http::error::header_limit ? 431
                               : ec == http::error::body_limit ? 413
                                                               : 400;
            answer(pieslicer::errorReply(status, "malformed request: " + ec.message()));
            return false;
        }
        if (n == 0 && !done()) return false;
    }
    return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
    input.assign(reinterpret_cast<const char*>(data), size);
    std::string_view in(input);
    const auto& config = harness->config;
    // Keep-alive: serve pipelined requests while input remains, as a connection would.
    for (int i = 0; i < 8 && !in.empty(); ++i) {
        http::request_parser<http::string_body> parser;
        parser.header_limit(std::uint32_t(config.maxHeaderBytes));
        parser.body_limit(config.maxBodyBytes);
        parser.eager(false);
        if (!feed(parser, in, [&] { return parser.is_header_done(); })) return 0;
        const auto verdict = pieslicer::judgeHead(parser.get(), config);
        if (!verdict.route) {
            answer(verdict.refusal);
            return 0;  // refusals close the connection: nothing after them is parsed
        }
        const bool keepAlive = parser.get().keep_alive();
        if (*verdict.route == pieslicer::Route::Ping) {
            answer(pieslicer::Reply{200, pieslicer::pingText()}, false);
        } else {
            parser.eager(true);
            if (!feed(parser, in, [&] { return parser.is_done(); })) return 0;
            auto request = parser.release();
            const auto type = request[http::field::content_type];
            auto form = pieslicer::readUploadForm(std::move(request.body()),
                                                  std::string_view(type.data(), type.size()));
            answer(form ? pieslicer::handleUpload(form.value(), config.upload)
                        : pieslicer::errorReply(400, form.error()));
        }
        if (!keepAlive) return 0;
    }
    return 0;
}
