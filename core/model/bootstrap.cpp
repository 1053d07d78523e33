#include "model/bootstrap.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include "util/stats.h"

namespace pieslicer {

const std::vector<std::uint32_t>& KeyResampler::next() {
    std::fill(counts_.begin(), counts_.end(), 0u);
    const std::size_t n = counts_.size();
    if (n == 0) return counts_;
    // Multiply-shift instead of std::uniform_int_distribution: the same draws from every
    // standard library, so a seed gives the same intervals everywhere.
    for (std::size_t i = 0; i < n; ++i) {
        const auto r = static_cast<unsigned __int128>(rng_()) * n;
        ++counts_[std::size_t(r >> 64)];
    }
    return counts_;
}

void KeyedSample::sort() {
    std::sort(entries_.begin(), entries_.end(),
              [](const Entry& a, const Entry& b) { return a.value < b.value; });
}

bool KeyedSample::resampled(const std::vector<std::uint32_t>& counts, const std::vector<double>& qs,
                            double* out) const {
    std::uint64_t n = 0;
    double sum = 0;
    for (const Entry& e : entries_) {
        n += counts[e.key];
        sum += double(counts[e.key]) * e.value;
    }
    if (n == 0) return false;
    out[0] = sum / double(n);
    // The two ranks each percentile interpolates between, visited in ascending order.
    std::vector<std::pair<std::uint64_t, std::size_t>> ranks;  // rank, slot in `at`
    std::vector<double> fractions;
    for (double q : qs) {
        const double pos = std::clamp(q, 0.0, 1.0) * double(n - 1);
        const auto lo = std::uint64_t(pos);
        ranks.push_back({lo, ranks.size()});
        ranks.push_back({std::min(lo + 1, n - 1), ranks.size()});
        fractions.push_back(pos - double(lo));
    }
    std::sort(ranks.begin(), ranks.end());
    std::vector<double> at(ranks.size());
    std::size_t next = 0;
    std::uint64_t cumulative = 0;
    for (const Entry& e : entries_) {
        cumulative += counts[e.key];
        for (; next < ranks.size() && ranks[next].first < cumulative; ++next)
            at[ranks[next].second] = e.value;
        if (next == ranks.size()) break;
    }
    for (std::size_t i = 0; i < qs.size(); ++i)
        out[1 + i] = at[2 * i] + (at[2 * i + 1] - at[2 * i]) * fractions[i];
    return true;
}

Interval percentileInterval(const std::vector<double>& draws, double level) {
    Interval ci;
    if (draws.empty()) return ci;
    const double tail = (1 - std::clamp(level, 0.0, 1.0)) / 2;
    ci.lo = percentile(draws, tail);
    ci.hi = percentile(draws, 1 - tail);
    ci.valid = true;
    return ci;
}

}  // namespace pieslicer
