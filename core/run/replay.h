#pragma once
// What-if replay: recorded measurements re-timed under another link, device slowdown,
// profile or set of strategies, and every decision made again, without measuring again.
// Each image's two orders are taken from the records (any row that measured them: in a
// paired run the rows of one order share one measurement), re-timed by run/retime.h, and
// every strategy decides on the new link as in a run (the oracle keeps the faster of the
// re-timed orders; online strategies learn from the re-timed rows in the recorded order).
// Every replayed row says so in its `provenance` column.
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "domain/link_shape.h"
#include "domain/request_record.h"
#include "model/cost_profile.h"
#include "run/sweep_grid.h"
#include "util/expected.h"

namespace pieslicer {

struct ReplayConfig {
    LinkShape link;
    // The link of each group of records (one measured device and sweep cell), from its first
    // record; unset: `link` for all. The CLI keeps what it was not asked to change as
    // measured, so a sweep's cells keep their own RTT and TCP model.
    std::function<LinkShape(const RequestRecord&)> linkFor;
    std::string uplinkName;  // the replayed uplink as typed ("4mbit"), for uplink_name
    // k of the (scaled) device replayed; none: as recorded. Records of a paper-model phone
    // refuse one (its time is the paper's f, not a multiple of this machine's).
    std::optional<double> deviceSlowdown;
    // Strategy ids; empty: those of the records, in order of first appearance.
    std::vector<std::string> strategies;
    // What model-based strategies predict with (adjusted to the replayed k when scaled), for
    // each device measured (the records' `device`), first found first:
    // 1. deviceProfiles under the device's label, its sweep name ("Pixel 2", "Nexus 5:paper",
    //    "k3", "this machine") or its phone's name;
    // 2. a profile of deviceProfiles or `profile` that describes that device;
    // 3. in profileCacheDir, the sweep's calibration of the device (calibrationCacheName()
    //    for its target and quality);
    // 4. `profile`, whatever it describes (a warning says so).
    // A device with none of these fails the replay when a strategy needs a profile.
    std::shared_ptr<const CostProfile> profile;
    std::map<std::string, std::shared_ptr<const CostProfile>> deviceProfiles;
    std::string profileCacheDir;
    std::string source;  // the records' file, for the provenance column
};

// One group of records replayed together: what one device measured in one sweep cell (a
// single run is one group). Its strategies, profile and clock are its own.
struct ReplayCell {
    SweepCell cell;          // the replayed conditions (link, device); key as in sweep_cell
    std::string measuredIn;  // the source's sweep_cell, or its device and link
    std::size_t first = 0;   // its rows: records[first, first + count)
    std::size_t count = 0;
    std::shared_ptr<const CostProfile> profile;  // null: no strategy needed one
    std::string profileSource;  // "given for Pixel 2", "describes the device", "cached <path>"
    std::string mismatch;       // the profile describes another device than the one measured
};

struct ReplayResult {
    std::vector<RequestRecord> records;  // group by group, each in the recorded order
    std::vector<ReplayCell> cells;
    std::size_t images = 0;         // (image, repeat) rounds replayed
    std::size_t missingOrders = 0;  // rows that needed an order the source never measured
    std::string provenance;         // what every row's provenance column says
};

// `progress(done, total)` (rounds) returning false cancels: the result so far is returned.
using ReplayProgress = std::function<bool(std::size_t, std::size_t)>;

// Fails on no records, unknown strategies, a model-based strategy without a profile for some
// device measured, or a slowdown asked of a paper-model phone. A row whose order was never measured
// is an error row naming the order; everything else is replayed.
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
