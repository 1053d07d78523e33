#pragma once
// One direction of an emulated link, in model time (microseconds from an origin the
// caller chooses): the sender (ideal, or Linux TCP's window), the bottleneck queue, then
// the propagation delay. It counts bytes and says when each segment arrives; the relay
// moves the real bytes on that schedule, and the same model, run on a virtual clock,
// says when an upload should arrive (what each record's link_error_pct compares with).
#include <chrono>
#include <cstddef>
#include <deque>
#include <limits>
#include <memory>
#include <vector>

#include "domain/link_shape.h"
#include "net/bottleneck.h"
#include "net/tcp_window.h"

namespace pieslicer {

struct PathParams {
    double bitsPerSecond = 0;  // 0: unlimited
    std::shared_ptr<const DeliveryTrace> trace;
    std::chrono::microseconds traceEpoch{0};
    std::chrono::microseconds oneWayDelay{0};  // also the delay of the ACKs coming back
    TcpModel tcp = TcpModel::Ideal;
    std::size_t queueBytes = 0;  // 0: unlimited

    // The uplink (or downlink) direction of a link shape.
    static PathParams uplinkOf(const LinkShape& shape, std::chrono::microseconds traceEpoch);
    static PathParams downlinkOf(const LinkShape& shape, std::chrono::microseconds traceEpoch);
};

class PathModel {
  public:
    using Micros = std::chrono::microseconds;
    static constexpr Micros kNever = Micros(std::numeric_limits<long long>::max());
    // Ideal senders cut the stream into Ethernet-sized packets, as Mahimahi's link does.
    static constexpr std::size_t kIdealPacketBytes = 1500;

    struct Segment {
        std::size_t bytes;
        Micros deliverAt;
    };

    explicit PathModel(const PathParams& params);

    // New rates, trace or delay apply to segments not yet sent.
    void setParams(const PathParams& params);
    // Nothing leaves before `t` (a new connection's handshake).
    void holdUntil(Micros t) { holdUntil_ = std::max(holdUntil_, t); }
    // TCP: back to the initial window, as a new upload after an idle spell finds it (the
    // ACKs of the last upload still due in model time are then long back).
    void restartWindow() {
        window_.restart();
        acks_.clear();
    }
    // The sending application wrote `bytes` more.
    void write(std::size_t bytes) { unsent_ += bytes; }

    // Moves the model to `now`: ACKs due by then grow the window (each at its own time),
    // and the segments the window and the queue allow are sent and appended to `out`.
    void advance(Micros now, std::vector<Segment>& out);
    // The next time advance() could send more (an ACK, a hold ending, the queue draining);
    // kNever when nothing waits for one.
    Micros nextWakeup();

    std::size_t unsentBytes() const { return unsent_; }
    // Written but not yet out of the bottleneck: what a sender's buffer and the queue hold.
    std::size_t heldBytes(Micros now) { return unsent_ + bottleneck_.backlogBytes(now); }
    // When heldBytes() will be under `bytes` by the bottleneck draining (kNever if that
    // needs the window to move first).
    Micros whenHeldBelow(std::size_t bytes, Micros now);
    const TcpWindow& window() const { return window_; }
    void setWindow(const TcpWindow& w) { window_ = w; }

  private:
    // Sends what may go at `t`; returns false when something unsent must wait.
    void sendAt(Micros t, std::vector<Segment>& out);
    std::size_t segmentBytes() const;

    PathParams params_;
    Bottleneck bottleneck_;
    TcpWindow window_;
    std::size_t unsent_ = 0;
    Micros holdUntil_{0};
    Micros lastDelivery_{0};
    std::deque<Micros> acks_;  // when each segment in flight is acknowledged
    bool blockedByQueue_ = false;
};

// When the last of `bytes`, written at `start` on a path in `model`'s state, arrives:
// ms after `start`. Runs the model on a virtual clock.
double modelledDeliveryMs(PathModel model, std::chrono::microseconds start, std::size_t bytes);

}  // namespace pieslicer
