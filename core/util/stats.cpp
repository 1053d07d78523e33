#include "util/stats.h"

#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <numeric>

namespace pieslicer {

double percentileOfSorted(const std::vector<double>& v, double q) {
    if (v.empty()) return 0;
    const double pos = std::clamp(q, 0.0, 1.0) * double(v.size() - 1);
    const std::size_t lo = std::size_t(pos);
    const std::size_t hi = std::min(lo + 1, v.size() - 1);
    return v[lo] + (v[hi] - v[lo]) * (pos - double(lo));
}

double percentile(std::vector<double> v, double q) {
    std::sort(v.begin(), v.end());
    return percentileOfSorted(v, q);
}

namespace {

// percentile() of v for ascending qs, by selection instead of a sort (linear time: a study's
// strategy has hundreds of thousands of rows). Reorders v.
void selectPercentiles(std::vector<double>& v, std::initializer_list<double> qs, double* out) {
    auto from = v.begin();
    for (const double q : qs) {
        const double pos = std::clamp(q, 0.0, 1.0) * double(v.size() - 1);
        const auto lo = v.begin() + std::ptrdiff_t(pos);
        std::nth_element(from, lo, v.end());
        const double a = *lo, b = lo + 1 == v.end() ? a : *std::min_element(lo + 1, v.end());
        *out++ = a + (b - a) * (pos - std::floor(pos));
        from = lo;  // the next percentile's rank is at or after this one
    }
}

}  // namespace

LatencySummary summarize(std::vector<double> v) {
    LatencySummary s;
    s.count = v.size();
    if (v.empty()) return s;
    s.mean = std::accumulate(v.begin(), v.end(), 0.0) / double(v.size());
    auto [lo, hi] = std::minmax_element(v.begin(), v.end());
    s.min = *lo;
    s.max = *hi;
    double p[3];
    selectPercentiles(v, {0.50, 0.90, 0.99}, p);
    s.p50 = p[0];
    s.p90 = p[1];
    s.p99 = p[2];
    return s;
}

}  // namespace pieslicer
