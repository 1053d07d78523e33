#include "run/sweep.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <tuple>

#include "image/image_files.h"
#include "run/record_csv.h"
#include "run/run_profile.h"
#include "server/endpoint_server.h"
#include "util/clock.h"

namespace pieslicer {
namespace {

using CellRecords = std::map<std::string, std::vector<RequestRecord>>;  // by sweep_cell

// What the CSV already holds, by cell. A CSV with records and no --resume is refused: a
// second sweep appended to the first would mix two experiments in one cell.
Expected<CellRecords> previousRecords(const SweepConfig& config, std::size_t& elsewhere,
                                      const std::set<std::string>& keys) {
    CellRecords out;
    const std::string& csv = config.base.outCsv;
    std::error_code ec;
    if (csv.empty() || !std::filesystem::exists(csv, ec) ||
        std::filesystem::file_size(csv, ec) == 0)
        return out;
    auto rows = readRecordsCsv(csv);
    if (!rows) return fail("cannot read " + csv + ": " + rows.error());
    if (!config.base.resume && !rows->empty())
        return fail(csv + " already holds " + std::to_string(rows->size()) +
                    " records: resume it, or write the sweep to another file");
    for (auto& r : rows.value()) {
        if (!keys.count(r.sweep_cell)) {
            ++elsewhere;
            continue;
        }
        out[r.sweep_cell].push_back(std::move(r));
    }
    return out;
}

std::size_t distinctItems(const std::vector<RequestRecord>& records) {
    std::set<std::tuple<std::string, std::string, int>> items;
    for (const auto& r : records) items.insert({r.image_name_orig, r.strategy, r.repeat});
    return items.size();
}

std::vector<NamedFeatures> featuresOf(const std::vector<std::filesystem::path>& files,
                                      const std::filesystem::path& root) {
    std::vector<NamedFeatures> out;
    for (const auto& f : files)
        if (auto loaded = loadImage(f)) out.push_back({displayName(f, root), loaded->features()});
    return out;
}

// One sweep after its set-up: the cells in order, a profile per device, progress overall.
class SweepPass {
  public:
    SweepPass(const SweepConfig& config, RunControl& control, SweepResult& result,
              const SweepRunner::MessageCallback& say, const SweepRunner::RecordCallback& onRecord,
              const SweepRunner::CellCallback& onCell)
        : config_(config),
          control_(control),
          result_(result),
          say_(say),
          onRecord_(onRecord),
          onCell_(onCell) {}

    Expected<bool> runAll(const std::vector<SweepCell>& cells, CellRecords previous,
                          std::size_t itemsPerCell) {
        progress_.cells = cells.size();
        progress_.overall.total = itemsPerCell * cells.size();
        started_ = SteadyClock::now();
        for (std::size_t i = 0; i < cells.size() && !control_.stop; ++i) {
            progress_.cell = i;
            SweepCellResult cell{cells[i], std::move(previous[cells[i].key]), nullptr, {}, {}};
            const std::size_t already = distinctItems(cell.records);
            const std::size_t before = i * itemsPerCell;
            if (already >= itemsPerCell) {  // resumed and complete: no endpoint work at all
                result_.skippedByResume += cell.records.size();
                progress_.overall.done = before + itemsPerCell;
                cell.profile = knownProfile(cell.cell);  // for its break-even curve
                finishCell(std::move(cell));
                continue;
            }
            if (auto ran = runCell(cell, before); !ran) return fail(ran.error());
            finishCell(std::move(cell));
        }
        result_.stopped = bool(control_.stop);
        return true;
    }

  private:
    void finishCell(SweepCellResult cell) {
        result_.cells.push_back(std::move(cell));
        if (onCell_) onCell_(result_.cells.back());
    }

    // The experiment of one cell (its part of the CSV handed over, not reread).
    ExperimentConfig cellRun(const SweepCell& cell) const {
        ExperimentConfig run = config_.base;
        run.resume = false;
        run.link = cell.link;
        run.measurement.device = cell.emulated;
        run.sweepCell = cell.key;
        run.uplinkName = cell.uplinkName;
        run.endpointUrl = result_.endpointUrl;
        return run;
    }

    // The cell's link with the grid's fastest uplink (by mean rate).
    LinkShape fastestLink(const SweepCell& cell) const {
        LinkShape link = cell.link;
        for (const auto& u : config_.grid.uplinks)
            if (u.bitsPerSecond > link.meanUplinkBitsPerSecond()) {
                link.uplinkBitsPerSecond = u.bitsPerSecond;
                link.uplinkTrace = u.trace;
            }
        return link;
    }

    RunProfileChoice choiceFor(const SweepCell& cell) {
        return {config_.strategyIds, profiles_[cell.emulated.label()], {}, config_.profileCacheDir};
    }

    // The device's profile if this sweep made one or the cache has one; never calibrates.
    std::shared_ptr<const CostProfile> knownProfile(const SweepCell& cell) {
        auto& known = profiles_[cell.emulated.label()];
        if (!known) known = cachedRunProfile(choiceFor(cell), cellRun(cell));
        return known;
    }

