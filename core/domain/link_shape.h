#pragma once
// What an emulated link is: its rates (or delivery traces), its round trip, how TCP
// behaves on it, and how much its bottleneck queue holds. Units are in the names.
#include <cstddef>
#include <memory>
#include <optional>
#include <string>

namespace pieslicer {

class DeliveryTrace;

// The link computes in bit/s; people, records and the dashboard speak Mbit/s.
constexpr double bitsPerSecondFromMbps(double mbps) { return mbps * 1e6; }
constexpr double mbpsFromBitsPerSecond(double bitsPerSecond) { return bitsPerSecond / 1e6; }

// How the sender's bytes enter the link.
enum class TcpModel {
    Ideal,  // every byte the client writes enters the bottleneck at once: a full pipe
    Linux,  // Linux's defaults on a loss-free path: handshake, IW 10, slow start, idle restart
};
const char* tcpModelName(TcpModel m);  // "ideal", "linux"
std::optional<TcpModel> parseTcpModel(const std::string& text);

// A queue size in bytes from "0" (unlimited), "100pkt" (1500-byte packets), "64KB",
// "1MB", "65536".
std::optional<std::size_t> parseQueueSize(const std::string& text);

struct LinkShape {
    double uplinkBitsPerSecond = 0;    // 0: unlimited (ignored when uplinkTrace is set)
    double downlinkBitsPerSecond = 0;  // 0: unlimited (ignored when downlinkTrace is set)
    double rttMs = 0;                  // propagation only, split evenly between the directions
    TcpModel tcp = TcpModel::Ideal;
    // false (default): each upload starts from TCP's initial window, as a phone's photos
    // do seconds apart (Linux restarts the window after an idle RTO). true: back-to-back
    // uploads keep the window they grew (restarted only after a real idle RTO).
    bool warmConnection = false;
    // Bottleneck queue in bytes, 0: unlimited (Mahimahi's default droptail). The relay never
    // drops: a full queue holds the sender back, as a sender blocked on its buffer.
    std::size_t queueBytes = 0;
    // Mahimahi-format delivery traces; when set they replace the fixed rate.
    std::shared_ptr<const DeliveryTrace> uplinkTrace;
    std::shared_ptr<const DeliveryTrace> downlinkTrace;

    // The uplink rate averaged over a long time (the trace's mean when there is one).
    double meanUplinkBitsPerSecond() const;
    // "52 Mbit/s, 93 ms RTT, linux TCP" or "trace step.trace, ...".
    std::string describe() const;
};

}  // namespace pieslicer
