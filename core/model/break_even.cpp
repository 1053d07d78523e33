#include "model/break_even.h"

#include <algorithm>
#include <cmath>
#include <memory>

#include "model/cost_model.h"

namespace pieslicer {
namespace {

// T_cloud - T_device at `bps`: positive while the device order is predicted faster.
double cloudMinusDevice(const CostModel& model, ImageFeatures image, double bps) {
    image.uplinkBitsPerSecond = bps;
    const CostPrediction p = model.predict(image);
    return p.cloudMs() - p.deviceMs();
}

}  // namespace

BreakEvenPoint breakEvenPoint(const CostProfile& profile, ImageFeatures image, double rttMs,
                              TcpModel tcp) {
    // The model holds a shared profile; a copy keeps the caller's free of ownership rules.
    const CostModel model(std::make_shared<const CostProfile>(profile), TransferSource::Link);
    image.rttMs = rttMs;
    image.tcp = tcp;
    BreakEvenPoint out;
    out.origBytes = image.bytes;
    double lo = std::log(kBreakEvenLowestBps), hi = std::log(kBreakEvenHighestBps);
    const double atLo = cloudMinusDevice(model, image, std::exp(lo));
    const double atHi = cloudMinusDevice(model, image, std::exp(hi));
    if ((atLo > 0) == (atHi > 0)) {  // no crossing in range: one order wins throughout
        out.deviceAlwaysFaster = atLo > 0;
        return out;
    }
    // Bisection on the log of the rate: the difference is monotone in the rate for a
    // larger original than s', and a crossing found is a crossing either way.
    for (int i = 0; i < 60 && hi - lo > 1e-6; ++i) {
        const double mid = (lo + hi) / 2;
        if ((cloudMinusDevice(model, image, std::exp(mid)) > 0) == (atLo > 0))
            lo = mid;
        else
            hi = mid;
    }
    out.bitsPerSecond = std::exp((lo + hi) / 2);
    return out;
}

std::vector<BreakEvenPoint> breakEvenCurve(const CostProfile& profile,
                                           const std::vector<NamedFeatures>& images, double rttMs,
                                           TcpModel tcp) {
    std::vector<BreakEvenPoint> out;
    out.reserve(images.size());
    for (const auto& i : images) {
        out.push_back(breakEvenPoint(profile, i.features, rttMs, tcp));
        out.back().image = i.name;
    }
    std::stable_sort(out.begin(), out.end(), [](const BreakEvenPoint& a, const BreakEvenPoint& b) {
        return a.origBytes < b.origBytes;
    });
    return out;
}

}  // namespace pieslicer
