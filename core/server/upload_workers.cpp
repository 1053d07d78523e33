#include "server/upload_workers.h"

#include <system_error>

#include "image/decode_memory.h"

namespace pieslicer {

UploadWorkers::UploadWorkers(WorkerLimits limits, UploadSettings settings)
    : limits_(limits), settings_(std::move(settings)) {}

Expected<std::unique_ptr<UploadWorkers>> UploadWorkers::start(WorkerLimits limits,
                                                              UploadSettings settings) {
    std::unique_ptr<UploadWorkers> pool(new UploadWorkers(limits, std::move(settings)));
    try {
        for (int i = 0; i < std::max(1, limits.threads); ++i)
            pool->threads_.emplace_back([p = pool.get()] { p->work(); });
    } catch (const std::system_error& e) {
        return fail(std::string("cannot start the endpoint's worker threads: ") + e.what());
    }
    return pool;
}

UploadWorkers::~UploadWorkers() { stop(); }

void UploadWorkers::submit(UploadRequest request, Done done) {
    bool stopping;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        stopping = stopping_;
        if (!stopping_ &&
            queue_.size() < std::size_t(std::max(0, limits_.queueLimit)) + threads_.size()) {
            queue_.push_back(
                Job{std::move(request), std::move(done), std::chrono::steady_clock::now()});
            wake_.notify_one();
            return;
        }
    }
    done(errorReply(503, stopping ? "endpoint shutting down"
                                  : "endpoint busy: all workers and the queue are full, retry "
                                    "later"));
}

void UploadWorkers::stop() {
    std::deque<Job> refused;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        if (stopping_ && threads_.empty()) return;
        stopping_ = true;
        refused.swap(queue_);
    }
    wake_.notify_all();
    memoryFreed_.notify_all();
    for (auto& job : refused) job.done(errorReply(503, "endpoint shutting down"));
    for (auto& t : threads_)
        if (t.joinable()) t.join();
    threads_.clear();
}

void UploadWorkers::work() {
    for (;;) {
        Job job;
        {
            std::unique_lock<std::mutex> lock(mutex_);
            wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
            if (queue_.empty()) return;  // stopping
            job = std::move(queue_.front());
            queue_.pop_front();
        }
        Reply reply = run(job);
        job.done(std::move(reply));
    }
}

Reply UploadWorkers::run(Job& job) {
    const auto deadline = job.queuedAt + limits_.maxWait;
    if (std::chrono::steady_clock::now() > deadline)
        return errorReply(503, "endpoint busy: waited too long for a worker, retry later");
    if (job.request.abandoned && job.request.abandoned())
        return errorReply(499, "client closed the connection before its upload was worked on");
    // Memory is admitted by the header's promise; a header that cannot be probed, or is
    // over the limits, is refused by the handler before any decoder runs: it needs none.
    std::size_t need = 0;
    const auto* bytes = reinterpret_cast<const uint8_t*>(job.request.file.data());
    if (auto info = probeImage(bytes, job.request.file.size());
        info && checkLimits(info.value(), settings_.limits))
        need = estimateDecodeBytes(info.value(), settings_.target);
    if (need > limits_.decodeMemoryBytes)
        return errorReply(413, "decoding this image needs about " + std::to_string(need >> 20) +
                                   " MB, over the endpoint's decode memory of " +
                                   std::to_string(limits_.decodeMemoryBytes >> 20) + " MB");
    if (!admitMemory(need, deadline))
        return errorReply(503, "endpoint busy: decode memory in use by other uploads, retry later");
    Reply reply = handleUpload(job.request, settings_);
    releaseMemory(need);
    return reply;
}

bool UploadWorkers::admitMemory(std::size_t bytes, std::chrono::steady_clock::time_point deadline) {
    std::unique_lock<std::mutex> lock(mutex_);
    const bool fits = memoryFreed_.wait_until(lock, deadline, [&] {
        return stopping_ || memoryInUse_ + bytes <= limits_.decodeMemoryBytes;
    });
    if (!fits || stopping_) return false;
    memoryInUse_ += bytes;
    return true;
}

void UploadWorkers::releaseMemory(std::size_t bytes) {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        memoryInUse_ -= bytes;
    }
    memoryFreed_.notify_all();
}

}  // namespace pieslicer
