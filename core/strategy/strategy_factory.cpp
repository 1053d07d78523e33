#include "strategy/strategy_factory.h"

#include <algorithm>

#include "net/bandwidth_estimator.h"
#include "strategy/pieslicer_strategy.h"

namespace pieslicer {

std::vector<std::string> strategyIds() {
    using namespace strategy_id;
    return {kPieSlicer,    kShortCircuit, kCorrected, kCorrectedPrototype,
            kStaticDevice, kStaticCloud,  kOracle,    kInverse};
}

bool isStrategyId(const std::string& id) {
    const auto ids = strategyIds();
    if (std::find(ids.begin(), ids.end(), id) != ids.end()) return true;
    const std::string estimator = estimatorOfStrategyId(id);
    return !estimator.empty() && makeBandwidthEstimator(estimator).ok();
}

std::string estimatorOfStrategyId(const std::string& id) {
    const std::string prefix = std::string(strategy_id::kCorrected) + ":";
    return id.compare(0, prefix.size(), prefix) == 0 ? id.substr(prefix.size()) : std::string();
}

bool strategyNeedsProfile(const std::string& id) {
    return id != strategy_id::kStaticDevice && id != strategy_id::kStaticCloud &&
           id != strategy_id::kOracle;
}

Expected<std::unique_ptr<Strategy>> makeStrategy(const std::string& id,
                                                 std::shared_ptr<const CostProfile> profile) {
    if (id == strategy_id::kStaticDevice)
        return std::unique_ptr<Strategy>(new StaticStrategy(Placement::Device, profile));
    if (id == strategy_id::kStaticCloud)
        return std::unique_ptr<Strategy>(new StaticStrategy(Placement::Cloud, profile));
    if (id == strategy_id::kOracle) return std::unique_ptr<Strategy>(new OracleStrategy(profile));
    PieSlicerOptions o;
    if (id == strategy_id::kPieSlicer) {
    } else if (id == strategy_id::kShortCircuit) {
        o.shortCircuit = true;
    } else if (id == strategy_id::kCorrected) {
        o.correction = TransferCorrection::Ewma;
    } else if (id == strategy_id::kCorrectedPrototype) {
        o.correction = TransferCorrection::Prototype;
    } else if (id == strategy_id::kInverse) {
        o.invert = true;
    } else if (const std::string estimator = estimatorOfStrategyId(id); !estimator.empty()) {
        auto made = makeBandwidthEstimator(estimator);
        if (!made) return fail(made.error());
        o.correction = TransferCorrection::Ewma;
        o.bandwidthEstimator = estimator;
    } else {
        std::string known;
        for (const auto& k : strategyIds()) known += (known.empty() ? "" : ", ") + k;
        return fail("unknown strategy '" + id + "' (known: " + known + ")");
    }
    if (!profile)
        return fail("strategy '" + id + "' needs a cost profile (calibrate first, or pass one)");
    return std::unique_ptr<Strategy>(new PieSlicerStrategy(std::move(profile), o));
}

Expected<std::vector<std::unique_ptr<Strategy>>> makeStrategies(
    const std::vector<std::string>& ids, const std::shared_ptr<const CostProfile>& profile) {
    std::vector<std::unique_ptr<Strategy>> out;
    for (const auto& id : ids) {
        auto made = makeStrategy(id, profile);
        if (!made) return fail(made.error());
        out.push_back(std::move(made.value()));
    }
    if (out.empty()) return fail("no strategy selected");
    return out;
}

}  // namespace pieslicer
