#include "net/network_presets.h"

namespace pieslicer {

const std::vector<NamedNetwork>& namedNetworks() {
    static const std::vector<NamedNetwork> presets = {
        {"campus-wifi", "Campus Wi-Fi (paper, Moto X)", 52.0, 93.0,
         "ICPE'21 campus Wi-Fi: g slope 153.7 ms/MB = 52 Mbit/s, fixed cost 93 ms"},
        {"campus-wifi-nexus5", "Campus Wi-Fi (paper, Nexus 5)", 20.5, 105.0,
         "ICPE'21 campus Wi-Fi: g slope 389.7 ms/MB = 20.5 Mbit/s, fixed cost 105 ms"},
        {"residential-wifi", "Residential Wi-Fi (paper, Moto X)", 7.4, 108.0,
         "ICPE'21 residential Wi-Fi: g slope 1086 ms/MB = 7.4 Mbit/s, fixed cost 108 ms"},
        {"residential-wifi-pixel2", "Residential Wi-Fi (paper, Pixel 2)", 5.2, 112.0,
         "ICPE'21 residential Wi-Fi: g slope 1529 ms/MB = 5.2 Mbit/s, fixed cost 112 ms"},
        {"slow-3g", "Chrome Slow 3G", 0.4, 2000.0, "Chrome DevTools: 400 kbit/s up, 2000 ms RTT"},
        {"slow-4g", "Chrome Slow 4G", 0.675, 562.5, "Chrome DevTools: 675 kbit/s up, 562.5 ms RTT"},
        {"fast-4g", "Chrome Fast 4G", 1.35, 165.0, "Chrome DevTools: 1.35 Mbit/s up, 165 ms RTT"},
        {"lan", "Fast LAN (tests)", 100.0, 2.0, "100 Mbit/s, 2 ms, ideal TCP: quick runs",
         TcpModel::Ideal},
    };
    return presets;
}

const NamedNetwork* findNamedNetwork(const std::string& id) {
    for (const auto& p : namedNetworks())
        if (p.id == id) return &p;
    return nullptr;
}

std::string namedNetworkIds() {
    std::string out;
    for (const auto& p : namedNetworks()) out += (out.empty() ? "" : ", ") + p.id;
    return out;
}

}  // namespace pieslicer
