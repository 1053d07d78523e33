// libFuzzer target: the fuzz input is the raw bytes a client sends on one connection
// (request line, headers, body; several pipelined requests allowed). They go through
// cpp-httplib's real request parsing (Server::process_request) and our routes, guards and
// error handlers (installEndpointRoutes), in memory: no sockets, no threads.
// Checks on every response: it starts with "HTTP/1.1 ", its body has the length its
// Content-Length says, and a 4xx/5xx body is our JSON error object without exception text.
#include <httplib.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <nlohmann/json.hpp>
#include <opencv2/core.hpp>
#include <opencv2/core/utility.hpp>
#include <string>

#include "server/endpoint_server.h"
#include "server/work_gate.h"

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

// Serves the fuzz input as what the peer sent; collects what the server writes.
class MemoryStream : public httplib::Stream {
  public:
    MemoryStream(const char* data, std::size_t size) : data_(data), size_(size) {}

    bool is_readable() const override { return pos_ < size_; }
    bool is_writable() const override { return true; }
    ssize_t read(char* ptr, std::size_t size) override {
        const std::size_t n = std::min(size, size_ - pos_);
        std::memcpy(ptr, data_ + pos_, n);
        pos_ += n;
        return ssize_t(n);
    }
    ssize_t write(const char* ptr, std::size_t size) override {
        out.append(ptr, size);
        return ssize_t(size);
    }
    void get_remote_ip_and_port(std::string& ip, int& port) const override {
        ip = "127.0.0.1";
        port = 40000;
    }
    void get_local_ip_and_port(std::string& ip, int& port) const override {
        ip = "127.0.0.1";
        port = 8080;
    }
    socket_t socket() const override { return INVALID_SOCKET; }

    bool exhausted() const { return pos_ >= size_; }
    // The method cpp-httplib will see in the next request line, as its parse_request_line
    // sets it before any validation (a "HEAD" method means no body, even on a 400): the
    // line up to '\n' as a C string, only if it ends in CRLF; its first token split on
    // ' ' and trimmed of spaces and tabs.
    std::string nextMethod() const {
        const void* nl = std::memchr(data_ + pos_, '\n', size_ - pos_);
        if (!nl) return "";
        std::string line(data_ + pos_, static_cast<const char*>(nl) + 1);
        line.resize(std::strlen(line.c_str()));
        if (line.size() < 2 || line.compare(line.size() - 2, 2, "\r\n") != 0) return "";
        line.resize(line.size() - 2);
        std::size_t at = 0;
        while (at <= line.size()) {
            std::size_t end = line.find(' ', at);
            if (end == std::string::npos) end = line.size();
            std::size_t b = at, e = end;
            while (b < e && (line[b] == ' ' || line[b] == '\t')) ++b;
            while (e > b && (line[e - 1] == ' ' || line[e - 1] == '\t')) --e;
            if (b < e) return line.substr(b, e - b);
            at = end + 1;
        }
        return "";
    }
    std::string out;

  private:
    const char* data_;
    std::size_t size_;
    std::size_t pos_ = 0;
};

class InMemoryServer : public httplib::Server {
  public:
    using httplib::Server::process_request;
};

struct Harness {
    Harness() : gate(1, 0) {
        config.maxBodyBytes = 128 * 1024;  // below -max_len, so the limit paths are reachable
        config.queueWaitMs = 0;
        config.upload.target = 224;  // the smallest model input keeps executions fast
        server.set_payload_max_length(config.maxBodyBytes);
        pieslicer::installEndpointRoutes(server, config, gate);
    }
    pieslicer::EndpointConfig config;
    pieslicer::WorkGate gate;
    InMemoryServer server;
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
void checkResponse(std::string out, const std::string& method) {
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

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
    input.assign(reinterpret_cast<const char*>(data), size);
    MemoryStream stream(input.data(), input.size());
    // Keep-alive: serve pipelined requests while input remains, as a connection would.
    for (int i = 0; i < 8 && !stream.exhausted(); ++i) {
        bool connectionClosed = false;
        const std::string method = stream.nextMethod();
        stream.out.clear();
        const bool ok = harness->server.process_request(stream, /*close_connection=*/false,
                                                        connectionClosed, nullptr);
        checkResponse(stream.out, method);
        if (!ok || connectionClosed) break;
    }
    return 0;
}
