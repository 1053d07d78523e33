#pragma once
// Independent references for the link model's tests: written as a textbook computes them,
// not the way core/net/ does.
namespace pieslicer::test {

// An ideal pipe: serialisation at the rate, then half the RTT.
double idealDeliveryMs(double bytes, double mbps, double rttMs);

// Slow start drawn round by round (not per ACK as the model does): round k sends cwnd
// segments of 1448 B back to back, and the next round starts when the first of them is
// acknowledged, with twice the window (initial window 10). Once a window covers a round
// trip the link never idles again and the rest drains at the link rate.
double slowStartReferenceMs(double bytes, double mbps, double rttMs);

}  // namespace pieslicer::test
