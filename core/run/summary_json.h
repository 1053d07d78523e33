#pragma once
// The machine-readable summary of a run (--summary-json): per strategy its counts,
// latencies, savings, decision scores and prediction error, each comparison with its
// bootstrap interval, and the configuration the run was measured in. One writer for the
// CLI and the dashboard.
#include <filesystem>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "model/model_use.h"
#include "model/scoring.h"
#include "util/expected.h"

namespace pieslicer {

struct CostProfile;

// What the summary says about how the run was set up.
struct RunDescription {
    double uplinkMbps = 0;  // the configured rate (a trace's mean with a trace)
    double rttMs = 0;
    std::string tcpModel = "ideal";
    bool warmConnection = false;
    std::string uplinkTrace;  // the trace's name, empty for a fixed rate
    std::string device = "this machine";
    std::string deviceMode = "this-machine";  // or "scaled", "paper-model" (emulated)
    double deviceSlowdown = 1;                // k
    bool hasProfile = false;
    std::string profileName, profileDevice, profilePath;
    // "predicting <profile's device>, measuring <device>" when they differ, else empty.
    std::string profileMismatch;
    double profileSlowdown = 1;  // the k of the device the profile describes
    int target = 331;
    int quality = 90;
    int repeat = 1;                        // repeats per image
    bool independentMeasurements = false;  // a request per strategy (set by the caller)
    // Empty for measured records; "replayed from ..." (run/replay.h) when they were re-timed.
    std::string provenance;
    // Per strategy, the models the endpoint ran and the accuracy reached within the SLA.
    std::vector<ModelUse> modelUse;
};

// The run's link, device, model input and repeats as its records state them (the first
// record's; a link changed mid-run shows in the records), and the profile's name and device
// when one was used (`profilePath` where it came from, may be empty).
RunDescription describeRun(const std::vector<RequestRecord>& records,
                           const CostProfile* profile = nullptr,
                           const std::string& profilePath = {});

// {"schema", "configuration": {...}, "strategies": [{...}, ...]} (a strategy's "models": what
// the endpoint ran for it, from run.modelUse, null when unknown); an interval is
// {"value": v, "ci": [lo, hi]} (ci null when it was not resampled).
nlohmann::json summaryJson(const std::vector<StrategyScore>& scores, const RunDescription& run,
                           const ScoringOptions& options);

// {"value": v, "ci": [lo, hi]}, ci null when `ci` is not valid (not resampled).
nlohmann::json intervalJson(double value, const Interval& ci);

// Writes summaryJson() to `path` (via a temporary file, then renamed).
Expected<bool> writeSummaryJson(const std::filesystem::path& path,
                                const std::vector<StrategyScore>& scores, const RunDescription& run,
                                const ScoringOptions& options);

}  // namespace pieslicer
