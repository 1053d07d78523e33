#include "support/relay_probe.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>

namespace pieslicer::test {

Sink::Sink() {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a);
    listen(fd_, 1);
    getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len);
    port_ = ntohs(a.sin_port);
}

Sink::~Sink() { close(fd_); }

std::future<SteadyClock::time_point> Sink::receive(std::size_t bytes) {
    return std::async(std::launch::async, [this, bytes] {
        pollfd p{fd_, POLLIN, 0};
        if (poll(&p, 1, 30000) <= 0) return SteadyClock::now();  // nobody came: never hang
        const int c = accept(fd_, nullptr, nullptr);
        char buf[65536];
        recv(c, buf, 1, MSG_WAITALL);
        send(c, "k", 1, MSG_NOSIGNAL);
        std::size_t got = 0;
        while (got < bytes) {
            const ssize_t n = recv(c, buf, sizeof buf, 0);
            if (n <= 0) break;
            got += std::size_t(n);
        }
        const auto at = SteadyClock::now();
        close(c);
        return at;
    });
}

double relayDeliveryMs(LinkEmulator& relay, Sink& sink, std::size_t bytes) {
    auto arrived = sink.receive(bytes);
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = htons(uint16_t(relay.port()));
    if (connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
        close(fd);
        return -1;
    }
    char k = 0;
    send(fd, "o", 1, MSG_NOSIGNAL);
    recv(fd, &k, 1, MSG_WAITALL);
    relay.beginUpload();
    const std::string payload(bytes, 'x');
    const auto start = SteadyClock::now();
    for (std::size_t off = 0; off < bytes;) {
        const ssize_t n = send(fd, payload.data() + off, bytes - off, MSG_NOSIGNAL);
        if (n <= 0) break;
        off += std::size_t(n);
    }
    const auto end = arrived.get();
    close(fd);
    return std::chrono::duration<double, std::milli>(end - start).count();
}

}  // namespace pieslicer::test
