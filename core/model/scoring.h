#pragma once
// Scores a run: per strategy, latency percentiles, savings against static placement,
// decision quality against the oracle (on-device = positive class), over all images and
// over the decisive ones, regret, how far predictions were from what was measured, and
// bootstrap intervals on the comparisons.
#include <string>
#include <vector>

#include "domain/request_record.h"
#include "model/bootstrap.h"
#include "model/scoring_rows.h"
#include "util/stats.h"

namespace pieslicer {

struct ConfusionMatrix {
    std::size_t truePositive = 0;   // chose device, oracle says device
    std::size_t falsePositive = 0;  // chose device, oracle says cloud
    std::size_t falseNegative = 0;  // chose cloud, oracle says device
    std::size_t trueNegative = 0;   // chose cloud, oracle says cloud

    std::size_t total() const {
        return truePositive + falsePositive + falseNegative + trueNegative;
    }
    // Conventions for empty denominators: precision/recall 1 when nothing was to be found
    // or claimed (so an all-cloud oracle and an all-cloud strategy give F1 = 1).
    double precision() const;
    double recall() const;
    double f1() const;
    double accuracy() const;
};

// How much better (positive) or worse than one static strategy, on the same images, with
// the bootstrap interval of each number.
struct Savings {
    std::string against;  // "static-device" or "static-cloud"
    double meanMs = 0, meanPercent = 0;
    double p50Ms = 0, p50Percent = 0;
    double p99Ms = 0, p99Percent = 0;
    Interval meanMsCi, meanPercentCi;
    Interval p50MsCi, p50PercentCi;
    Interval p99MsCi, p99PercentCi;
};

struct LatencyIntervals {
    Interval mean, p50, p90, p99;
};

struct ScoringOptions {
    // An image is decisive when its two orders' measured pre-execution times differ by more
    // than this fraction of the faster one; otherwise it is a near-tie, where either choice
    // costs about the same and a "wrong" one says little about the decision rule.
    double decisiveMargin = 0.10;
    BootstrapOptions bootstrap;  // resamples (image, repeat) keys; 0 resamples: no intervals
};

struct StrategyScore {
    std::string strategy;   // id, e.g. "pieslicer"
    std::string algorithm;  // the prototype's label
    std::string device;
    std::string deviceMode;  // the record's device_mode: "this-machine", "scaled", ...
    // The device the deciding profile describes (the record's profile_device; empty: none).
    // Named like `device`: when the two differ, the predictions were made for another device.
    std::string profileDevice;
    double deviceSlowdown = 1;
    std::size_t requests = 0;
    std::size_t errors = 0;
    LatencySummary preexecution;  // measured pre-execution time, ms
    LatencyIntervals preexecutionCi;
    std::vector<Savings> savings;
    // Decisions against the oracle (its rows, or the faster static row when absent).
    std::size_t judged = 0;  // rows matched to an oracle verdict
    ConfusionMatrix confusion;
    Interval f1Ci;
    // Judged rows whose image's two orders were both measured: decisive ones differ by more
    // than the margin, near-ties by at most it (judged - decisive - nearTies: not known).
    std::size_t decisive = 0, nearTies = 0;
    ConfusionMatrix decisiveConfusion;  // over the decisive rows only
    Interval decisiveF1Ci;
    double regretMs = 0;       // total measured ms lost on wrong decisions and on content probes
    double oracleTotalMs = 0;  // the oracle's total over the judged rows
    double regretPercent = 0;  // regretMs as % of oracleTotalMs
    // |predicted - measured| / measured of the chosen order, %, rows with a prediction.
    std::size_t predicted = 0;
    double predictionMedianApe = 0;
    double predictionP90Ape = 0;
    // Rows reporting a measurement that another strategy's row also reports (paired runs).
    std::size_t sharedRows = 0;
};

// All strategies' rows of a run; one score per strategy, in order of first appearance.
// Rows are matched by (image_name_orig, repeat); error rows count only as errors.
std::vector<StrategyScore> scoreRun(const std::vector<RequestRecord>& records,
                                    const ScoringOptions& options = {});
// The same from the scoring fields alone (model/scoring_rows.h): what a store of a million
// records scores without rebuilding them.
std::vector<StrategyScore> scoreRun(const ScoringRows& rows, const ScoringOptions& options = {});

// What a table says instead of a signed saving whose interval holds zero.
inline constexpr const char* kNoDifferenceMeasured = "no difference measured";
// One saving for a table: "+12.3 ms (+4.5%) [+8.1, +16.0]", or "no difference measured
// [-3.1, +2.0]" when the interval (ms) spans zero; without an interval just the numbers.
std::string formatSaving(double ms, double percent, const Interval& msCi);
// "412.3 [398.1, 430.2]" with `decimals` digits; just the value without an interval.
std::string formatWithInterval(double value, const Interval& ci, int decimals = 1);

// A fixed-width text table for the terminal (the options say the margin and resampling).
std::string formatComparisonTable(const std::vector<StrategyScore>& scores,
                                  const ScoringOptions& options = {});

}  // namespace pieslicer
