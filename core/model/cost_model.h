#pragma once
// PieSlicer's prediction for one image before anything runs:
// T_device = f + g(s') + h(s'), T_cloud = g(s) + h(s).
#include <memory>

#include "domain/decision.h"
#include "domain/image_features.h"
#include "model/cost_profile.h"

namespace pieslicer {

// Where g() comes from.
enum class TransferSource {
    Auto,        // the current link when known (but the line on the calibration's own
                 // link under ideal TCP), else the line
    FittedLine,  // the profile's a*MB + b (the paper's way)
    Link,        // RTT + bytes*8/rate from the current link (falls back to the line if unknown)
};

struct CostPrediction {
    double devicePrepMs = 0;       // f
    double sentBytes = 0;          // s'
    double deviceTransferMs = 0;   // g(s')
    double deviceCloudPrepMs = 0;  // h(s')
    double cloudTransferMs = 0;    // g(s)
    double cloudPrepMs = 0;        // h(s)
    double deviceMs() const { return devicePrepMs + deviceTransferMs + deviceCloudPrepMs; }
    double cloudMs() const { return cloudTransferMs + cloudPrepMs; }
};

class CostModel {
  public:
    explicit CostModel(std::shared_ptr<const CostProfile> profile,
                       TransferSource source = TransferSource::Auto);

    CostPrediction predict(const ImageFeatures& image) const;
    // g(bytes) for an upload of `bytes` given what is known of the link.
    double transferMs(double bytes, const ImageFeatures& linkKnown) const;
    bool usesLink(const ImageFeatures& linkKnown) const;

    const CostProfile& profile() const { return *profile_; }

  private:
    std::shared_ptr<const CostProfile> profile_;
    TransferSource source_;
    const ComponentModel* sent_;  // s' model for the profile's target/quality
    ComponentModel fallbackSent_;
};

// Fills a Decision from a prediction, choosing in-cloud iff T_cloud * (1 + tieMargin) <
// T_device: within the margin the orders tie, and on-device uploads fewer bytes.
Decision decisionFrom(const CostPrediction& p, double transferCorrectionMs = 0,
                      double tieMargin = 0);

}  // namespace pieslicer
