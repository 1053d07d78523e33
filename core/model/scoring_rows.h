#pragma once
// What scoreRun() reads of a request record, and nothing else: a row of a few numbers with
// the repeated strings (strategy, image, measurement id) as small ids. A million rows are
// 48 MB, where a million RequestRecords (about 70 fields each) were over a gigabyte,
// and any store of columns can fill them without building records (the dashboard's
// columnar store does, ui/run/columnar_scoring.h).
#include <algorithm>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "domain/request_record.h"
#include "util/chunked_rows.h"

namespace pieslicer {

// What a strategy's first row says about the run (copied into its StrategyScore).
struct ScoringStrategy {
    std::string id;  // the record's strategy, or its algorithm when that is empty
    std::string algorithm, device, deviceMode, profileDevice;
    double deviceSlowdown = 1;
};

// Which reference a row is (by the record's strategy field).
enum class ScoringRole : std::uint8_t { Other, Oracle, StaticDevice, StaticCloud };

// 48 bytes: a million of them are held by the Compare tab's cache.
struct ScoringRow {
    static constexpr std::uint32_t kNoMeasurement = std::numeric_limits<std::uint32_t>::max();
    // Strategy ids fit in 22 bits; past that many distinct strategies (only a corrupt file
    // has them) rows are counted as the last one's (strategyIdOf).
    static constexpr std::uint32_t kMaxStrategies = 1u << 22;

    ScoringRow() : strategy(0), ok(false), device(false), role(ScoringRole::Other) {}

    double preexecution = 0;       // preexecution_time, ms
    double preexecutionOther = 0;  // preexecution_time_other (the order not chosen), ms
    double estimate = 0;           // preexecution_time_estimate, ms
    double contentProbe = 0;       // time_local_content_probe (in preexecution), ms
    std::uint32_t image = 0;       // image_name_orig, as an id below ScoringRows::images
    // measurement_id as an id below ScoringRows::measurements (kNoMeasurement: empty).
    std::uint32_t measurement = kNoMeasurement;
    std::int32_t repeat = 0;
    std::uint32_t strategy : 22;  // index into ScoringRows::strategies
    bool ok : 1;                  // status == "ok"
    bool device : 1;              // preprocess_location is on-device
    ScoringRole role : 8;
};
static_assert(sizeof(ScoringRow) == 48, "a scoring row's fields are packed");

// A strategy's index as a row holds it (see ScoringRow::kMaxStrategies).
inline std::uint32_t strategyIdOf(std::size_t index) {
    return std::uint32_t(std::min<std::size_t>(index, ScoringRow::kMaxStrategies - 1));
}

struct ScoringRows {
    std::vector<ScoringStrategy> strategies;  // in order of first appearance
    // In record order; a copy shares the rows (copied on write), so a pass may score a
    // copy while the live passes' reader goes on appending.
    ChunkedRows<ScoringRow> rows;
    std::size_t images = 0;        // image ids are below this
    std::size_t measurements = 0;  // measurement ids are below this
};

ScoringRole scoringRole(const std::string& strategy);
// The rows of records (the reference the columnar filling is tested against).
ScoringRows scoringRows(const std::vector<RequestRecord>& records);

}  // namespace pieslicer
