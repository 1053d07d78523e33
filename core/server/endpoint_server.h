#pragma once
// The cloud endpoint: an HTTP server (cpp-httplib) answering GET /ping and
// POST /pieslicer (alias /modipick) with the prototype's protocol. Runs on its own
// listen thread; usable embedded in the CLI and the dashboard or as pieslicer-server.
#include <memory>
#include <string>
#include <thread>

#include "server/upload_handler.h"
#include "server/work_gate.h"
#include "util/expected.h"

namespace httplib {
class Server;
}

namespace pieslicer {

struct EndpointConfig {
    std::string host = "127.0.0.1";
    int port = 0;                      // 0: an ephemeral port
    int threads = 4;                   // requests decoding or inferring at once
    int queueLimit = 128;              // requests waiting for a worker; beyond: 503
    int queueWaitMs = 30000;           // longest wait for a worker; then 503
    std::size_t maxConnections = 256;  // connection threads; beyond: 503 and close
    std::size_t maxBodyBytes = 20u << 20;
    int readTimeoutSec = 10;
    int keepAliveSec = 10;
    std::string bearerToken;  // when set, every request needs "Authorization: Bearer <token>"
    UploadSettings upload;
};

// Installs GET /ping, POST /pieslicer and /modipick, the pre-routing guards and the error
// and exception handlers on `http`. `config` and `gate` must outlive `http`. Shared by
// EndpointServer and the request-handler fuzzer (fuzz/), which drives the routes in memory.
void installEndpointRoutes(httplib::Server& http, const EndpointConfig& config, WorkGate& gate);

class EndpointServer {
  public:
    explicit EndpointServer(EndpointConfig config);
    ~EndpointServer();  // stops and joins
    EndpointServer(const EndpointServer&) = delete;
    EndpointServer& operator=(const EndpointServer&) = delete;

    // Binds and starts serving on a background thread; returns the bound port.
    Expected<int> start();
    // Finishes requests in flight, closes the socket, joins the listen thread.
    void stop();

    int port() const { return port_; }
    std::string url() const;

  private:
    EndpointConfig config_;
    std::unique_ptr<httplib::Server> http_;
    std::unique_ptr<WorkGate> gate_;
    std::thread listenThread_;
    int port_ = 0;
};

}  // namespace pieslicer
