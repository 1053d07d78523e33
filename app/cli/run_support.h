#pragma once
// What the commands that run experiments (run, estimators) share: the cost profile they
// predict with, the progress line per record, and a run that Ctrl-C ends cleanly.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cli/cli_options.h"
#include "model/cost_profile.h"
#include "run/experiment.h"
#include "util/expected.h"

namespace pieslicer::cli {

// --profile adjusted to this run's target, quality and device; null without --profile.
Expected<std::shared_ptr<const CostProfile>> givenProfile(const Options& o,
                                                          ExperimentConfig& config);

// A strategy for each of `ids`, in order, predicting with givenProfile() or, by core's
// rule (run/run_profile.h), a calibration first (saved next to --out); `used` (if given)
// gets the profile they predict with.
Expected<std::vector<std::unique_ptr<Strategy>>> strategiesForRun(
    const Options& o, ExperimentConfig& config, const std::vector<std::string>& ids,
    std::shared_ptr<const CostProfile>* used = nullptr);

// The experiment options run and estimators share: images, endpoint, out, run tag, token,
// the measurement options and repeat. False with `error` set on bad input.
bool experimentConfigFrom(const Options& o, ExperimentConfig& config, std::string& error);

// One line per finished record on stderr.
void printRecordProgress(const RequestRecord& r, const RunProgress& p);

// While alive, the first Ctrl-C (or SIGTERM) sets control.stop: the request in flight is
// finished and written; a second one kills at once.
class InterruptGuard {
  public:
    explicit InterruptGuard(RunControl& control);
    ~InterruptGuard();
    InterruptGuard(const InterruptGuard&) = delete;
    InterruptGuard& operator=(const InterruptGuard&) = delete;
};

// Runs to the end with messages and a progress line per record on stderr; the first Ctrl-C
// (or SIGTERM) abandons the request in flight and stops, finished records kept. On failure prints
// why and returns nothing.
std::optional<RunResult> runExperiment(ExperimentConfig config,
                                       std::vector<std::unique_ptr<Strategy>> strategies);

}  // namespace pieslicer::cli
