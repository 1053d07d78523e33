#include "net/link_emulator.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <deque>

#include "net/delivery_trace.h"

namespace pieslicer {
namespace {

using Micros = std::chrono::microseconds;

// How far the relay reads ahead of the bottleneck: enough to keep a fast link busy
// between its wake-ups, little enough that a slow upload still shows progress to the
// client's low-speed check (a relay that swallowed a 7 MB body at 2 Mbit/s tripped it).
std::size_t readAheadBytes(const LinkShape& s) {
    const double bps = s.meanUplinkBitsPerSecond() > 0 ? s.meanUplinkBitsPerSecond() : 0;
    const double tenthOfASecond = bps > 0 ? bps / 8.0 / 10.0 : 256.0 * 1024;
    return std::max<std::size_t>(64 * 1024, std::size_t(tenthOfASecond));
}

constexpr Micros kSpinBeforeDelivery{150};

// Bytes on their way: delivered to the far end at deliverAt.
struct Packet {
    Micros deliverAt;
    std::string bytes;
};

void setNoDelay(int fd) {
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

int connectTo(const std::string& host, int port) {
    addrinfo hints{}, *res = nullptr;
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    if (getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &res) != 0) return -1;
    int fd = -1;
    for (addrinfo* a = res; a; a = a->ai_next) {
        fd = socket(a->ai_family, a->ai_socktype, a->ai_protocol);
        if (fd < 0) continue;
        if (connect(fd, a->ai_addr, a->ai_addrlen) == 0) break;
        close(fd);
        fd = -1;
    }
    freeaddrinfo(res);
    if (fd >= 0) setNoDelay(fd);
    return fd;
}

bool sendAll(int fd, const char* data, std::size_t n) {
    while (n > 0) {
        const ssize_t sent = send(fd, data, n, MSG_NOSIGNAL);
        if (sent <= 0) return false;
        data += sent;
        n -= std::size_t(sent);
    }
    return true;
}

// One direction's bytes between the sender and the far end: read but not yet sent by the
// path model (`unsent` from `unsentHead`), and sent, on their way (`wire`).
struct InFlight {
    std::string unsent;
    std::size_t unsentHead = 0;
    std::deque<Packet> wire;
    std::vector<PathModel::Segment> released;

    // Puts what the model sent by `now` on the wire; true if anything was sent.
    bool release(PathModel& model, Micros now) {
        released.clear();
        model.advance(now, released);
        for (const auto& seg : released) {
            wire.push_back(Packet{seg.deliverAt, unsent.substr(unsentHead, seg.bytes)});
            unsentHead += seg.bytes;
        }
        if (unsentHead > 0 && unsentHead * 2 >= unsent.size()) {
            unsent.erase(0, unsentHead);
            unsentHead = 0;
        }
        return !released.empty();
    }

    // Takes what the sender has written; false when it has closed.
    bool read(int from, PathModel& model) {
        char buf[64 * 1024];
        const ssize_t n = recv(from, buf, sizeof buf, 0);
        if (n <= 0) return false;
        unsent.append(buf, std::size_t(n));
        model.write(std::size_t(n));
        return true;
    }

    // When the relay must act next for the bytes it has: a delivery or the model's next
    // event; bounded so stop() is noticed.
    Micros nextWake(Micros now, PathModel& model) const {
        Micros wake = now + Micros(50000);
        if (!wire.empty()) wake = std::min(wake, wire.front().deliverAt);
        return std::min(wake, model.nextWakeup());
    }

