#include "server/connection_registry.h"

namespace pieslicer {

ConnectionRegistry::Admission ConnectionRegistry::admit(const std::string& client) {
    std::lock_guard<std::mutex> lock(mutex_);
    const auto it = perClient_.find(client);
    const std::size_t fromClient = it == perClient_.end() ? 0 : it->second;
    std::uint64_t victim = 0;
    if (fromClient >= maxPerClient_) {
        victim = this->victim(&client);
        if (!victim) return {};
    } else if (entries_.size() >= max_) {
        victim = this->victim(nullptr);
        if (!victim) return {};
    }
    return {true, victim ? evict(victim) : Closer()};
}

std::uint64_t ConnectionRegistry::victim(const std::string* client) const {
    const auto now = Clock::now();
    std::uint64_t oldest = 0, slowest = 0;
    Clock::time_point since = Clock::time_point::max();
    double slowestRate = minBodyRate_;
    for (const auto& [id, e] : entries_) {
        if (client && e.client != *client) continue;
        if (e.phase == ConnectionPhase::AwaitingHead && e.since < since) {
            since = e.since;
            oldest = id;
        } else if (e.phase == ConnectionPhase::ReadingBody) {
            // Half a second in, a body's pace shows (a phone on 2 Mbit/s sends 125 KB in it,
            // even at 300 ms RTT the first window); below the minimum rate it is a candidate.
            const double seconds = std::chrono::duration<double>(now - e.since).count();
            if (seconds < 0.5) continue;
            const double rate = double(e.bodyBytes) / seconds;
            if (rate < slowestRate) {
                slowestRate = rate;
                slowest = id;
            }
        }
    }
    return oldest ? oldest : slowest;
}

// Forgets the connection at once, so the next admission does not pick it again while its
// close is still under way.
ConnectionRegistry::Closer ConnectionRegistry::evict(std::uint64_t id) {
    auto node = entries_.extract(id);
    if (auto c = perClient_.find(node.mapped().client); c != perClient_.end() && --c->second == 0)
        perClient_.erase(c);
    return std::move(node.mapped().closer);
}

std::uint64_t ConnectionRegistry::add(const std::string& client, Closer closer) {
    std::lock_guard<std::mutex> lock(mutex_);
    const std::uint64_t id = nextId_++;
    entries_[id] = Entry{client, ConnectionPhase::AwaitingHead, Clock::now(), std::move(closer)};
    ++perClient_[client];
    return id;
}

void ConnectionRegistry::setPhase(std::uint64_t id, ConnectionPhase phase) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (auto it = entries_.find(id); it != entries_.end()) {
        it->second.phase = phase;
        it->second.since = Clock::now();
        it->second.bodyBytes = 0;
    }
}

void ConnectionRegistry::setBodyProgress(std::uint64_t id, std::size_t bytes) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (auto it = entries_.find(id); it != entries_.end()) it->second.bodyBytes = bytes;
}

void ConnectionRegistry::remove(std::uint64_t id) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (entries_.count(id)) evict(id);
}

std::vector<ConnectionRegistry::Closer> ConnectionRegistry::closers(bool onlyAwaitingHead) const {
    std::lock_guard<std::mutex> lock(mutex_);
    std::vector<Closer> out;
    for (const auto& [id, e] : entries_)
        if (!onlyAwaitingHead || e.phase == ConnectionPhase::AwaitingHead) out.push_back(e.closer);
    return out;
}

std::size_t ConnectionRegistry::size() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return entries_.size();
}

std::size_t ConnectionRegistry::countFrom(const std::string& client) const {
    std::lock_guard<std::mutex> lock(mutex_);
    const auto it = perClient_.find(client);
    return it == perClient_.end() ? 0 : it->second;
}

}  // namespace pieslicer
