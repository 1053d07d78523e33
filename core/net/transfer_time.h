#pragma once
// The path model's answer for one upload on an idle link, in closed form: what the cost
// model predicts transfers with, at a cost of nanoseconds (the event-driven PathModel gives
// the same times; test_path_model holds them together).
#include "domain/link_shape.h"

namespace pieslicer {

// When the last of `bytes` reaches the far end, ms after the sender starts writing on an
// open connection: bytes/rate + RTT/2, plus with Linux TCP the round trips slow start
// spends from its initial window before a window covers the pipe. 0 bit/s: unlimited.
double uploadDeliveryMs(double bytes, double bitsPerSecond, double rttMs, TcpModel tcp);

}  // namespace pieslicer
