#include "model/running_scores.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace pieslicer {
namespace {

constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();
constexpr std::uint32_t kMany = kNone - 1;

// The new values sorted and merged into a sorted run, into a vector of the exact size: grown
// by doubling, a strategy's run of a million rows' times held up to twice its size.
void mergeInto(std::vector<double>& run, std::vector<double>& added) {
    if (added.empty()) return;
    std::sort(added.begin(), added.end());
    std::vector<double> merged(run.size() + added.size());
    std::merge(run.begin(), run.end(), added.begin(), added.end(), merged.begin());
    run = std::move(merged);
}

}  // namespace

const std::vector<double>& RunningScores::sortedTimes(std::size_t strategy) const {
    static const std::vector<double> none;
    return strategy < strategies_.size() ? strategies_[strategy].sortedTimes : none;
}

std::uint32_t RunningScores::keyOf(const ScoringRow& r) {
    const auto next = std::uint32_t(keys_.size());
    if (!useMap_ && r.repeat >= 0) {
        const std::size_t repeats = std::size_t(r.repeat) + 1;
        if (repeats > repeatsInTable_) {
            // More repeats than the table has room for: lay it out again, wider (rare).
            const std::size_t wider = std::max(repeats, 2 * repeatsInTable_);
            std::vector<std::uint32_t> table((keyTable_.size() / repeatsInTable_) * wider, kNone);
            for (std::size_t i = 0; i < keyTable_.size(); ++i)
                table[(i / repeatsInTable_) * wider + i % repeatsInTable_] = keyTable_[i];
            keyTable_ = std::move(table);
            repeatsInTable_ = wider;
        }
        const std::size_t at = std::size_t(r.image) * repeatsInTable_ + std::size_t(r.repeat);
        // Image ids are dense: a table is the index unless repeats make it mostly empty.
        if (at < keyTable_.size() || at < tableLimit_) {
            if (at >= keyTable_.size())
                keyTable_.resize(std::max(at + 1, keyTable_.size() * 3 / 2), kNone);
            std::uint32_t& slot = keyTable_[at];
            if (slot == kNone) slot = next;
            if (slot == next) keys_.emplace_back();
            return slot;
        }
    }
    if (!useMap_) {  // from now on a map: the table's keys move into it
        for (std::size_t i = 0; i < keyTable_.size(); ++i)
            if (keyTable_[i] != kNone)
                keyMap_.emplace(
                    (std::uint64_t(i / repeatsInTable_) << 32) | std::uint32_t(i % repeatsInTable_),
                    keyTable_[i]);
        keyTable_ = {};
        useMap_ = true;
    }
    const std::uint64_t packed = (std::uint64_t(r.image) << 32) | std::uint32_t(r.repeat);
    const auto [it, added] = keyMap_.try_emplace(packed, next);
    if (added) keys_.emplace_back();
    return it->second;
}

std::optional<Verdict> RunningScores::verdict(const KeyState& k) const {
    std::optional<Verdict> oracle;
    if (k.hasOracle) {
        oracle = Verdict{k.oracleDevice, k.oracleMs, std::nullopt};
        if (k.oracleDecisive >= 0) oracle->decisive = k.oracleDecisive > 0;
    }
    return keyVerdict(oracle, k.hasDevice ? std::optional<double>(k.deviceMs) : std::nullopt,
                      k.hasCloud ? std::optional<double>(k.cloudMs) : std::nullopt, margin_);
}

// Rows reporting a measurement another strategy's row also reports: when a second strategy
// reports it, the first one's rows so far count at once.
void RunningScores::countShared(const ScoringRow& r) {
    if (r.measurement == ScoringRow::kNoMeasurement) return;
    if (r.measurement >= measuredBy_.size()) {
        measuredBy_.resize(std::size_t(r.measurement) + 1, kNone);
        measuredRows_.resize(std::size_t(r.measurement) + 1, 0);
    }
    std::uint32_t& by = measuredBy_[r.measurement];
    if (by == kNone || by == r.strategy) {
        by = r.strategy;
        ++measuredRows_[r.measurement];
        return;
    }
    if (by != kMany) {
        strategies_[by].score.sharedRows += measuredRows_[r.measurement];
        by = kMany;
    }
    ++strategies_[r.strategy].score.sharedRows;
}

