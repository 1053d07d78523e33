#pragma once
// The cloud endpoint: an HTTP/1.1 server answering GET /ping and POST /pieslicer (alias
// /modipick) with the prototype's protocol, built to survive clients that are slow,
// malformed or hostile. Boost.Beast parses HTTP; an Asio event loop owns every socket, so a
// connection costs no thread; a fixed pool of workers decodes and infers. Usable embedded
// in the CLI and the dashboard or as pieslicer-server. README, "Endpoint", says why Beast.
#include <memory>
#include <string>

#include "server/upload_handler.h"
#include "util/expected.h"

namespace pieslicer {

struct EndpointConfig {
    std::string host = "127.0.0.1";
    int port = 0;             // 0: an ephemeral port
    int threads = 4;          // workers: uploads decoding or inferring at once
    int ioThreads = 1;        // event-loop threads: every socket read and write
    int queueLimit = 128;     // uploads waiting for a worker; beyond: 503
    int queueWaitMs = 30000;  // longest wait for a worker or decode memory; then 503
    // Open connections, and from one client address. At a limit the connection that has
    // waited longest for a request head is closed to make room (see ConnectionRegistry).
    std::size_t maxConnections = 1024;
    std::size_t maxConnectionsPerClient = 256;
    std::size_t maxBodyBytes = 20u << 20;
    std::size_t maxHeaderBytes = 16u << 10;  // request line and headers together; beyond: 431
    std::size_t maxHeaderCount = 100;
    // A request head must arrive whole within this of the connection opening or of the
    // previous answer (so it is also the keep-alive idle time).
    int headTimeoutMs = 10000;
    // A body must keep arriving: no gap over bodyIdleMs, and on average at least
    // minBodyBytesPerSec after a first bodyIdleMs of grace.
    int bodyIdleMs = 10000;
    double minBodyBytesPerSec = 16 * 1024;
    // Decode memory admitted at once over all workers, estimated from image headers.
    std::size_t decodeMemoryBytes = std::size_t(1) << 30;
    // On stop(): how long requests already being received or worked on may finish.
    int stopGraceMs = 3000;
    std::string bearerToken;  // when set, every request needs "Authorization: Bearer <token>"
    UploadSettings upload;
};

// Why the endpoint's settings cannot work, or nothing: every number positive and finite,
// within sane bounds.
Expected<bool> validateEndpointConfig(const EndpointConfig& config);

class EndpointServer {
  public:
    explicit EndpointServer(EndpointConfig config);
    ~EndpointServer();  // stops and joins
    EndpointServer(const EndpointServer&) = delete;
    EndpointServer& operator=(const EndpointServer&) = delete;

    // Binds and starts serving on background threads; returns the bound port.
    Expected<int> start();
    // Stops accepting, closes idle connections, lets requests in flight finish for at most
    // stopGraceMs, then closes everything and joins. Returns within about stopGraceMs + 1 s.
    void stop();

    int port() const { return port_; }
    std::string url() const;

  private:
    struct Running;
    EndpointConfig config_;
    std::unique_ptr<Running> running_;
    int port_ = 0;
};

}  // namespace pieslicer
