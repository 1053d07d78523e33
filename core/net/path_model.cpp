#include "net/path_model.h"

#include <algorithm>

namespace pieslicer {
namespace {

std::chrono::microseconds halfRtt(const LinkShape& s) {
    return std::chrono::microseconds(static_cast<long long>(s.rttMs * 500.0));
}

}  // namespace

PathParams PathParams::uplinkOf(const LinkShape& s, std::chrono::microseconds traceEpoch) {
    return PathParams{s.uplinkBitsPerSecond, s.uplinkTrace, traceEpoch, halfRtt(s), s.tcp,
                      s.queueBytes};
}

PathParams PathParams::downlinkOf(const LinkShape& s, std::chrono::microseconds traceEpoch) {
    return PathParams{
        s.downlinkBitsPerSecond, s.downlinkTrace, traceEpoch, halfRtt(s), s.tcp, s.queueBytes};
}

PathModel::PathModel(const PathParams& params)
    : window_(linuxRto(2.0 * double(params.oneWayDelay.count()) / 1000.0)) {
    setParams(params);
}

void PathModel::setParams(const PathParams& p) {
    const bool traceChanged = p.trace != params_.trace || p.traceEpoch != params_.traceEpoch;
    params_ = p;
    if (p.trace) {
        if (traceChanged) bottleneck_.setTrace(p.trace, p.traceEpoch);
    } else {
        bottleneck_.setRate(p.bitsPerSecond);
    }
    window_.setRto(linuxRto(2.0 * double(p.oneWayDelay.count()) / 1000.0));
}

std::size_t PathModel::segmentBytes() const {
    return params_.tcp == TcpModel::Linux ? TcpWindow::kMss : kIdealPacketBytes;
}

void PathModel::sendAt(Micros t, std::vector<Segment>& out) {
    const bool tcp = params_.tcp == TcpModel::Linux;
    blockedByQueue_ = false;
    while (unsent_ > 0) {
        const std::size_t seg = std::min(unsent_, segmentBytes());
        if (tcp) {
            window_.beforeSend(t);
            if (!window_.canSend()) return;
        }
        if (params_.queueBytes > 0 && bottleneck_.backlogBytes(t) > 0 &&
            bottleneck_.backlogBytes(t) + seg > params_.queueBytes) {
            blockedByQueue_ = true;
            return;
        }
        // Kept in order even when a shape change shortens the delay mid-stream.
        const Micros deliverAt =
            std::max(lastDelivery_, bottleneck_.depart(t, seg) + params_.oneWayDelay);
        lastDelivery_ = deliverAt;
        out.push_back(Segment{seg, deliverAt});
        unsent_ -= seg;
        if (tcp) {
            window_.onSend(t);
            acks_.push_back(deliverAt + params_.oneWayDelay);
        }
    }
}

void PathModel::advance(Micros now, std::vector<Segment>& out) {
    // Each ACK opens the window at its own time, so a late call still sends on schedule.
    while (!acks_.empty() && acks_.front() <= now) {
        const Micros at = std::max(acks_.front(), holdUntil_);
        acks_.pop_front();
        window_.onAck();
        sendAt(at, out);
    }
    sendAt(std::max(now, holdUntil_), out);
}

PathModel::Micros PathModel::nextWakeup() {
    if (unsent_ == 0) return kNever;
    Micros next = kNever;
    if (!acks_.empty()) next = std::min(next, acks_.front());
    if (blockedByQueue_) {
        const std::size_t room =
            params_.queueBytes > segmentBytes() ? params_.queueBytes - segmentBytes() + 1 : 1;
        next = std::min(next, bottleneck_.whenBacklogBelow(room, Micros(0)));
    }
    return next;
}

PathModel::Micros PathModel::whenHeldBelow(std::size_t bytes, Micros now) {
    if (unsent_ >= bytes) return kNever;
    return bottleneck_.whenBacklogBelow(bytes - unsent_, now);
}

double modelledDeliveryMs(PathModel model, std::chrono::microseconds start, std::size_t bytes) {
    std::vector<PathModel::Segment> out;
    model.write(bytes);
    model.advance(start, out);
    while (model.unsentBytes() > 0) {
        const auto next = model.nextWakeup();
        if (next == PathModel::kNever) break;  // cannot happen on a path that delivers
        model.advance(std::max(next, start), out);
    }
    if (out.empty()) return 0;
    return double((out.back().deliverAt - start).count()) / 1000.0;
}

}  // namespace pieslicer
