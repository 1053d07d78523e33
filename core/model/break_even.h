#pragma once
// Where the two orders cost the same: for one image, the uplink rate at which a profile's
// models (f, s', g, h) predict on-device first and in-cloud first alike. Below it the
// device's small upload wins, above it the original's upload is cheap enough to send as is.
#include <optional>
#include <string>
#include <vector>

#include "domain/image_features.h"
#include "model/cost_profile.h"

namespace pieslicer {

// The rates searched, bit/s: 10 kbit/s to 100 Gbit/s.
inline constexpr double kBreakEvenLowestBps = 1e4;
inline constexpr double kBreakEvenHighestBps = 1e11;

struct BreakEvenPoint {
    std::string image;
    double origBytes = 0;
    // The uplink rate at which both orders are predicted equal; empty when one order wins at
    // every rate searched (deviceAlwaysFaster says which).
    std::optional<double> bitsPerSecond;
    bool deviceAlwaysFaster = false;
};

// For `image` on a link of `rttMs` and `tcp` (g from the link, never the fitted line).
BreakEvenPoint breakEvenPoint(const CostProfile& profile, ImageFeatures image, double rttMs,
                              TcpModel tcp);

struct NamedFeatures {
    std::string name;
    ImageFeatures features;
};

// One point per image, sorted by the original's size.
std::vector<BreakEvenPoint> breakEvenCurve(const CostProfile& profile,
                                           const std::vector<NamedFeatures>& images, double rttMs,
                                           TcpModel tcp);

}  // namespace pieslicer
