#include "model/scoring.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <set>
#include <utility>

#include "domain/strategy_ids.h"
#include "model/score_intervals.h"

namespace pieslicer {
namespace {

using RowKey = std::pair<std::string, int>;  // image_name_orig, repeat

struct Verdict {
    bool device = false;  // the faster order was on-device
    double preexecutionMs = 0;
    // Whether the two orders differ by more than the margin; unknown unless both were measured.
    std::optional<bool> decisive;
};

bool choseDevice(const RequestRecord& r) { return r.placement() == Placement::Device; }

bool clearGap(double a, double b, double margin) {
    return std::max(a, b) - std::min(a, b) > margin * std::min(a, b);
}

// The oracle's verdict per image and repeat: its own rows, else the faster static row.
// Decisive or not: from the oracle row's two orders, else from the two static rows.
std::map<RowKey, Verdict> oracleVerdicts(const std::vector<RequestRecord>& records, double margin) {
    std::map<RowKey, Verdict> out;
    std::map<RowKey, const RequestRecord*> device, cloud;
    for (const auto& r : records) {
        if (!r.ok()) continue;
        const RowKey key{r.image_name_orig, r.repeat};
        if (r.strategy == strategy_id::kOracle) {
            Verdict v{choseDevice(r), r.preexecution_time, std::nullopt};
            if (r.preexecution_time_other > 0)
                v.decisive = clearGap(r.preexecution_time, r.preexecution_time_other, margin);
            out[key] = v;
        } else if (r.strategy == strategy_id::kStaticDevice) {
            device[key] = &r;
        } else if (r.strategy == strategy_id::kStaticCloud) {
            cloud[key] = &r;
        }
    }
    for (const auto& [key, d] : device) {
        const auto c = cloud.find(key);
        if (c == cloud.end()) continue;
        const double dMs = d->preexecution_time, cMs = c->second->preexecution_time;
        // An oracle row's verdict stands; the statics only add whether the image was decisive.
        const auto it =
            out.try_emplace(key, Verdict{dMs <= cMs, std::min(dMs, cMs), std::nullopt}).first;
        if (!it->second.decisive) it->second.decisive = clearGap(dMs, cMs, margin);
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

void count(ConfusionMatrix& c, bool mine, bool truth) {
    if (mine && truth) ++c.truePositive;
    if (mine && !truth) ++c.falsePositive;
    if (!mine && truth) ++c.falseNegative;
    if (!mine && !truth) ++c.trueNegative;
}

// One ok row judged against its verdict: confusion, decisiveness and regret.
void judge(const RequestRecord& r, const Verdict& v, std::size_t key, StrategyScore& s,
           StrategyKeys& keys) {
    ++s.judged;
    const bool mine = choseDevice(r), truth = v.device;
    count(s.confusion, mine, truth);
    if (v.decisive) {
        ++(*v.decisive ? s.decisive : s.nearTies);
        if (*v.decisive) count(s.decisiveConfusion, mine, truth);
    }
    keys.judged.push_back({key, mine, truth, v.decisive.value_or(false)});
    s.oracleTotalMs += v.preexecutionMs;
    // Only a wrong choice loses time; on a right one the difference is noise.
    if (mine != truth) s.regretMs += std::max(0.0, r.preexecution_time - v.preexecutionMs);
}

// The savings of every strategy against each static strategy that ran (not itself).
void addSavings(std::vector<StrategyScore>& scores) {
    for (auto& s : scores)
        for (const auto& base : scores)
            if ((base.strategy == strategy_id::kStaticDevice ||
                 base.strategy == strategy_id::kStaticCloud) &&
                base.strategy != s.strategy && base.preexecution.count > 0)
                s.savings.push_back(
                    savingsAgainst(base.strategy, base.preexecution, s.preexecution));
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

std::vector<StrategyScore> scoreRun(const std::vector<RequestRecord>& records,
                                    const ScoringOptions& options) {
    const auto verdicts = oracleVerdicts(records, options.decisiveMargin);
    std::map<std::string, std::set<std::string>> strategiesOf;  // measurement id -> strategies
    std::map<RowKey, std::size_t> keyIndex;                     // resampled by the bootstrap
    for (const auto& r : records) {
        if (!r.measurement_id.empty()) strategiesOf[r.measurement_id].insert(r.strategy);
        if (r.ok()) keyIndex.try_emplace({r.image_name_orig, r.repeat}, keyIndex.size());
    }
    std::vector<StrategyScore> scores;
    std::vector<StrategyKeys> keys;
    for (const auto& [id, rows] : groupByStrategy(records)) {
        StrategyScore s;
        StrategyKeys k;
        s.strategy = id;
        std::vector<double> pre, ape;
        for (const RequestRecord* r : rows) {
            if (s.requests == 0) {
                s.algorithm = r->algorithm;
                s.device = r->device;
                s.deviceMode = r->device_mode;
                s.profileDevice = r->profile_device;
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
            const RowKey rowKey{r->image_name_orig, r->repeat};
            const std::size_t key = keyIndex.at(rowKey);
            pre.push_back(r->preexecution_time);
            k.preexecution.add(key, r->preexecution_time);
            if (r->preexecution_time_estimate > 0 && r->preexecution_time > 0)
                ape.push_back(100.0 *
                              std::fabs(r->preexecution_time_estimate - r->preexecution_time) /
                              r->preexecution_time);
            if (const auto v = verdicts.find(rowKey); v != verdicts.end())
                judge(*r, v->second, key, s, k);
        }
        s.preexecution = summarize(pre);
        s.regretPercent = s.oracleTotalMs > 0 ? 100.0 * s.regretMs / s.oracleTotalMs : 0.0;
        s.predicted = ape.size();
        s.predictionMedianApe = percentile(ape, 0.5);
        s.predictionP90Ape = percentile(ape, 0.9);
        scores.push_back(std::move(s));
        keys.push_back(std::move(k));
    }
    addSavings(scores);
    addIntervals(scores, keys, keyIndex.size(), options.bootstrap);
    return scores;
}

}  // namespace pieslicer
