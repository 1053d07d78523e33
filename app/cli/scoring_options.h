#pragma once
// How pieslicer-cli run judges and reports a run: the near-tie margin, the bootstrap, and
// the machine-readable summary (--summary-json).
#include <string>

#include "cli/cli_options.h"
#include "model/scoring.h"
#include "run/summary_json.h"

namespace pieslicer::cli {

extern const char* const kScoringOptionNames[];  // null-terminated

// --decisive-margin PCT, --bootstrap N, --bootstrap-seed S; false with `error` on bad input.
bool parseScoringOptions(const Options& o, ScoringOptions& options, std::string& error);

// Prints the comparison table of `records` to stdout and, with --summary-json FILE, writes
// the summary there; false (with the reason on stderr) when the file cannot be written.
bool reportScores(const Options& o, const ScoringOptions& options,
                  const std::vector<RequestRecord>& records, const RunDescription& run);

}  // namespace pieslicer::cli
