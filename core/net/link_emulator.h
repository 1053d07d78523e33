#pragma once
// An emulated network link between a client and an endpoint: a loopback TCP relay that
// delivers each packet of the byte stream the way Mahimahi's link emulator does: it
// queues behind earlier packets at the link rate, then waits the one-way delay. The
// endpoint therefore receives the last byte no earlier than bytes/rate + RTT/2 after the
// client starts sending, for tiny and huge uploads alike, whatever the client library
// buffers. Shape changes apply to the next packet read.
#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "util/expected.h"

namespace pieslicer {

struct LinkShape {
    double uplinkBitsPerSecond = 0;    // 0: unlimited
    double downlinkBitsPerSecond = 0;  // 0: unlimited
    double rttMs = 0;                  // split evenly between the two directions
};

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

    void setShape(const LinkShape& shape);
    LinkShape shape() const;

  private:
    struct Connection;
    void acceptLoop();
    void pump(Connection& c, bool uplink);
    void reapFinished();

    std::string upstreamHost_;
    int upstreamPort_;
    int listenFd_ = -1;
    int port_ = 0;
    std::atomic<bool> stopping_{false};
    std::atomic<double> upBps_{0}, downBps_{0}, rttMs_{0};
    std::thread acceptThread_;
    std::mutex connectionsMutex_;
    std::vector<std::unique_ptr<Connection>> connections_;
};

}  // namespace pieslicer
