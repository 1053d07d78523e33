#pragma once
// Runs a piece of work several times and keeps the run of least CPU time. Other work on a
// shared machine only ever adds CPU time to a run (caches and memory bandwidth taken, a
// virtual CPU stolen by the host), so the least is the closest to the work's own cost.
#include <type_traits>
#include <utility>

#include "util/clock.h"
#include "util/expected.h"

namespace pieslicer {

template <class T>
struct CpuTimedRun {
    T output;
    double wallMs = 0;  // the kept run's wall clock
    double cpuMs = 0;   // the kept run's CPU time of the calling thread
};

// `work()` returns Expected<T>; it runs max(1, runs) times and should give the same value
// each time. The first failure is returned as it is.
template <class Work>
auto leastCpuRun(int runs, Work&& work)
    -> Expected<CpuTimedRun<std::decay_t<decltype(work().value())>>> {
    using T = std::decay_t<decltype(work().value())>;
    CpuTimedRun<T> best;
    for (int run = 0; run < (runs < 1 ? 1 : runs); ++run) {
        const auto start = SteadyClock::now();
        const double cpuStart = threadCpuMs();
        auto result = work();
        if (!result) return fail(result.error());
        const double cpu = threadCpuMs() - cpuStart;
        if (run == 0 || cpu < best.cpuMs) best = {std::move(result.value()), msSince(start), cpu};
    }
    return best;
}

}  // namespace pieslicer
