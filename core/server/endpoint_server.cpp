#include "server/endpoint_server.h"

// clang-format off
#include "server/beast_config.h"  // first: before any Boost header
// clang-format on
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <cmath>
#include <system_error>
#include <thread>

#include "server/http_session.h"
#include "util/clock.h"

namespace pieslicer {

namespace net = boost::asio;
using tcp = net::ip::tcp;

struct EndpointServer::Running {
    explicit Running(const EndpointConfig& config)
        : io(std::max(1, config.ioThreads)),
          work(net::make_work_guard(io)),
          acceptor(io),
          retryTimer(io),
          context(std::make_shared<ServerContext>(config)) {}

    void accept() {
        acceptor.async_accept(net::make_strand(io),
                              [this](boost::system::error_code ec, tcp::socket socket) {
                                  if (ec == net::error::operation_aborted || !acceptor.is_open())
                                      return;
                                  if (ec) {
                                      // Out of descriptors (EMFILE) or memory: try again shortly
                                      // instead of spinning.
                                      retryTimer.expires_after(std::chrono::milliseconds(50));
                                      retryTimer.async_wait([this](boost::system::error_code e) {
                                          if (!e) accept();
                                      });
                                      return;
                                  }
                                  serveConnection(std::move(socket), context);
                                  accept();
                              });
    }

    net::io_context io;
    net::executor_work_guard<net::io_context::executor_type> work;
    tcp::acceptor acceptor;
    net::steady_timer retryTimer;
    std::shared_ptr<ServerContext> context;
    std::vector<std::thread> threads;
};

Expected<bool> validateEndpointConfig(const EndpointConfig& c) {
    auto within = [](double v, double lo, double hi) {
        return std::isfinite(v) && v >= lo && v <= hi;
    };
    if (c.port < 0 || c.port > 65535) return fail("port must be 0 to 65535");
    if (!within(c.threads, 1, 256)) return fail("threads must be 1 to 256");
    if (!within(c.ioThreads, 1, 64)) return fail("io threads must be 1 to 64");
    if (!within(c.queueLimit, 0, 100000)) return fail("queue must be 0 to 100000");
    if (!within(c.queueWaitMs, 1, 600000)) return fail("queue wait must be 1 ms to 10 min");
    if (!within(double(c.maxConnections), 1, 1e6))
        return fail("max connections must be 1 to 1000000");
    if (!within(double(c.maxConnectionsPerClient), 1, 1e6))
        return fail("max connections per client must be 1 to 1000000");
    if (!within(double(c.maxBodyBytes), 1024, 4096.0 * (1 << 20)))
        return fail("max body must be 1 KB to 4096 MB");
    if (!within(double(c.maxHeaderBytes), 1024, 1 << 20))
        return fail("max header bytes must be 1 KB to 1 MB");
    if (!within(double(c.maxHeaderCount), 8, 10000))
        return fail("max header count must be 8 to 10000");
    if (!within(c.headTimeoutMs, 100, 600000)) return fail("head timeout must be 0.1 s to 10 min");
    if (!within(c.bodyIdleMs, 100, 600000))
        return fail("body idle timeout must be 0.1 s to 10 min");
    if (!within(c.minBodyBytesPerSec, 1, 1e10)) return fail("minimum body rate must be positive");
    if (!within(double(c.decodeMemoryBytes), 1 << 20, 1e13))
        return fail("decode memory must be at least 1 MB");
    if (!within(c.upload.limits.maxMegapixels, 0.001, 1000))
        return fail("max megapixels must be a number from 0.001 to 1000");
    if (!within(c.upload.limits.maxSide, 1, 65535)) return fail("max side must be 1 to 65535");
    if (!within(c.upload.limits.maxJpegScans, 1, 10000))
        return fail("max JPEG scans must be 1 to 10000");
    if (!within(c.upload.cpuBudgetMs, 1, 3.6e6)) return fail("CPU budget must be 1 ms to 1 h");
    return true;
}

EndpointServer::EndpointServer(EndpointConfig config) : config_(std::move(config)) {}

EndpointServer::~EndpointServer() { stop(); }

std::string EndpointServer::url() const {
    return "http://" + config_.host + ":" + std::to_string(port_);
}

Expected<int> EndpointServer::start() {
    if (running_) return fail("endpoint already started");
    if (auto valid = validateEndpointConfig(config_); !valid) return fail(valid.error());
    auto running = std::make_unique<Running>(config_);
    WorkerLimits limits{config_.threads, config_.queueLimit,
                        std::chrono::milliseconds(config_.queueWaitMs), config_.decodeMemoryBytes};
    auto workers = UploadWorkers::start(limits, config_.upload);
    if (!workers) return fail(workers.error());
    running->context->workers = std::move(workers.value());

    boost::system::error_code ec;
    const auto address =
        net::ip::make_address(config_.host == "localhost" ? "127.0.0.1" : config_.host, ec);
    if (ec) return fail("cannot bind " + config_.host + ": not an IP address");
    const tcp::endpoint at(address, static_cast<unsigned short>(config_.port));
    auto& acceptor = running->acceptor;
    acceptor.open(at.protocol(), ec);
    if (!ec) acceptor.set_option(net::socket_base::reuse_address(true), ec);
    if (!ec) acceptor.bind(at, ec);
    // A wide backlog: a burst of new connections beyond it has its SYNs dropped and
    // retried by TCP a second later (seen as 2 s p99s under load with a backlog of 5).
    if (!ec) acceptor.listen(int(std::min<std::size_t>(config_.maxConnections, 4096)), ec);
    if (ec)
        return fail("cannot bind " + config_.host + ":" + std::to_string(config_.port) + ": " +
                    ec.message());
    port_ = acceptor.local_endpoint().port();
    running->accept();
    try {
        for (int i = 0; i < std::max(1, config_.ioThreads); ++i)
            running->threads.emplace_back([r = running.get()] { r->io.run(); });
    } catch (const std::system_error& e) {
        running->io.stop();
        for (auto& t : running->threads) t.join();
        return fail(std::string("cannot start the endpoint's threads: ") + e.what());
    }
    running_ = std::move(running);
    return port_;
}

void EndpointServer::stop() {
    if (!running_) return;
    auto& r = *running_;
    auto& context = *r.context;
    context.stopping = true;
    net::post(r.io, [&r] {
        boost::system::error_code ignored;
        r.acceptor.close(ignored);
    });
    // Idle connections and drip-fed heads go now; the rest may finish within the grace.
    for (auto& close : context.registry.closers(true)) close();
    const auto graceEnd =
        SteadyClock::now() + std::chrono::milliseconds(std::max(0, config_.stopGraceMs));
    while (context.registry.size() > 0 && SteadyClock::now() < graceEnd) sleepMs(10);
    for (auto& close : context.registry.closers(false)) close();
    context.workers->stop();  // what is still queued gets 503; running work is joined
    const auto closeEnd = SteadyClock::now() + std::chrono::seconds(1);
    while (context.registry.size() > 0 && SteadyClock::now() < closeEnd) sleepMs(10);
    r.work.reset();
    r.io.stop();
    for (auto& t : r.threads) t.join();
    running_.reset();
}

}  // namespace pieslicer
