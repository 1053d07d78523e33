#pragma once
// Named networks researchers reuse (PIESLICER.md): the paper's Wi-Fi links read off its
// transfer slopes, Chrome DevTools' throttling presets, and a fast LAN for quick runs. One
// table for the dashboard's preset menu and the CLI's sweep axes.
#include <string>
#include <vector>

#include "domain/link_shape.h"

namespace pieslicer {

struct NamedNetwork {
    std::string id;  // "campus-wifi"
    std::string label;
    double uplinkMbps;
    double rttMs;
    std::string note;
    // Real networks come with TCP's own dynamics (handshake, slow start, idle restart):
    // the named presets use Linux's; only the quick test LAN is an ideal pipe.
    TcpModel tcp = TcpModel::Linux;
};

// Paper presets: upload rate read off the transfer slope (8000 / a_g Mbit/s), RTT from its
// fixed cost b_g. Chrome presets: DevTools upload rate and added latency.
const std::vector<NamedNetwork>& namedNetworks();
// By id; null when none has it.
const NamedNetwork* findNamedNetwork(const std::string& id);
// "campus-wifi, campus-wifi-nexus5, ...", for error messages and help.
std::string namedNetworkIds();

}  // namespace pieslicer
