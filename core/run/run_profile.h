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
    // Profiles calibrated per device: with no profile given, the one in this folder named
    // calibrationCacheName() for the run's device, target and quality is used when it
    // exists, else written there after calibrating. Empty: no cache.
    std::string cacheDir;
};

// The profile cached in choice.cacheDir for the run's device (null: none or unreadable).
std::shared_ptr<const CostProfile> cachedRunProfile(const RunProfileChoice& choice,
                                                    const ExperimentConfig& run);

// True when prepareRunStrategies() will calibrate: no profile, and an id needs one.
bool needsCalibrationFirst(const RunProfileChoice& choice);

struct RunStrategies {
    std::vector<std::unique_ptr<Strategy>> strategies;  // in the order of the ids
    std::shared_ptr<const CostProfile> profile;         // what they predict with (may be null)
    std::string calibrationReport;                      // the fit's report when calibrated
    std::string profileSource;  // "given", "cached <path>" or "calibrated for this run"
    // Empty when the profile predicts the device the run measures; else a warning such as
    // "predicting Pixel 2 (paper model), measuring Pixel 2 (scaled: this machine x 5.1)".
    std::string mismatch;
};

// Takes the cached profile, else calibrates first when needsCalibrationFirst(), then makes a
// strategy for every id.
// `say` gets calibration progress; `cancel` ends a calibration early (an error).
Expected<RunStrategies> prepareRunStrategies(
    const RunProfileChoice& choice, const ExperimentConfig& run,
    const std::function<void(const std::string&)>& say = {},
    const std::atomic<bool>* cancel = nullptr);

}  // namespace pieslicer
