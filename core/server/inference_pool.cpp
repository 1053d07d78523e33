#include "server/inference_pool.h"

#include <filesystem>
#include <fstream>
#include <opencv2/dnn.hpp>

#include "util/clock.h"

namespace pieslicer {

struct InferencePool::Slot {
    cv::dnn::Net net;
};

InferencePool::~InferencePool() = default;

Expected<std::unique_ptr<InferencePool::Slot>> InferencePool::makeSlot() const {
    auto slot = std::make_unique<Slot>();
    try {
        slot->net = cv::dnn::readNet(modelPath_, weightsPath_);
    } catch (const cv::Exception& e) {
        return fail("cannot load model " + modelName_ + ": " + e.err);
    }
    if (slot->net.empty()) return fail("cannot load model " + modelName_);
    slot->net.setPreferableBackend(cv::dnn::DNN_BACKEND_OPENCV);
    return slot;
}

Expected<std::shared_ptr<InferencePool>> InferencePool::load(const std::string& modelPath,
                                                             const std::string& labelsPath) {
    namespace fs = std::filesystem;
    std::shared_ptr<InferencePool> pool(new InferencePool);
    pool->modelPath_ = modelPath;
    pool->modelName_ = fs::path(modelPath).stem().string();
    if (fs::path(modelPath).extension() == ".cfg")
        pool->weightsPath_ = fs::path(modelPath).replace_extension(".weights").string();
    if (!labelsPath.empty()) {
        std::ifstream in(labelsPath);
        if (!in) return fail("cannot read labels file " + labelsPath);
        for (std::string line; std::getline(in, line);) pool->labels_.push_back(line);
    }
    auto first = pool->makeSlot();
    if (!first) return fail(first.error());
    pool->idle_.push_back(std::move(first.value()));
    return pool;
}

Expected<InferenceResult> InferencePool::run(const cv::Mat& tensor) {
    std::unique_ptr<Slot> slot;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        if (!idle_.empty()) {
            slot = std::move(idle_.back());
            idle_.pop_back();
        }
    }
    if (!slot) {
        auto made = makeSlot();
        if (!made) return fail(made.error());
        slot = std::move(made.value());
    }
    InferenceResult r;
    const auto start = SteadyClock::now();
    try {
        slot->net.setInput(tensor);
        cv::Mat out = slot->net.forward().reshape(1, 1);
        cv::Point maxLoc;
        double maxVal = 0;
        cv::minMaxLoc(out, nullptr, &maxVal, nullptr, &maxLoc);
        r.score = float(maxVal);
        const int index = maxLoc.x;
        r.label = index < int(labels_.size()) ? labels_[index] : "class " + std::to_string(index);
    } catch (const cv::Exception& e) {
        std::lock_guard<std::mutex> lock(mutex_);
        idle_.push_back(std::move(slot));
        return fail("inference failed: " + e.err);
    }
    r.ms = msSince(start);
    std::lock_guard<std::mutex> lock(mutex_);
    idle_.push_back(std::move(slot));
    return r;
}

}  // namespace pieslicer
