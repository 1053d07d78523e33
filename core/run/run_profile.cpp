#include "run/run_profile.h"

#include <algorithm>
#include <filesystem>

#include "run/calibration.h"
#include "run/experiment.h"
#include "strategy/strategy_factory.h"

namespace pieslicer {

bool needsCalibrationFirst(const RunProfileChoice& choice) {
    return !choice.profile &&
           std::any_of(choice.strategyIds.begin(), choice.strategyIds.end(),
                       [](const std::string& id) { return strategyNeedsProfile(id); });
}

namespace {

Expected<CalibrationResult> calibrateForRun(const RunProfileChoice& choice,
                                            const ExperimentConfig& run,
                                            const CalibrationMessage& say,
                                            const std::atomic<bool>* cancel) {
    auto calibrated = calibrate(calibrationFor(run, kRunCalibrationImages), say, cancel);
    if (!calibrated) return fail("automatic calibration failed: " + calibrated.error());
    if (choice.savePath.empty()) return calibrated;
    const std::filesystem::path path = choice.savePath;
    std::error_code ignored;
    if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path(), ignored);
    if (saveProfile(calibrated->fit.profile, path) && say)
        say("calibrated profile saved to " + choice.savePath);
    return calibrated;
}

}  // namespace

Expected<RunStrategies> prepareRunStrategies(const RunProfileChoice& choice,
                                             const ExperimentConfig& run,
                                             const std::function<void(const std::string&)>& say,
                                             const std::atomic<bool>* cancel) {
    RunStrategies out;
    out.profile = choice.profile;
    if (needsCalibrationFirst(choice)) {
        auto calibrated = calibrateForRun(choice, run, say, cancel);
        if (!calibrated) return fail(calibrated.error());
        out.profile = std::make_shared<const CostProfile>(calibrated->fit.profile);
        out.calibrationReport = calibrated->fit.report;
    }
    auto made = makeStrategies(choice.strategyIds, out.profile);
    if (!made) return fail(made.error());
    out.strategies = std::move(made.value());
    return out;
}

}  // namespace pieslicer
