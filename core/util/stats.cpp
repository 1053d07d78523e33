#include "util/stats.h"

#include <algorithm>
#include <numeric>

namespace pieslicer {

double percentile(std::vector<double> v, double q) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    const double pos = std::clamp(q, 0.0, 1.0) * double(v.size() - 1);
    const std::size_t lo = std::size_t(pos);
    const std::size_t hi = std::min(lo + 1, v.size() - 1);
    return v[lo] + (v[hi] - v[lo]) * (pos - double(lo));
}

LatencySummary summarize(const std::vector<double>& v) {
    LatencySummary s;
    s.count = v.size();
    if (v.empty()) return s;
    s.mean = std::accumulate(v.begin(), v.end(), 0.0) / double(v.size());
    s.p50 = percentile(v, 0.50);
    s.p90 = percentile(v, 0.90);
    s.p99 = percentile(v, 0.99);
    auto [lo, hi] = std::minmax_element(v.begin(), v.end());
    s.min = *lo;
    s.max = *hi;
    return s;
}

}  // namespace pieslicer
