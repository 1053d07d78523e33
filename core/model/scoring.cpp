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
#include "model/scoring_tally.h"

namespace pieslicer {
namespace {

// An image and a repeat as one number: image id in the high half, repeat in the low.
using RowKey = std::uint64_t;
RowKey rowKey(const ScoringRow& r) {
    return (std::uint64_t(r.image) << 32) | std::uint32_t(r.repeat);
}

// Every ok row's key (image and repeat) as a dense index, in order of first appearance: one
// hash lookup per row, then everything keyed is a vector (a million rows spent most of a
// pass in hash maps).
struct DenseKeys {
    std::vector<std::uint32_t> ofRow;  // per row: its key's index (ok rows only)
    std::size_t count = 0;
};

DenseKeys denseKeys(const ChunkedRows<ScoringRow>& rows, std::size_t images) {
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

// The oracle's verdict per key: its own rows, else the faster static row (keyVerdict).
std::vector<std::optional<Verdict>> oracleVerdicts(const ChunkedRows<ScoringRow>& rows,
                                                   const DenseKeys& keys, double margin) {
    std::vector<std::optional<Verdict>> out(keys.count);
    std::vector<const ScoringRow*> device(keys.count), cloud(keys.count);
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const ScoringRow& r = rows[i];
        if (!r.ok) continue;
        const std::uint32_t key = keys.ofRow[i];
        if (r.role == ScoringRole::Oracle)
            out[key] = oracleRowVerdict(r, margin);
        else if (r.role == ScoringRole::StaticDevice)
            device[key] = &r;
        else if (r.role == ScoringRole::StaticCloud)
            cloud[key] = &r;
    }
    auto ms = [](const ScoringRow* r) {
        return r ? std::optional<double>(r->preexecution) : std::nullopt;
    };
    for (std::size_t key = 0; key < keys.count; ++key)
        out[key] = keyVerdict(out[key], ms(device[key]), ms(cloud[key]), margin);
    return out;
}

// One ok row judged against its verdict, with the per-key record the bootstrap resamples.
void judge(const ScoringRow& r, const Verdict& v, std::size_t key, StrategyScore& s,
           StrategyKeys* keys) {
    tallyJudged(r, v, s);
    if (keys)
        keys->judged.push_back(
            {std::uint32_t(key), r.device, v.device, v.decisive.value_or(false)});
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
        describeStrategy(s, info);
    }
    // Each strategy's vectors reserved at its ok rows: grown by doubling, a million rows' held
    // up to twice their size at the peak of a pass.
    std::vector<std::size_t> okRows(n);
    for (const ScoringRow& r : in.rows) okRows[r.strategy] += r.ok;
    for (std::size_t i = 0; i < n; ++i) {
        pre[i].reserve(okRows[i]);
        if (!bootstrap) continue;
        keys[i].preexecution.reserve(okRows[i]);
        keys[i].judged.reserve(okRows[i]);
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
