#include "cli/measurement_options.h"

#include <cstdlib>

#include "util/units.h"

namespace pieslicer::cli {

const char* const kMeasurementOptionNames[] = {
    "uplink", "rtt", "target", "quality", "sla", "device-slowdown", nullptr};

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
    if (!uplink || *uplink <= 0) {
        error = "--uplink must be a rate such as 8mbit or 500kbit";
        return false;
    }
    const auto rtt = parseDurationMs(o.get("rtt", "40ms"));
    if (!rtt) {
        error = "--rtt must be a duration such as 40ms";
        return false;
    }
    link.uplinkBitsPerSecond = *uplink;
    link.rttMs = *rtt;
    if (!parseInt(o.get("target", "331"), 1, 4096, m.preprocess.target) ||
        (m.preprocess.target != 224 && m.preprocess.target != 299 && m.preprocess.target != 331)) {
        error = "--target must be 224, 299 or 331";
        return false;
    }
    if (!parseInt(o.get("quality", "90"), 1, 100, m.preprocess.jpegQuality)) {
        error = "--quality must be 1..100";
        return false;
    }
    const auto sla = parseDurationMs(o.get("sla", "1000"));
    if (!sla) {
        error = "--sla must be a duration in ms";
        return false;
    }
    m.slaMs = *sla;
    m.deviceSlowdown = std::atof(o.get("device-slowdown", "1").c_str());
    if (!(m.deviceSlowdown >= 1.0 && m.deviceSlowdown <= 100.0)) {
        error = "--device-slowdown must be between 1 and 100";
        return false;
    }
    if (m.deviceSlowdown > 1.0) m.deviceName = "emulated (k=" + o.get("device-slowdown") + ")";
    return true;
}

}  // namespace pieslicer::cli
