#include "strategy/content_probe_policy.h"

#include <algorithm>

namespace pieslicer {

double probeShareOfDevicePrep(const ImageFeatures& image) {
    switch (image.format) {
        case ImageFormat::Jpeg:
            return image.progressive ? 0.4 : 0.7;  // a progressive file: its first scan only
        case ImageFormat::Png:
            return 0.9;  // a full decode, as the preprocessing's
        case ImageFormat::WebP:
            return 0.95;
        case ImageFormat::Bmp:
        case ImageFormat::Tiff:
            break;
    }
    return 1.0;
}

BlindChoice chooseWithoutContent(const std::function<CostPrediction(const ImageFeatures&)>& predict,
                                 const ImageFeatures& headerOnly, double tieMargin) {
    ImageFeatures plain = headerOnly, busy = headerOnly;
    plain.detail = kPlainestDetail;
    plain.detailGrowth = 1;
    busy.detail = kBusiestDetail;
    busy.detailGrowth = 1;
    const CostPrediction lo = predict(plain), hi = predict(busy);
    const double cloud = lo.cloudMs() * (1 + tieMargin);  // s' does not change the cloud order
    const double deviceBest = std::min(lo.deviceMs(), hi.deviceMs());
    const double deviceWorst = std::max(lo.deviceMs(), hi.deviceMs());
    // Regret of each order at its worst s': on-device loses when s' is the largest, in-cloud
    // when it is the smallest.
    const double deviceLoss = std::max(0.0, deviceWorst - cloud);
    const double cloudLoss = std::max(0.0, cloud - deviceBest);
    BlindChoice c;
    CostPrediction mid = lo;
    mid.sentBytes = (lo.sentBytes + hi.sentBytes) / 2;
    mid.deviceTransferMs = (lo.deviceTransferMs + hi.deviceTransferMs) / 2;
    mid.deviceCloudPrepMs = (lo.deviceCloudPrepMs + hi.deviceCloudPrepMs) / 2;
    c.decision = decisionFrom(mid, 0, tieMargin);
    c.decision.placement = deviceLoss <= cloudLoss ? Placement::Device : Placement::Cloud;
    c.decision.predictedTransferMs =
        c.decision.placement == Placement::Device ? mid.deviceTransferMs : mid.cloudTransferMs;
    c.deviceTransferMs = mid.deviceTransferMs;
    c.worstLossMs = std::min(deviceLoss, cloudLoss);
    // Probing costs about its share of f for sure; choosing blind at most the worst loss.
    c.probe = c.worstLossMs > probeShareOfDevicePrep(headerOnly) * lo.devicePrepMs;
    return c;
}

}  // namespace pieslicer
