#include "server/connection_threads.h"

namespace pieslicer {
namespace {
thread_local bool tlsOverCapacity = false;
}

bool ConnectionThreads::overCapacity() { return tlsOverCapacity; }

void ConnectionThreads::reap() {
    for (auto it = threads_.begin(); it != threads_.end();) {
        if ((*it)->finished) {
            (*it)->thread.join();
            it = threads_.erase(it);
        } else {
            ++it;
        }
    }
}

void ConnectionThreads::enqueue(std::function<void()> fn) {
    std::lock_guard<std::mutex> lock(mutex_);
    reap();
    // The closure owns the socket, so it must run even over the cap: it then answers 503.
    const bool over = active_.load() >= max_;
    ++active_;
    auto entry = std::make_unique<Entry>();
    Entry* e = entry.get();
    e->thread = std::thread([this, e, over, fn = std::move(fn)] {
        tlsOverCapacity = over;
        fn();
        --active_;
        e->finished = true;
    });
    threads_.push_back(std::move(entry));
}

void ConnectionThreads::shutdown() {
    std::list<std::unique_ptr<Entry>> all;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        all.swap(threads_);
    }
    for (auto& e : all)
        if (e->thread.joinable()) e->thread.join();
}

}  // namespace pieslicer
