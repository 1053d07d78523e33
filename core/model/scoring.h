#pragma once
// Scores a run: per strategy, latency percentiles, savings against static placement,
// decision quality against the oracle (on-device = positive class), regret, and how
// far predictions were from what was measured.
#include <string>
#include <vector>

#include "domain/request_record.h"
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

// How much better (positive) or worse than one static strategy, on the same images.
struct Savings {
    std::string against;  // "static-device" or "static-cloud"
    double meanMs = 0, meanPercent = 0;
    double p50Ms = 0, p50Percent = 0;
    double p99Ms = 0, p99Percent = 0;
};

struct StrategyScore {
    std::string strategy;   // id, e.g. "pieslicer"
    std::string algorithm;  // the prototype's label
    std::string device;
    double deviceSlowdown = 1;
    std::size_t requests = 0;
    std::size_t errors = 0;
    LatencySummary preexecution;  // measured pre-execution time, ms
    std::vector<Savings> savings;
    // Decisions against the oracle (its rows, or the faster static row when absent).
    std::size_t judged = 0;  // rows matched to an oracle verdict
    ConfusionMatrix confusion;
    double regretMs = 0;  // total measured ms lost on wrong decisions
    // |predicted - measured| / measured of the chosen order, %, rows with a prediction.
    std::size_t predicted = 0;
    double predictionMedianApe = 0;
    double predictionP90Ape = 0;
    // Rows reporting a measurement that another strategy's row also reports (paired runs).
    std::size_t sharedRows = 0;
};

// All strategies' rows of a run; one score per strategy, in order of first appearance.
// Rows are matched by (image_name_orig, repeat); error rows count only as errors.
std::vector<StrategyScore> scoreRun(const std::vector<RequestRecord>& records);

// A fixed-width text table for the terminal.
std::string formatComparisonTable(const std::vector<StrategyScore>& scores);

}  // namespace pieslicer
