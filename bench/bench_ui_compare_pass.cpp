// One Compare-tab pass over a study's records (issue #15: the tab must be up to date within
// 250 ms of the last record): the whole pass as the tab's worker runs it while records
// arrive (no bootstrap) over every row and extending the last pass's cache by one batch,
// and its parts: the scoring rows read from the columns, scoreRun() on them. Records are
// bench_ui_live's made-up ones, kept as the dashboard keeps them.
//
//   bench_ui_compare_pass [--benchmark_filter=...]   (100k and 1M records)
#include <benchmark/benchmark.h>

#include <map>
#include <random>

#include "fake_records.h"
#include "model/scoring.h"
#include "run/columnar_records.h"
#include "run/columnar_scoring.h"
#include "tabs/compare_tab.h"

using namespace pieslicer;
using namespace pieslicer::ui;

namespace {

const ColumnarRecords& study(std::size_t n) {
    static std::map<std::size_t, ColumnarRecords> made;
    auto [it, added] = made.try_emplace(n);
    if (added) {
        std::mt19937 rng(42);
        for (std::size_t i = 0; i < n; ++i) it->second.append(bench::fakeRecord(int(i), rng));
    }
    return it->second;
}

ScoringOptions live() {
    ScoringOptions o;
    o.bootstrap.resamples = 0;  // as while records arrive at this size
    return o;
}

void BM_ComparePass(benchmark::State& state) {
    const RecordColumnsView view = study(std::size_t(state.range(0))).view();
    for (auto _ : state) benchmark::DoNotOptimize(computeCompare(view, live()));
}

// A live pass after one batch of 5,000 records, extending the cache of the pass before
// (the two stores hold the same records in the same order, so the same text ids).
void BM_ComparePassExtending(benchmark::State& state) {
    const std::size_t n = std::size_t(state.range(0)), batch = 5000;
    CompareCache before;
    computeCompare(study(n - batch).view(), live(), before);
    const RecordColumnsView view = study(n).view();
    for (auto _ : state) {
        state.PauseTiming();
        CompareCache cache = before;
        state.ResumeTiming();
        benchmark::DoNotOptimize(computeCompare(view, live(), cache));
    }
}

void BM_ScoringRowsFromColumns(benchmark::State& state) {
    const RecordColumnsView view = study(std::size_t(state.range(0))).view();
    for (auto _ : state) benchmark::DoNotOptimize(scoringRows(view));
}

void BM_ScoreRun(benchmark::State& state) {
    const ScoringRows rows = scoringRows(study(std::size_t(state.range(0))).view());
    for (auto _ : state) benchmark::DoNotOptimize(scoreRun(rows, live()));
}

BENCHMARK(BM_ComparePass)->Arg(100000)->Arg(1000000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ComparePassExtending)->Arg(100000)->Arg(1000000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ScoringRowsFromColumns)->Arg(100000)->Arg(1000000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ScoreRun)->Arg(100000)->Arg(1000000)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
