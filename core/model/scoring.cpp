#include "model/scoring.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <unordered_map>
#include <utility>

#include "domain/strategy_ids.h"
#include "model/score_intervals.h"
#include "model/scoring_rows.h"

namespace pieslicer {
namespace {

// An image and a repeat as one number: image id in the high half, repeat in the low.
using RowKey = std::uint64_t;
RowKey rowKey(const ScoringRow& r) {
    return (std::uint64_t(r.image) << 32) | std::uint32_t(r.repeat);
}

struct Verdict {
    bool device = false;  // the faster order was on-device
    double preexecutionMs = 0;
    // Whether the two orders differ by more than the margin; unknown unless both were measured.
    std::optional<bool> decisive;
};

bool clearGap(double a, double b, double margin) {
    return std::max(a, b) - std::min(a, b) > margin * std::min(a, b);
}

// Every ok row's key (image and repeat) as a dense index, in order of first appearance: one
// hash lookup per row, then everything keyed is a vector (a million rows spent most of a
// pass in hash maps).
struct DenseKeys {
    std::vector<std::uint32_t> ofRow;  // per row: its key's index (ok rows only)
    std::size_t count = 0;
};

DenseKeys denseKeys(const std::vector<ScoringRow>& rows, std::size_t images) {
    DenseKeys k;
    k.ofRow.resize(rows.size());
    std::int64_t repeats = 1;
    bool negative = false;
    for (const ScoringRow& r : rows) {
        repeats = std::max<std::int64_t>(repeats, std::int64_t(r.repeat) + 1);
        negative = negative || r.repeat < 0;
    }
    constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();
    // Image ids are dense already: with few repeats a table of image x repeat is the index.
    if (!negative && double(images) * double(repeats) <= 4.0 * double(rows.size()) + 1024) {
        std::vector<std::uint32_t> index(images * std::size_t(repeats), kNone);
        for (std::size_t i = 0; i < rows.size(); ++i) {
            if (!rows[i].ok) continue;
            std::uint32_t& slot = index[std::size_t(rows[i].image) * std::size_t(repeats) +
                                        std::size_t(rows[i].repeat)];
            if (slot == kNone) slot = std::uint32_t(k.count++);
            k.ofRow[i] = slot;
        }
        return k;
    }
    std::unordered_map<RowKey, std::uint32_t> index;
    for (std::size_t i = 0; i < rows.size(); ++i)
        if (rows[i].ok)
            k.ofRow[i] =
                index.try_emplace(rowKey(rows[i]), std::uint32_t(index.size())).first->second;
    k.count = index.size();
    return k;
}

// The oracle's verdict per key: its own rows, else the faster static row. Decisive or not:
// from the oracle row's two orders, else from the two static rows.
std::vector<std::optional<Verdict>> oracleVerdicts(const std::vector<ScoringRow>& rows,
                                                   const DenseKeys& keys, double margin) {
    std::vector<std::optional<Verdict>> out(keys.count);
    std::vector<const ScoringRow*> device(keys.count), cloud(keys.count);
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const ScoringRow& r = rows[i];
        if (!r.ok) continue;
        const std::uint32_t key = keys.ofRow[i];
        if (r.role == ScoringRole::Oracle) {
            Verdict v{r.device, r.preexecution, std::nullopt};
            if (r.preexecutionOther > 0)
                v.decisive = clearGap(r.preexecution, r.preexecutionOther, margin);
            out[key] = v;
        } else if (r.role == ScoringRole::StaticDevice) {
            device[key] = &r;
        } else if (r.role == ScoringRole::StaticCloud) {
            cloud[key] = &r;
        }
    }
    for (std::size_t key = 0; key < keys.count; ++key) {
        if (!device[key] || !cloud[key]) continue;
        const double dMs = device[key]->preexecution, cMs = cloud[key]->preexecution;
        // An oracle row's verdict stands; the statics only add whether the image was decisive.
        if (!out[key]) out[key] = Verdict{dMs <= cMs, std::min(dMs, cMs), std::nullopt};
        if (!out[key]->decisive) out[key]->decisive = clearGap(dMs, cMs, margin);
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
void judge(const ScoringRow& r, const Verdict& v, std::size_t key, StrategyScore& s,
           StrategyKeys* keys) {
    ++s.judged;
    const bool mine = r.device, truth = v.device;
    count(s.confusion, mine, truth);
    if (v.decisive) {
        ++(*v.decisive ? s.decisive : s.nearTies);
        if (*v.decisive) count(s.decisiveConfusion, mine, truth);
    }
    if (keys) keys->judged.push_back({key, mine, truth, v.decisive.value_or(false)});
    s.oracleTotalMs += v.preexecutionMs;
    // A wrong choice loses its difference from the faster order; a right one only the content
    // probe it paid for (the oracle knows without probing), the rest of its difference is noise.
    if (mine != truth)
        s.regretMs += std::max(0.0, r.preexecution - v.preexecutionMs);
    else
        s.regretMs += std::max(0.0, r.contentProbe);
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

namespace {

// Measurement ids reported by rows of more than one strategy (paired runs).
std::vector<bool> sharedMeasurements(const ScoringRows& in) {
    constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max(), kMany = kNone - 1;
    std::vector<std::uint32_t> strategyOf(in.measurements, kNone);
    for (const auto& r : in.rows) {
        if (r.measurement == ScoringRow::kNoMeasurement) continue;
        auto& m = strategyOf[r.measurement];
        m = m == kNone || m == r.strategy ? r.strategy : kMany;
    }
    std::vector<bool> shared(in.measurements);
    for (std::size_t i = 0; i < shared.size(); ++i) shared[i] = strategyOf[i] == kMany;
    return shared;
}

}  // namespace

std::vector<StrategyScore> scoreRun(const std::vector<RequestRecord>& records,
                                    const ScoringOptions& options) {
    return scoreRun(scoringRows(records), options);
}

std::vector<StrategyScore> scoreRun(const ScoringRows& in, const ScoringOptions& options) {
    const DenseKeys dense = denseKeys(in.rows, in.images);  // resampled by the bootstrap
    const auto verdicts = oracleVerdicts(in.rows, dense, options.decisiveMargin);
    const std::vector<bool> shared = sharedMeasurements(in);
    const bool bootstrap = options.bootstrap.resamples > 0;  // else no per-key aggregates
    const std::size_t n = in.strategies.size();
    std::vector<StrategyScore> scores(n);
    std::vector<StrategyKeys> keys(n);
    std::vector<std::vector<double>> pre(n), ape(n);
    for (std::size_t i = 0; i < n; ++i) {
        const ScoringStrategy& info = in.strategies[i];
        StrategyScore& s = scores[i];
        s.strategy = info.id;
        s.algorithm = info.algorithm;
        s.device = info.device;
        s.deviceMode = info.deviceMode;
        s.profileDevice = info.profileDevice;
        s.deviceSlowdown = info.deviceSlowdown;
    }
    for (std::size_t i = 0; i < in.rows.size(); ++i) {
        const ScoringRow& r = in.rows[i];
        StrategyScore& s = scores[r.strategy];
        StrategyKeys& k = keys[r.strategy];
        ++s.requests;
        if (r.measurement != ScoringRow::kNoMeasurement && shared[r.measurement]) ++s.sharedRows;
        if (!r.ok) {
            ++s.errors;
            continue;
        }
        const std::uint32_t key = dense.ofRow[i];
        pre[r.strategy].push_back(r.preexecution);
        if (bootstrap) k.preexecution.add(key, r.preexecution);
        if (r.estimate > 0 && r.preexecution > 0)
            ape[r.strategy].push_back(100.0 * std::fabs(r.estimate - r.preexecution) /
                                      r.preexecution);
        if (const auto& v = verdicts[key]) judge(r, *v, key, s, bootstrap ? &k : nullptr);
    }
    for (std::size_t i = 0; i < n; ++i) {
        StrategyScore& s = scores[i];
        s.preexecution = summarize(std::move(pre[i]));
        s.regretPercent = s.oracleTotalMs > 0 ? 100.0 * s.regretMs / s.oracleTotalMs : 0.0;
        s.predicted = ape[i].size();
        std::sort(ape[i].begin(), ape[i].end());
        s.predictionMedianApe = percentileOfSorted(ape[i], 0.5);
        s.predictionP90Ape = percentileOfSorted(ape[i], 0.9);
    }
    addSavings(scores);
    addIntervals(scores, keys, dense.count, options.bootstrap);
    return scores;
}

}  // namespace pieslicer
