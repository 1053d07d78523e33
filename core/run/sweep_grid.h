#pragma once
// The grid of a sweep: the conditions researchers cross (uplinks x RTTs x devices x TCP
// models), parsed from the lists people write ("2mbit,campus-wifi,step.trace",
// "40ms,100ms", "this machine,Pixel 2,Nexus 5:paper,k3", "ideal,linux"), and its cells.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "domain/link_shape.h"
#include "run/emulated_device.h"
#include "util/expected.h"

namespace pieslicer {

// One uplink of the grid: a fixed rate, a named network (net/network_presets.h) or a
// Mahimahi delivery trace file.
struct SweepUplink {
    std::string name;  // as written: "2mbit", "campus-wifi", "step-10x.trace"
    double bitsPerSecond = 0;
    std::shared_ptr<const DeliveryTrace> trace;  // set: the trace drives the uplink
    std::optional<double> ownRttMs;              // a named network's RTT
};

// One RTT of the grid; "auto" takes a named network's own RTT (else kDefaultSweepRttMs).
struct SweepRtt {
    std::string name;          // "40ms", "auto"
    std::optional<double> ms;  // empty: auto
};
inline constexpr double kDefaultSweepRttMs = 40;

struct SweepDevice {
    std::string name;  // as written: "Pixel 2", "Nexus 5:paper", "k3", "this machine"
    EmulatedDevice device;
};

struct SweepGrid {
    std::vector<SweepUplink> uplinks;
    std::vector<SweepRtt> rtts;
    std::vector<SweepDevice> devices;
    std::vector<TcpModel> tcps;
    std::size_t cellCount() const {
        return uplinks.size() * rtts.size() * devices.size() * tcps.size();
    }
};

// One cell: indices into the grid, its link and device, and its key (the records'
// sweep_cell column), from resolved values: "uplink=2mbit rtt=40ms device=Pixel 2 (scaled:
// this machine x 5.1) tcp=ideal". rttName is the RTT used ("93ms" for auto on campus-wifi).
struct SweepCell {
    std::size_t uplink = 0, rtt = 0, device = 0, tcp = 0;
    std::string key;
    std::string uplinkName, rttName, deviceName, tcpName;
    LinkShape link;
    EmulatedDevice emulated;
};

// Each parser takes a comma-separated list; an empty list, a bad or a repeated item is an
// error naming it.
// Rates ("2mbit", "500kbit"), named networks, or trace files (an existing file path).
Expected<std::vector<SweepUplink>> parseSweepUplinks(const std::string& list);
// Durations ("40ms", "0.1s") or "auto".
Expected<std::vector<SweepRtt>> parseSweepRtts(const std::string& list);
// "this machine" (or "host"); a paper phone, scaled by its own k ("Pixel 2"), by a given k
// ("Pixel 2:k6"), or charged the paper's model ("Pixel 2:paper"); an unnamed device k
// times slower than this machine ("k3").
Expected<std::vector<SweepDevice>> parseSweepDevices(const std::string& list);
// "ideal", "linux".
Expected<std::vector<TcpModel>> parseSweepTcps(const std::string& list);

// Every cell, devices outermost (a device's profile is made once, before its first cell),
// then TCP models, RTTs, uplinks. `base` gives what the grid does not vary (queue, warm
// connection, downlink).
std::vector<SweepCell> sweepCells(const SweepGrid& grid, const LinkShape& base);

}  // namespace pieslicer
