#pragma once
// What scoreRun() and RunningScores (model/running_scores.h) both add up per row: the
// oracle's verdict on a key, one judged row's share of a strategy's score (added, or taken
// back when a later row changes the verdict), and the savings against the statics.
#include <optional>
#include <vector>

#include "model/scoring.h"
#include "model/scoring_rows.h"

namespace pieslicer {

struct Verdict {
    bool device = false;  // the faster order was on-device
    double preexecutionMs = 0;
    // Whether the two orders differ by more than the margin; unknown unless both were measured.
    std::optional<bool> decisive;

    bool operator==(const Verdict& o) const {
        return device == o.device && preexecutionMs == o.preexecutionMs && decisive == o.decisive;
    }
};

// An oracle row's verdict: its order, its time, decisive when both its orders were measured.
Verdict oracleRowVerdict(const ScoringRow& r, double margin);
// A key's verdict from what its rows said: the last oracle row's, else the faster of the last
// static rows; the two statics also say whether decisive when the oracle row could not.
std::optional<Verdict> keyVerdict(std::optional<Verdict> oracle, std::optional<double> deviceMs,
                                  std::optional<double> cloudMs, double margin);

// A score named for its strategy (what the strategy's first row said of the run).
void describeStrategy(StrategyScore& s, const ScoringStrategy& info);

// One ok row judged against its key's verdict: judged, confusion, decisiveness, the oracle's
// total and regret; sign +1 adds the row, -1 takes it back out.
void tallyJudged(const ScoringRow& r, const Verdict& v, StrategyScore& s, int sign = +1);

// The savings of every strategy against each static strategy that ran (not itself).
void addSavings(std::vector<StrategyScore>& scores);

}  // namespace pieslicer
