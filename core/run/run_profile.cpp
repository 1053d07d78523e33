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

std::string cachePath(const RunProfileChoice& choice, const ExperimentConfig& run) {
    if (choice.cacheDir.empty()) return {};
    const auto& m = run.measurement;
    return (std::filesystem::path(choice.cacheDir) /
            calibrationCacheName(m.device, m.preprocess.target, m.preprocess.jpegQuality))
        .string();
}

void saveCalibrated(const CostProfile& profile, const std::string& where,
                    const CalibrationMessage& say) {
    if (where.empty()) return;
    const std::filesystem::path path = where;
    std::error_code ignored;
    if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path(), ignored);
    if (saveProfile(profile, path) && say) say("calibrated profile saved to " + where);
}

Expected<CalibrationResult> calibrateForRun(const RunProfileChoice& choice,
                                            const ExperimentConfig& run,
                                            const CalibrationMessage& say,
                                            const std::atomic<bool>* cancel) {
    if (say) say("calibrating " + run.measurement.device.label() + " first");
    auto calibrated = calibrate(calibrationFor(run, kRunCalibrationImages), say, cancel);
    if (!calibrated) return fail("automatic calibration failed: " + calibrated.error());
    saveCalibrated(calibrated->fit.profile, choice.savePath, say);
    saveCalibrated(calibrated->fit.profile, cachePath(choice, run), say);
    return calibrated;
}

}  // namespace

std::shared_ptr<const CostProfile> cachedRunProfile(const RunProfileChoice& choice,
                                                    const ExperimentConfig& run) {
    const std::string path = cachePath(choice, run);
    if (path.empty() || !std::filesystem::exists(path)) return nullptr;
    auto loaded = loadProfile(path);
    // A cached profile of another device (a file renamed by hand) is no cache, nor one an
    // older calibration method fitted (it would lack what the current one fits).
    if (!loaded || !profileMismatch(loaded.value(), run.measurement.device).empty() ||
        loaded->calibrationMethod < kCalibrationMethod)
        return nullptr;
    return std::make_shared<const CostProfile>(std::move(loaded.value()));
}

Expected<RunStrategies> prepareRunStrategies(const RunProfileChoice& choice,
                                             const ExperimentConfig& run,
                                             const std::function<void(const std::string&)>& say,
                                             const std::atomic<bool>* cancel) {
    RunStrategies out;
    out.profile = choice.profile;
    out.profileSource = "given";
    if (needsCalibrationFirst(choice)) {
        if (auto cached = cachedRunProfile(choice, run)) {
            out.profile = cached;
            out.profileSource = "cached " + cachePath(choice, run);
        } else {
            // Say why a cached file is not taken (another device, or an older calibration).
            const std::string stale = cachePath(choice, run);
            if (say && !stale.empty() && std::filesystem::exists(stale))
                say("not using " + stale +
                    ": calibrated for another device or by an older calibration method");
            auto calibrated = calibrateForRun(choice, run, say, cancel);
            if (!calibrated) return fail(calibrated.error());
            out.profile = std::make_shared<const CostProfile>(calibrated->fit.profile);
            out.calibrationReport = calibrated->fit.report;
            out.profileSource = "calibrated for this run";
        }
    }
    if (out.profile) out.mismatch = profileMismatch(*out.profile, run.measurement.device);
    auto made = makeStrategies(choice.strategyIds, out.profile);
    if (!made) return fail(made.error());
    out.strategies = std::move(made.value());
    return out;
}

}  // namespace pieslicer
