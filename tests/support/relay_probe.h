#pragma once
// Times the link relay alone: a raw TCP sink behind a LinkEmulator, no HTTP, no codec.
// Used by test_link_emulation and bench_link.
#include <chrono>
#include <cstddef>
#include <future>

#include "net/link_emulator.h"

namespace pieslicer::test {

// Listens on 127.0.0.1, an ephemeral port. For each connection: answers one byte to the
// client's first byte (so the path is open), then reports when the last of `bytes` more
// arrived.
class Sink {
  public:
    Sink();
    ~Sink();
    Sink(const Sink&) = delete;
    Sink& operator=(const Sink&) = delete;
    int port() const { return port_; }
    std::future<SteadyClock::time_point> receive(std::size_t bytes);

  private:
    int fd_ = -1;
    int port_ = 0;
};

// Opens a connection through the relay (paying its handshake), starts an upload (TCP's
// window restarts, as for a photo), sends `bytes` as fast as the relay takes them and
// returns ms from the first byte written to the last at the sink; -1 if it cannot connect.
double relayDeliveryMs(LinkEmulator& relay, Sink& sink, std::size_t bytes);

}  // namespace pieslicer::test