    // Hands the far end what has arrived by `now`; false when it is gone.
    bool deliver(int to, Micros now) {
        while (!wire.empty() && wire.front().deliverAt <= now) {
            const bool ok = sendAll(to, wire.front().bytes.data(), wire.front().bytes.size());
            wire.pop_front();
            if (!ok) return false;
        }
        return true;
    }
};

// Waits `wait`, or (with `canRead`) until `from` has bytes: true then. A timer wakes a
// thread some tens of microseconds late; on a 3 ms upload that is a few percent. The last
// stretch before the delivery that ends a burst (the one whose time is measured) is spun
// instead of slept, until `wakeAt`; inside a stream a late wake-up costs nothing, as
// deliveries are scheduled in absolute time, so no CPU is spun there.
bool waitOrReadable(int from, Micros wait, bool endOfBurst, bool canRead,
                    SteadyClock::time_point wakeAt) {
    if (endOfBurst && wait <= kSpinBeforeDelivery) {
        while (SteadyClock::now() < wakeAt) std::this_thread::yield();
        return false;
    }
    if (endOfBurst) wait -= kSpinBeforeDelivery;
    if (!canRead) {
        sleepMs(double(wait.count()) / 1000.0);
        return false;
    }
    pollfd p{from, POLLIN, 0};
    const timespec ts{static_cast<time_t>(wait.count() / 1000000),
                      static_cast<long>(wait.count() % 1000000) * 1000};
    return ppoll(&p, 1, &ts, nullptr) > 0;
}

}  // namespace

struct LinkEmulator::Connection {
    int clientFd = -1;
    int upstreamFd = -1;
    SteadyClock::time_point opened;
    std::thread up, down;
    std::atomic<int> running{2};
    ~Connection() {
        if (up.joinable()) up.join();
        if (down.joinable()) down.join();
        if (clientFd >= 0) close(clientFd);
        if (upstreamFd >= 0) close(upstreamFd);
    }
};

LinkEmulator::LinkEmulator(std::string upstreamHost, int upstreamPort)
    : upstreamHost_(std::move(upstreamHost)), upstreamPort_(upstreamPort) {}

LinkEmulator::~LinkEmulator() { stop(); }

std::chrono::microseconds LinkEmulator::sinceOrigin(SteadyClock::time_point t) const {
    return std::chrono::duration_cast<Micros>(t - origin_);
}

void LinkEmulator::setShape(const LinkShape& s) {
    std::lock_guard<std::mutex> lock(shapeMutex_);
    if (s.uplinkTrace != shape_.uplinkTrace || s.downlinkTrace != shape_.downlinkTrace)
        traceEpoch_ = sinceOrigin(SteadyClock::now());
    shape_ = s;
    ++shapeVersion_;
}

LinkShape LinkEmulator::shape() const {
    std::lock_guard<std::mutex> lock(shapeMutex_);
    return shape_;
}

void LinkEmulator::beginUpload() { ++uploadsBegun_; }

double LinkEmulator::modelledUploadMs(std::size_t bytes, SteadyClock::time_point start,
                                      bool newConnection) const {
    std::lock_guard<std::mutex> lock(shapeMutex_);
    PathModel model(PathParams::uplinkOf(shape_, traceEpoch_));
    if (shape_.tcp == TcpModel::Linux && shape_.warmConnection) model.setWindow(lastUplinkWindow_);
    const Micros at = sinceOrigin(start);
    if (newConnection) model.holdUntil(at + Micros(static_cast<long long>(shape_.rttMs * 1000)));
    return modelledDeliveryMs(model, at, bytes);
}

double LinkEmulator::uplinkBitsPerSecondOver(SteadyClock::time_point from,
                                             SteadyClock::time_point to) const {
    std::lock_guard<std::mutex> lock(shapeMutex_);
    if (!shape_.uplinkTrace) return shape_.uplinkBitsPerSecond;
    auto traceMs = [&](SteadyClock::time_point t) {
        return double((sinceOrigin(t) - traceEpoch_).count()) / 1000.0;
    };
    return shape_.uplinkTrace->bitsPerSecondOver(traceMs(from), traceMs(to));
}

Expected<int> LinkEmulator::start() {
    listenFd_ = socket(AF_INET, SOCK_STREAM, 0);
    if (listenFd_ < 0) return fail(std::string("link emulator: socket: ") + std::strerror(errno));
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    if (bind(listenFd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
        listen(listenFd_, 16) != 0 ||
        getsockname(listenFd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
        const std::string why = std::strerror(errno);
        close(listenFd_);
        listenFd_ = -1;
        return fail("link emulator: cannot listen on loopback: " + why);
    }
    port_ = ntohs(addr.sin_port);
    acceptThread_ = std::thread([this] { acceptLoop(); });
    return port_;
}

void LinkEmulator::stop() {
    stopping_ = true;
    if (acceptThread_.joinable()) acceptThread_.join();
    if (listenFd_ >= 0) close(listenFd_);
    listenFd_ = -1;
    std::lock_guard<std::mutex> lock(connectionsMutex_);
    connections_.clear();  // joins every pump
}

void LinkEmulator::reapFinished() {
    std::lock_guard<std::mutex> lock(connectionsMutex_);
    auto& v = connections_;
    v.erase(std::remove_if(v.begin(), v.end(), [](const auto& c) { return c->running == 0; }),
            v.end());
}

void LinkEmulator::acceptLoop() {
    while (!stopping_) {
        pollfd p{listenFd_, POLLIN, 0};
        if (poll(&p, 1, 50) <= 0) continue;
        const int fd = accept(listenFd_, nullptr, nullptr);
        if (fd < 0) continue;
        reapFinished();
        auto c = std::make_unique<Connection>();
        c->clientFd = fd;
        c->opened = SteadyClock::now();
        setNoDelay(fd);
        c->upstreamFd = connectTo(upstreamHost_, upstreamPort_);
        if (c->upstreamFd < 0) {
            c->running = 0;
            continue;  // closing the client tells it the endpoint is unreachable
        }
        Connection& ref = *c;
        c->up = std::thread([this, &ref] { pump(ref, true); });
        c->down = std::thread([this, &ref] { pump(ref, false); });
        std::lock_guard<std::mutex> lock(connectionsMutex_);
        connections_.push_back(std::move(c));
    }
}

void LinkEmulator::pump(Connection& c, bool uplink) {
    // Linux lets a sleeping thread wake up to 50 us late to batch wake-ups; on a 3 ms
    // upload (10 KB at 100 Mbit/s, 5 ms RTT) that slack alone was a 1-2% error.
    prctl(PR_SET_TIMERSLACK, 1UL, 0, 0, 0);
    const int from = uplink ? c.clientFd : c.upstreamFd;
    const int to = uplink ? c.upstreamFd : c.clientFd;
    unsigned version = shapeVersion_, uploads = uploadsBegun_;
    LinkShape shape;
    auto paramsOf = [&](const LinkShape& s) {
        std::lock_guard<std::mutex> lock(shapeMutex_);
        return uplink ? PathParams::uplinkOf(s, traceEpoch_)
                      : PathParams::downlinkOf(s, traceEpoch_);
    };
    shape = this->shape();
    PathModel model(paramsOf(shape));
    std::size_t readAhead = readAheadBytes(shape);
    // A new connection first pays the handshake: its first data leaves one RTT later.
    if (uplink)
        model.holdUntil(sinceOrigin(c.opened) + Micros(static_cast<long long>(shape.rttMs * 1000)));

    InFlight flight;
    bool sourceOpen = true, ok = true, sentSinceIdle = false;
    while (ok && !stopping_ && (sourceOpen || !flight.wire.empty() || model.unsentBytes() > 0)) {
        if (version != shapeVersion_) {
            version = shapeVersion_;
            shape = this->shape();
            model.setParams(paramsOf(shape));
            readAhead = readAheadBytes(shape);
        }
        if (uploads != uploadsBegun_) {
            uploads = uploadsBegun_;
            if (shape.tcp == TcpModel::Linux && !shape.warmConnection) model.restartWindow();
        }
        Micros now = sinceOrigin(SteadyClock::now());
        if (flight.release(model, now)) sentSinceIdle = true;
        ok = flight.deliver(to, now);
        if (!ok) break;
        if (uplink && sentSinceIdle && model.unsentBytes() == 0 &&
            model.window().inFlightSegments() == 0) {
            std::lock_guard<std::mutex> lock(shapeMutex_);
            lastUplinkWindow_ = model.window();
            sentSinceIdle = false;
        }
        Micros wake = flight.nextWake(now, model);
        const bool canRead = sourceOpen && model.heldBytes(now) < readAhead;
        if (!canRead && sourceOpen) wake = std::min(wake, model.whenHeldBelow(readAhead / 2, now));
        const auto& wire = flight.wire;
        const bool endOfBurst =
            wire.size() == 1 && model.unsentBytes() == 0 && wake == wire.front().deliverAt;
        if (waitOrReadable(from, std::max(Micros(0), wake - now), endOfBurst, canRead,
                           origin_ + wake))
            sourceOpen = flight.read(from, model);
    }
    // Half-close so the peer sees the end of this direction only.
    shutdown(to, SHUT_WR);
    if (!ok) shutdown(from, SHUT_RDWR);
    --c.running;
}

}  // namespace pieslicer
