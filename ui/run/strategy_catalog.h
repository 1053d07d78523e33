#pragma once
// The strategies the dashboard offers (core's factory), their labels, and the cost
// profile model-based ones use when the user has not loaded one.
#include <QString>
#include <QStringList>
#include <memory>
#include <vector>

#include "dashboard_config.h"
#include "model/cost_profile.h"
#include "run/run_profile.h"
#include "strategy/strategy.h"
#include "util/expected.h"

namespace pieslicer::ui {

struct StrategyInfo {
    QString id;
    QString label;
    bool needsProfile = false;
    bool preselected = false;
};

std::vector<StrategyInfo> availableStrategies();
QString strategyLabel(const QString& id);
QStringList defaultStrategies();

// The paper's Pixel 2 on campus Wi-Fi (PIESLICER.md's table): the profile used until
// the user calibrates or loads one.
std::shared_ptr<const CostProfile> paperProfile();

// Loads `profilePath`, or paperProfile() when it is empty.
Expected<std::shared_ptr<const CostProfile>> resolveProfile(const QString& profilePath);

// The profile a run with `c` predicts with: the chosen file, else the calibration cached
// for the device measured (this machine or the emulated phone, per mode and k), else
// empty: the run calibrates that device first. Never the paper's coefficients for a
// device they do not describe.
QString effectiveProfilePath(const DashboardConfig& c);

// Where runs keep the profiles they calibrated, one per device, mode, k, model input and
// JPEG quality (AppDataLocation/profiles/, named by core's calibrationCacheName()).
QString profileCacheFolder();
QString deviceProfilePath(const DashboardConfig& c);
// The cache file of this machine for a model input and JPEG quality.
QString thisMachineProfilePath(int target, int quality);

// True when a run must calibrate first: a selected strategy predicts, and neither a
// chosen nor a cached profile exists (core's rule on runProfileChoice()).
bool needsCalibrationFirst(const DashboardConfig& c);

// What core's run rule (run/run_profile.h) needs from a dashboard configuration: the
// strategies, the profile of effectiveProfilePath(), none at all when it is empty (so
// that core calibrates the device first when a strategy predicts, caching it in
// profileCacheFolder()). Fails on a bad profile file.
Expected<RunProfileChoice> runProfileChoice(const DashboardConfig& c);

// Empty when the profile `c` would predict with describes the device it measures; else
// the warning ("predicting Pixel 2 (paper model), measuring this machine").
QString profileMismatchWarning(const DashboardConfig& c);

}  // namespace pieslicer::ui
