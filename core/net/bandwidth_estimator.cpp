#include "net/bandwidth_estimator.h"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace pieslicer {

void PrototypeEstimator::addSample(double bitsPerSecond, double) {
    // The first sample starts it, as for the others: the prototype's delta started at 0,
    // which for a rate would mean "no link" rather than "no correction".
    if (estimate_ <= 0) {
        estimate_ = bitsPerSecond;
        return;
    }
    estimate_ += alpha_ * (bitsPerSecond - estimate_) + (1 - alpha_) * estimate_;
}

void EwmaEstimator::addSample(double bitsPerSecond, double) {
    if (estimate_ <= 0)
        estimate_ = bitsPerSecond;
    else
        estimate_ += alpha_ * (bitsPerSecond - estimate_);
}

std::string EwmaEstimator::name() const {
    if (alpha_ == kDefaultAlpha) return "ewma";
    std::ostringstream text;
    text << "ewma=" << alpha_;
    return text.str();
}

void HarmonicEstimator::addSample(double bitsPerSecond, double) {
    if (bitsPerSecond <= 0) return;  // a harmonic mean has no room for a zero
    samples_.push_back(bitsPerSecond);
    if (samples_.size() > window_) samples_.erase(samples_.begin());
}

double HarmonicEstimator::estimateBitsPerSecond() const {
    if (samples_.empty()) return 0;
    double inverse = 0;
    for (double s : samples_) inverse += 1 / s;
    return double(samples_.size()) / inverse;
}

DualEwmaEstimator::DualEwmaEstimator(double fastHalfLife, double slowHalfLife) {
    fast_.alpha = std::pow(0.5, 1 / fastHalfLife);
    slow_.alpha = std::pow(0.5, 1 / slowHalfLife);
}

void DualEwmaEstimator::Ewma::add(double x) {
    value = alpha * value + (1 - alpha) * x;
    weight += 1;
}

double DualEwmaEstimator::Ewma::estimate() const {
    const double zeroFactor = 1 - std::pow(alpha, weight);
    return zeroFactor > 0 ? value / zeroFactor : 0;
}

void DualEwmaEstimator::addSample(double bitsPerSecond, double) {
    fast_.add(bitsPerSecond);
    slow_.add(bitsPerSecond);
}

double DualEwmaEstimator::estimateBitsPerSecond() const {
    return std::min(fast_.estimate(), slow_.estimate());
}

std::vector<std::string> bandwidthEstimatorNames() {
    return {"prototype", "ewma", "harmonic", "dual-ewma"};
}

Expected<std::unique_ptr<BandwidthEstimator>> makeBandwidthEstimator(const std::string& name) {
    if (name == "prototype") return std::unique_ptr<BandwidthEstimator>(new PrototypeEstimator);
    if (name == "ewma") return std::unique_ptr<BandwidthEstimator>(new EwmaEstimator);
    if (name.rfind("ewma=", 0) == 0) {
        std::istringstream text(name.substr(5));
        double alpha = 0;
        if (text >> alpha && text.eof() && alpha > 0 && alpha <= 1)
            return std::unique_ptr<BandwidthEstimator>(new EwmaEstimator(alpha));
        return fail("bandwidth estimator '" + name + "': alpha must be in (0, 1]");
    }
    if (name == "harmonic") return std::unique_ptr<BandwidthEstimator>(new HarmonicEstimator);
    if (name == "dual-ewma") return std::unique_ptr<BandwidthEstimator>(new DualEwmaEstimator);
    std::string known;
    for (const auto& k : bandwidthEstimatorNames()) known += (known.empty() ? "" : ", ") + k;
    return fail("unknown bandwidth estimator '" + name + "' (known: " + known + ")");
}

}  // namespace pieslicer
