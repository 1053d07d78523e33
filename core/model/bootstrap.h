#pragma once
// Bootstrap confidence intervals by resampling keys (an image and a repeat) with
// replacement. Every statistic of one resample sees the same keys, so paired comparisons
// (two strategies on the same images) stay paired. Deterministic given the seed.
#include <cstdint>
#include <random>
#include <vector>

namespace pieslicer {

struct BootstrapOptions {
    int resamples = 1000;  // 0: no intervals
    std::uint64_t seed = 1;
    double level = 0.95;  // two-sided
};

// A percentile interval; not valid when there was nothing to resample.
struct Interval {
    double lo = 0, hi = 0;
    bool valid = false;

    // A difference whose interval holds zero was not measured to be one.
    bool spansZero() const { return valid && lo <= 0 && hi >= 0; }
    bool contains(double v) const { return valid && lo <= v && v <= hi; }
};

// Draws resamples of n keys: each is how often every key was drawn (the counts sum to n).
class KeyResampler {
  public:
    KeyResampler(std::size_t keys, std::uint64_t seed) : counts_(keys), rng_(seed) {}
    const std::vector<std::uint32_t>& next();

  private:
    std::vector<std::uint32_t> counts_;
    std::mt19937_64 rng_;
};

// Values attached to keys, sorted once, so that a resample's mean and percentiles cost one
// pass over them (weighted by the keys' counts) and no sort.
class KeyedSample {
  public:
    void add(std::size_t key, double value) { entries_.push_back({value, key}); }
    void reserve(std::size_t n) { entries_.reserve(n); }
    void sort();  // after the last add()
    std::size_t size() const { return entries_.size(); }

    // The resample's mean and percentiles (qs ascending, linear interpolation between closest
    // ranks as percentile() does) into out[0] (mean) and out[1..]; false when none of the
    // sample's keys was drawn.
    bool resampled(const std::vector<std::uint32_t>& counts, const std::vector<double>& qs,
                   double* out) const;

  private:
    struct Entry {
        double value;
        std::size_t key;
    };
    std::vector<Entry> entries_;
};

// The central `level` interval of a statistic's bootstrap draws (percentile method).
Interval percentileInterval(const std::vector<double>& draws, double level);

}  // namespace pieslicer
