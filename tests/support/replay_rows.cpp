#include "support/replay_rows.h"

#include <QtGlobal>

#include "net/path_model.h"
#include "run/strategy_rows.h"

namespace pieslicer::test {

LinkShape idealLink(double mbps, double rttMs) {
    LinkShape l;
    l.uplinkBitsPerSecond = bitsPerSecondFromMbps(mbps);
    l.rttMs = rttMs;
    return l;
}

double modelledUploadMs(double bytes, const LinkShape& link) {
    return modelledDeliveryMs(PathModel(PathParams::uplinkOf(link, {})), {}, std::size_t(bytes));
}

RequestRecord measuredOrder(const std::string& image, Placement order, double origBytes,
                            double deviceMs, double k) {
    constexpr double kClientMs = 1.5;  // the client's own overhead around the request
    RequestRecord r;
    r.image_name_orig = image;
    r.format = "jpeg";
    r.orig_size = origBytes;
    r.orig_dims_x = 4000;
    r.orig_dims_y = 3000;
    r.uplink_mbps = 8;
    r.rtt_ms = 40;
    r.device_slowdown = k;
    r.device_mode = k > 1 ? "scaled" : "this-machine";
    r.device = k > 1 ? "device (scaled: this machine x 2)" : "this machine";
    r.preprocess_location = locationName(order);
    r.sent_size = order == Placement::Device ? 30000 : origBytes;
    r.bytes_sent = r.sent_size + 700;
    r.time_local_preprocess = order == Placement::Device ? deviceMs : 0;
    r.link_modelled_ms = modelledUploadMs(r.bytes_sent, idealLink(8, 40));
    r.time_remote_post_network = kReplayPostNetworkMs;
    r.time_remote_inference = kReplayInferenceMs;
    r.time_local_remote = r.link_modelled_ms + kReplayPostNetworkMs + 40.0 / 2 + kClientMs;
    r.preexecution_time = r.time_local_preprocess + r.time_local_remote - kReplayInferenceMs;
    r.time_total = r.time_local_preprocess + r.time_local_remote;
    return r;
}

std::vector<RequestRecord> pairedRun(const std::string& image, double origBytes, double deviceMs,
                                     double k) {
    RequestRecord device = measuredOrder(image, Placement::Device, origBytes, deviceMs, k);
    RequestRecord cloud = measuredOrder(image, Placement::Cloud, origBytes, deviceMs, k);
    device.strategy = "static-device";
    cloud.strategy = "static-cloud";
    RequestRecord oracle = fasterOrder(device, cloud);
    oracle.strategy = "oracle";
    return {device, cloud, oracle};
}

const RequestRecord& rowOf(const std::vector<RequestRecord>& rows, const std::string& strategy,
                           const std::string& image) {
    for (const auto& r : rows)
        if (r.strategy == strategy && r.image_name_orig == image) return r;
    qFatal("no row of %s for %s", strategy.c_str(), image.c_str());
}

}  // namespace pieslicer::test
