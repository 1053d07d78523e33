#pragma once
// Summary statistics of latency samples.
#include <vector>

namespace pieslicer {

struct LatencySummary {
    std::size_t count = 0;
    double mean = 0, p50 = 0, p90 = 0, p99 = 0, min = 0, max = 0;
};

// Percentile with linear interpolation between closest ranks; q in [0, 1].
double percentile(std::vector<double> values, double q);
// The same of values already sorted ascending (no copy).
double percentileOfSorted(const std::vector<double>& sorted, double q);
// Takes its copy by value: pass an rvalue when the values are not needed afterwards.
LatencySummary summarize(std::vector<double> values);

}  // namespace pieslicer
