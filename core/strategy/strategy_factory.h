#pragma once
// Builds strategies by id, for the CLI and the dashboard.
#include <memory>
#include <string>
#include <vector>

#include "model/cost_profile.h"
#include "strategy/strategy.h"
#include "util/expected.h"

namespace pieslicer {

// Every id makeStrategy() knows, in the order a menu should show them.
std::vector<std::string> strategyIds();

// pieslicer-corrected with a bandwidth estimator is "pieslicer-corrected:<estimator>"
// (bandwidthEstimatorNames()); such ids are not in strategyIds(), so menus stay short.
// A strategyIds() id or "pieslicer-corrected:<known estimator>".
bool isStrategyId(const std::string& id);
// The estimator name of "pieslicer-corrected:<name>", else empty.
std::string estimatorOfStrategyId(const std::string& id);

// pieslicer-online with a forgetting factor lambda other than the default is
// "pieslicer-online:<lambda>", lambda in (0, 1]; also not in strategyIds().
bool isOnlineStrategyId(const std::string& id);
// The id of pieslicer-online with forgetting factor `lambda` (the plain id for the default).
std::string onlineStrategyId(double lambda);
// Fails when `text` is not a forgetting factor in (0, 1].
Expected<double> parseForgetting(const std::string& text);
// The CLI's --forgetting: `ids` with pieslicer-online running at forgetting factor `text`.
// Fails on a bad factor, or when `ids` has no pieslicer-online for it to apply to.
Expected<std::vector<std::string>> withForgetting(std::vector<std::string> ids,
                                                  const std::string& text);

// False for those that work without a cost profile (the statics and the oracle; they
// still fill predictions when one is given).
bool strategyNeedsProfile(const std::string& id);

// Fails on an unknown id, or when the strategy needs a profile and `profile` is null.
Expected<std::unique_ptr<Strategy>> makeStrategy(const std::string& id,
                                                 std::shared_ptr<const CostProfile> profile);
// A strategy for each id, in order; fails on the first that makeStrategy() refuses, or
// when `ids` is empty.
Expected<std::vector<std::unique_ptr<Strategy>>> makeStrategies(
    const std::vector<std::string>& ids, const std::shared_ptr<const CostProfile>& profile);

}  // namespace pieslicer
