#pragma once
// Scores bandwidth estimators from a paired run (issue #9, item 4): how far each
// estimate was from the link's true rate, what its decisions cost against the oracle, and
// how many requests after each step in the true rate its decisions needed to agree with
// the oracle's again.
#include <string>
#include <vector>

#include "domain/request_record.h"

namespace pieslicer {

// Consecutive images whose true uplink rates differ by this factor or more are a step.
constexpr double kRateStepFactor = 5;

struct StepRecovery {
    std::size_t index = 0;  // the first image (0-based, run order) at the new rate
    double fromMbps = 0, toMbps = 0;
    std::size_t images = 0;      // images until the next step or the end
    std::size_t mismatches = 0;  // of those, decisions unlike the oracle's
    // Requests from the step through the last mismatch before the next step: after that
    // many, decisions agreed with the oracle's to the next step. 0: none disagreed.
    std::size_t requestsToRecover = 0;
};

struct EstimatorScore {
    std::string strategy;   // e.g. "pieslicer-corrected:harmonic"
    std::string estimator;  // its bandwidth_estimator, or "(configured)" for one without
    std::size_t requests = 0;
    // |estimate - true rate| over rows with both (Mbit/s and % of the true rate). A strategy
    // without an estimator is scored on the configured rate it predicts with.
    std::size_t estimated = 0;
    double medianAbsErrorMbps = 0, p90AbsErrorMbps = 0;
    double medianAbsErrorPct = 0, p90AbsErrorPct = 0;
    double regretMs = 0;         // scoreRun()'s: measured ms lost on wrong decisions
    double oracleTotalMs = 0;    // the oracle's pre-execution time over the same images
    double regretPercent = 0;    // of oracleTotalMs
    std::size_t mismatches = 0;  // decisions unlike the oracle's, whole run
    std::vector<StepRecovery> steps;
};

// Steps are found on the oracle's rows (every image has one), in run order; every
// estimator is judged on the same steps. Scores every strategy whose id starts with
// "pieslicer" and that has rows, in order of first appearance. Empty without oracle rows.
std::vector<EstimatorScore> scoreEstimators(const std::vector<RequestRecord>& records);

// The table pieslicer-cli estimators prints.
std::string formatEstimatorTable(const std::vector<EstimatorScore>& scores);

}  // namespace pieslicer
