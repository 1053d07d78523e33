#include "run/measurement.h"

#include <algorithm>
#include <ctime>

#include "image/content_probe.h"
#include "image/image_files.h"
#include "net/delivery_trace.h"
#include "util/clock.h"
#include "util/least_cpu_run.h"

namespace pieslicer {
namespace {

std::string isoNowUtc() {
    const std::time_t t = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

double num(const nlohmann::json& j, const char* key) {
    const auto it = j.find(key);
    return it != j.end() && it->is_number() ? it->get<double>() : 0.0;
}

std::string str(const nlohmann::json& j, const char* key) {
    const auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

void setError(RequestRecord& r, const std::string& message) {
    r.status = "error";
    r.error = message;
}

// Copies the endpoint's answer into the record's time_remote_* columns.
void fillRemote(const UploadResult& u, RequestRecord& r) {
    const auto& j = u.body;
    r.http_status = u.httpStatus;
    r.attempts = u.attempts;
    r.time_local_remote = u.wallMs;
    r.curl_connect = u.connectMs;
    r.new_connection = u.connectionReused ? 0 : 1;
    r.curl_pretransfer = u.pretransferMs;
    r.curl_starttransfer = u.startTransferMs;
    r.bytes_sent = double(u.bytesSent);
    if (u.httpStatus != 200) {
        setError(r, "endpoint answered HTTP " + std::to_string(u.httpStatus) + ": " +
                        (str(j, "error").empty() ? "no reason given" : str(j, "error")));
        return;
    }
    r.time_remote_routing = num(j, "routing_time");
    r.time_remote_save = num(j, "save_time");
    r.time_remote_network = num(j, "network_time");
    r.time_remote_transfer = num(j, "transfer_time");
    r.time_remote_pieslicer = num(j, "pieslicer_time");
    r.time_remote_load = num(j, "load_time");
    r.time_remote_general_resize = num(j, "general_resize_time");
    r.time_remote_specific_resize = num(j, "specific_resize_time");
    r.time_remote_convert = num(j, "convert_time");
    r.time_remote_post_network = num(j, "post_network_time");
    r.time_remote_inference = num(j, "inference_time");
    r.time_remote_total = num(j, "total_time");
    r.time_budget = num(j, "time_budget");
    r.model_name = str(j, "model");
    r.model_accuracy = num(j, "accuracy");
    r.model_weights = str(j, "model_weights");
    r.inference_result = str(j, "result");
    r.preprocess_location_real = str(j, "upload_placement");
    const double lastByte = num(j, "server_last_byte_unix_ms");
    if (lastByte > 0) r.server_last_byte_after = lastByte - u.startUnixMs;
    r.link_modelled_ms = u.modelledLastByteMs;
    r.link_rate_mbps = mbpsFromBitsPerSecond(u.linkBitsPerSecond);
    if (lastByte > 0 && u.modelledLastByteMs > 0)
        r.link_error_pct =
            100.0 * (r.server_last_byte_after - u.modelledLastByteMs) / u.modelledLastByteMs;
    r.transfer_time_real = r.time_local_remote - r.time_remote_post_network;
}

}  // namespace

ImageFeatures LoadedImage::features() const {
    ImageFeatures f;
    f.bytes = double(bytes.size());
    f.width = info.width;
    f.height = info.height;
    f.format = info.format;
    f.progressive = info.progressive;
    f.alpha = info.hasAlpha();
    f.quantStep = info.jpegQuantStep;
    f.detail = detail;
    f.detailGrowth = detailGrowth;
    return f;
}

ImageFeatures LoadedImage::headerFeatures() const {
    ImageFeatures f = features();
    f.detail = 0;
    f.detailGrowth = 1;
    return f;
}

Expected<LoadedImage> loadImage(const std::filesystem::path& path, int probeRuns) {
    LoadedImage img;
    auto start = SteadyClock::now();
    auto bytes = readFileBytes(path);
    if (!bytes) return fail(bytes.error());
    img.bytes = std::move(bytes.value());
    img.readMs = msSince(start);
    start = SteadyClock::now();
    auto info = probeImage(img.bytes.data(), img.bytes.size());
    img.probeMs = msSince(start);
    if (!info) return fail(info.error());
    img.info = info.value();
    // How busy the picture is, for s': run for every image (records and calibration keep it),
    // charged to the device only for strategies that decide on it (strategyRow). A file it
    // cannot decode is left to the measurement to report.
    // Its cost: the run of least CPU time (EmulatedDevice::stageRuns; the answer is the same).
    auto content = leastCpuRun(
        probeRuns, [&] { return probeContent(img.bytes.data(), img.bytes.size(), img.info); });
    if (content) {
        img.contentProbe = content->output;
        img.detail = img.contentProbe.bitsPerPixel;
        img.detailGrowth = img.contentProbe.growth;
        img.probeMs += img.contentProbe.ms;
    }
    return img;
}

RequestRecord newRecord(const ImageJob& job, const MeasurementSettings& s, const LinkShape& link) {
    RequestRecord r;
    r.timestamp = isoNowUtc();
    r.image_name_orig = job.name;
    r.target = s.preprocess.target;
    r.quality = s.preprocess.jpegQuality;
    r.uplink_mbps = mbpsFromBitsPerSecond(link.meanUplinkBitsPerSecond());
    r.rtt_ms = link.rttMs;
    r.tcp_model = tcpModelName(link.tcp);
    r.warm_connection = link.tcp == TcpModel::Linux && link.warmConnection ? 1 : 0;
    r.uplink_trace = link.uplinkTrace ? link.uplinkTrace->name() : "";
    r.device = s.device.label();
    r.device_mode = emulationModeName(s.device.mode);
    r.device_slowdown = s.device.mode == EmulationMode::Scaled ? s.device.slowdown : 1.0;
    r.profile_device = s.profileDevice;
    r.sla_target = s.slaMs;
    return r;
}

void measurePlacement(EndpointClient& client, const LoadedImage& image, Placement placement,
                      double estimatedTransferMs, const MeasurementSettings& s, RequestRecord& r) {
    r.format = formatName(image.info.format);
    r.orig_size = double(image.bytes.size());
    r.orig_dims_x = image.info.width;
    r.orig_dims_y = image.info.height;
    r.orig_quant_step = image.info.jpegQuantStep;
    r.orig_progressive = image.info.progressive ? 1 : 0;
    r.orig_alpha = image.info.hasAlpha() ? 1 : 0;
    r.orig_detail = image.detail;
    r.orig_detail_growth = image.detailGrowth;
    r.image_dims = std::to_string(image.info.width) + "x" + std::to_string(image.info.height);
    r.time_local_read = image.readMs;
    r.time_local_preprocess_check = image.probeMs;
    r.preprocess_location = locationName(placement);

    UploadForm form;
    form.tSlaMs = s.slaMs;
    form.target = s.preprocess.target;
    form.route = s.route;
    std::vector<uint8_t> prepared;
    if (placement == Placement::Device) {
        const auto start = SteadyClock::now();
        // Scaled: the run of least CPU time of a few (EmulatedDevice::stageRuns).
        auto prep = leastCpuRun(s.device.stageRuns(), [&] {
            return preprocessOnDevice(image.bytes.data(), image.bytes.size(), s.preprocess);
        });
        if (!prep) return setError(r, "on-device preprocessing: " + prep.error());
        const auto& t = prep->output.timings;
        r.time_local_preprocess_load = t.decodeMs;
        r.time_local_preprocess_resize = t.resizeMs;
        r.time_local_preprocess_save = prep->output.encodeMs;
        r.decode_scale = t.scale;
        r.time_local_preprocess_host = prep->wallMs;
        const double charged =
            s.device.chargedPrepMs(s.device.hostMs(prep->wallMs, prep->cpuMs), image.features(),
                                   r.image_name_orig, r.repeat);
        const double elapsed = msSince(start);
        if (charged > elapsed) sleepMs(charged - elapsed);
        // Scaled and this machine: what the clock says (the sleep's overshoot included), but
        // never the extra runs of a scaled measurement (a small k may not cover them). The
        // paper model: its charge, even when this machine took longer (the record keeps both).
        r.time_local_preprocess = s.device.mode == EmulationMode::PaperModel ? charged
                                  : charged > elapsed                        ? msSince(start)
                                                      : std::max(charged, prep->wallMs);
        prepared = std::move(prep->output.jpeg);
        form.bytes = &prepared;
        form.filename = "preprocessed.jpg";
        r.image_name_sent = r.image_name_orig + " (" + std::to_string(s.preprocess.target) +
                            "px q" + std::to_string(s.preprocess.jpegQuality) + ")";
    } else {
        form.bytes = &image.bytes;
        form.filename = "original." + formatName(image.info.format);
        r.image_name_sent = r.image_name_orig;
    }
    r.sent_size = double(form.bytes->size());
    form.tDevicePrepMs = r.time_local_preprocess;
    form.estimatedTransferMs = estimatedTransferMs;

    auto uploaded = client.upload(form);
    if (!uploaded) return setError(r, uploaded.error());
    fillRemote(uploaded.value(), r);
    if (!r.ok()) return;
    r.preexecution_time = r.time_local_preprocess + r.time_local_remote - r.time_remote_inference;
    r.time_total = r.time_local_preprocess + r.time_local_remote;
}

}  // namespace pieslicer
