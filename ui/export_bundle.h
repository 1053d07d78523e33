#pragma once
// Writes a run's artefacts into one folder: records.csv, experiment.pieslicer.json, the
// comparison with its intervals (comparison.csv, summary.json) and every chart as PNG, SVG
// and PDF (<chart id>.<ext>).
#include <QList>
#include <QString>
#include <QStringList>
#include <vector>

#include "experiment_file.h"
#include "model/scoring.h"
#include "run/summary_json.h"

namespace pieslicer::ui {

class ChartPanel;

struct BundleResult {
    QStringList written;
    QStringList errors;
    bool ok() const { return errors.isEmpty(); }
};

// The Compare tab's scores and how they were computed, for comparison.csv and summary.json.
struct BundleScores {
    std::vector<StrategyScore> scores;
    ScoringOptions options;
    RunDescription run;
};

// The records streamed from the store's columns (never rebuilt all at once): the charts
// (exportCharts, GUI thread), then exportBundleRecords.
BundleResult exportBundle(const QString& dir, const DashboardConfig& config,
                          const RecordColumnsView& records, const QList<ChartPanel*>& charts,
                          const BundleScores* scores = nullptr);
BundleResult exportCharts(const QString& dir, const QList<ChartPanel*>& charts);
// What the bundle holds besides the charts: records.csv, experiment.pieslicer.json, and with
// `scores` comparison.csv and summary.json. Reads only the snapshot, so it may run on a
// worker; `progress(done, total)` counts records over both files (2 x the records).
BundleResult exportBundleRecords(const QString& dir, const DashboardConfig& config,
                                 const RecordColumnsView& records, const BundleScores* scores,
                                 const WriteProgress& progress = {});

}  // namespace pieslicer::ui
