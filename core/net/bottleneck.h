#pragma once
// The link's bottleneck: a FIFO queue that lets packets out at a fixed rate, or at the
// delivery opportunities of a trace. It computes when each packet leaves (packets are
// handed to it in order, at non-decreasing times) and how many bytes wait in it.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <utility>

namespace pieslicer {

class DeliveryTrace;

class Bottleneck {
  public:
    using Micros = std::chrono::microseconds;

    // 0 bit/s: unlimited.
    void setRate(double bitsPerSecond);
    // Opportunity m of the trace happens at epoch + m ms.
    void setTrace(std::shared_ptr<const DeliveryTrace> trace, Micros epoch);

    // When a packet of `bytes` that reached the queue at `arrival` has left it.
    Micros depart(Micros arrival, std::size_t bytes);
    // Bytes that reached the queue and have not left it by `now`.
    std::size_t backlogBytes(Micros now);
    // When the backlog will be under `bytes` (now if it already is).
    Micros whenBacklogBelow(std::size_t bytes, Micros now);

  private:
    Micros departAtRate(Micros arrival, std::size_t bytes);
    Micros departOnTrace(Micros arrival, std::size_t bytes);

    double bitsPerSecond_ = 0;
    std::shared_ptr<const DeliveryTrace> trace_;
    Micros epoch_{0};
    double linkFreeAtUs_ = 0;     // fractional: per-packet rounding would add up over 20 MB
    int64_t opportunity_ = -1;    // the trace opportunity last used
    std::size_t creditLeft_ = 0;  // bytes it can still carry
    std::deque<std::pair<Micros, std::size_t>> waiting_;  // departure, bytes
    std::size_t waitingBytes_ = 0;
};

}  // namespace pieslicer
