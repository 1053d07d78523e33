#include "server/endpoint_server.h"

#include <httplib.h>
#include <sys/socket.h>

#include <cstdio>

#include "server/connection_threads.h"
#include "util/clock.h"

namespace pieslicer {
namespace {

// Messages may quote the request (the path of a 404), which need not be UTF-8: dump() would
// throw, and from the error handler nothing catches it (std::terminate). Replace bad bytes.
std::string jsonText(const nlohmann::json& body) {
    return body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

void sendJson(httplib::Response& res, const Reply& reply) {
    res.status = reply.status;
    res.set_content(jsonText(reply.body), "application/json");
}

// Reads the multipart body through our own receiver so the size limit also holds for
// chunked bodies and bodies without Content-Length (cpp-httplib 0.11 only checks the header).
bool readUpload(const httplib::Request& req, const httplib::ContentReader& reader,
                std::size_t maxBytes, UploadRequest& upload, Reply& error) {
    std::string currentName;
    bool tooLarge = false;
    auto countAndCheck = [&](std::size_t n) {
        if (upload.firstByteUnixMs == 0) upload.firstByteUnixMs = unixMs();
        upload.bodyBytes += n;
        tooLarge = upload.bodyBytes > maxBytes;
        return !tooLarge;
    };
    bool ok = false;
    if (req.is_multipart_form_data()) {
        ok = reader(
            [&](const httplib::MultipartFormData& part) {
                currentName = part.name;
                if (currentName == "file") upload.hasFile = true;
                return true;
            },
            [&](const char* data, std::size_t n) {
                if (!countAndCheck(n)) return false;
                if (currentName == "file")
                    upload.file.append(data, n);
                else if (upload.fields[currentName].size() + n <= 4096)  // form fields are short
                    upload.fields[currentName].append(data, n);
                return true;
            });
    } else {
        ok = reader([&](const char*, std::size_t n) { return countAndCheck(n); });
        if (ok) {
            error = errorReply(400, "expected a multipart/form-data body");
            return false;
        }
    }
    upload.lastByteUnixMs = unixMs();
    if (upload.firstByteUnixMs == 0) upload.firstByteUnixMs = upload.lastByteUnixMs;
    if (tooLarge) {
        error = errorReply(
            413, "request body exceeds the limit of " + std::to_string(maxBytes) + " bytes");
        return false;
    }
    if (!ok) {
        error = errorReply(400, "malformed or incomplete multipart body");
        return false;
    }
    return true;
}

}  // namespace

EndpointServer::EndpointServer(EndpointConfig config) : config_(std::move(config)) {}

EndpointServer::~EndpointServer() { stop(); }

std::string EndpointServer::url() const {
    return "http://" + config_.host + ":" + std::to_string(port_);
}

namespace {

// Before routing: connection capacity, the bearer token, no byte ranges, no compressed
// or oversized bodies. Handled means answered here.
httplib::Server::HandlerResponse guardRequest(const httplib::Request& req, httplib::Response& res,
                                              const EndpointConfig& config) {
    if (ConnectionThreads::overCapacity()) {
        res.set_header("Connection", "close");
        sendJson(res, errorReply(503, "endpoint busy: too many connections, retry later"));
        return httplib::Server::HandlerResponse::Handled;
    }
    if (!config.bearerToken.empty() &&
        req.get_header_value("Authorization") != "Bearer " + config.bearerToken) {
        res.set_header("WWW-Authenticate", "Bearer");
        sendJson(res, errorReply(401, "missing or wrong bearer token"));
        return httplib::Server::HandlerResponse::Handled;
    }
    // Byte ranges are not served: cpp-httplib 0.11 would also slice (or wrap in
    // multipart/byteranges) the JSON of error answers. The request object is a local of
    // httplib's process_request, not const, so dropping its parsed ranges is defined.
    const_cast<httplib::Request&>(req).ranges.clear();
    // A compressed body could inflate far beyond the limit in memory: refuse it unread.
    if (req.has_header("Content-Encoding")) {
        res.set_header("Connection", "close");
        sendJson(res, errorReply(415, "Content-Encoding is not accepted; send the image as is"));
        return httplib::Server::HandlerResponse::Handled;
    }
    if (req.has_header("Content-Length") &&
        req.get_header_value<uint64_t>("Content-Length") > config.maxBodyBytes) {
        res.set_header("Connection", "close");
        sendJson(res, errorReply(413, "request body exceeds the limit of " +
                                          std::to_string(config.maxBodyBytes) + " bytes"));
        return httplib::Server::HandlerResponse::Handled;
    }
    return httplib::Server::HandlerResponse::Unhandled;
}

// Errors as JSON like every other answer, never with exception text.
void installErrorHandlers(httplib::Server& http) {
    http.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
        // A malformed Range is answered 416 before routing, with the ranges parsed so far
        // still set: httplib would slice this JSON with them. See the pre-routing guard.
        const_cast<httplib::Request&>(req).ranges.clear();
        if (!res.body.empty()) return;
        const std::string msg =
            res.status == 404 ? "no route " + req.method + " " + req.path : "request failed";
        res.set_content(jsonText(errorReply(res.status, msg).body), "application/json");
    });
    http.set_exception_handler(
        [](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
            // Never echo exception text: it may name paths or internals.
            res.status = 500;
            res.set_content(jsonText(errorReply(500, "internal error").body), "application/json");
        });
}

}  // namespace

