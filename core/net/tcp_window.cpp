#include "net/tcp_window.h"

#include <algorithm>

namespace pieslicer {

void TcpWindow::beforeSend(Micros now) {
    if (!sentAny_ || inFlight_ > 0) return;
    // tcp_cwnd_restart(): halve per RTO of idleness, never below min(IW, cwnd).
    const std::size_t restartCwnd = std::min(kInitialSegments, cwnd_);
    Micros idle = now - lastSend_;
    while ((idle -= rto_) > Micros(0) && cwnd_ > restartCwnd) cwnd_ >>= 1;
    cwnd_ = std::max(cwnd_, restartCwnd);
}

void TcpWindow::onSend(Micros now) {
    ++inFlight_;
    lastSend_ = now;
    sentAny_ = true;
}

void TcpWindow::onAck() {
    if (inFlight_ > 0) --inFlight_;
    ++cwnd_;  // slow start: no loss here, so it never ends
}

void TcpWindow::restart() {
    cwnd_ = kInitialSegments;
    inFlight_ = 0;  // a photo seconds later: every ACK of the last one is long back
}

}  // namespace pieslicer
