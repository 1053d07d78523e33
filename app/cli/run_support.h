#pragma once
// What the commands that run experiments (run, estimators) share: the cost profile they
// predict with, the progress line per record, and a run that Ctrl-C ends cleanly.
#include <memory>
#include <string>
#include <vector>

#include "cli/cli_options.h"
#include "model/cost_profile.h"
#include "run/experiment.h"
#include "util/expected.h"

namespace pieslicer::cli {

// --profile adjusted to this run's target, quality and device, or (when `needed` and no
// --profile) a short calibration over the same images and link; null when not needed.
Expected<std::shared_ptr<const CostProfile>> profileForRun(const Options& o,
                                                           ExperimentConfig& config, bool needed);

// The run's profile (as profileForRun) and a strategy for each of `ids`, in order.
Expected<std::vector<std::unique_ptr<Strategy>>> strategiesForRun(
    const Options& o, ExperimentConfig& config, const std::vector<std::string>& ids,
    bool needProfile);

// One line per finished record on stderr.
void printRecordProgress(const RequestRecord& r, const RunProgress& p);

// Runs to the end; the first Ctrl-C (or SIGTERM) finishes the request in flight and stops.
Expected<RunResult> runInterruptibly(ExperimentRunner& runner);

}  // namespace pieslicer::cli
