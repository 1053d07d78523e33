#include "run/measured_under.h"

#include <cstdio>

namespace pieslicer {
namespace {

// "a", "a or b", "3 devices (a, b, c)": short when several differ.
std::string listed(const std::set<std::string>& items, const char* plural) {
    std::string all;
    for (const auto& i : items) all += (all.empty() ? "" : ", ") + i;
    if (items.size() <= 1) return all;
    return std::to_string(items.size()) + " " + plural + " (" + all + ")";
}

}  // namespace

std::string linkConditionOf(const RequestRecord& r) {
    char rtt[48];
    std::snprintf(rtt, sizeof rtt, "%g ms RTT", r.rtt_ms);
    if (!r.uplink_trace.empty()) return "trace " + r.uplink_trace + ", " + rtt;
    char rate[48];
    std::snprintf(rate, sizeof rate, "%g Mbit/s", r.uplink_mbps);
    return std::string(rate) + ", " + rtt;
}

void addConditions(MeasuredUnder& under, const RequestRecord& r) {
    under.devices.insert(r.device);
    under.links.insert(linkConditionOf(r));
    under.tcpModels.insert(r.tcp_model);
}

std::string conditionsMismatch(const MeasuredUnder& under, const RequestRecord& current) {
    if (under.empty()) return {};
    const bool sameDevice = under.devices == std::set<std::string>{current.device};
    const bool sameLink = under.links == std::set<std::string>{linkConditionOf(current)};
    const bool sameTcp = under.tcpModels == std::set<std::string>{current.tcp_model};
    if (sameDevice && sameLink && sameTcp) return {};
    std::string text = "records measured on " + listed(under.devices, "devices") + ", " +
                       listed(under.links, "links") + ", " + listed(under.tcpModels, "TCP models") +
                       " TCP; now set:";
    if (!sameDevice) text += " " + current.device + ",";
    if (!sameLink) text += " " + linkConditionOf(current) + ",";
    if (!sameTcp) text += " " + current.tcp_model + " TCP,";
    text.pop_back();
    return text;
}

}  // namespace pieslicer
