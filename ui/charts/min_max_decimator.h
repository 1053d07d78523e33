#pragma once
// Incremental min/max decimation of a series whose x never decreases (issue #15): at
// most `capacity` buckets, each keeping its first, lowest, highest and last point; when
// a point falls past the last bucket, neighbours merge and the bucket width doubles. So
// adding a point is O(1) amortised, memory is O(capacity) however long the run, and
// spikes survive. Qt-free.
#include <cstddef>
#include <vector>

namespace pieslicer::ui {

class MinMaxDecimator {
  public:
    struct Point {
        double x = 0, y = 0;
        bool operator==(const Point& o) const { return x == o.x && y == o.y; }
    };

    explicit MinMaxDecimator(std::size_t capacity = 2048) : capacity_(capacity) {}

    void add(double x, double y);
    void clear();
    std::size_t added() const { return added_; }
    std::size_t buckets() const { return buckets_.size(); }
    double bucketWidth() const { return width_; }
    // The kept points of the buckets that overlap [x0, x1], in x order (at most four a
    // bucket, fewer when they coincide).
    std::vector<Point> points(double x0, double x1) const;

  private:
    struct Bucket {
        long long index = 0;
        Point first, low, high, last;
    };
    void mergePairs();

    std::size_t capacity_;
    std::vector<Bucket> buckets_;
    double origin_ = 0, width_ = 1;
    std::size_t added_ = 0;
};

}  // namespace pieslicer::ui
