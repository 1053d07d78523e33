#pragma once
// A sweep: one experiment over a grid of conditions (run/sweep_grid.h). Each cell is a run
// of the chosen strategies, paired over the same images, by the same runner as a single
// run (run/experiment.h); every device gets one profile (cached, or calibrated before its
// first cell), one embedded endpoint serves the whole sweep, and all records go to one CSV
// whose sweep_cell column says where each belongs, so a resumed sweep skips what it has.
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "model/break_even.h"
#include "model/cost_profile.h"
#include "run/experiment.h"
#include "run/sweep_grid.h"
#include "util/expected.h"

namespace pieslicer {

struct SweepConfig {
    // What every cell shares: images, endpoint, CSV, run tag, repeats, model input, quality,
    // SLA, queue and downlink. Its link's uplink, RTT and TCP model and its device come from
    // each cell; `base.resume` continues the CSV (without it, a CSV with records is refused).
    ExperimentConfig base;
    SweepGrid grid;
    std::vector<std::string> strategyIds;
    // Profiles per device are cached here (run/run_profile.h); empty: kept for this sweep.
    std::string profileCacheDir;
};

// Progress over the whole grid: items of every cell; the ETA is the time per item measured so
// far (calibrations left out) times the items left.
struct SweepProgress {
    std::size_t cell = 0;  // index of the cell measuring now
    std::size_t cells = 0;
    RunProgress overall;  // items over every cell
};

struct SweepCellResult {
    SweepCell cell;
    std::vector<RequestRecord> records;          // resumed and measured
    std::shared_ptr<const CostProfile> profile;  // the device's (null: no strategy needs one)
    std::string profileSource;
    std::string mismatch;  // predictionMismatch()'s warning, empty when none
};

struct SweepResult {
    std::vector<SweepCellResult> cells;  // those reached, in grid order
    bool stopped = false;
    std::string endpointUrl;
    std::size_t skippedByResume = 0;
    std::vector<NamedFeatures> images;  // every image's features, for the break-even curve
};

class SweepRunner {
  public:
    explicit SweepRunner(SweepConfig config) : config_(std::move(config)) {}

    using MessageCallback = std::function<void(const std::string&)>;
    using RecordCallback = std::function<void(const RequestRecord&, const SweepProgress&)>;
    using CellCallback = std::function<void(const SweepCellResult&)>;
    void onMessage(MessageCallback cb) { onMessage_ = std::move(cb); }
    void onRecord(RecordCallback cb) { onRecord_ = std::move(cb); }
    void onCellDone(CellCallback cb) { onCellDone_ = std::move(cb); }

    // Fails when nothing can be measured (bad grid, no images, endpoint unreachable, CSV not
    // writable, a calibration failed); records already written stay in the CSV. `control`
    // stops (also a calibration in progress) and pauses between requests.
    Expected<SweepResult> run(RunControl& control);

  private:
    void message(const std::string& text) const {
        if (onMessage_) onMessage_(text);
    }

    SweepConfig config_;
    MessageCallback onMessage_;
    RecordCallback onRecord_;
    CellCallback onCellDone_;
};

}  // namespace pieslicer
