#include "strategy/online_strategy.h"

#include <algorithm>
#include <cmath>

#include "domain/request_record.h"
#include "model/profile_fitting.h"
#include "strategy/strategy_factory.h"

namespace pieslicer {
namespace {

// The prototype's expected preprocessed size, as CostModel uses it when a profile has no s'
// model for its target and quality.
constexpr double kPrototypeSentBytes = 0.127e6;

OnlineComponentSettings timeSettings(double lambda) {
    OnlineComponentSettings s;
    s.forgetting = lambda;
    s.floor = 1.0;  // ms: timer noise on stages of a few ms is not a change
    return s;
}

// s' depends on the content, not on the device or the link: its errors are larger (16%
// median on unseen photos) and a change of regime is rare, so it needs a larger error to
// call one. Never below CostModel's 1 kB floor, never above an incompressible target^2 RGB.
OnlineComponentSettings sentSettings(double lambda, int target) {
    OnlineComponentSettings s;
    s.forgetting = lambda;
    s.noise = 0.15;
    s.changeThreshold = std::log(2.0);
    s.floor = 1000;
    s.minValue = 1000;
    s.maxValue = 3.0 * target * target + 65536;
    return s;
}

// g learns on top of the batch model of the current link (the link formula at the rate the
// strategy is told, or the calibration's line): g = fixed + a + b * serialisation, where
// fixed is the batch g of an empty upload and serialisation what the batch g adds for the
// bytes. It starts at a = 0 ms, b = 1. A link slower than announced (a trace, a radio
// fading) shows as b > 1, extra latency as a > 0; a link change the strategy is told of
// moves the batch g itself, so nothing learned is lost. Bytes alone (the paper's line)
// would have to relearn the line at every announced change of rate.
OnlineComponent transferComponent(const CostProfile& p, double lambda) {
    const OnlineComponentSettings s = timeSettings(lambda);
    Eigen::VectorXd start(2), scales(2), own(2);
    start << 0, 1;
    // A change of link is mostly a change of rate: b scales with the component (the
    // serialisation), a is latency, known to within a third of the line's fixed cost.
    scales << 0, 1;
    own << s.startScale * std::clamp(p.transfer.intercept, 20.0, 500.0), 0;
    return OnlineComponent(start, Response::Linear, scales, own, s);
}

const ComponentModel& sentModelOf(const CostProfile& p, ComponentModel& fallback) {
    if (const ComponentModel* m = p.sentBytesModel()) return *m;
    fallback.intercept = kPrototypeSentBytes;
    return fallback;
}

// The original image of a record: the features the last decision was made with when the
// record is of that image (they carry what no record column does, e.g. the content probe's
// detail, so the update uses the very regressors the prediction used), else as the record
// describes it, on the link the last decision assumed.
ImageFeatures imageOf(const RequestRecord& r, const std::optional<ImageFeatures>& decided) {
    if (decided && decided->bytes == r.orig_size && decided->width == r.orig_dims_x &&
        decided->height == r.orig_dims_y)
        return *decided;
    ImageFeatures f = featuresOfRecord(r);
    if (decided) {
        f.uplinkBitsPerSecond = decided->uplinkBitsPerSecond;
        f.rttMs = decided->rttMs;
        f.tcp = decided->tcp;
    } else {
        f.uplinkBitsPerSecond = bitsPerSecondFromMbps(r.uplink_mbps);
        f.rttMs = r.rtt_ms;
        f.tcp = parseTcpModel(r.tcp_model).value_or(TcpModel::Ideal);
    }
    return f;
}

// A header no probe would pass (the probe refuses over 40 MP): regressors from it would
// teach the models nonsense, so the original's components learn nothing from the record.
bool plausible(const ImageFeatures& f) {
    return std::isfinite(f.bytes) && f.bytes > 0 && f.bytes < 1e10 && f.width > 0 && f.height > 0 &&
           f.megapixels() < 1000 && std::isfinite(f.quantStep);
}

Eigen::VectorXd single(double v) { return Eigen::VectorXd::Constant(1, v); }

}  // namespace

OnlineStrategy::OnlineStrategy(std::shared_ptr<const CostProfile> profile, OnlineOptions options)
    : prior_(std::move(profile)),
      options_(options),
      sentModel_(&sentModelOf(prior_.profile(), fallbackSent_)),
      f_(OnlineComponent::fromBatch(prior_.profile().devicePrep, timeSettings(options.forgetting))),
      s_(OnlineComponent::fromBatch(*sentModel_,
                                    sentSettings(options.forgetting, prior_.profile().target))),
      g_(transferComponent(prior_.profile(), options.forgetting)),
      h_(OnlineComponent::fromBatch(prior_.profile().cloudPrep, timeSettings(options.forgetting))) {
}

std::string OnlineStrategy::id() const { return onlineStrategyId(options_.forgetting); }

double OnlineStrategy::transferMs(double bytes, const ImageFeatures& link) const {
    const double fixed = prior_.transferMs(0, link);
    const double serialisation = prior_.transferMs(bytes, link) - fixed;
    return g_.predict(single(serialisation), fixed);
}

CostPrediction OnlineStrategy::predict(const ImageFeatures& image) const {
    const CostProfile& p = prior_.profile();
    const RegressorValues original = regressorValues(image, p.target);
    CostPrediction out;
    out.devicePrepMs = f_.predict(regressorVector(p.devicePrep, original));
    out.sentBytes = s_.predict(regressorVector(*sentModel_, original));
    // What arrives after on-device preprocessing: a target x target baseline JPEG of s'.
    ImageFeatures sent;
    sent.bytes = out.sentBytes;
    sent.width = sent.height = p.target;
    out.deviceTransferMs = transferMs(out.sentBytes, image);
    out.deviceCloudPrepMs =
        h_.predict(regressorVector(p.cloudPrep, regressorValues(sent, p.target)));
    out.cloudTransferMs = transferMs(image.bytes, image);
    out.cloudPrepMs = h_.predict(regressorVector(p.cloudPrep, original));
    return out;
}

Decision OnlineStrategy::decide(const ImageFeatures& image) {
    lastImage_ = image;
    return decisionFrom(predict(image), 0, options_.tieMargin);
}

void OnlineStrategy::observeTransfer(double bytes, double measuredMs, const ImageFeatures& link) {
    if (!std::isfinite(bytes) || bytes <= 0 || bytes >= 1e10) return;
    const double fixed = prior_.transferMs(0, link);
    const double serialisation = prior_.transferMs(bytes, link) - fixed;
    g_.update(single(serialisation), measuredMs, fixed);
}

void OnlineStrategy::observe(const RequestRecord& r) {
    const std::optional<Placement> placement = r.placement();
    if (!r.ok() || !placement) return;
    const CostProfile& p = prior_.profile();
    const ImageFeatures image = imageOf(r, lastImage_);
    const bool device = *placement == Placement::Device;
    // Each record measures only its own order: on-device f, s', g(s') and h(s'); in-cloud
    // g(s) and h(s). Garbage in any field is refused by that component alone.
    if (plausible(image)) {
        const RegressorValues original = regressorValues(image, p.target);
        if (device) {
            f_.update(regressorVector(p.devicePrep, original), r.time_local_preprocess);
            s_.update(regressorVector(*sentModel_, original), r.sent_size);
        }
    }
    const ImageFeatures arrived = arrivedImage(image, r, p.target);
    if (plausible(arrived))
        h_.update(regressorVector(p.cloudPrep, regressorValues(arrived, p.target)), cloudPrepMs(r));
    observeTransfer(r.sent_size, r.transfer_time_real, image);
}

}  // namespace pieslicer
