#pragma once
// An emulated network link between a client and an endpoint: a loopback TCP relay that
// moves each direction's bytes on the schedule of a PathModel, the way Mahimahi's link
// shell does: the sender (ideal, or Linux TCP's window), a bottleneck queue served at the
// link rate or by a delivery trace, then the one-way delay. Bytes waiting out the delay
// are on the wire and never hold the sender back; only a full sender buffer does, as a
// socket buffer would. Shape changes apply to the next bytes sent.
#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "domain/link_shape.h"
#include "net/path_model.h"
#include "util/clock.h"
#include "util/expected.h"

namespace pieslicer {

class LinkEmulator {
  public:
    LinkEmulator(std::string upstreamHost, int upstreamPort);
    ~LinkEmulator();
    LinkEmulator(const LinkEmulator&) = delete;
    LinkEmulator& operator=(const LinkEmulator&) = delete;

    // Listens on 127.0.0.1, an ephemeral port; returns it.
    Expected<int> start();
    void stop();
    int port() const { return port_; }

    // A new trace starts from its beginning.
    void setShape(const LinkShape& shape);
    LinkShape shape() const;

    // A new upload is about to start: with TCP and no warm connection, every connection's
    // window restarts from the initial window (as after a phone's idle seconds).
    void beginUpload();

    // What the link model says for an upload of `bytes` starting at `start`: when its last
    // byte reaches the endpoint, ms after `start` (a new connection adds the handshake).
    double modelledUploadMs(std::size_t bytes, SteadyClock::time_point start,
                            bool newConnection) const;
    // The uplink's true rate over [from, to] (the trace's when there is one), bit/s.
    double uplinkBitsPerSecondOver(SteadyClock::time_point from, SteadyClock::time_point to) const;

  private:
    struct Connection;
    void acceptLoop();
    void pump(Connection& c, bool uplink);
    void reapFinished();
    std::chrono::microseconds sinceOrigin(SteadyClock::time_point t) const;

    std::string upstreamHost_;
    int upstreamPort_;
    int listenFd_ = -1;
    int port_ = 0;
    const SteadyClock::time_point origin_ = SteadyClock::now();
    std::atomic<bool> stopping_{false};

    mutable std::mutex shapeMutex_;
    LinkShape shape_;
    std::chrono::microseconds traceEpoch_{0};
    std::atomic<unsigned> shapeVersion_{0};
    std::atomic<unsigned> uploadsBegun_{0};
    TcpWindow lastUplinkWindow_{linuxRto(0)};  // of the last uplink to go idle

    std::thread acceptThread_;
    std::mutex connectionsMutex_;
    std::vector<std::unique_ptr<Connection>> connections_;
};

}  // namespace pieslicer
