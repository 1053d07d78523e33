#pragma once
// The per-cell tables of pieslicer-cli sweep and replay: one line per cell and strategy.
#include "run/sweep_summary.h"

namespace pieslicer::cli {

// Per cell, each strategy that is neither static nor the oracle: mean saving against the
// better static strategy with its interval, regret and decisive F1; then each device's
// break-even line.
void printSweepTable(const SweepSummary& summary);

// Per cell, every strategy's mean, p50 and p99 pre-execution time (ms): what a replay is
// held against a real run by.
void printCellPercentiles(const SweepSummary& summary);

}  // namespace pieslicer::cli
