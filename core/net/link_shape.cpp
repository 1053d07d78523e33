#include "net/link_shape.h"

#include <cstdio>

#include "net/delivery_trace.h"
#include "util/units.h"

namespace pieslicer {

const char* tcpModelName(TcpModel m) { return m == TcpModel::Linux ? "linux" : "ideal"; }

std::optional<TcpModel> parseTcpModel(const std::string& text) {
    if (text == "ideal") return TcpModel::Ideal;
    if (text == "linux") return TcpModel::Linux;
    return std::nullopt;
}

double LinkShape::meanUplinkBitsPerSecond() const {
    return uplinkTrace ? uplinkTrace->meanBitsPerSecond() : uplinkBitsPerSecond;
}

std::string LinkShape::describe() const {
    std::string uplink = uplinkTrace ? "trace " + uplinkTrace->name() + " (mean " +
                                           formatBitRate(uplinkTrace->meanBitsPerSecond()) + ")"
                                     : formatBitRate(uplinkBitsPerSecond);
    char rtt[32];
    std::snprintf(rtt, sizeof rtt, "%g ms RTT", rttMs);
    return uplink + ", " + rtt + ", " + tcpModelName(tcp) + " TCP" +
           (tcp == TcpModel::Linux && warmConnection ? " (warm connection)" : "");
}

}  // namespace pieslicer
