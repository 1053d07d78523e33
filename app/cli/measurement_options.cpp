#include "cli/measurement_options.h"

#include <cstdlib>

#include "domain/model_input.h"
#include "net/delivery_trace.h"
#include "util/units.h"

namespace pieslicer::cli {

const char* const kMeasurementOptionNames[] = {"uplink",
                                               "rtt",
                                               "target",
                                               "quality",
                                               "sla",
                                               "device-slowdown",
                                               "tcp",
                                               "warm-connection",
                                               "queue",
                                               "uplink-trace",
                                               "downlink-trace",
                                               "emulate",
                                               "emulation",
                                               "residual-spread",
                                               "device-seed",
                                               "route",
                                               "models",
                                               nullptr};
const char* const kMeasurementFlagNames[] = {"warm-connection", nullptr};

std::set<std::string> withMeasurementFlags(std::set<std::string> own) {
    for (const char* const* n = kMeasurementFlagNames; *n; ++n) own.insert(*n);
    return own;
}

// --uplink-trace / --downlink-trace: a Mahimahi trace file, or nothing.
bool loadTrace(const Options& o, const char* name, std::shared_ptr<const DeliveryTrace>& out,
               std::string& error) {
    if (!o.has(name)) return true;
    auto trace = DeliveryTrace::load(o.get(name));
    if (!trace) {
        error = std::string("--") + name + ": " + trace.error();
        return false;
    }
    out = std::make_shared<const DeliveryTrace>(std::move(trace.value()));
    return true;
}

namespace {

constexpr std::size_t kMaxQueueBytes = std::size_t(1) << 30;

bool parseLinkModel(const Options& o, LinkShape& link, std::string& error) {
    const auto tcp = parseTcpModel(o.get("tcp", "ideal"));
    if (!tcp) {
        error = "--tcp must be ideal or linux";
        return false;
    }
    link.tcp = *tcp;
    link.warmConnection = o.has("warm-connection");
    if (link.warmConnection && link.tcp != TcpModel::Linux) {
        error = "--warm-connection needs --tcp linux (an ideal pipe has no window to keep)";
        return false;
    }
    const auto queue = parseQueueSize(o.get("queue", "0"));
    if (!queue || *queue > kMaxQueueBytes) {
        error = "--queue must be a size up to 1GB such as 0 (unlimited), 100pkt, 64KB or 1MB";
        return false;
    }
    link.queueBytes = *queue;
    return loadTrace(o, "uplink-trace", link.uplinkTrace, error) &&
           loadTrace(o, "downlink-trace", link.downlinkTrace, error);
}

// --emulate PHONE [--emulation scaled|paper-model] [--device-slowdown k], or an unnamed
// device k times slower (--device-slowdown alone), or this machine.
bool parseDevice(const Options& o, EmulatedDevice& device, std::string& error) {
    const double k = parseNumber(o.get("device-slowdown", "1")).value_or(0);
    if (!(k >= 1.0 && k <= 100.0)) {
        error = "--device-slowdown must be between 1 and 100";
        return false;
    }
    const auto mode = parseEmulationMode(o.get("emulation", "scaled"));
    if (!mode || *mode == EmulationMode::None) {
        error = "--emulation must be scaled or paper-model";
        return false;
    }
    if (!o.has("emulate")) {
        if (o.has("emulation") || o.has("residual-spread") || o.has("device-seed")) {
            error = "--emulation, --residual-spread and --device-seed need --emulate PHONE";
            return false;
        }
        device = scaledDevice(k);
        return true;
    }
    if (*mode == EmulationMode::PaperModel && o.has("device-slowdown")) {
        error =
            "--device-slowdown applies to --emulation scaled (a paper-model phone is "
            "charged the paper's f, not a multiple of this machine's)";
        return false;
    }
    auto phone = emulatedPhone(o.get("emulate"), *mode, o.has("device-slowdown") ? k : 0);
    if (!phone) {
        error = "--emulate: " + phone.error();
        return false;
    }
    device = phone.value();
    device.residualSpread = parseNumber(o.get("residual-spread", "0.1")).value_or(-1);
    if (!(device.residualSpread >= 0 && device.residualSpread <= 1)) {
        error = "--residual-spread must be between 0 and 1 (sd of log time)";
        return false;
    }
    int seed = 1;
    if (!parseInt(o.get("device-seed", "1"), 0, 1 << 30, seed)) {
        error = "--device-seed must be a non-negative integer";
        return false;
    }
    device.seed = std::uint64_t(seed);
    return true;
}

}  // namespace

bool parseInt(const std::string& text, int lo, int hi, int& out) {
    char* end = nullptr;
    const long v = std::strtol(text.c_str(), &end, 10);
    if (end == text.c_str() || *end || v < lo || v > hi) return false;
    out = int(v);
    return true;
}

bool parseMeasurementOptions(const Options& o, LinkShape& link, MeasurementSettings& m,
                             std::string& error) {
    const auto uplink = parseBitRate(o.get("uplink", "8mbit"));
    if (!uplink || *uplink < kMinUplinkBitsPerSecond || *uplink > kMaxUplinkBitsPerSecond) {
        error = "--uplink must be a rate from 1kbit to 10gbit, such as 8mbit or 500kbit";
        return false;
    }
    const auto rtt = parseDurationMs(o.get("rtt", "40ms"));
    if (!rtt || *rtt > kMaxRttMs) {
        error = "--rtt must be a duration from 0 to 10s, such as 40ms";
        return false;
    }
    link.uplinkBitsPerSecond = *uplink;
    link.rttMs = *rtt;
    if (!parseLinkModel(o, link, error)) return false;
    if (!parseInt(o.get("target", "331"), 1, 4096, m.preprocess.target) ||
        !isModelInputSide(m.preprocess.target)) {
        error = std::string("--target must be ") + kModelInputSidesText;
        return false;
    }
    if (!parseInt(o.get("quality", "90"), 1, 100, m.preprocess.jpegQuality)) {
        error = "--quality must be 1..100";
        return false;
    }
    const auto sla = parseDurationMs(o.get("sla", "1000"));
    if (!sla || *sla <= 0 || *sla > kMaxSlaMs) {
        error = "--sla must be a duration above 0 and up to 1 hour, in ms (e.g. 1000) or s";
        return false;
    }
    m.slaMs = *sla;
    const std::string route = o.get("route", "pieslicer");
    if (route != "pieslicer" && route != "modipick") {
        error = "--route must be pieslicer or modipick";
        return false;
    }
    m.route = route == "modipick" ? kModiPickRoute : kPieSlicerRoute;
    m.embeddedModels = o.get("models", "all");
    return parseDevice(o, m.device, error);
}

}  // namespace pieslicer::cli
