#pragma once
// The cloud endpoint: an HTTP server (cpp-httplib) answering GET /ping and
// POST /pieslicer (alias /modipick) with the prototype's protocol. Runs on its own
// listen thread; usable embedded in the CLI and the dashboard or as pieslicer-server.
#include <memory>
#include <string>
#include <thread>

#include "server/upload_handler.h"
#include "util/expected.h"

namespace httplib {
class Server;
}

namespace pieslicer {

struct EndpointConfig {
    std::string host = "127.0.0.1";
    int port = 0;  // 0: an ephemeral port
    int threads = 4;
    std::size_t maxBodyBytes = 20u << 20;
    int readTimeoutSec = 10;
    UploadSettings upload;
};

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
    void installRoutes();

    EndpointConfig config_;
    std::unique_ptr<httplib::Server> http_;
    std::thread listenThread_;
    int port_ = 0;
};

}  // namespace pieslicer