void installEndpointRoutes(httplib::Server& http, const EndpointConfig& config, WorkGate& gate) {
    http.Get("/ping", [](const httplib::Request&, httplib::Response& res) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.3f", unixMs());
        res.set_content(buf, "text/plain");
    });
    auto upload = [&config, &gate](const httplib::Request& req, httplib::Response& res,
                                   const httplib::ContentReader& reader) {
        UploadRequest request;
        request.requestUnixMs = unixMs();
        Reply reply;
        if (readUpload(req, reader, config.maxBodyBytes, request, reply)) {
            // The body is in; only now take one of the few workers that decode and infer.
            WorkSlot slot(gate, std::chrono::milliseconds(config.queueWaitMs));
            reply =
                slot ? handleUpload(request, config.upload)
                     : errorReply(503,
                                  "endpoint busy: all workers and the queue are full, retry later");
        }
        if (reply.status == 413 || reply.status == 503) res.set_header("Connection", "close");
        sendJson(res, reply);
    };
    http.Post("/pieslicer", upload);
    http.Post("/modipick", upload);

    http.set_pre_routing_handler([&config](const httplib::Request& req, httplib::Response& res) {
        return guardRequest(req, res, config);
    });
    installErrorHandlers(http);
}

namespace {

// cpp-httplib 0.11 listens with a backlog of 5: a burst of new connections beyond it has its
// SYNs dropped and retried by TCP a second later, which showed as 2 s p99s under load.
class WideBacklogServer : public httplib::Server {
  public:
    void widenBacklog(int backlog) { ::listen(svr_sock_, backlog); }  // Linux updates it in place
};

}  // namespace

Expected<int> EndpointServer::start() {
    if (http_) return fail("endpoint already started");
    http_ = std::make_unique<WideBacklogServer>();
    gate_ =
        std::make_unique<WorkGate>(std::max(1, config_.threads), std::max(0, config_.queueLimit));
    const std::size_t maxConnections = std::max<std::size_t>(1, config_.maxConnections);
    http_->new_task_queue = [maxConnections] { return new ConnectionThreads(maxConnections); };
    http_->set_payload_max_length(config_.maxBodyBytes);
    http_->set_read_timeout(config_.readTimeoutSec, 0);
    http_->set_write_timeout(config_.readTimeoutSec, 0);
    http_->set_keep_alive_timeout(config_.keepAliveSec);
    http_->set_keep_alive_max_count(1000);
    http_->set_tcp_nodelay(true);
    installEndpointRoutes(*http_, config_, *gate_);

    if (config_.port == 0)
        port_ = http_->bind_to_any_port(config_.host);
    else
        port_ = http_->bind_to_port(config_.host, config_.port) ? config_.port : -1;
    if (port_ <= 0) {
        http_.reset();
        return fail("cannot bind " + config_.host + ":" + std::to_string(config_.port));
    }
    static_cast<WideBacklogServer&>(*http_).widenBacklog(
        int(std::min<std::size_t>(config_.maxConnections, 1024)));
    listenThread_ = std::thread([this] { http_->listen_after_bind(); });
    // stop() is a no-op until the server runs, so do not hand out a server that could not stop.
    for (int i = 0; i < 2000 && !http_->is_running(); ++i) sleepMs(1);
    return port_;
}

void EndpointServer::stop() {
    if (!http_) return;
    http_->stop();
    if (listenThread_.joinable()) listenThread_.join();
    http_.reset();
}

}  // namespace pieslicer
