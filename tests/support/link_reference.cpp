#include "support/link_reference.h"

namespace pieslicer::test {

double idealDeliveryMs(double bytes, double mbps, double rttMs) {
    return bytes * 8.0 / (mbps * 1e6) * 1000.0 + rttMs / 2;
}

double slowStartReferenceMs(double bytes, double mbps, double rttMs) {
    const double mss = 1448, segMs = mss * 8.0 / (mbps * 1e6) * 1000.0;
    double remaining = bytes, t = 0, cwnd = 10;
    while (true) {
        if (remaining <= cwnd * mss || cwnd * segMs >= rttMs + segMs)
            return t + idealDeliveryMs(remaining, mbps, rttMs);
        remaining -= cwnd * mss;
        t += rttMs + segMs;
        cwnd *= 2;
    }
}

}  // namespace pieslicer::test
