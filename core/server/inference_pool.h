#pragma once
// CNN inference for the endpoint: OpenCV DNN networks loaded from one model file,
// one network per concurrent request because a cv::dnn::Net is not thread-safe.
#include <memory>
#include <mutex>
#include <opencv2/core.hpp>
#include <string>
#include <vector>

#include "util/expected.h"

namespace pieslicer {

struct InferenceResult {
    std::string label;  // top-1 label, or "class <index>" without a labels file
    float score = 0;
    double ms = 0;
};

class InferencePool {
  public:
    // Reads the model once (ONNX, or anything cv::dnn::readNet accepts: a Darknet .cfg needs
    // its .weights beside it) and checks one network can be built from it.
    static Expected<std::shared_ptr<InferencePool>> load(const std::string& modelPath,
                                                         const std::string& labelsPath = {});
    ~InferencePool();

    // Runs a forward pass on an NCHW tensor with a network no other thread is using.
    Expected<InferenceResult> run(const cv::Mat& tensor);
    std::string modelName() const { return modelName_; }

  private:
    InferencePool() = default;
    struct Slot;
    Expected<std::unique_ptr<Slot>> makeSlot() const;

    std::string modelPath_, weightsPath_, modelName_;
    std::vector<std::string> labels_;
    std::mutex mutex_;
    std::vector<std::unique_ptr<Slot>> idle_;
};

}  // namespace pieslicer
