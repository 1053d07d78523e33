#include "net/transfer_time.h"

#include <limits>

#include "net/tcp_window.h"

namespace pieslicer {

double uploadDeliveryMs(double bytes, double bitsPerSecond, double rttMs, TcpModel tcp) {
    const bool unlimited = bitsPerSecond <= 0;
    const double msPerByte = unlimited ? 0.0 : 8000.0 / bitsPerSecond;
    double left = bytes, slowStartMs = 0;
    if (tcp == TcpModel::Linux) {
        constexpr double mss = double(TcpWindow::kMss);
        // Once a window covers a round trip (and the first segment's own time) the ACKs
        // come back before the link runs dry: from there on it is busy to the end.
        const double pipeBytes =
            unlimited ? std::numeric_limits<double>::infinity() : rttMs / msPerByte + mss;
        for (double window = double(TcpWindow::kInitialSegments) * mss;
             left > window && window < pipeBytes; window *= 2) {
            left -= window;
            slowStartMs += rttMs + mss * msPerByte;  // the window's first ACK opens the next
        }
    }
    return slowStartMs + left * msPerByte + rttMs / 2;
}

}  // namespace pieslicer
