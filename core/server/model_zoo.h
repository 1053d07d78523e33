#pragma once
// The endpoint's models: /pieslicer runs one fixed model, /modipick picks per request
// (server/model_selection.h). Each model has its input side, its published ImageNet top-1
// accuracy and its inference time measured on this machine on first use. Models load lazily
// (on a worker thread, never at construction) because the larger ones take seconds to read.
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "server/model_selection.h"
#include "util/expected.h"

namespace pieslicer {

class InferencePool;

// An architecture scripts/make_models.py writes, with what was published of its trained
// original.
struct KnownModel {
    const char* name;  // file stem and model_name in records
    int side;          // input side
    double top1;       // published ImageNet top-1, %
};
const std::vector<KnownModel>& knownModels();

// Says what the weights are: every record and answer carries it.
constexpr const char* kRandomWeights = "random";  // seeded random: compute real, labels not
constexpr const char* kFileWeights = "file";      // whatever the user's --model file holds

// The directory scripts/make_models.py wrote at build time, or $PIESLICER_MODEL_DIR.
std::string defaultModelDir();
// The model /pieslicer runs by default: the smallest, so every request stays cheap.
constexpr const char* kDefaultFixedModel = "mobilenet_v2";

struct ZooModel {
    std::string name;
    std::string path;
    int side = 0;     // 0: runs at whatever side the request asked for (a --model file)
    double top1 = 0;  // published ImageNet top-1, %; 0 when unknown (a --model file)
    std::string weights = kRandomWeights;
};

class ModelZoo {
  public:
    // The models of `names` (empty: every known one present) from `dir`; `fixed` is the one
    // /pieslicer runs. Checks the files exist; loads nothing yet.
    static Expected<std::shared_ptr<ModelZoo>> open(const std::string& dir,
                                                    const std::vector<std::string>& names = {},
                                                    const std::string& fixed = kDefaultFixedModel);
    // One model file (--model: ONNX, or anything cv::dnn::readNet reads), loaded now so a
    // bad file is an error at start-up; both routes run it.
    static Expected<std::shared_ptr<ModelZoo>> single(const std::string& path,
                                                      const std::string& labelsPath = {});
    ~ModelZoo();

    std::size_t size() const { return entries_.size(); }
    const ZooModel& model(std::size_t i) const;
    std::size_t fixedIndex() const { return fixed_; }

    // The network of model `i`, loaded on first use.
    Expected<std::shared_ptr<InferencePool>> pool(std::size_t i);
    // Model `i`'s expected inference time (ms) at its side (or `side` for a model without
    // one): measured once, on first use, with forward passes on a random tensor.
    Expected<double> expectedMs(std::size_t i, int side);
    // Every model as a selection candidate, measuring those not measured yet.
    Expected<std::vector<ModelCandidate>> candidates(int side);
    // Sets a model's expected time instead of measuring it (tests; a known machine).
    void setExpectedMs(std::size_t i, double ms);

  private:
    ModelZoo() = default;
    struct Entry;
    std::vector<std::unique_ptr<Entry>> entries_;
    std::size_t fixed_ = 0;
};

// "mobilenet_v2,resnet50" -> its names; empty text: none.
std::vector<std::string> splitModelNames(const std::string& text);

// The zoo an endpoint runs, from the text of --models: "all" (or empty) every model
// generated in defaultModelDir(), "none" no model (a null zoo: inference_time 0), or
// comma-separated names (the fixed model is mobilenet_v2 when listed, else the first).
Expected<std::shared_ptr<ModelZoo>> zooFromSpec(const std::string& spec);

}  // namespace pieslicer
