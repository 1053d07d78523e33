#pragma once
// What-if replay: recorded measurements re-timed under another link, device slowdown,
// profile or set of strategies, and every decision made again, without measuring again.
// Each image's two orders are taken from the records (any row that measured them: in a
// paired run the rows of one order share one measurement), re-timed by run/retime.h, and
// every strategy decides on the new link as in a run (the oracle keeps the faster of the
// re-timed orders; online strategies learn from the re-timed rows in the recorded order).
// Every replayed row says so in its `provenance` column.
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "domain/link_shape.h"
#include "domain/request_record.h"
#include "model/cost_profile.h"
#include "util/expected.h"

namespace pieslicer {

struct ReplayConfig {
    LinkShape link;
    // k of the (scaled) device replayed; none: as recorded. Records of a paper-model phone
    // refuse one (its time is the paper's f, not a multiple of this machine's).
    std::optional<double> deviceSlowdown;
    // Strategy ids; empty: those of the records, in order of first appearance.
    std::vector<std::string> strategies;
    // What model-based strategies predict with (adjusted to the replayed k when scaled).
    std::shared_ptr<const CostProfile> profile;
    std::string source;  // the records' file, for the provenance column
};

struct ReplayResult {
    std::vector<RequestRecord> records;
    std::size_t images = 0;         // (image, repeat) rounds replayed
    std::size_t missingOrders = 0;  // rows that needed an order the source never measured
    std::string provenance;         // what every row's provenance column says
};

// `progress(done, total)` (rounds) returning false cancels: the result so far is returned.
using ReplayProgress = std::function<bool(std::size_t, std::size_t)>;

// Fails on no records, unknown strategies, a model-based strategy without a profile, or a
// slowdown asked of a paper-model phone. A row whose order was never measured is an error
// row naming the order; everything else is replayed.
Expected<ReplayResult> replayRecords(const std::vector<RequestRecord>& measured,
                                     const ReplayConfig& config,
                                     const ReplayProgress& progress = {});

// Records from a file by its content: SQLite (run/record_sqlite.h) or our CSV.
Expected<std::vector<RequestRecord>> readRecordsFile(const std::string& path);

// "replayed from run.csv at 2 Mbit/s, 40 ms RTT, ideal TCP[, device x 5.1]".
std::string replayProvenance(const ReplayConfig& config);

// True when any record says it was replayed: charts and tables of such records must say
// "replayed, not measured".
bool anyReplayed(const std::vector<RequestRecord>& records);

}  // namespace pieslicer
