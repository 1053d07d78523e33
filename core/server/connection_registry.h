#pragma once
// The endpoint's open connections, what each is doing, and which one to close when a new
// connection would exceed a limit. A connection costs the event loop little, so the cap is
// not what stops a slow-client attack: the choice of victim is. At a limit, the connection
// that has waited longest for a request head is closed (a drip-feeding client, or an idle
// keep-alive one its client can reopen); failing that, the connection receiving a body most
// slowly, if it is below the minimum body rate (a slow-body attacker). Connections being
// worked on or answered, or receiving a body at a fair rate, are never chosen: only when
// every connection is such is the new one refused.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace pieslicer {

enum class ConnectionPhase {
    AwaitingHead,  // idle between requests or reading a request head
    ReadingBody,
    Working,  // queued for or held by a worker
    Writing,
};

class ConnectionRegistry {
  public:
    using Clock = std::chrono::steady_clock;
    using Closer = std::function<void()>;  // closes the connection; callable from any thread

    ConnectionRegistry(std::size_t maxConnections, std::size_t maxPerClient,
                       double minBodyBytesPerSec = 16 * 1024)
        : max_(maxConnections), maxPerClient_(maxPerClient), minBodyRate_(minBodyBytesPerSec) {}

    struct Admission {
        bool admitted = false;
        Closer victim;  // when set, close it (outside any lock) to make room
    };
    // Whether a new connection from `client` may open, and whom to close for it.
    Admission admit(const std::string& client);

    // Registers an admitted connection; returns its id.
    std::uint64_t add(const std::string& client, Closer closer);
    void setPhase(std::uint64_t id, ConnectionPhase phase);
    // Body bytes received so far by a connection in ReadingBody.
    void setBodyProgress(std::uint64_t id, std::size_t bytes);
    void remove(std::uint64_t id);

    // Closers of every connection, or only of those awaiting a head (for a graceful stop).
    std::vector<Closer> closers(bool onlyAwaitingHead) const;
    std::size_t size() const;
    std::size_t countFrom(const std::string& client) const;

  private:
    struct Entry {
        std::string client;
        ConnectionPhase phase = ConnectionPhase::AwaitingHead;
        Clock::time_point since;
        Closer closer;
        std::size_t bodyBytes = 0;
    };
    // The connection to close for a newcomer (of `client` when not null), or 0: the one
    // awaiting a head the longest, else the slowest body below the minimum rate.
    std::uint64_t victim(const std::string* client) const;
    Closer evict(std::uint64_t id);

    mutable std::mutex mutex_;
    std::unordered_map<std::uint64_t, Entry> entries_;
    std::unordered_map<std::string, std::size_t> perClient_;
    std::uint64_t nextId_ = 1;
    std::size_t max_, maxPerClient_;
    double minBodyRate_;
};

}  // namespace pieslicer
