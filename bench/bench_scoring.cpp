// scoreRun() with its bootstrap at a study's scale: 100,000 records (8 strategies over
// 12,500 images), 1,000 resamples. The Compare tab runs this on a worker after each batch
// of a run, so it must stay well under a second: the resampling works on per-key
// aggregates, O(resamples x keys).
#include <benchmark/benchmark.h>

#include <random>

#include "model/scoring.h"

using namespace pieslicer;

namespace {

std::vector<RequestRecord> studyRecords(int images) {
    const char* strategies[] = {"static-device",    "static-cloud",        "oracle",  "pieslicer",
                                "pieslicer-online", "pieslicer-corrected", "inverse", "other"};
    std::mt19937 rng(1);
    std::lognormal_distribution<double> ms(5, 0.6);
    std::vector<RequestRecord> rs;
    rs.reserve(std::size_t(images) * 8);
    for (int i = 0; i < images; ++i) {
        const std::string image = "img" + std::to_string(i);
        const double device = ms(rng), cloud = ms(rng);
        for (const char* s : strategies) {
            RequestRecord r;
            r.strategy = s;
            r.image_name_orig = image;
            const bool local = std::string(s) == "static-device" ||
                               (std::string(s) != "static-cloud" && device <= cloud);
            r.preprocess_location = local ? "local" : "remote";
            r.preexecution_time = local ? device : cloud;
            r.preexecution_time_other = local ? cloud : device;
            r.preexecution_time_estimate = r.preexecution_time * 1.1;
            rs.push_back(std::move(r));
        }
    }
    return rs;
}

void BM_ScoreRunWithBootstrap(benchmark::State& state) {
    const auto records = studyRecords(12500);
    ScoringOptions options;
    options.bootstrap.resamples = int(state.range(0));
    for (auto _ : state) benchmark::DoNotOptimize(scoreRun(records, options));
    state.SetLabel(std::to_string(records.size()) + " records");
}
BENCHMARK(BM_ScoreRunWithBootstrap)->Arg(0)->Arg(1000)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
