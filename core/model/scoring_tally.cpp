// The per-row sums scoreRun() and RunningScores share (model/scoring_tally.h).
#include "model/scoring_tally.h"

#include <algorithm>

#include "domain/strategy_ids.h"

namespace pieslicer {

namespace {

bool clearGap(double a, double b, double margin) {
    return std::max(a, b) - std::min(a, b) > margin * std::min(a, b);
}

void bump(std::size_t& n, int sign) {
    if (sign > 0)
        ++n;
    else
        --n;
}

void count(ConfusionMatrix& c, bool mine, bool truth, int sign) {
    bump(mine ? (truth ? c.truePositive : c.falsePositive)
              : (truth ? c.falseNegative : c.trueNegative),
         sign);
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

void describeStrategy(StrategyScore& s, const ScoringStrategy& info) {
    s.strategy = info.id;
    s.algorithm = info.algorithm;
    s.device = info.device;
    s.deviceMode = info.deviceMode;
    s.profileDevice = info.profileDevice;
    s.deviceSlowdown = info.deviceSlowdown;
}

Verdict oracleRowVerdict(const ScoringRow& r, double margin) {
    Verdict v{r.device, r.preexecution, std::nullopt};
    if (r.preexecutionOther > 0) v.decisive = clearGap(r.preexecution, r.preexecutionOther, margin);
    return v;
}

std::optional<Verdict> keyVerdict(std::optional<Verdict> oracle, std::optional<double> deviceMs,
                                  std::optional<double> cloudMs, double margin) {
    if (!deviceMs || !cloudMs) return oracle;
    const double dMs = *deviceMs, cMs = *cloudMs;
    // An oracle row's verdict stands; the statics only add whether the image was decisive.
    if (!oracle) oracle = Verdict{dMs <= cMs, std::min(dMs, cMs), std::nullopt};
    if (!oracle->decisive) oracle->decisive = clearGap(dMs, cMs, margin);
    return oracle;
}

void tallyJudged(const ScoringRow& r, const Verdict& v, StrategyScore& s, int sign) {
    bump(s.judged, sign);
    const bool mine = r.device, truth = v.device;
    count(s.confusion, mine, truth, sign);
    if (v.decisive) {
        bump(*v.decisive ? s.decisive : s.nearTies, sign);
        if (*v.decisive) count(s.decisiveConfusion, mine, truth, sign);
    }
    s.oracleTotalMs += sign * v.preexecutionMs;
    // A wrong choice loses its difference from the faster order; a right one only the content
    // probe it paid for (the oracle knows without probing), the rest of its difference is noise.
    if (mine != truth)
        s.regretMs += sign * std::max(0.0, r.preexecution - v.preexecutionMs);
    else
        s.regretMs += sign * std::max(0.0, r.contentProbe);
}

void addSavings(std::vector<StrategyScore>& scores) {
    for (auto& s : scores)
        for (const auto& base : scores)
            if ((base.strategy == strategy_id::kStaticDevice ||
                 base.strategy == strategy_id::kStaticCloud) &&
                base.strategy != s.strategy && base.preexecution.count > 0)
                s.savings.push_back(
                    savingsAgainst(base.strategy, base.preexecution, s.preexecution));
}

}  // namespace pieslicer
