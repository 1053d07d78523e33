#include "net/link_emulator.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <deque>

#include "util/clock.h"

namespace pieslicer {
namespace {

// Ethernet-sized packets: the unit the link serialises, as in Mahimahi.
constexpr std::size_t kPacketBytes = 1500;
// Bytes the relay holds before it stops reading from the sender. Like a socket buffer it
// pushes back, so the client's upload progresses at the link rate (a client reading the
// whole body in at once would otherwise see a stalled transfer and trip its low-speed limit).
constexpr std::size_t kMaxQueuedBytes = 128 * 1024;

using Micros = std::chrono::microseconds;
using TimePoint = SteadyClock::time_point;

struct Packet {
    TimePoint deliverAt;
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

Micros serialisation(std::size_t bytes, double bitsPerSecond) {
    if (bitsPerSecond <= 0) return Micros(0);
    return Micros(static_cast<long long>(double(bytes) * 8e6 / bitsPerSecond));
}

}  // namespace

struct LinkEmulator::Connection {
    int clientFd = -1;
    int upstreamFd = -1;
    TimePoint opened;
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

void LinkEmulator::setShape(const LinkShape& s) {
    upBps_ = s.uplinkBitsPerSecond;
    downBps_ = s.downlinkBitsPerSecond;
    rttMs_ = s.rttMs;
}

LinkShape LinkEmulator::shape() const { return LinkShape{upBps_, downBps_, rttMs_}; }

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
    const int from = uplink ? c.clientFd : c.upstreamFd;
    const int to = uplink ? c.upstreamFd : c.clientFd;
    std::deque<Packet> queue;
    // A new connection first pays a handshake: the first data can leave one RTT later.
    TimePoint linkFreeAt =
        uplink ? c.opened + Micros(static_cast<long long>(rttMs_ * 1000)) : c.opened;
    bool sourceOpen = true, ok = true;
    std::size_t queuedBytes = 0;
    char buf[64 * 1024];
    while (ok && !stopping_ && (sourceOpen || !queue.empty())) {
        const TimePoint now = SteadyClock::now();
        while (!queue.empty() && queue.front().deliverAt <= now) {
            ok = sendAll(to, queue.front().bytes.data(), queue.front().bytes.size());
            queuedBytes -= queue.front().bytes.size();
            queue.pop_front();
            if (!ok) break;
        }
        if (!ok) break;
        Micros wait = Micros(50000);  // bounded so stop() is noticed
        if (!queue.empty())
            wait =
                std::min(wait, std::chrono::duration_cast<Micros>(queue.front().deliverAt - now));
        if (!sourceOpen || queuedBytes >= kMaxQueuedBytes) {
            sleepMs(wait.count() / 1000.0);
            continue;
        }
        pollfd p{from, POLLIN, 0};
        const timespec ts{static_cast<time_t>(wait.count() / 1000000),
                          static_cast<long>(wait.count() % 1000000) * 1000};
        if (ppoll(&p, 1, &ts, nullptr) <= 0) continue;
        const ssize_t n = recv(from, buf, sizeof buf, 0);
        if (n <= 0) {
            sourceOpen = false;
            continue;
        }
        const TimePoint arrived = SteadyClock::now();
        const double bps = uplink ? upBps_.load() : downBps_.load();
        const Micros delay(static_cast<long long>(rttMs_.load() * 500));  // half the RTT each way
        for (ssize_t off = 0; off < n; off += kPacketBytes) {
            const std::size_t len = std::min<std::size_t>(kPacketBytes, std::size_t(n - off));
            linkFreeAt = std::max(linkFreeAt, arrived) + serialisation(len, bps);
            queue.push_back(Packet{linkFreeAt + delay, std::string(buf + off, len)});
            queuedBytes += len;
        }
    }
    // Half-close so the peer sees the end of this direction only.
    shutdown(to, SHUT_WR);
    if (!ok) shutdown(from, SHUT_RDWR);
    --c.running;
}

}  // namespace pieslicer
