#include "run/retime.h"

#include <algorithm>

#include "net/delivery_trace.h"
#include "net/path_model.h"
#include "net/transfer_time.h"

namespace pieslicer {
namespace {

using Micros = std::chrono::microseconds;

Micros micros(double ms) { return Micros(static_cast<long long>(ms * 1000.0)); }

// Bytes the upload put on the link: request line, headers and body as curl counted them;
// for records without the count, the body plus the cost model's usual framing.
double wireBytes(const RequestRecord& r) {
    constexpr double kFramingBytes = 800;  // CostProfile::wireOverheadBytes' default
    return r.bytes_sent > 0 ? r.bytes_sent : r.sent_size + kFramingBytes;
}

// The link model's time for the upload on `link`, started at `startMs` of a trace's time.
double modelledUploadMs(double bytes, const LinkShape& link, bool newConnection, double startMs) {
    PathModel model(PathParams::uplinkOf(link, Micros(0)));
    const Micros start = micros(startMs);
    if (newConnection) model.holdUntil(start + micros(link.rttMs));
    return modelledDeliveryMs(model, start, std::size_t(bytes));
}

}  // namespace

double recordedUploadMs(const RequestRecord& r) {
    // The measured arrival (the endpoint's clock brought to the client's by the ping's
    // offset): a relay that ran late on a loaded machine is then not read as server time.
    const double arrived = r.server_last_byte_after - r.network_offset;
    if (r.server_last_byte_after > 0 && arrived > 0 && arrived < r.time_local_remote)
        return arrived;
    if (r.link_modelled_ms > 0) return r.link_modelled_ms;
    const TcpModel tcp = parseTcpModel(r.tcp_model).value_or(TcpModel::Ideal);
    return uploadDeliveryMs(wireBytes(r), bitsPerSecondFromMbps(r.uplink_mbps), r.rtt_ms, tcp) +
           (r.new_connection ? r.rtt_ms : 0);
}

RequestRecord retimeMeasurement(const RequestRecord& measured, const RetimeTarget& target,
                                double startMs) {
    RequestRecord r = measured;
    const LinkShape& link = target.link;
    r.uplink_mbps = mbpsFromBitsPerSecond(link.meanUplinkBitsPerSecond());
    r.rtt_ms = link.rttMs;
    r.tcp_model = tcpModelName(link.tcp);
    r.warm_connection = 0;
    r.uplink_trace = link.uplinkTrace ? link.uplinkTrace->name() : "";
    r.device_slowdown = target.deviceSlowdown;
    if (!target.deviceLabel.empty()) r.device = target.deviceLabel;
    if (!r.ok()) return r;

    if (r.preprocess_location == locationName(Placement::Device))
        r.time_local_preprocess = measured.time_local_preprocess * target.deviceRatio;
    const double oldUpload = recordedUploadMs(measured);
    const double newUpload = modelledUploadMs(
        wireBytes(measured), link, measured.new_connection != 0, startMs + r.time_local_preprocess);
    // Everything after the last byte (the endpoint's work, the answer's half round trip back
    // and the client's own overhead) as measured; the way back takes the new half RTT.
    r.time_local_remote = std::max(newUpload, measured.time_local_remote - oldUpload + newUpload +
                                                  (link.rttMs - measured.rtt_ms) / 2);
    r.transfer_time_real = r.time_local_remote - r.time_remote_post_network;
    r.preexecution_time = r.time_local_preprocess + r.time_local_remote - r.time_remote_inference;
    r.time_total = r.time_local_preprocess + r.time_local_remote;
    r.preexecution_time_other = 0;
    // The model is now the only witness of the upload: no arrival was measured against it.
    r.link_modelled_ms = newUpload;
    r.link_error_pct = 0;
    r.server_last_byte_after = 0;
    const double uploadFrom = startMs + r.time_local_preprocess;
    r.link_rate_mbps = mbpsFromBitsPerSecond(
        link.uplinkTrace ? link.uplinkTrace->bitsPerSecondOver(uploadFrom, uploadFrom + newUpload)
                         : link.uplinkBitsPerSecond);
    return r;
}

}  // namespace pieslicer
