#include "strategy/throughput_sample.h"

#include <cmath>

#include "domain/request_record.h"
#include "net/transfer_time.h"

namespace pieslicer {

double uploadThroughputSample(const RequestRecord& r, double rttMs, TcpModel tcp, double extraMs) {
    const double bytes = r.bytes_sent;
    if (!r.ok() || bytes < kMinThroughputSampleBytes || r.transfer_time_real <= 0) return 0;
    // transfer_time_real = the request's wall time minus the endpoint's work after the
    // upload. Of that, connection set-up (curl's pretransfer: ~0 on a reused connection)
    // and the reply's way back (half an RTT) precede or follow the upload; the endpoint's
    // fixed cost per request (extraMs, fitted at calibration) is no part of the link.
    // What is left is the upload until its last byte arrived: one-way delay, slow start's
    // round trips and the bytes at the rate. The closed form the prediction uses says the
    // same for a given rate, so the sample is the rate at which the prediction would have
    // been exact (slow start's rounds depend on the rate itself, hence no simple division).
    const double uploadMs = r.transfer_time_real - r.curl_pretransfer - rttMs / 2 - extraMs;
    const double cap = bytes * 8 / (kMinSerialisationMs / 1000);
    if (uploadMs <= uploadDeliveryMs(bytes, cap, rttMs, tcp)) return cap;
    // uploadDeliveryMs falls as the rate rises: bisect on a log scale, 1 kbit/s up to the cap.
    double lo = std::log(1e3), hi = std::log(cap);
    if (uploadMs >= uploadDeliveryMs(bytes, std::exp(lo), rttMs, tcp)) return std::exp(lo);
    for (int i = 0; i < 60; ++i) {
        const double mid = (lo + hi) / 2;
        if (uploadDeliveryMs(bytes, std::exp(mid), rttMs, tcp) > uploadMs)
            lo = mid;
        else
            hi = mid;
    }
    return std::exp((lo + hi) / 2);
}

}  // namespace pieslicer
