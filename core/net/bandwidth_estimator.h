#pragma once
// Estimates the uplink rate from throughput samples, one per upload (issue #9, item 4):
// the prototype's delta rule applied to the rate, a true EWMA, the harmonic mean of the
// last 5 samples (RobustMPC/FastMPC) and a dual fast/slow EWMA (Shaka Player).
#include <memory>
#include <string>
#include <vector>

#include "util/expected.h"

namespace pieslicer {

class BandwidthEstimator {
  public:
    virtual ~BandwidthEstimator() = default;
    virtual std::string name() const = 0;
    // One measured upload: `bitsPerSecond` over an upload of `bytes`.
    virtual void addSample(double bitsPerSecond, double bytes) = 0;
    // The current estimate in bit/s; 0 until the first sample.
    virtual double estimateBitsPerSecond() const = 0;
};

// The prototype's update `d += a*err + (1-a)*d` with err = sample - d: it adds the old
// estimate a second time, so for a = 0.5 it grows by half a sample per sample and never
// settles. Kept to show what the flaw does to a rate.
class PrototypeEstimator : public BandwidthEstimator {
  public:
    explicit PrototypeEstimator(double alpha = 0.5) : alpha_(alpha) {}
    std::string name() const override { return "prototype"; }
    void addSample(double bitsPerSecond, double bytes) override;
    double estimateBitsPerSecond() const override { return estimate_; }

  private:
    double alpha_;
    double estimate_ = 0;
};

// e = (1-alpha)*e + alpha*sample, starting from the first sample.
class EwmaEstimator : public BandwidthEstimator {
  public:
    // A phone's samples are photos, seconds to minutes apart, not a video's back-to-back
    // segments: an old sample has aged a lot, so the last one weighs most. 0.75 gets within
    // 15% of a 10x step in 3 samples either way; 0.5 (the prototype's alpha) needs 6 down.
    static constexpr double kDefaultAlpha = 0.75;
    explicit EwmaEstimator(double alpha = kDefaultAlpha) : alpha_(alpha) {}
    std::string name() const override;  // "ewma", or "ewma=0.5" for another alpha
    void addSample(double bitsPerSecond, double bytes) override;
    double estimateBitsPerSecond() const override { return estimate_; }
    double alpha() const { return alpha_; }

  private:
    double alpha_;
    double estimate_ = 0;
};

// The harmonic mean of the last `window` samples (FastMPC; RobustMPC divides it further by
// its recent prediction error). The harmonic mean is pulled to the low samples: it drops
// fast after a step down and climbs slowly after a step up, which costs little when an
// overestimate (an upload that stalls) hurts more than an underestimate.
class HarmonicEstimator : public BandwidthEstimator {
  public:
    explicit HarmonicEstimator(std::size_t window = 5) : window_(window) {}
    std::string name() const override { return "harmonic"; }
    void addSample(double bitsPerSecond, double bytes) override;
    double estimateBitsPerSecond() const override;

  private:
    std::size_t window_;
    std::vector<double> samples_;  // the last `window_`, oldest first
};

// Shaka Player's EwmaBandwidthEstimator: a fast and a slow EWMA, each bias-corrected
// (divided by 1 - alpha^weight, so the first samples are not pulled toward 0), estimate =
// the minimum of the two: a drop shows at the fast pace, a rise at the slow one.
// Shaka weighs each sample by its duration (half-lives of 2 s and 5 s, alpha^seconds),
// ignores samples under 16 kB and answers a default until 128 kB have been seen. Here the
// half-lives are in samples (2 and 5) and every sample weighs 1: a phone's uploads are
// photos seconds apart whose durations differ 100x with their size, and one long upload
// of a large original would otherwise outweigh everything before it. Small samples are
// dropped by the caller (PieSlicerStrategy) before they get here.
class DualEwmaEstimator : public BandwidthEstimator {
  public:
    explicit DualEwmaEstimator(double fastHalfLife = 2, double slowHalfLife = 5);
    std::string name() const override { return "dual-ewma"; }
    void addSample(double bitsPerSecond, double bytes) override;
    double estimateBitsPerSecond() const override;

  private:
    struct Ewma {
        double alpha = 0;  // weight kept per sample: 0.5^(1/halfLife)
        double value = 0;  // biased toward 0 by the start at 0
        double weight = 0;
        void add(double x);
        double estimate() const;
    };
    Ewma fast_, slow_;
};

// Every name makeBandwidthEstimator() knows, in the order to show them; it also takes
// "ewma=ALPHA" (0 < ALPHA <= 1) to compare weights side by side.
std::vector<std::string> bandwidthEstimatorNames();
// Fails on an unknown name, listing the known ones.
Expected<std::unique_ptr<BandwidthEstimator>> makeBandwidthEstimator(const std::string& name);

}  // namespace pieslicer
