#pragma once
// What a sweep found, cell by cell: every strategy's scores (model/scoring.h) and the three
// numbers its heatmaps show (savings against the better static strategy with its interval,
// regret %, decisive F1), plus each device's break-even curve. One summary for the CLI's
// --summary-json and the dashboard's Sweep tab.
#include <filesystem>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "model/break_even.h"
#include "model/scoring.h"
#include "run/summary_json.h"
#include "run/sweep.h"

namespace pieslicer {

// One strategy in one cell, as a heatmap cell shows it.
struct CellHeadline {
    std::string strategy;
    // The static strategy with the lower mean pre-execution time in this cell; empty when
    // no static strategy ran (then there are no savings).
    std::string betterStatic;
    bool hasSavings = false;
    double savingsPercent = 0;  // of the mean, positive = faster than betterStatic
    Interval savingsPercentCi;
    bool differenceMeasured = false;  // the interval of the ms saved excludes zero
    bool hasRegret = false;           // judged against an oracle verdict
    double regretPercent = 0;         // of the oracle's total
    bool hasDecisiveF1 = false;
    double decisiveF1 = 0;
    Interval decisiveF1Ci;
};

// The headline of `strategy` among a cell's scores (hasSavings etc. false when unknown).
CellHeadline cellHeadline(const std::vector<StrategyScore>& scores, const std::string& strategy);

struct SweepCellSummary {
    SweepCell cell;
    std::vector<StrategyScore> scores;
    std::vector<CellHeadline> headlines;  // parallel to scores
    RunDescription run;
};

// A device's break-even curve at one RTT and TCP model of the grid.
struct BreakEvenSeries {
    std::string device;  // the device's label
    double rttMs = 0;
    TcpModel tcp = TcpModel::Ideal;
    std::string profileDevice;
    std::vector<BreakEvenPoint> points;
};

struct SweepSummary {
    std::vector<SweepCellSummary> cells;
    std::vector<BreakEvenSeries> breakEven;
};

// Scores every cell (the bootstrap's cost: run it off the GUI thread) and draws the
// break-even curve of each device with a profile, for each RTT and TCP model of the grid.
SweepSummary summariseSweep(const SweepResult& result, const ScoringOptions& options);

// {"schema": "pieslicer-sweep/1", "options", "cells": [...], "break_even": [...]}; each
// cell holds its conditions, "headline" per strategy and the run summary (summaryJson()).
nlohmann::json sweepSummaryJson(const SweepSummary& summary, const ScoringOptions& options);
Expected<bool> writeSweepSummaryJson(const std::filesystem::path& path, const SweepSummary& summary,
                                     const ScoringOptions& options);

}  // namespace pieslicer
