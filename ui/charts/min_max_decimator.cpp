#include "charts/min_max_decimator.h"

#include <algorithm>
#include <cmath>

namespace pieslicer::ui {

void MinMaxDecimator::clear() {
    buckets_.clear();
    origin_ = 0;
    width_ = 1;
    added_ = 0;
}

void MinMaxDecimator::add(double x, double y) {
    const Point p{x, y};
    if (added_++ == 0) origin_ = x;
    long long index = (long long)std::floor((x - origin_) / width_);
    while (index >= (long long)capacity_) {
        mergePairs();
        index = (long long)std::floor((x - origin_) / width_);
    }
    if (buckets_.empty() || buckets_.back().index != index) {
        buckets_.push_back({index, p, p, p, p});
        return;
    }
    Bucket& b = buckets_.back();
    if (y < b.low.y) b.low = p;
    if (y > b.high.y) b.high = p;
    b.last = p;
}

void MinMaxDecimator::mergePairs() {
    width_ *= 2;
    std::size_t out = 0;
    for (std::size_t i = 0; i < buckets_.size(); ++i) {
        Bucket b = buckets_[i];
        b.index /= 2;
        if (out > 0 && buckets_[out - 1].index == b.index) {
            Bucket& a = buckets_[out - 1];
            if (b.low.y < a.low.y) a.low = b.low;
            if (b.high.y > a.high.y) a.high = b.high;
            a.last = b.last;
        } else {
            buckets_[out++] = b;
        }
    }
    buckets_.resize(out);
}

std::vector<MinMaxDecimator::Point> MinMaxDecimator::points(double x0, double x1) const {
    std::vector<Point> out;
    // Buckets are in x order: skip those that end before x0.
    auto it = std::lower_bound(buckets_.begin(), buckets_.end(), x0,
                               [](const Bucket& b, double x) { return b.last.x < x; });
    for (; it != buckets_.end() && it->first.x <= x1; ++it) {
        Point mid[2] = {it->low, it->high};
        if (mid[1].x < mid[0].x) std::swap(mid[0], mid[1]);
        for (const Point& p : {it->first, mid[0], mid[1], it->last})
            if (out.empty() || !(out.back() == p)) out.push_back(p);
    }
    return out;
}

}  // namespace pieslicer::ui
