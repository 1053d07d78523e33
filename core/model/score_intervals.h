#pragma once
// Bootstrap intervals for scoreRun(): what each strategy's rows contribute per key
// (an image and a repeat), then one pass over the keys per resample for every strategy.
#include <cstdint>
#include <vector>

#include "model/bootstrap.h"
#include "model/scoring.h"

namespace pieslicer {

// One judged row: its key, its confusion cell and whether its image was decisive (8 bytes:
// the bootstrap of a million records keeps one per judged row).
struct JudgedKey {
    std::uint32_t key;
    bool choseDevice;
    bool oracleDevice;
    bool decisive;
};

// A strategy's rows reduced to per-key aggregates: the cost of a resample does not depend on
// how many fields a record has, only on how many keys there are.
struct StrategyKeys {
    KeyedSample preexecution;  // ok rows' measured pre-execution times
    std::vector<JudgedKey> judged;
};

// Fills every score's intervals (latency, F1, decisive F1, savings); `keys` is parallel to
// `scores`, `keyCount` the number of distinct keys. Nothing when options.resamples <= 0.
void addIntervals(std::vector<StrategyScore>& scores, std::vector<StrategyKeys>& keys,
                  std::size_t keyCount, const BootstrapOptions& options);

}  // namespace pieslicer