    // The cell's experiment: the device's profile (made once), then the same runner as a run.
    Expected<bool> runCell(SweepCellResult& cell, std::size_t before) {
        ExperimentConfig run = cellRun(cell.cell);
        run.previousRecords = std::move(cell.records);
        say("cell " + std::to_string(progress_.cell + 1) + "/" + std::to_string(progress_.cells) +
            ": " + cell.cell.key);

        const std::string device = cell.cell.emulated.label();
        // A calibration measures at the grid's fastest uplink: the same fit, far sooner than
        // at 2 Mbit/s, and g is predicted from each cell's own link anyway.
        ExperimentConfig forProfile = run;
        forProfile.link = fastestLink(cell.cell);
        const auto preparing = SteadyClock::now();
        auto prepared =
            prepareRunStrategies(choiceFor(cell.cell), forProfile, say_, &control_.stop);
        preparingMs_ += msSince(preparing);
        if (!prepared) {
            if (control_.stop) {  // a calibration cancelled: the sweep stops, records kept
                cell.records = std::move(run.previousRecords);
                return true;
            }
            return fail(device + ": " + prepared.error());
        }
        if (!prepared->calibrationReport.empty()) say(prepared->calibrationReport);
        profiles_[device] = prepared->profile;
        cell.profile = prepared->profile;
        cell.profileSource = prepared->profileSource;
        cell.mismatch = prepared->mismatch;
        if (cell.profile) run.measurement.profileDevice = profileDeviceLabel(*cell.profile);

        ExperimentRunner runner(std::move(run), std::move(prepared->strategies));
        runner.onMessage(say_);
        runner.onRecord([this, before](const RequestRecord& r, const RunProgress& p) {
            ++measured_;
            auto& o = progress_.overall;
            o.done = before + p.done;
            o.elapsedMs = msSince(started_);
            // Calibrations are no measure of how long the items left will take.
            o.etaMs = std::max(0.0, o.elapsedMs - preparingMs_) / double(measured_) *
                      double(o.total - o.done);
            if (onRecord_) onRecord_(r, progress_);
        });
        auto ran = runner.run(control_);
        if (!ran) return fail(cell.cell.key + ": " + ran.error());
        result_.skippedByResume += ran->skippedByResume;
        cell.records = std::move(ran->records);
        return true;
    }

    void say(const std::string& text) const {
        if (say_) say_(text);
    }

    const SweepConfig& config_;
    RunControl& control_;
    SweepResult& result_;
    const SweepRunner::MessageCallback& say_;
    const SweepRunner::RecordCallback& onRecord_;
    const SweepRunner::CellCallback& onCell_;
    std::map<std::string, std::shared_ptr<const CostProfile>> profiles_;  // by device label
    SweepProgress progress_;
    SteadyClock::time_point started_;
    std::size_t measured_ = 0;
    double preparingMs_ = 0;  // spent making profiles (calibrating), out of the ETA
};

}  // namespace

Expected<SweepResult> SweepRunner::run(RunControl& control) {
    const SweepGrid& grid = config_.grid;
    if (grid.cellCount() == 0) return fail("the sweep's grid has no cell");
    if (config_.strategyIds.empty()) return fail("no strategy selected");
    auto files = listImages(config_.base.images);
    if (!files) return fail(files.error());
    if (files->empty())
        return fail("no images (jpg, jpeg, png, webp, bmp, tiff) under " +
                    config_.base.images.string());
    const auto cells = sweepCells(grid, config_.base.link);
    std::set<std::string> keys;
    for (const auto& c : cells) keys.insert(c.key);
    std::size_t elsewhere = 0;
    auto previous = previousRecords(config_, elsewhere, keys);
    if (!previous) return fail(previous.error());
    if (elsewhere)
        message(std::to_string(elsewhere) + " records of the CSV belong to no cell of this grid: " +
                "kept in the file, left out of this sweep");

    SweepResult result;
    std::unique_ptr<EndpointServer> embedded;  // one endpoint for every cell and calibration
    result.endpointUrl = config_.base.endpointUrl;
    if (result.endpointUrl.empty()) {
        EndpointConfig ec;
        ec.threads = 2;
        ec.upload.target = config_.base.measurement.preprocess.target;
        embedded = std::make_unique<EndpointServer>(ec);
        auto port = embedded->start();
        if (!port) return fail("cannot start the embedded endpoint: " + port.error());
        result.endpointUrl = embedded->url();
        message("embedded endpoint on " + result.endpointUrl);
    }
    const std::size_t itemsPerCell =
        files->size() * std::size_t(std::max(1, config_.base.repeat)) * config_.strategyIds.size();
    message("sweep: " + std::to_string(cells.size()) + " cells x " + std::to_string(itemsPerCell) +
            " items (" + std::to_string(files->size()) + " images)");
    SweepPass pass(config_, control, result, onMessage_, onRecord_, onCellDone_);
    auto ran = pass.runAll(cells, std::move(previous.value()), itemsPerCell);
    if (!ran) return fail(ran.error());
    result.images = featuresOf(files.value(), config_.base.images);
    return result;
}

}  // namespace pieslicer
