#pragma once
// cpp-httplib's task queue, replaced: every connection gets its own thread (up to a cap)
// so slow or idle clients only hold a cheap connection thread, never one of the few
// workers that decode and infer (see WorkGate). cpp-httplib 0.11's own pool has an
// unbounded queue and lets drip-feeding clients hold every worker.
#include <httplib.h>

#include <atomic>
#include <list>
#include <memory>
#include <mutex>
#include <thread>

namespace pieslicer {

class ConnectionThreads : public httplib::TaskQueue {
  public:
    explicit ConnectionThreads(std::size_t maxConnections) : max_(maxConnections) {}
    ~ConnectionThreads() override { shutdown(); }

    void enqueue(std::function<void()> fn) override;
    void shutdown() override;  // joins every connection: requests in flight finish

    // True on a connection accepted beyond the cap: it is answered 503 and closed.
    static bool overCapacity();

  private:
    struct Entry {
        std::thread thread;
        std::atomic<bool> finished{false};
    };
    void reap();

    std::size_t max_;
    std::atomic<std::size_t> active_{0};
    std::mutex mutex_;
    std::list<std::unique_ptr<Entry>> threads_;
};

}  // namespace pieslicer
