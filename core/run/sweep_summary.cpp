#include "run/sweep_summary.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>
#include <tuple>

#include "domain/strategy_ids.h"
#include "model/cost_profile.h"
#include "run/emulated_device.h"
#include "util/atomic_file.h"

namespace pieslicer {
namespace {

using nlohmann::json;

const StrategyScore* find(const std::vector<StrategyScore>& scores, const std::string& id) {
    for (const auto& s : scores)
        if (s.strategy == id) return &s;
    return nullptr;
}

// The static strategy with the lower mean (ok rows), or null when neither ran.
const StrategyScore* betterStatic(const std::vector<StrategyScore>& scores) {
    const StrategyScore* best = nullptr;
    for (const char* id : {strategy_id::kStaticDevice, strategy_id::kStaticCloud}) {
        const StrategyScore* s = find(scores, id);
        if (!s || s->requests <= s->errors) continue;
        if (!best || s->preexecution.mean < best->preexecution.mean) best = s;
    }
    return best;
}

json headlineJson(const CellHeadline& h) {
    return {{"strategy", h.strategy},
            {"better_static", h.betterStatic.empty() ? json(nullptr) : json(h.betterStatic)},
            {"savings_percent",
             h.hasSavings ? intervalJson(h.savingsPercent, h.savingsPercentCi) : json(nullptr)},
            {"difference_measured", h.hasSavings ? json(h.differenceMeasured) : json(nullptr)},
            {"regret_percent", h.hasRegret ? json(h.regretPercent) : json(nullptr)},
            {"decisive_f1",
             h.hasDecisiveF1 ? intervalJson(h.decisiveF1, h.decisiveF1Ci) : json(nullptr)}};
}

json cellJson(const SweepCellSummary& c, const ScoringOptions& options) {
    json headlines = json::array();
    for (const auto& h : c.headlines) headlines.push_back(headlineJson(h));
    return {{"key", c.cell.key},
            {"uplink", c.cell.uplinkName},
            {"uplink_mbps", mbpsFromBitsPerSecond(c.cell.link.meanUplinkBitsPerSecond())},
            {"rtt_ms", c.cell.link.rttMs},
            {"device", c.cell.deviceName},
            {"device_label", c.cell.emulated.label()},
            {"tcp", c.cell.tcpName},
            {"headline", headlines},
            {"summary", summaryJson(c.scores, c.run, options)}};
}

json breakEvenJson(const BreakEvenSeries& s) {
    json points = json::array();
    for (const auto& p : s.points) {
        json faster = nullptr;
        if (!p.bitsPerSecond) faster = p.deviceAlwaysFaster ? "device" : "cloud";
        points.push_back(
            {{"image", p.image},
             {"orig_bytes", p.origBytes},
             {"uplink_mbps",
              p.bitsPerSecond ? json(mbpsFromBitsPerSecond(*p.bitsPerSecond)) : json(nullptr)},
             {"faster_at_every_rate", faster}});
    }
    return {{"device", s.device},
            {"profile_device", s.profileDevice},
            {"rtt_ms", s.rttMs},
            {"tcp", tcpModelName(s.tcp)},
            {"points", points}};
}

}  // namespace

CellHeadline cellHeadline(const std::vector<StrategyScore>& scores, const std::string& strategy) {
    CellHeadline h;
    h.strategy = strategy;
    const StrategyScore* s = find(scores, strategy);
    if (!s) return h;
    if (const StrategyScore* base = betterStatic(scores)) {
        h.betterStatic = base->strategy;
        for (const auto& v : s->savings)
            if (v.against == base->strategy) {
                h.hasSavings = true;
                h.savingsPercent = v.meanPercent;
                h.savingsPercentCi = v.meanPercentCi;
                h.differenceMeasured = !v.meanMsCi.spansZero();
            }
    }
    h.hasRegret = s->judged > 0;
    h.regretPercent = s->regretPercent;
    h.hasDecisiveF1 = s->decisive > 0;
    h.decisiveF1 = s->decisiveConfusion.f1();
    h.decisiveF1Ci = s->decisiveF1Ci;
    return h;
}

SweepSummary summariseSweep(const SweepResult& result, const ScoringOptions& options) {
    SweepSummary out;
    std::set<std::tuple<std::string, double, int>> curves;  // device, RTT, TCP drawn already
    for (const auto& cell : result.cells) {
        SweepCellSummary c;
        c.cell = cell.cell;
        c.scores = scoreRun(cell.records, options);
        for (const auto& s : c.scores) c.headlines.push_back(cellHeadline(c.scores, s.strategy));
        c.run = describeRun(cell.records, cell.profile.get());
        out.cells.push_back(std::move(c));
        if (!cell.profile || !curves
                                  .insert({cell.cell.emulated.label(), cell.cell.link.rttMs,
                                           int(cell.cell.link.tcp)})
                                  .second)
            continue;
        BreakEvenSeries series;
        series.device = cell.cell.emulated.label();
        series.rttMs = cell.cell.link.rttMs;
        series.tcp = cell.cell.link.tcp;
        series.profileDevice = profileDeviceLabel(*cell.profile);
        series.points = breakEvenCurve(*cell.profile, result.images, series.rttMs, series.tcp);
        out.breakEven.push_back(std::move(series));
    }
    return out;
}

nlohmann::json sweepSummaryJson(const SweepSummary& summary, const ScoringOptions& options) {
    json cells = json::array();
    for (const auto& c : summary.cells) cells.push_back(cellJson(c, options));
    json curves = json::array();
    for (const auto& s : summary.breakEven) curves.push_back(breakEvenJson(s));
    return {{"schema", "pieslicer-sweep/1"},
            {"decisive_margin", options.decisiveMargin},
            {"bootstrap",
             {{"resamples", options.bootstrap.resamples},
              {"seed", options.bootstrap.seed},
              {"level", options.bootstrap.level}}},
            {"headline_savings",
             "mean pre-execution time saved against the static strategy with the lower mean in "
             "the cell, % of that strategy's mean, with its bootstrap interval"},
            {"cells", cells},
            {"break_even", curves}};
}

Expected<bool> writeSweepSummaryJson(const std::filesystem::path& path, const SweepSummary& summary,
                                     const ScoringOptions& options) {
    return writeFileAtomically(path, sweepSummaryJson(summary, options).dump(2) + "\n");
}

}  // namespace pieslicer
