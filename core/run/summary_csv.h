#pragma once
// The comparison of a run as a long CSV (one statistic per row, with its interval), for
// spreadsheets and plotting: what the dashboard's export writes next to records.csv.
#include <filesystem>
#include <string>
#include <vector>

#include "model/scoring.h"
#include "util/expected.h"

namespace pieslicer {

// Header "strategy,statistic,against,value,ci_low,ci_high,difference_measured"; a row per
// latency (mean/p50/p90/p99 ms), count, decision score (F1 and decisive F1 with intervals,
// precision, recall, regret ms and %), prediction APE, and per static strategy each saving
// (mean/p50/p99 in ms and %, with intervals and whether a difference was measured).
std::string scoresCsv(const std::vector<StrategyScore>& scores);

// Writes scoresCsv() to `path` (via a temporary file, then renamed).
Expected<bool> writeScoresCsv(const std::filesystem::path& path,
                              const std::vector<StrategyScore>& scores);

}  // namespace pieslicer
