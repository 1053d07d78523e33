// Cost of PieSlicer's own work: one placement decision with the image header already
// known (target: <= 1 us median), and fitting a component on 10,000 samples (< 10 ms).
#include <benchmark/benchmark.h>

#include <random>

#include "model/component_fitting.h"
#include "model/linear_regression.h"
#include "strategy/pieslicer_strategy.h"

namespace {

using namespace pieslicer;

std::shared_ptr<const CostProfile> benchProfile() {
    CostProfile p;
    p.devicePrep.regressors = {Regressor::DecodedMegapixels, Regressor::FileMb,
                               Regressor::PngMegapixels, Regressor::ProgressiveMegapixels};
    p.devicePrep.slopes = {28.4, 9.4, -5.4, 16.8};
    p.devicePrep.intercept = -4.6;
    // s' as calibration now fits it: exp(a + b*log bpp + c*log quant step).
    ComponentModel sent = lineModel(Regressor::LogBitsPerPixel, 0.47, 9.37);
    sent.regressors.push_back(Regressor::LogQuantStep);
    sent.slopes.push_back(0.27);
    sent.response = Response::Log;
    p.sentBytes[CostProfile::sentKey(331, 90)] = sent;
    p.transfer = lineModel(Regressor::FileMb, 1000, 42);
    p.cloudPrep = p.devicePrep;
    p.calibrationLink = {8e6, 40};
    return std::make_shared<const CostProfile>(p);
}

void BM_PlacementDecision(benchmark::State& state) {
    PieSlicerStrategy strategy(benchProfile());
    std::vector<ImageFeatures> images;
    std::mt19937 rng(1);
    std::uniform_int_distribution<int> side(300, 4500);
    for (int i = 0; i < 256; ++i) {
        ImageFeatures f;
        f.width = side(rng);
        f.height = side(rng);
        f.bytes = f.width * f.height * 0.4;
        f.progressive = i % 7 == 0;
        f.quantStep = 2 + i % 40;
        f.uplinkBitsPerSecond = 2e6;  // another rate than calibration: link-based g
        f.rttMs = 40;
        images.push_back(f);
    }
    std::size_t i = 0;
    for (auto _ : state) {
        Decision d = strategy.decide(images[i++ & 255]);
        benchmark::DoNotOptimize(d);
    }
}
BENCHMARK(BM_PlacementDecision);

void BM_FitLeastSquares10k(benchmark::State& state) {
    const int n = 10000, p = int(state.range(0));
    std::mt19937 rng(2);
    std::uniform_real_distribution<double> u(0, 10);
    Eigen::MatrixXd X(n, p);
    Eigen::VectorXd y(n);
    for (int i = 0; i < n; ++i) {
        for (int c = 0; c < p; ++c) X(i, c) = u(rng);
        y[i] = 3 + X.row(i).sum() + u(rng);
    }
    for (auto _ : state) {
        auto fit = fitLeastSquares(X, y);
        benchmark::DoNotOptimize(fit);
    }
}
BENCHMARK(BM_FitLeastSquares10k)->Arg(1)->Arg(4)->Unit(benchmark::kMillisecond);

// What calibration does per component: several regressor sets, each with 10-fold CV.
void BM_FitComponentWithCrossValidation10k(benchmark::State& state) {
    std::mt19937 rng(3);
    std::uniform_real_distribution<double> u(0, 10);
    std::vector<ComponentSample> samples(10000);
    for (auto& s : samples) {
        for (double& v : s.x.v) v = u(rng);
        s.y = 5 + 10 * s.x[Regressor::DecodedMegapixels] + 9 * s.x[Regressor::FileMb] + u(rng);
    }
    const std::vector<Candidate> candidates = {
        {Regressor::FileMb},
        {Regressor::DecodedMegapixels, Regressor::FileMb},
        {Regressor::DecodedMegapixels, Regressor::FileMb, Regressor::PngMegapixels,
         Regressor::ProgressiveMegapixels}};
    for (auto _ : state) {
        auto fit = fitComponent(samples, candidates);
        benchmark::DoNotOptimize(fit);
    }
}
BENCHMARK(BM_FitComponentWithCrossValidation10k)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
