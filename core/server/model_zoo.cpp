#include "server/model_zoo.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <opencv2/core.hpp>
#include <sstream>

#include "server/inference_pool.h"
#include "util/clock.h"

namespace pieslicer {

const std::vector<KnownModel>& knownModels() {
    // Top-1 on ImageNet (single centre crop) of the trained originals, from the Keras
    // Applications table (keras.io/api/applications), whose models the prototype served.
    // The papers give MobileNetV2 72.0% (Sandler et al. 2018), NASNet-A Mobile 74.0% and
    // Large 82.7% (Zoph et al. 2018), ResNet-50 75.3% (He et al. 2016). Ordered by cost.
    static const std::vector<KnownModel> models = {
        {"mobilenet_v2", 224, 71.3},
        {"nasnet_mobile", 224, 74.4},
        {"resnet50", 224, 74.9},
        {"nasnet_large", 331, 82.5},
    };
    return models;
}

std::string defaultModelDir() {
    if (const char* env = std::getenv("PIESLICER_MODEL_DIR"); env && *env) return env;
#ifdef PIESLICER_BUILD_MODEL_DIR
    return PIESLICER_BUILD_MODEL_DIR;
#else
    return "models";
#endif
}

std::vector<std::string> splitModelNames(const std::string& text) {
    std::vector<std::string> names;
    std::stringstream in(text);
    for (std::string name; std::getline(in, name, ',');)
        if (!name.empty()) names.push_back(name);
    return names;
}

Expected<std::shared_ptr<ModelZoo>> zooFromSpec(const std::string& spec) {
    if (spec == "none") return std::shared_ptr<ModelZoo>();
    if (spec.empty() || spec == "all") return ModelZoo::open(defaultModelDir());
    const auto names = splitModelNames(spec);
    if (names.empty()) return fail("no model named in '" + spec + "'");
    const bool hasDefault =
        std::find(names.begin(), names.end(), kDefaultFixedModel) != names.end();
    return ModelZoo::open(defaultModelDir(), names, hasDefault ? kDefaultFixedModel : names[0]);
}

struct ModelZoo::Entry {
    ZooModel model;
    std::string labelsPath;
    std::mutex mutex;  // guards the two below; held while loading or measuring
    std::shared_ptr<InferencePool> pool;
    std::optional<double> expectedMs;
};

ModelZoo::~ModelZoo() = default;

const ZooModel& ModelZoo::model(std::size_t i) const { return entries_.at(i)->model; }

Expected<std::shared_ptr<ModelZoo>> ModelZoo::open(const std::string& dir,
                                                   const std::vector<std::string>& names,
                                                   const std::string& fixed) {
    namespace fs = std::filesystem;
    std::shared_ptr<ModelZoo> zoo(new ModelZoo);
    for (const std::string& name : names)
        if (std::none_of(knownModels().begin(), knownModels().end(),
                         [&](const KnownModel& k) { return name == k.name; }))
            return fail("unknown model '" + name + "' (known: mobilenet_v2, nasnet_mobile, " +
                        "resnet50, nasnet_large)");
    for (const KnownModel& k : knownModels()) {
        const bool wanted =
            names.empty() || std::find(names.begin(), names.end(), k.name) != names.end();
        const fs::path path = fs::path(dir) / (std::string(k.name) + ".onnx");
        if (!wanted) continue;
        if (!fs::exists(path)) {
            if (names.empty()) continue;  // the whole zoo: take what was generated
            return fail("model file " + path.string() +
                        " is missing (scripts/make_models.py writes it)");
        }
        auto e = std::make_unique<Entry>();
        e->model = {k.name, path.string(), k.side, k.top1, kRandomWeights};
        if (k.name == fixed) zoo->fixed_ = zoo->entries_.size();
        zoo->entries_.push_back(std::move(e));
    }
    if (zoo->entries_.empty())
        return fail("no model in " + dir + " (run scripts/make_models.py " + dir + ")");
    if (zoo->entries_[zoo->fixed_]->model.name != fixed)
        return fail("the fixed model '" + fixed + "' is not in the zoo");
    return zoo;
}

Expected<std::shared_ptr<ModelZoo>> ModelZoo::single(const std::string& path,
                                                     const std::string& labelsPath) {
    std::shared_ptr<ModelZoo> zoo(new ModelZoo);
    auto pool = InferencePool::load(path, labelsPath);
    if (!pool) return fail(pool.error());
    auto e = std::make_unique<Entry>();
    e->model = {pool.value()->modelName(), path, 0, 0, kFileWeights};
    e->labelsPath = labelsPath;
    e->pool = pool.value();
    zoo->entries_.push_back(std::move(e));
    return zoo;
}

Expected<std::shared_ptr<InferencePool>> ModelZoo::pool(std::size_t i) {
    Entry& e = *entries_.at(i);
    std::lock_guard<std::mutex> lock(e.mutex);
    if (!e.pool) {
        auto loaded = InferencePool::load(e.model.path, e.labelsPath);
        if (!loaded) return fail(loaded.error());
        e.pool = loaded.value();
    }
    return e.pool;
}

namespace {

// Forward passes on a random tensor: a warm-up (the first pass allocates), then timed passes,
// at most 3 and about 1 s; the median. A pass over 1 s is its own measurement: one more
// would cost seconds for a difference of a few percent.
Expected<double> timeForwardPasses(InferencePool& pool, int side) {
    const int sizes[] = {1, 3, side, side};
    cv::Mat tensor(4, sizes, CV_32F);
    cv::randn(tensor, 0.0, 1.0);
    auto warm = pool.run(tensor);
    if (!warm) return fail(warm.error());
    if (warm->ms > 1000) return warm->ms;
    std::vector<double> times;
    const auto start = SteadyClock::now();
    while (times.size() < 3 && (times.empty() || msSince(start) < 1000)) {
        auto r = pool.run(tensor);
        if (!r) return fail(r.error());
        times.push_back(r->ms);
    }
    std::sort(times.begin(), times.end());
    return times[times.size() / 2];
}

}  // namespace

Expected<double> ModelZoo::expectedMs(std::size_t i, int side) {
    Entry& e = *entries_.at(i);
    {
        std::lock_guard<std::mutex> lock(e.mutex);
        if (e.expectedMs) return *e.expectedMs;
    }
    auto loaded = pool(i);
    if (!loaded) return fail(loaded.error());
    std::lock_guard<std::mutex> lock(e.mutex);  // one measurement at a time per model
    if (!e.expectedMs) {
        auto measured = timeForwardPasses(*loaded.value(), e.model.side > 0 ? e.model.side : side);
        if (!measured) return fail(measured.error());
        e.expectedMs = measured.value();
    }
    return *e.expectedMs;
}

Expected<std::vector<ModelCandidate>> ModelZoo::candidates(int side) {
    std::vector<ModelCandidate> out;
    for (std::size_t i = 0; i < entries_.size(); ++i) {
        auto ms = expectedMs(i, side);
        if (!ms) return fail(ms.error());
        out.push_back({entries_[i]->model.name, ms.value(), entries_[i]->model.top1});
    }
    return out;
}

void ModelZoo::setExpectedMs(std::size_t i, double ms) {
    Entry& e = *entries_.at(i);
    std::lock_guard<std::mutex> lock(e.mutex);
    e.expectedMs = ms;
}

}  // namespace pieslicer
