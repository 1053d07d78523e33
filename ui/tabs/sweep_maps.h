#pragma once
// What the Sweep tab's heatmaps show, from core's sweep summary: one map per metric
// (savings against the better static strategy with its interval, regret %, decisive F1)
// over devices (rows) x uplinks (columns), for one RTT and TCP model and one strategy.
#include <QString>
#include <QStringList>
#include <string>
#include <vector>

#include "charts/heatmap_widget.h"
#include "run/sweep_summary.h"

namespace pieslicer::ui {

// The grid's other axes: one heatmap page per (RTT, TCP model) present.
struct SweepSlice {
    QString label;  // "40ms, ideal TCP"
    std::size_t rtt = 0, tcp = 0;
};
std::vector<SweepSlice> sweepSlices(const SweepSummary& summary);

// The strategies scored, those a heatmap is about first (not static, not the oracle).
QStringList sweepStrategies(const SweepSummary& summary);

struct SweepMap {
    QStringList rows, columns;
    std::vector<std::vector<HeatmapCell>> cells;
    HeatmapScale scale;
};
struct SweepMaps {
    SweepMap savings, regret, decisiveF1;
};
SweepMaps sweepMaps(const SweepSummary& summary, const SweepSlice& slice,
                    const std::string& strategy);

// "+12.3%\n[+8.1, +16.0]", with "no difference" when the interval of the ms saved holds 0.
QString savingsCellText(const CellHeadline& h);

}  // namespace pieslicer::ui
