#include "strategy/pieslicer_strategy.h"

#include <algorithm>

#include "domain/request_record.h"
#include "strategy/content_probe_policy.h"
#include "strategy/throughput_sample.h"

namespace pieslicer {

bool shortCircuits(const ImageFeatures& image, int target) {
    return image.bytes < kShortCircuitBytes || image.width < target || image.height < target;
}

PieSlicerStrategy::PieSlicerStrategy(std::shared_ptr<const CostProfile> profile,
                                     PieSlicerOptions options)
    : model_(profile, options.transfer),
      linkModel_(std::move(profile), TransferSource::Link),
      options_(options) {
    if (options_.correction == TransferCorrection::Ewma && !options_.bandwidthEstimator.empty())
        if (auto made = makeBandwidthEstimator(options_.bandwidthEstimator))
            estimator_ = std::move(made.value());
}

std::string PieSlicerStrategy::id() const {
    if (options_.invert) return strategy_id::kInverse;
    if (options_.shortCircuit) return strategy_id::kShortCircuit;
    switch (options_.correction) {
        case TransferCorrection::Ewma:
            return estimator_ ? std::string(strategy_id::kCorrected) + ":" + estimator_->name()
                              : strategy_id::kCorrected;
        case TransferCorrection::Prototype:
            return strategy_id::kCorrectedPrototype;
        case TransferCorrection::None:
            break;
    }
    return strategy_id::kPieSlicer;
}

std::string PieSlicerStrategy::algorithm() const {
    if (options_.invert) return "dynamic invert";
    if (options_.shortCircuit) return "dynamic short_circuit";
    if (estimator_) return "dynamic bandwidth_estimate";
    if (options_.correction != TransferCorrection::None) return "dynamic add_delta";
    return "dynamic";
}

CostPrediction PieSlicerStrategy::predict(const ImageFeatures& image) const {
    // With an estimate, g is the link formula at the estimated rate: the fitted line knows
    // only the calibration link, and Auto would take the line again whenever the estimate
    // happens to land near the calibration rate.
    ImageFeatures link = image;
    const double estimate = estimatedUplinkBitsPerSecond();
    if (estimate > 0) link.uplinkBitsPerSecond = estimate;
    CostPrediction p = (estimate > 0 ? linkModel_ : model_).predict(link);
    p.devicePrepMs *= deviceScale_;
    return p;
}

ContentUse PieSlicerStrategy::contentUse(const ImageFeatures& headerOnly) {
    // The short-circuit rule and the inverse decide on the header; the others probe only
    // when s' could change the choice by more than the probe costs.
    if (options_.shortCircuit && shortCircuits(headerOnly, model_.profile().target))
        return ContentUse::Skip;
    auto predictor = [this](const ImageFeatures& i) { return predict(i); };
    const DetailBelief belief = model_.profile().detailPrior.belief(headerOnly);
    return chooseWithoutContent(predictor, headerOnly, belief, options_.tieMargin,
                                model_.profile().target)
                   .probe
               ? ContentUse::Probe
               : ContentUse::Skip;
}

Decision PieSlicerStrategy::decide(const ImageFeatures& image) {
    const double estimate = estimatedUplinkBitsPerSecond();
    lastRttMs_ = image.rttMs;
    lastTcp_ = image.tcp;
    const CostPrediction p = predict(image);
    lastDevicePrepMs_ = p.devicePrepMs / deviceScale_;
    Decision d = decisionFrom(p, delta_, options_.tieMargin);
    double deviceTransferMs = p.deviceTransferMs;
    // Not probed: the order faster on average over what the header says of the picture.
    if (image.detail <= 0) {
        auto predictor = [this](const ImageFeatures& i) { return predict(i); };
        const BlindChoice blind =
            chooseWithoutContent(predictor, image, model_.profile().detailPrior.belief(image),
                                 options_.tieMargin, model_.profile().target);
        const Placement chosen = blind.decision.placement;
        deviceTransferMs = blind.deviceTransferMs;
        d.predictedDeviceMs = blind.decision.predictedDeviceMs + delta_;
        d.placement = chosen;
    }
    if (options_.shortCircuit && shortCircuits(image, model_.profile().target))
        d.placement = Placement::Cloud;
    if (options_.invert)
        d.placement = d.placement == Placement::Device ? Placement::Cloud : Placement::Device;
    d.predictedTransferMs =
        (d.placement == Placement::Device ? deviceTransferMs : p.cloudTransferMs) + delta_;
    if (estimator_) {
        d.bandwidthEstimator = estimator_->name();
        d.estimatedUplinkBitsPerSecond = estimate > 0 ? estimate : image.uplinkBitsPerSecond;
    }
    return d;
}

void PieSlicerStrategy::observe(const RequestRecord& r) {
    // Tiny predictions are mostly timer noise; they would make the ratio jump.
    if (options_.adaptDevicePrep && r.ok() && r.placement() == Placement::Device &&
        lastDevicePrepMs_ >= 2.0) {
        const double ratio = std::clamp(r.time_local_preprocess / lastDevicePrepMs_, 0.25, 4.0);
        deviceScale_ += options_.deviceAlpha * (ratio - deviceScale_);
    }
    if (estimator_) {
        // The rate explains the transfer error; a delta on top would correct it twice.
        const double sample =
            uploadThroughputSample(r, lastRttMs_, lastTcp_, model_.profile().linkExtraMs);
        if (sample > 0) estimator_->addSample(sample, r.bytes_sent);
        return;
    }
    if (options_.correction == TransferCorrection::None || !r.ok() || r.transfer_time_estimate <= 0)
        return;
    // The estimate already contains delta_, so err is measured against the corrected g.
    const double err = r.transfer_time_real - r.transfer_time_estimate;
    const double a = options_.alpha;
    if (options_.correction == TransferCorrection::Ewma)
        delta_ += a * err;  // == (1-a)*delta + a*(measured - uncorrected g)
    else
        delta_ += a * err + (1 - a) * delta_;
}

OracleStrategy::OracleStrategy(std::shared_ptr<const CostProfile> profile)
    : profile_(std::move(profile)) {}

Decision OracleStrategy::decide(const ImageFeatures& image) {
    if (!profile_) return Decision{};
    return decisionFrom(CostModel(profile_).predict(image));
}

}  // namespace pieslicer
