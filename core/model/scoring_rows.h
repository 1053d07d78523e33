#pragma once
// What scoreRun() reads of a request record, and nothing else: a row of a few numbers with
// the repeated strings (strategy, image, measurement id) as small ids. A million rows are
// about 48 MB, where a million RequestRecords (about 70 fields each) were over a gigabyte,
// and any store of columns can fill them without building records (the dashboard's
// columnar store does, ui/run/columnar_scoring.h).
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "domain/request_record.h"

namespace pieslicer {

// What a strategy's first row says about the run (copied into its StrategyScore).
struct ScoringStrategy {
    std::string id;  // the record's strategy, or its algorithm when that is empty
    std::string algorithm, device, deviceMode, profileDevice;
    double deviceSlowdown = 1;
};

// Which reference a row is (by the record's strategy field).
enum class ScoringRole : std::uint8_t { Other, Oracle, StaticDevice, StaticCloud };

struct ScoringRow {
    static constexpr std::uint32_t kNoMeasurement = std::numeric_limits<std::uint32_t>::max();

    double preexecution = 0;       // preexecution_time, ms
    double preexecutionOther = 0;  // preexecution_time_other (the order not chosen), ms
    double estimate = 0;           // preexecution_time_estimate, ms
    double contentProbe = 0;       // time_local_content_probe (in preexecution), ms
    std::uint32_t strategy = 0;    // index into ScoringRows::strategies
    std::uint32_t image = 0;       // image_name_orig, as an id below ScoringRows::images
    // measurement_id as an id below ScoringRows::measurements (kNoMeasurement: empty).
    std::uint32_t measurement = kNoMeasurement;
    std::int32_t repeat = 0;
    bool ok = false;      // status == "ok"
    bool device = false;  // preprocess_location is on-device
    ScoringRole role = ScoringRole::Other;
};

struct ScoringRows {
    std::vector<ScoringStrategy> strategies;  // in order of first appearance
    std::vector<ScoringRow> rows;             // in record order
    std::size_t images = 0;                   // image ids are below this
    std::size_t measurements = 0;             // measurement ids are below this
};

ScoringRole scoringRole(const std::string& strategy);
// The rows of records (the reference the columnar filling is tested against).
ScoringRows scoringRows(const std::vector<RequestRecord>& records);

}  // namespace pieslicer