void RunningScores::takeIn(const ScoringRows& in, std::size_t from) {
    const std::size_t n = in.rows.size();
    previousOfKey_.resize(n, kNone);
    std::vector<std::vector<double>> times(strategies_.size()), ape(strategies_.size());
    // Keys that had rows judged before this batch and whose verdict a row of it may change,
    // with the verdict those rows were judged against.
    std::vector<std::pair<std::uint32_t, std::optional<Verdict>>> touched;
    std::vector<std::uint32_t> keyOfRow(n - from, kNone);
    const std::size_t keysBefore = keys_.size();
    std::vector<char> isTouched;
    for (std::size_t i = from; i < n; ++i) {
        const ScoringRow& r = in.rows[i];
        PerStrategy& s = strategies_[r.strategy];
        ++s.score.requests;
        countShared(r);
        if (!r.ok) {
            ++s.score.errors;
            continue;
        }
        const std::uint32_t key = keyOf(r);
        keyOfRow[i - from] = key;
        KeyState& k = keys_[key];
        if (key < keysBefore && r.role != ScoringRole::Other) {
            if (isTouched.empty()) isTouched.resize(keysBefore, 0);
            if (!isTouched[key]) {
                isTouched[key] = 1;
                touched.emplace_back(key, verdict(k));
            }
        }
        previousOfKey_[i] = k.lastRow;
        k.lastRow = std::uint32_t(i);
        if (r.role == ScoringRole::Oracle) {
            const Verdict v = oracleRowVerdict(r, margin_);
            k.hasOracle = true;
            k.oracleDevice = v.device;
            k.oracleMs = v.preexecutionMs;
            k.oracleDecisive = v.decisive ? std::int8_t(*v.decisive) : std::int8_t(-1);
        } else if (r.role == ScoringRole::StaticDevice) {
            k.hasDevice = true;
            k.deviceMs = r.preexecution;
        } else if (r.role == ScoringRole::StaticCloud) {
            k.hasCloud = true;
            k.cloudMs = r.preexecution;
        }
        ++s.okRows;
        s.timeSum += r.preexecution;
        if (std::isfinite(r.preexecution)) times[r.strategy].push_back(r.preexecution);
        if (r.estimate > 0 && r.preexecution > 0)
            ape[r.strategy].push_back(100.0 * std::fabs(r.estimate - r.preexecution) /
                                      r.preexecution);
    }
    // Rows judged before against a verdict this batch changed: out, and in again.
    for (const auto& [key, before] : touched) {
        const std::optional<Verdict> now = verdict(keys_[key]);
        if (now == before) continue;
        for (std::uint32_t j = keys_[key].lastRow; j != kNone; j = previousOfKey_[j]) {
            if (j >= from) continue;
            const ScoringRow& r = in.rows[j];
            if (before) tallyJudged(r, *before, strategies_[r.strategy].score, -1);
            if (now) tallyJudged(r, *now, strategies_[r.strategy].score, +1);
        }
    }
    for (std::size_t i = from; i < n; ++i) {
        const std::uint32_t key = keyOfRow[i - from];
        if (key == kNone) continue;
        const ScoringRow& r = in.rows[i];
        if (const auto v = verdict(keys_[key])) tallyJudged(r, *v, strategies_[r.strategy].score);
    }
    for (std::size_t s = 0; s < strategies_.size(); ++s) {
        mergeInto(strategies_[s].sortedTimes, times[s]);
        mergeInto(strategies_[s].sortedApe, ape[s]);
    }
}

std::vector<StrategyScore> RunningScores::scores(const ScoringRows& in) const {
    std::vector<StrategyScore> out;
    out.reserve(strategies_.size());
    for (std::size_t i = 0; i < strategies_.size(); ++i) {
        const PerStrategy& p = strategies_[i];
        const ScoringStrategy& info = in.strategies[i];
        StrategyScore s = p.score;
        describeStrategy(s, info);
        LatencySummary& l = s.preexecution;
        l.count = p.okRows;
        if (l.count) {
            l.mean = p.timeSum / double(l.count);
            if (!p.sortedTimes.empty()) {
                l.min = p.sortedTimes.front();
                l.max = p.sortedTimes.back();
            }
            l.p50 = percentileOfSorted(p.sortedTimes, 0.50);
            l.p90 = percentileOfSorted(p.sortedTimes, 0.90);
            l.p99 = percentileOfSorted(p.sortedTimes, 0.99);
        }
        s.regretPercent = s.oracleTotalMs > 0 ? 100.0 * s.regretMs / s.oracleTotalMs : 0.0;
        s.predicted = p.sortedApe.size();
        s.predictionMedianApe = percentileOfSorted(p.sortedApe, 0.5);
        s.predictionP90Ape = percentileOfSorted(p.sortedApe, 0.9);
        out.push_back(std::move(s));
    }
    addSavings(out);
    return out;
}

std::vector<StrategyScore> RunningScores::extend(const ScoringRows& in, double decisiveMargin) {
    if (in.rows.size() < rows_ || decisiveMargin != margin_) *this = RunningScores();
    margin_ = decisiveMargin;
    if (strategies_.size() < in.strategies.size()) strategies_.resize(in.strategies.size());
    tableLimit_ = 4 * (in.rows.size() + 1024);
    takeIn(in, rows_);
    rows_ = in.rows.size();
    return scores(in);
}

}  // namespace pieslicer
