#include "strategy/strategy_factory.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "net/bandwidth_estimator.h"
#include "strategy/online_strategy.h"
#include "strategy/pieslicer_strategy.h"

namespace pieslicer {

std::vector<std::string> strategyIds() {
    using namespace strategy_id;
    return {kPieSlicer,   kShortCircuit, kCorrected, kCorrectedPrototype, kOnline, kStaticDevice,
            kStaticCloud, kOracle,       kInverse};
}

namespace {

const std::string& onlinePrefix() {
    static const std::string prefix = std::string(strategy_id::kOnline) + ":";
    return prefix;
}

// The forgetting factor an online id asks for; an error for any other id or a bad factor.
Expected<double> forgettingOfOnlineId(const std::string& id) {
    if (id == strategy_id::kOnline) return kDefaultForgetting;
    if (id.compare(0, onlinePrefix().size(), onlinePrefix()) != 0)
        return fail("'" + id + "' is not a pieslicer-online id");
    return parseForgetting(id.substr(onlinePrefix().size()));
}

}  // namespace

Expected<double> parseForgetting(const std::string& text) {
    char* end = nullptr;
    const double lambda = std::strtod(text.c_str(), &end);
    if (text.empty() || end != text.c_str() + text.size() || !(lambda > 0) || lambda > 1)
        return fail("forgetting factor '" + text + "' must be a number in (0, 1]");
    return lambda;
}

Expected<std::vector<std::string>> withForgetting(std::vector<std::string> ids,
                                                  const std::string& text) {
    auto lambda = parseForgetting(text);
    if (!lambda) return fail("--forgetting: " + lambda.error());
    const auto online = std::find(ids.begin(), ids.end(), strategy_id::kOnline);
    if (online == ids.end())
        return fail("--forgetting applies to pieslicer-online; add it to --strategies");
    *online = onlineStrategyId(lambda.value());
    return ids;
}

bool isOnlineStrategyId(const std::string& id) { return forgettingOfOnlineId(id).ok(); }

std::string onlineStrategyId(double lambda) {
    if (lambda == kDefaultForgetting) return strategy_id::kOnline;
    char text[32];
    std::snprintf(text, sizeof text, "%g", lambda);
    return onlinePrefix() + text;
}

bool isStrategyId(const std::string& id) {
    const auto ids = strategyIds();
    if (std::find(ids.begin(), ids.end(), id) != ids.end()) return true;
    if (isOnlineStrategyId(id)) return true;
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
    if (id == strategy_id::kOnline || id.compare(0, onlinePrefix().size(), onlinePrefix()) == 0) {
        auto lambda = forgettingOfOnlineId(id);
        if (!lambda) return fail(lambda.error());
        if (!profile)
            return fail("strategy '" + id +
                        "' needs a cost profile (calibrate first, or pass one)");
        OnlineOptions o;
        o.forgetting = lambda.value();
        return std::unique_ptr<Strategy>(new OnlineStrategy(std::move(profile), o));
    }
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
