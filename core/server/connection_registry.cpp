#include "server/connection_registry.h"

namespace pieslicer {

ConnectionRegistry::Admission ConnectionRegistry::admit(const std::string& client) {
    std::lock_guard<std::mutex> lock(mutex_);
    const auto it = perClient_.find(client);
    const std::size_t fromClient = it == perClient_.end() ? 0 : it->second;
    std::uint64_t victim = 0;
    if (fromClient >= maxPerClient_) {
        victim = oldestAwaitingHead(&client);
        if (!victim) return {};
    } else if (entries_.size() >= max_) {
        victim = oldestAwaitingHead(nullptr);
        if (!victim) return {};
    }
    return {true, victim ? evict(victim) : Closer()};
}

std::uint64_t ConnectionRegistry::oldestAwaitingHead(const std::string* client) const {
    std::uint64_t oldest = 0;
    Clock::time_point since = Clock::time_point::max();
    for (const auto& [id, e] : entries_) {
        if (e.phase != ConnectionPhase::AwaitingHead || (client && e.client != *client)) continue;
        if (e.since < since) {
            since = e.since;
            oldest = id;
        }
    }
    return oldest;
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
    }
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
