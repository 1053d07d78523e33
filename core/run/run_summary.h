#pragma once
// Per-strategy summary of a run's records: latency percentiles, bytes, errors.
#include <string>
#include <vector>

#include "domain/request_record.h"
#include "util/stats.h"

namespace pieslicer {

struct StrategySummary {
    std::string strategy;
    std::size_t requests = 0;
    std::size_t errors = 0;
    LatencySummary preexecution;
    LatencySummary transfer;
    double bytesSent = 0;
};

// One entry per strategy, in order of first appearance.
std::vector<StrategySummary> summarizeByStrategy(const std::vector<RequestRecord>& records);

// A fixed-width text table for terminals.
std::string formatSummaryTable(const std::vector<StrategySummary>& summaries);

}  // namespace pieslicer
