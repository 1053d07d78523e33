#include "run/sweep_grid.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <set>
#include <sstream>

#include "domain/request_record.h"
#include "net/delivery_trace.h"
#include "net/network_presets.h"
#include "util/units.h"

namespace pieslicer {
namespace {

std::string trimmed(const std::string& s) {
    const auto b = s.find_first_not_of(" \t");
    if (b == std::string::npos) return {};
    return s.substr(b, s.find_last_not_of(" \t") - b + 1);
}

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    return s;
}

// The items of a comma-separated list, trimmed; an error when empty or repeated.
Expected<std::vector<std::string>> items(const std::string& list, const char* what) {
    std::vector<std::string> out;
    std::set<std::string> seen;
    std::stringstream ss(list);
    for (std::string item; std::getline(ss, item, ',');) {
        item = trimmed(item);
        if (item.empty()) continue;
        if (!seen.insert(lower(item)).second)
            return fail(std::string(what) + ": '" + item + "' is listed twice");
        out.push_back(item);
    }
    if (out.empty()) return fail(std::string(what) + ": the list is empty");
    return out;
}

Expected<SweepUplink> uplinkFrom(const std::string& text) {
    SweepUplink u;
    u.name = text;
    if (const NamedNetwork* n = findNamedNetwork(lower(text))) {
        u.bitsPerSecond = bitsPerSecondFromMbps(n->uplinkMbps);
        u.ownRttMs = n->rttMs;
        return u;
    }
    if (auto rate = parseBitRate(text); rate && *rate > 0) {
        u.bitsPerSecond = *rate;
        return u;
    }
    std::error_code ec;
    if (std::filesystem::is_regular_file(text, ec)) {
        auto trace = DeliveryTrace::load(text);
        if (!trace) return fail("'" + text + "': " + trace.error());
        u.name = std::filesystem::path(text).filename().string();
        u.bitsPerSecond = trace->meanBitsPerSecond();
        u.trace = std::make_shared<const DeliveryTrace>(std::move(trace.value()));
        return u;
    }
    return fail("'" + text + "' is neither a rate (8mbit, 500kbit), a named network (" +
                namedNetworkIds() + ") nor a trace file");
}

Expected<SweepDevice> deviceFrom(const std::string& text) {
    SweepDevice d{text, {}};
    const std::string l = lower(text);
    if (l == "this machine" || l == "this-machine" || l == "host") return d;
    auto k = [](const std::string& s) -> std::optional<double> {
        if (s.size() < 2 || (s[0] != 'k' && s[0] != 'K')) return std::nullopt;
        char* end = nullptr;
        const double v = std::strtod(s.c_str() + 1, &end);
        if (*end || !(v >= 1 && v <= 100)) return std::nullopt;
        return v;
    };
    if (auto unnamed = k(l)) {
        d.device = scaledDevice(*unnamed);
        return d;
    }
    const auto colon = text.find(':');
    const std::string phone = trimmed(text.substr(0, colon));
    const std::string how =
        colon == std::string::npos ? "" : lower(trimmed(text.substr(colon + 1)));
    Expected<EmulatedDevice> made = fail("");
    if (how.empty() || how == "scaled")
        made = emulatedPhone(phone, EmulationMode::Scaled);
    else if (how == "paper" || how == "paper-model")
        made = emulatedPhone(phone, EmulationMode::PaperModel);
    else if (auto phoneK = k(how))
        made = emulatedPhone(phone, EmulationMode::Scaled, *phoneK);
    else
        return fail("'" + text + "': after ':' comes scaled, paper or kN (e.g. k6)");
    if (!made) return fail("'" + text + "': " + made.error());
    d.device = made.value();
    return d;
}

}  // namespace

namespace {

// Each item of the list through `parse`; the first bad one is the error.
template <typename T, typename Parse>
Expected<std::vector<T>> parseEach(const std::string& list, const char* what, Parse parse) {
    auto texts = items(list, what);
    if (!texts) return fail(texts.error());
    std::vector<T> out;
    for (const auto& t : texts.value()) {
        Expected<T> v = parse(t);
        if (!v) return fail(std::string(what) + ": " + v.error());
        out.push_back(std::move(v.value()));
    }
    return out;
}

Expected<SweepRtt> rttFrom(const std::string& text) {
    if (lower(text) == "auto") return SweepRtt{"auto", std::nullopt};
    const auto ms = parseDurationMs(text);
    if (!ms || *ms < 0) return fail("'" + text + "' is not a duration such as 40ms");
    return SweepRtt{text, *ms};
}

Expected<TcpModel> tcpFrom(const std::string& text) {
    const auto m = parseTcpModel(lower(text));
    if (!m) return fail("'" + text + "' is neither ideal nor linux");
    return *m;
}

}  // namespace

Expected<std::vector<SweepUplink>> parseSweepUplinks(const std::string& list) {
    return parseEach<SweepUplink>(list, "uplinks", uplinkFrom);
}

Expected<std::vector<SweepRtt>> parseSweepRtts(const std::string& list) {
    return parseEach<SweepRtt>(list, "RTTs", rttFrom);
}

Expected<std::vector<SweepDevice>> parseSweepDevices(const std::string& list) {
    auto out = parseEach<SweepDevice>(list, "devices", deviceFrom);
    if (!out) return out;
    // "Pixel 2" and "pixel2" are one device: one profile, one row of the heatmaps.
    std::set<std::string> labels;
    for (const auto& d : out.value())
        if (!labels.insert(d.device.label()).second)
            return fail("devices: '" + d.name + "' is " + d.device.label() + ", listed already");
    return out;
}

Expected<std::vector<TcpModel>> parseSweepTcps(const std::string& list) {
    return parseEach<TcpModel>(list, "TCP models", tcpFrom);
}

std::vector<SweepCell> sweepCells(const SweepGrid& grid, const LinkShape& base) {
    std::vector<SweepCell> cells;
    for (std::size_t d = 0; d < grid.devices.size(); ++d)
        for (std::size_t t = 0; t < grid.tcps.size(); ++t)
            for (std::size_t r = 0; r < grid.rtts.size(); ++r)
                for (std::size_t u = 0; u < grid.uplinks.size(); ++u) {
                    const SweepUplink& up = grid.uplinks[u];
                    const SweepRtt& rtt = grid.rtts[r];
                    SweepCell c;
                    c.uplink = u, c.rtt = r, c.device = d, c.tcp = t;
                    c.uplinkName = up.name;
                    c.link = base;
                    c.link.rttMs = rtt.ms ? *rtt.ms : up.ownRttMs.value_or(kDefaultSweepRttMs);
                    c.rttName = realFieldText(c.link.rttMs) + "ms";
                    c.deviceName = grid.devices[d].name;
                    c.tcpName = tcpModelName(grid.tcps[t]);
                    c.link.uplinkBitsPerSecond = up.bitsPerSecond;
                    c.link.uplinkTrace = up.trace;
                    c.link.tcp = grid.tcps[t];
                    if (c.link.tcp != TcpModel::Linux) c.link.warmConnection = false;
                    c.emulated = grid.devices[d].device;
                    // Resolved values, not the words typed: "pixel2" and "Pixel 2" resume alike.
                    c.key = "uplink=" + c.uplinkName + " rtt=" + c.rttName +
                            " device=" + c.emulated.label() + " tcp=" + c.tcpName;
                    cells.push_back(std::move(c));
                }
    return cells;
}

}  // namespace pieslicer
