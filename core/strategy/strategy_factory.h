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

// False for those that work without a cost profile (the statics and the oracle; they
// still fill predictions when one is given).
bool strategyNeedsProfile(const std::string& id);

// Fails on an unknown id, or when the strategy needs a profile and `profile` is null.
Expected<std::unique_ptr<Strategy>> makeStrategy(const std::string& id,
                                                 std::shared_ptr<const CostProfile> profile);

}  // namespace pieslicer
