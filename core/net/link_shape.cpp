// LinkShape is declared in domain/, which knows no delivery trace; its members that read
// a trace are defined here, next to DeliveryTrace.
#include "domain/link_shape.h"

#include <cstdio>

#include "net/delivery_trace.h"
#include "util/units.h"

namespace pieslicer {

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
