#include "model/score_intervals.h"

#include <array>

namespace pieslicer {
namespace {

void count(ConfusionMatrix& c, const JudgedKey& j, std::uint32_t times) {
    if (j.choseDevice && j.oracleDevice) c.truePositive += times;
    if (j.choseDevice && !j.oracleDevice) c.falsePositive += times;
    if (!j.choseDevice && j.oracleDevice) c.falseNegative += times;
    if (!j.choseDevice && !j.oracleDevice) c.trueNegative += times;
}

// Every statistic's draws, one vector per statistic.
struct Draws {
    std::array<std::vector<double>, 4> latency;  // mean, p50, p90, p99
    std::vector<double> f1, decisiveF1;
    // Per savings entry: mean, p50, p99 in ms, then the same in %.
    std::vector<std::array<std::vector<double>, 6>> savings;
};

// The index of each savings entry's static strategy in `scores`.
std::vector<std::vector<std::size_t>> savingsBases(const std::vector<StrategyScore>& scores) {
    std::vector<std::vector<std::size_t>> bases(scores.size());
    for (std::size_t s = 0; s < scores.size(); ++s)
        for (const auto& v : scores[s].savings)
            for (std::size_t b = 0; b < scores.size(); ++b)
                if (scores[b].strategy == v.against) bases[s].push_back(b);
    return bases;
}

// One resample's savings of every strategy against its statics, from the latencies
// (mean, p50, p90, p99) each strategy had in the same resample.
void drawSavings(const std::vector<std::array<double, 4>>& stat, const std::vector<char>& has,
                 const std::vector<std::vector<std::size_t>>& bases, std::vector<Draws>& draws) {
    static constexpr int kStat[3] = {0, 1, 3};  // mean, p50, p99
    for (std::size_t s = 0; s < stat.size(); ++s)
        for (std::size_t j = 0; j < bases[s].size(); ++j) {
            const std::size_t b = bases[s][j];
            if (!has[s] || !has[b]) continue;
            for (int k = 0; k < 3; ++k) {
                const double base = stat[b][kStat[k]], saved = base - stat[s][kStat[k]];
                draws[s].savings[j][k].push_back(saved);
                draws[s].savings[j][3 + k].push_back(base > 0 ? 100.0 * saved / base : 0.0);
            }
        }
}

void apply(const Draws& d, double level, StrategyScore& s) {
    auto ci = [level](const std::vector<double>& v) { return percentileInterval(v, level); };
    s.preexecutionCi = {ci(d.latency[0]), ci(d.latency[1]), ci(d.latency[2]), ci(d.latency[3])};
    s.f1Ci = ci(d.f1);
    s.decisiveF1Ci = ci(d.decisiveF1);
    for (std::size_t j = 0; j < s.savings.size() && j < d.savings.size(); ++j) {
        auto& v = s.savings[j];
        const auto& x = d.savings[j];
        v.meanMsCi = ci(x[0]);
        v.p50MsCi = ci(x[1]);
        v.p99MsCi = ci(x[2]);
        v.meanPercentCi = ci(x[3]);
        v.p50PercentCi = ci(x[4]);
        v.p99PercentCi = ci(x[5]);
    }
}

}  // namespace

void addIntervals(std::vector<StrategyScore>& scores, std::vector<StrategyKeys>& keys,
                  std::size_t keyCount, const BootstrapOptions& options) {
    if (options.resamples <= 0 || keyCount == 0) return;
    for (auto& k : keys) k.preexecution.sort();
    const auto bases = savingsBases(scores);
    const std::size_t n = scores.size();
    std::vector<Draws> draws(n);
    for (std::size_t s = 0; s < n; ++s) draws[s].savings.resize(bases[s].size());
    const std::vector<double> qs = {0.5, 0.9, 0.99};
    std::vector<std::array<double, 4>> stat(n);
    std::vector<char> has(n);
    KeyResampler resampler(keyCount, options.seed);
    for (int b = 0; b < options.resamples; ++b) {
        const auto& counts = resampler.next();
        for (std::size_t s = 0; s < n; ++s) {
            has[s] = keys[s].preexecution.resampled(counts, qs, stat[s].data());
            if (has[s])
                for (int k = 0; k < 4; ++k) draws[s].latency[k].push_back(stat[s][k]);
            ConfusionMatrix all, decisive;
            for (const JudgedKey& j : keys[s].judged) {
                count(all, j, counts[j.key]);
                if (j.decisive) count(decisive, j, counts[j.key]);
            }
            if (all.total() > 0) draws[s].f1.push_back(all.f1());
            if (decisive.total() > 0) draws[s].decisiveF1.push_back(decisive.f1());
        }
        drawSavings(stat, has, bases, draws);
    }
    for (std::size_t s = 0; s < n; ++s) apply(draws[s], options.level, scores[s]);
}

}  // namespace pieslicer
