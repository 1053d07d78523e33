#pragma once
// Linux's congestion window for one connection on a loss-free path, counted in segments
// as the kernel counts it: an initial window of 10, slow start adding one segment per
// segment acknowledged (so about doubling each round trip), and the restart after idle
// of tcp_slow_start_after_idle (the window halves for each RTO the sender was idle, down
// to the initial window). Not modelled: loss and recovery, ssthresh and CUBIC's
// congestion avoidance (no loss ever ends slow start here), delayed ACKs, the receive window.
#include <chrono>
#include <cstddef>

namespace pieslicer {

class TcpWindow {
  public:
    static constexpr std::size_t kMss = 1448;  // Ethernet MTU 1500 minus IP, TCP and timestamps
    static constexpr std::size_t kInitialSegments = 10;  // RFC 6928, Linux's default
    using Micros = std::chrono::microseconds;

    explicit TcpWindow(Micros rto) : rto_(rto) {}

    // Call before each send: applies the restart after idle.
    void beforeSend(Micros now);
    bool canSend() const { return inFlight_ < cwnd_; }
    void onSend(Micros now);
    void onAck();
    // Back to the initial window now, whatever the idle time (a new photo on a connection
    // that was idle for seconds: nothing is in flight any more).
    void restart();

    std::size_t cwndSegments() const { return cwnd_; }
    std::size_t inFlightSegments() const { return inFlight_; }
    void setRto(Micros rto) { rto_ = rto; }

  private:
    Micros rto_;
    std::size_t cwnd_ = kInitialSegments;
    std::size_t inFlight_ = 0;
    Micros lastSend_{0};
    bool sentAny_ = false;
};

// Linux's RTO on a path with a steady RTT: srtt + rttvar, where rttvar is at least
// tcp_rto_min (200 ms).
inline TcpWindow::Micros linuxRto(double rttMs) {
    return TcpWindow::Micros(static_cast<long long>((rttMs + 200.0) * 1000.0));
}

}  // namespace pieslicer
