#pragma once
// scoreRun() kept up to date as rows are appended (issue #15): per strategy the counts,
// confusion matrices, regret and oracle sums, and the pre-execution times and prediction
// errors as sorted runs the new rows are merged into, so a pass over a million rows costs
// what its new rows cost (and the merges, linear but cheap), not a re-scoring of them all.
// A row whose key's verdict changes later (an oracle or static row arriving after it) is
// taken out of the sums and judged again. No bootstrap intervals: they resample every key.
#include <cstdint>
#include <limits>
#include <optional>
#include <unordered_map>
#include <vector>

#include "model/scoring.h"
#include "model/scoring_rows.h"
#include "model/scoring_tally.h"

namespace pieslicer {

class RunningScores {
  public:
    // The scores of every row of `in`, as scoreRun(in, options) without intervals. `in` must
    // be the rows of the last call with rows appended (strategies, images and measurements
    // may grow); fewer rows or another margin start over. Sums may differ from scoreRun's in
    // the last bits (rows taken back out are subtracted).
    std::vector<StrategyScore> extend(const ScoringRows& in, double decisiveMargin);
    // A strategy's finite measured pre-execution times of its ok rows, ascending.
    const std::vector<double>& sortedTimes(std::size_t strategy) const;
    std::size_t rows() const { return rows_; }

  private:
    // What a key's (image, repeat) rows said of the oracle's verdict: the last of each
    // (32 bytes: a study has a key per image and repeat).
    struct KeyState {
        double oracleMs = 0, deviceMs = 0, cloudMs = 0;
        // Its newest ok row (none yet: the largest id); older ones follow previousOfKey_.
        std::uint32_t lastRow = std::numeric_limits<std::uint32_t>::max();
        bool hasOracle = false, oracleDevice = false, hasDevice = false, hasCloud = false;
        std::int8_t oracleDecisive = -1;  // -1: not known from the oracle row
    };
    struct PerStrategy {
        StrategyScore score;  // counts and sums; the summaries are filled on each extend
        double timeSum = 0;
        std::size_t okRows = 0;
        std::vector<double> sortedTimes, sortedApe;
    };
    std::uint32_t keyOf(const ScoringRow& r);
    std::optional<Verdict> verdict(const KeyState& k) const;
    void countShared(const ScoringRow& r);
    void takeIn(const ScoringRows& in, std::size_t from);
    std::vector<StrategyScore> scores(const ScoringRows& in) const;

    double margin_ = -1;
    std::size_t rows_ = 0;
    std::vector<PerStrategy> strategies_;
    std::vector<KeyState> keys_;
    // Keys by image x repeat: a table while repeats are few and not negative, else a map.
    std::vector<std::uint32_t> keyTable_;
    std::size_t repeatsInTable_ = 1, tableLimit_ = 0;
    std::unordered_map<std::uint64_t, std::uint32_t> keyMap_;
    bool useMap_ = false;
    std::vector<std::uint32_t> previousOfKey_;  // per row: the key's previous ok row
    // Per measurement id: the strategy that reported it (or many), and its rows until shared.
    std::vector<std::uint32_t> measuredBy_, measuredRows_;
};

}  // namespace pieslicer
