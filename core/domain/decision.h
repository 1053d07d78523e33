#pragma once
// A strategy's choice for one image, with the predictions it was made from.
#include <string>

#include "domain/placement.h"

namespace pieslicer {

struct Decision {
    Placement placement = Placement::Cloud;
    double predictedDeviceMs = 0;    // T_dev: f + g(s') + h(s')
    double predictedCloudMs = 0;     // T_cloud: g(s) + h(s)
    double predictedTransferMs = 0;  // g() of the chosen order
    // A strategy with a bandwidth estimator: its name and the uplink rate the prediction
    // used (the configured one until the estimator has a sample). Empty and 0 otherwise.
    std::string bandwidthEstimator;
    double estimatedUplinkBitsPerSecond = 0;
    double predictedChosenMs() const {
        return placement == Placement::Device ? predictedDeviceMs : predictedCloudMs;
    }
};

}  // namespace pieslicer
