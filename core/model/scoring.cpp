#include "model/scoring.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>
#include <utility>

#include "domain/strategy_ids.h"

namespace pieslicer {
namespace {

using RowKey = std::pair<std::string, int>;  // image_name_orig, repeat

struct Verdict {
    bool device = false;  // the faster order was on-device
    double preexecutionMs = 0;
};

bool choseDevice(const RequestRecord& r) { return r.placement() == Placement::Device; }

// The oracle's verdict per image and repeat: its own rows, else the faster static row.
std::map<RowKey, Verdict> oracleVerdicts(const std::vector<RequestRecord>& records) {
    std::map<RowKey, Verdict> out;
    std::map<RowKey, const RequestRecord*> device, cloud;
    for (const auto& r : records) {
        if (!r.ok()) continue;
        const RowKey key{r.image_name_orig, r.repeat};
        if (r.strategy == strategy_id::kOracle)
            out[key] = {choseDevice(r), r.preexecution_time};
        else if (r.strategy == strategy_id::kStaticDevice)
            device[key] = &r;
        else if (r.strategy == strategy_id::kStaticCloud)
            cloud[key] = &r;
    }
    for (const auto& [key, d] : device) {
        if (out.count(key)) continue;
        const auto c = cloud.find(key);
        if (c == cloud.end()) continue;
        const bool deviceWins = d->preexecution_time <= c->second->preexecution_time;
        out[key] = {deviceWins, deviceWins ? d->preexecution_time : c->second->preexecution_time};
    }
    return out;
}

Savings savingsAgainst(const std::string& against, const LatencySummary& base,
                       const LatencySummary& mine) {
    Savings s;
    s.against = against;
    auto pct = [](double saved, double of) { return of > 0 ? 100.0 * saved / of : 0.0; };
    s.meanMs = base.mean - mine.mean;
    s.meanPercent = pct(s.meanMs, base.mean);
    s.p50Ms = base.p50 - mine.p50;
    s.p50Percent = pct(s.p50Ms, base.p50);
    s.p99Ms = base.p99 - mine.p99;
    s.p99Percent = pct(s.p99Ms, base.p99);
    return s;
}

}  // namespace

double ConfusionMatrix::precision() const {
    const std::size_t claimed = truePositive + falsePositive;
    return claimed ? double(truePositive) / double(claimed) : 1.0;
}

double ConfusionMatrix::recall() const {
    const std::size_t actual = truePositive + falseNegative;
    return actual ? double(truePositive) / double(actual) : 1.0;
}

double ConfusionMatrix::f1() const {
    const double p = precision(), r = recall();
    return p + r > 0 ? 2 * p * r / (p + r) : 0.0;
}

double ConfusionMatrix::accuracy() const {
    return total() ? double(truePositive + trueNegative) / double(total()) : 0.0;
}

std::vector<StrategyScore> scoreRun(const std::vector<RequestRecord>& records) {
    const auto verdicts = oracleVerdicts(records);
    std::map<std::string, std::set<std::string>> strategiesOf;  // measurement id -> strategies
    for (const auto& r : records)
        if (!r.measurement_id.empty()) strategiesOf[r.measurement_id].insert(r.strategy);
    std::vector<StrategyScore> scores;
    for (const auto& [key, rows] : groupByStrategy(records)) {
        StrategyScore s;
        s.strategy = key;
        std::vector<double> pre, ape;
        for (const RequestRecord* r : rows) {
            if (s.requests == 0) {
                s.algorithm = r->algorithm;
                s.device = r->device;
                s.deviceSlowdown = r->device_slowdown;
            }
            ++s.requests;
            if (auto it = strategiesOf.find(r->measurement_id);
                it != strategiesOf.end() && it->second.size() > 1)
                ++s.sharedRows;
            if (!r->ok()) {
                ++s.errors;
                continue;
            }
            pre.push_back(r->preexecution_time);
            if (r->preexecution_time_estimate > 0 && r->preexecution_time > 0)
                ape.push_back(100.0 *
                              std::fabs(r->preexecution_time_estimate - r->preexecution_time) /
                              r->preexecution_time);
            const auto v = verdicts.find({r->image_name_orig, r->repeat});
            if (v == verdicts.end()) continue;
            ++s.judged;
            const bool mine = choseDevice(*r), truth = v->second.device;
            if (mine && truth) ++s.confusion.truePositive;
            if (mine && !truth) ++s.confusion.falsePositive;
            if (!mine && truth) ++s.confusion.falseNegative;
            if (!mine && !truth) ++s.confusion.trueNegative;
            // Only a wrong choice loses time; on a right one the difference is noise.
            if (mine != truth)
                s.regretMs += std::max(0.0, r->preexecution_time - v->second.preexecutionMs);
        }
        s.preexecution = summarize(pre);
        s.predicted = ape.size();
        s.predictionMedianApe = percentile(ape, 0.5);
        s.predictionP90Ape = percentile(ape, 0.9);
        scores.push_back(std::move(s));
    }
    for (auto& s : scores)
        for (const auto& base : scores)
            if ((base.strategy == strategy_id::kStaticDevice ||
                 base.strategy == strategy_id::kStaticCloud) &&
                base.strategy != s.strategy && base.preexecution.count > 0)
                s.savings.push_back(
                    savingsAgainst(base.strategy, base.preexecution, s.preexecution));
    return scores;
}

namespace {

// The table's header and one line per strategy.
std::string scoreLines(const std::vector<StrategyScore>& scores) {
    std::string out;
    char line[512];
    std::snprintf(line, sizeof line,
                  "%-30s %5s %4s | %8s %8s %8s %8s | %6s %6s %6s %6s %6s | %10s | %7s %7s\n",
                  "strategy", "ok", "err", "mean", "p50", "p90", "p99", "prec", "recall", "F1",
                  "acc", "judged", "regret ms", "APE p50", "APE p90");
    out += line;
    for (const auto& s : scores) {
        const auto& p = s.preexecution;
        const auto& c = s.confusion;
        char decision[64] = "     -      -      -      -      -";
        if (s.judged)
            std::snprintf(decision, sizeof decision, "%6.3f %6.3f %6.3f %6.3f %6zu", c.precision(),
                          c.recall(), c.f1(), c.accuracy(), s.judged);
        char regret[32] = "-", ape[32] = "      -       -";
        if (s.judged) std::snprintf(regret, sizeof regret, "%.1f", s.regretMs);
        if (s.predicted)
            std::snprintf(ape, sizeof ape, "%6.1f%% %6.1f%%", s.predictionMedianApe,
                          s.predictionP90Ape);
        std::snprintf(line, sizeof line,
                      "%-30s %5zu %4zu | %8.1f %8.1f %8.1f %8.1f | %s | %10s | %s\n",
                      s.strategy.c_str(), s.requests - s.errors, s.errors, p.mean, p.p50, p.p90,
                      p.p99, decision, regret, ape);
        out += line;
    }
    return out;
}

// Savings against the statics, when any, and the confusion matrices.
std::string savingsAndConfusion(const std::vector<StrategyScore>& scores) {
    std::string out;
    char line[512];
    bool anySavings = false;
    for (const auto& s : scores) anySavings = anySavings || !s.savings.empty();
    if (anySavings) {
        out += "\nsavings (positive = faster than the static strategy; ms and %):\n";
        for (const auto& s : scores)
            for (const auto& v : s.savings) {
                std::snprintf(line, sizeof line,
                              "%-30s vs %-14s mean %+8.1f (%+6.1f%%)  p50 %+8.1f (%+6.1f%%)  p99 "
                              "%+8.1f (%+6.1f%%)\n",
                              s.strategy.c_str(), v.against.c_str(), v.meanMs, v.meanPercent,
                              v.p50Ms, v.p50Percent, v.p99Ms, v.p99Percent);
                out += line;
            }
    }
    out += "\nconfusion matrices against the oracle (device = positive): TP FP FN TN\n";
    for (const auto& s : scores) {
        if (!s.judged) continue;
        const auto& c = s.confusion;
        std::snprintf(line, sizeof line, "%-30s %5zu %5zu %5zu %5zu\n", s.strategy.c_str(),
                      c.truePositive, c.falsePositive, c.falseNegative, c.trueNegative);
        out += line;
    }
    return out;
}

// The device, whether rows were shared (paired design), and how to read the table.
std::string tableNotes(const std::vector<StrategyScore>& scores) {
    std::string out;
    char line[512];
    if (!scores.empty()) {
        const auto& s = scores.front();
        if (s.deviceSlowdown > 1.0)
            std::snprintf(line, sizeof line,
                          "device: %s, emulated: on-device stages stretched to k = %.2f times\n",
                          s.device.c_str(), s.deviceSlowdown);
        else
            std::snprintf(line, sizeof line, "device: %s (not emulated, k = 1)\n",
                          s.device.c_str());
        out += line;
    }
    std::size_t rows = 0, shared = 0;
    for (const auto& s : scores) rows += s.requests, shared += s.sharedRows;
    if (shared > 0) {
        std::snprintf(line, sizeof line,
                      "paired: %zu of %zu rows report a measurement shared with another "
                      "strategy that chose the same order\n(same measurement_id), so the "
                      "differences between strategies are their decisions\n",
                      shared, rows);
        out += line;
    }
    out +=
        "(pre-execution times in ms; F1 etc. against the oracle, or the faster static row when no "
        "oracle ran;\n regret = ms lost on wrong choices; APE = |predicted - measured| / measured "
        "of the chosen order)\n";
    return out;
}

}  // namespace

std::string formatComparisonTable(const std::vector<StrategyScore>& scores) {
    return scoreLines(scores) + savingsAndConfusion(scores) + tableNotes(scores);
}

}  // namespace pieslicer
