#include "strategy/strategy_factory.h"

#include <algorithm>

#include "net/bandwidth_estimator.h"
#include "strategy/pieslicer_strategy.h"

namespace pieslicer {

std::vector<std::string> strategyIds() {
    return {"pieslicer",
            "pieslicer-shortcircuit",
            "pieslicer-corrected",
            "pieslicer-corrected-prototype",
            "static-device",
            "static-cloud",
            "oracle",
            "inverse"};
}

bool isStrategyId(const std::string& id) {
    const auto ids = strategyIds();
    if (std::find(ids.begin(), ids.end(), id) != ids.end()) return true;
    const std::string estimator = estimatorOfStrategyId(id);
    return !estimator.empty() && makeBandwidthEstimator(estimator).ok();
}

std::string estimatorOfStrategyId(const std::string& id) {
    const std::string prefix = std::string(kCorrectedStrategyId) + ":";
    return id.compare(0, prefix.size(), prefix) == 0 ? id.substr(prefix.size()) : std::string();
}

bool strategyNeedsProfile(const std::string& id) {
    return id != "static-device" && id != "static-cloud" && id != "oracle";
}

Expected<std::unique_ptr<Strategy>> makeStrategy(const std::string& id,
                                                 std::shared_ptr<const CostProfile> profile) {
    if (id == "static-device")
        return std::unique_ptr<Strategy>(new StaticStrategy(Placement::Device, profile));
    if (id == "static-cloud")
        return std::unique_ptr<Strategy>(new StaticStrategy(Placement::Cloud, profile));
    if (id == "oracle") return std::unique_ptr<Strategy>(new OracleStrategy(profile));
    PieSlicerOptions o;
    if (id == "pieslicer") {
    } else if (id == "pieslicer-shortcircuit") {
        o.shortCircuit = true;
    } else if (id == "pieslicer-corrected") {
        o.correction = TransferCorrection::Ewma;
    } else if (id == "pieslicer-corrected-prototype") {
        o.correction = TransferCorrection::Prototype;
    } else if (id == "inverse") {
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

}  // namespace pieslicer
