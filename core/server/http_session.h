#pragma once
// One client connection of the endpoint, driven by the event loop: read a request head
// under a deadline, judge it, read the body at a minimum rate, hand uploads to the
// workers, write the answers in request order (pipelining), and close the connection
// after any refusal so an unread body is never parsed as a request.
// clang-format off
#include "server/beast_config.h"  // first: before any Boost header
// clang-format on
#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <memory>

#include "server/connection_registry.h"
#include "server/endpoint_server.h"
#include "server/upload_workers.h"

namespace pieslicer {

// What every connection of one endpoint shares.
struct ServerContext {
    ServerContext(EndpointConfig c)
        : config(std::move(c)),
          registry(config.maxConnections, config.maxConnectionsPerClient,
                   config.minBodyBytesPerSec) {}
    EndpointConfig config;
    ConnectionRegistry registry;
    std::unique_ptr<UploadWorkers> workers;
    std::atomic<bool> stopping{false};
};

// Takes an accepted socket: admits it (closing a victim if a limit is reached, see
// ConnectionRegistry) and serves it, or answers 503 and closes when every connection is busy.
void serveConnection(boost::asio::ip::tcp::socket socket, std::shared_ptr<ServerContext> context);

}  // namespace pieslicer
