#include "net/bottleneck.h"

#include <algorithm>
#include <cmath>

#include "net/delivery_trace.h"

namespace pieslicer {

void Bottleneck::setRate(double bitsPerSecond) {
    bitsPerSecond_ = bitsPerSecond;
    trace_.reset();
}

void Bottleneck::setTrace(std::shared_ptr<const DeliveryTrace> trace, Micros epoch) {
    trace_ = std::move(trace);
    epoch_ = epoch;
    opportunity_ = -1;
    creditLeft_ = 0;
}

Bottleneck::Micros Bottleneck::depart(Micros arrival, std::size_t bytes) {
    const Micros at = trace_ ? departOnTrace(arrival, bytes) : departAtRate(arrival, bytes);
    waiting_.emplace_back(at, bytes);
    waitingBytes_ += bytes;
    return at;
}

Bottleneck::Micros Bottleneck::departAtRate(Micros arrival, std::size_t bytes) {
    const double serialisationUs = bitsPerSecond_ > 0 ? double(bytes) * 8e6 / bitsPerSecond_ : 0;
    linkFreeAtUs_ = std::max(linkFreeAtUs_, double(arrival.count())) + serialisationUs;
    return Micros(static_cast<long long>(std::ceil(linkFreeAtUs_)));
}

Bottleneck::Micros Bottleneck::departOnTrace(Micros arrival, std::size_t bytes) {
    const DeliveryTrace& t = *trace_;
    // The first whole millisecond at or after the arrival, in trace time.
    const auto sinceEpoch = (arrival - epoch_).count();
    const int64_t arrivalMs = sinceEpoch <= 0 ? 0 : (sinceEpoch + 999) / 1000;
    // What the last opportunity left can carry this packet's first bytes, if it is not past.
    if (creditLeft_ == 0 || opportunity_ < 0 || t.opportunityMs(opportunity_) < arrivalMs) {
        opportunity_ = std::max(t.firstOpportunityAtOrAfter(arrivalMs), opportunity_ + 1);
        creditLeft_ = DeliveryTrace::kBytesPerOpportunity;
    }
    std::size_t need = bytes;
    while (true) {
        const std::size_t used = std::min(need, creditLeft_);
        need -= used;
        creditLeft_ -= used;
        if (need == 0) break;
        ++opportunity_;
        creditLeft_ = DeliveryTrace::kBytesPerOpportunity;
    }
    return epoch_ + Micros(t.opportunityMs(opportunity_) * 1000);
}

std::size_t Bottleneck::backlogBytes(Micros now) {
    while (!waiting_.empty() && waiting_.front().first <= now) {
        waitingBytes_ -= waiting_.front().second;
        waiting_.pop_front();
    }
    return waitingBytes_;
}

Bottleneck::Micros Bottleneck::whenBacklogBelow(std::size_t bytes, Micros now) {
    std::size_t left = backlogBytes(now);
    if (left < bytes) return now;
    for (const auto& [at, size] : waiting_) {
        left -= size;
        if (left < bytes) return at;
    }
    return now;
}

}  // namespace pieslicer
