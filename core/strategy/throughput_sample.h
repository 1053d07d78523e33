#pragma once
// A throughput sample from one finished request, as the phone itself can measure it: the
// bytes it sent and its own wall time for the transfer, with the parts the rate does not
// explain (connection set-up, propagation, slow start's round trips, the reply) removed.
#include "domain/link_shape.h"

namespace pieslicer {

struct RequestRecord;

// Shaka Player's floor: below this an upload is mostly latency and says little of a rate.
constexpr double kMinThroughputSampleBytes = 16000;
// The shortest time on the wire a sample is believed to resolve: the phone's timers and the
// endpoint's own scheduling move a transfer time by a few ms.
constexpr double kMinSerialisationMs = 10;

// The uplink rate, bit/s, at which the cost model's link formula (uploadDeliveryMs + RTT/2
// + extraMs) gives exactly the record's measured transfer time; 0 when the record says
// nothing about the rate (failed, or fewer than kMinThroughputSampleBytes sent). A transfer
// faster than the set-up alone explains, or than kMinSerialisationMs on the wire, gives
// bytes / kMinSerialisationMs: "at least this fast", the most the sample can tell.
// `rttMs`, `tcp` and `extraMs` are what the prediction assumed (the phone's own view).
double uploadThroughputSample(const RequestRecord& r, double rttMs, TcpModel tcp, double extraMs);

}  // namespace pieslicer
