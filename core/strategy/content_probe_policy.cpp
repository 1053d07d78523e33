#include "strategy/content_probe_policy.h"

#include <algorithm>
#include <cmath>
#include <iterator>

#include "image/content_probe.h"

namespace pieslicer {

// The decode's share of the probe: medians of `bench_content_probe cost` over the calibration
// half of check_phones.sh's images (baseline JPEG 0.71-0.92 by size, PNG 0.57-0.79, WebP 0.91
// for 16.8 MP and 0.21 for a 256 px one), a little under them: an extra the decision does not
// expect is worse than a probe skipped.
constexpr double kReusedShareJpeg = 0.7, kReusedSharePng = 0.55, kReusedShareWebp = 0.8,
                 kReusedShareOther = 0.5;

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

double probeReusedShare(const ImageFeatures& image, int target) {
    if (!decodeReusable(image, target)) return 0;
    switch (image.format) {
        case ImageFormat::Jpeg:
            return kReusedShareJpeg;
        case ImageFormat::Png:
            return kReusedSharePng;
        case ImageFormat::WebP:
            return kReusedShareWebp;
        case ImageFormat::Bmp:
        case ImageFormat::Tiff:
            break;
    }
    return kReusedShareOther;
}

namespace {

// Seven equally likely pictures of a log-normal belief: the midpoints (in probability) of seven
// bins, z = Phi^-1((i + 0.5) / 7).
constexpr double kBeliefPoints[] = {-1.4652, -0.7916, -0.3661, 0.0, 0.3661, 0.7916, 1.4652};

}  // namespace

BlindChoice chooseWithoutContent(const std::function<CostPrediction(const ImageFeatures&)>& predict,
                                 const ImageFeatures& headerOnly, const DetailBelief& belief,
                                 double tieMargin, int target) {
    auto withDetail = [&](double detail) {
        ImageFeatures image = headerOnly;
        image.detail = std::clamp(detail, kPlainestDetail, kBusiestDetail);
        image.detailGrowth = 1;  // unknown: the detail is carried to the target as it is
        return predict(image);
    };
    const CostPrediction typical = withDetail(belief.median);
    const double cloud = typical.cloudMs();  // s' does not change the in-cloud order
    double deviceMean = 0;
    double device[std::size(kBeliefPoints)];
    for (std::size_t i = 0; i < std::size(kBeliefPoints); ++i) {
        device[i] =
            withDetail(belief.median * std::exp(belief.spread * kBeliefPoints[i])).deviceMs();
        deviceMean += device[i] / double(std::size(kBeliefPoints));
    }
    BlindChoice c;
    c.decision = decisionFrom(typical, 0, tieMargin);
    // The same tie rule as decisionFrom's, on the expected on-device time.
    const bool onDevice = !(cloud * (1 + tieMargin) < deviceMean);
    c.decision.placement = onDevice ? Placement::Device : Placement::Cloud;
    c.decision.predictedTransferMs = onDevice ? typical.deviceTransferMs : typical.cloudTransferMs;
    c.deviceTransferMs = typical.deviceTransferMs;
    // What knowing the picture would save: the pictures of the belief for which the other
    // order is faster, by how much.
    double deviceAfterProbe = 0;  // the share of the belief's pictures sent preprocessed
    for (double d : device) {
        c.expectedLossMs +=
            std::max(0.0, onDevice ? d - cloud : cloud - d) / double(std::size(kBeliefPoints));
        if (!(cloud * (1 + tieMargin) < d))
            deviceAfterProbe += 1.0 / double(std::size(kBeliefPoints));
    }
    c.probeCostMs = probeShareOfDevicePrep(headerOnly) * typical.devicePrepMs *
                    (1 - deviceAfterProbe * probeReusedShare(headerOnly, target));
    c.probe = c.expectedLossMs > c.probeCostMs;
    return c;
}

}  // namespace pieslicer
