#pragma once
// The endpoint's fixed pool of workers that decode and infer. The event loop never does
// this work; it hands each received upload here and writes the reply when it comes back.
// Bounded everywhere: a fixed number of threads started once, a queue of at most
// `queueLimit` uploads each waiting at most `maxWait`, and decode memory admitted by its
// estimate from the image header, so that several huge images cannot be decoded at once.
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "server/upload_handler.h"
#include "util/expected.h"

namespace pieslicer {

struct WorkerLimits {
    int threads = 4;
    int queueLimit = 128;
    std::chrono::milliseconds maxWait{30000};
    std::size_t decodeMemoryBytes = std::size_t(1) << 30;
};

class UploadWorkers {
  public:
    using Done = std::function<void(Reply)>;

    // Starts the threads; fails (instead of aborting) when the system refuses a thread.
    static Expected<std::unique_ptr<UploadWorkers>> start(WorkerLimits limits,
                                                          UploadSettings settings);
    ~UploadWorkers();  // stop()
    UploadWorkers(const UploadWorkers&) = delete;
    UploadWorkers& operator=(const UploadWorkers&) = delete;

    // Queues the upload; `done` is called exactly once with the reply: from a worker, or
    // at once with a 503 when the queue is full or the pool is stopping.
    void submit(UploadRequest request, Done done);
    // Refuses what is queued (503), waits for the uploads being worked on, joins.
    void stop();

  private:
    UploadWorkers(WorkerLimits limits, UploadSettings settings);
    struct Job {
        UploadRequest request;
        Done done;
        std::chrono::steady_clock::time_point queuedAt;
    };
    void work();
    Reply run(Job& job);
    // Waits until `bytes` of decode memory are free; false at `deadline` or when stopping.
    bool admitMemory(std::size_t bytes, std::chrono::steady_clock::time_point deadline);
    void releaseMemory(std::size_t bytes);

    WorkerLimits limits_;
    UploadSettings settings_;
    std::mutex mutex_;
    std::condition_variable wake_, memoryFreed_;
    std::deque<Job> queue_;
    std::size_t memoryInUse_ = 0;
    bool stopping_ = false;
    std::vector<std::thread> threads_;
};

}  // namespace pieslicer
