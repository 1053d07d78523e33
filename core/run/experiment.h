#pragma once
// An experiment: every image of a folder, every repeat, every strategy side by side,
// interleaved image by image so network drift hits all strategies alike. Records are
// appended to the CSV as they are measured.
#include <atomic>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "domain/request_record.h"
#include "net/link_emulator.h"
#include "run/measurement.h"
#include "run/record_sink.h"
#include "strategy/strategy.h"
#include "util/expected.h"

namespace pieslicer {

class ModelZoo;

struct ExperimentConfig {
    std::filesystem::path images;
    std::string endpointUrl;  // empty: start an embedded endpoint on 127.0.0.1
    std::string outCsv;       // empty: keep records in memory only
    // Also append every record, as measured, to this SQLite database in the prototype's
    // schema (run/record_sqlite.h); empty: none.
    std::string outSqlite;
    std::string runTag;
    bool resume = false;  // skip (image, strategy, repeat) items already in outCsv
    // Records measured before, skipped and part of the result like resumed ones (a sweep
    // reads its CSV once and hands each cell its own).
    std::vector<RequestRecord> previousRecords;
    // Written into every record: a sweep's cell and its uplink's name (empty outside sweeps).
    std::string sweepCell;
    std::string uplinkName;
    int repeat = 1;
    // false (paired, the default): each order is measured once per image and repeat, and
    // every strategy's row reports the measurement of the order it chose, the oracle's the
    // faster of the two. Differences between strategies are then their decisions alone,
    // not the noise of separate requests. true: every strategy's request is its own.
    bool independentMeasurements = false;
    LinkShape link;
    MeasurementSettings measurement;
    std::string bearerToken;
    // The zoo of an in-process endpoint given by URL (the dashboard's embedded one): measured
    // before the first request when the route is /modipick, as the run's own endpoint's is.
    std::shared_ptr<ModelZoo> inProcessZoo;
};

// Shared with the thread that drives the run (CLI signal handler, dashboard buttons).
struct RunControl {
    std::atomic<bool> stop{false};   // finish the request in flight, then end
    std::atomic<bool> pause{false};  // hold before the next request
    // Also abandon the request in flight (a signal): its item is not written, so a resume
    // measures it again. Set stop with it.
    std::atomic<bool> abandon{false};
    // Consulted before each image (round); lets a user change the link while a run goes on.
    // Every row of a round reports the same link, as its strategies share its measurements.
    std::function<LinkShape()> linkForNextRequest;
};

struct RunResult {
    std::vector<RequestRecord> records;  // this run's (and resumed) records, in order
    bool stopped = false;                // ended by RunControl::stop
    std::string endpointUrl;
    double pingMs = 0;
    double clockOffsetMs = 0;
    std::size_t skippedByResume = 0;
};

class ExperimentRunner {
  public:
    ExperimentRunner(ExperimentConfig config, std::vector<std::unique_ptr<Strategy>> strategies);

    using MessageCallback = std::function<void(const std::string&)>;
    // Every finished record goes to the CSV of config.outCsv first, then to the database of
    // config.outSqlite, then to these sinks
    // in the order they were added.
    void addSink(std::shared_ptr<RecordSink> sink) { sinks_.push_back(std::move(sink)); }
    void onRecord(CallbackRecordSink::Callback cb) {
        addSink(std::make_shared<CallbackRecordSink>(std::move(cb)));
    }
    void onMessage(MessageCallback cb) { onMessage_ = std::move(cb); }

    // Fails only when nothing can be measured (no images, endpoint unreachable, output
    // not writable); per-image problems become error records.
    Expected<RunResult> run(RunControl& control);

  private:
    void message(const std::string& text) const {
        if (onMessage_) onMessage_(text);
    }

    ExperimentConfig config_;
    std::vector<std::unique_ptr<Strategy>> strategies_;
    std::vector<std::shared_ptr<RecordSink>> sinks_;
    MessageCallback onMessage_;
};

}  // namespace pieslicer
