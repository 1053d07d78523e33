#pragma once
// Bounds the CPU work of the endpoint: at most `workers` requests decode or infer at
// once, at most `queueLimit` wait; beyond that a request is refused at once (503) instead
// of waiting without end.
#include <chrono>
#include <condition_variable>
#include <mutex>

namespace pieslicer {

class WorkGate {
  public:
    WorkGate(int workers, int queueLimit) : free_(workers), queueLimit_(queueLimit) {}

    // Takes a worker slot, waiting in the bounded queue; false when the queue is full or
    // `maxWait` passed.
    bool enter(std::chrono::milliseconds maxWait) {
        std::unique_lock<std::mutex> lock(mutex_);
        if (free_ > 0) {
            --free_;
            return true;
        }
        if (waiting_ >= queueLimit_) return false;
        ++waiting_;
        const bool got = cv_.wait_for(lock, maxWait, [this] { return free_ > 0; });
        --waiting_;
        if (got) --free_;
        return got;
    }
    void leave() {
        {
            std::lock_guard<std::mutex> lock(mutex_);
            ++free_;
        }
        cv_.notify_one();
    }

  private:
    std::mutex mutex_;
    std::condition_variable cv_;
    int free_;
    int waiting_ = 0;
    int queueLimit_;
};

// Holds a slot for a scope.
class WorkSlot {
  public:
    WorkSlot(WorkGate& gate, std::chrono::milliseconds maxWait)
        : gate_(gate), held_(gate.enter(maxWait)) {}
    ~WorkSlot() {
        if (held_) gate_.leave();
    }
    WorkSlot(const WorkSlot&) = delete;
    WorkSlot& operator=(const WorkSlot&) = delete;
    explicit operator bool() const { return held_; }

  private:
    WorkGate& gate_;
    bool held_;
};

}  // namespace pieslicer
