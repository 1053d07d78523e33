#pragma once
// Which cost profile a run's strategies predict with, and the strategies themselves: one
// rule for the CLI and the dashboard. Use the profile given (chosen, or cached from an
// earlier calibration); when there is none and a strategy needs one, calibrate first on
// up to kRunCalibrationImages of the run's images at its link.
#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "model/cost_profile.h"
#include "strategy/strategy.h"
#include "util/expected.h"

namespace pieslicer {

struct ExperimentConfig;

inline constexpr std::size_t kRunCalibrationImages = 24;

struct RunProfileChoice {
    std::vector<std::string> strategyIds;
    std::shared_ptr<const CostProfile> profile;  // null: none given (and none cached)
    std::string savePath;  // a profile calibrated for the run is written here (folders made)
};

// True when prepareRunStrategies() will calibrate: no profile, and an id needs one.
bool needsCalibrationFirst(const RunProfileChoice& choice);

struct RunStrategies {
    std::vector<std::unique_ptr<Strategy>> strategies;  // in the order of the ids
    std::shared_ptr<const CostProfile> profile;         // what they predict with (may be null)
    std::string calibrationReport;                      // the fit's report when calibrated
};

// Calibrates first when needsCalibrationFirst(), then makes a strategy for every id.
// `say` gets calibration progress; `cancel` ends a calibration early (an error).
Expected<RunStrategies> prepareRunStrategies(
    const RunProfileChoice& choice, const ExperimentConfig& run,
    const std::function<void(const std::string&)>& say = {},
    const std::atomic<bool>* cancel = nullptr);

}  // namespace pieslicer
