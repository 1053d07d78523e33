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

// The profile a run with `c` predicts with: the chosen file, the paper's profile of an
// emulated phone, or empty (the built-in paper profile) for this machine.
QString effectiveProfilePath(const DashboardConfig& c);

// Where a run on "this machine" keeps the profile it calibrated for a model input and JPEG
// quality, so the next run reuses it (AppDataLocation/profiles/this-machine-<N>-q<Q>.json).
QString thisMachineProfilePath(int target, int quality);

// True when a run on "this machine" must calibrate first: a selected strategy predicts,
// and neither a chosen nor a cached profile exists (core's rule on runProfileChoice()).
bool needsCalibrationFirst(const DashboardConfig& c);

// What core's run rule (run/run_profile.h) needs from a dashboard configuration: the
// strategies, the profile of effectiveProfilePath() (the paper's when it is empty), and
// on "this machine" with no profile file none at all, so that core calibrates first when a
// strategy predicts (saved to thisMachineProfilePath()). Fails on a bad profile file.
Expected<RunProfileChoice> runProfileChoice(const DashboardConfig& c);

}  // namespace pieslicer::ui
