#include "model/cost_model.h"

#include <algorithm>
#include <cmath>

#include "net/transfer_time.h"

namespace pieslicer {
namespace {

// The prototype's expected preprocessed size (0.127 MB), used only when a profile has
// no s' model for its target and quality.
constexpr double kPrototypeSentBytes = 0.127e6;

bool sameLink(const ProfileLink& a, const ImageFeatures& link) {
    if (a.uplinkBitsPerSecond <= 0) return false;
    return std::fabs(link.uplinkBitsPerSecond / a.uplinkBitsPerSecond - 1.0) < 0.05 &&
           std::fabs(link.rttMs - a.rttMs) < 2.0 && link.tcp == a.tcp;
}

}  // namespace

CostModel::CostModel(std::shared_ptr<const CostProfile> profile, TransferSource source)
    : profile_(std::move(profile)), source_(source), sent_(profile_->sentBytesModel()) {
    if (!sent_) {
        fallbackSent_.intercept = kPrototypeSentBytes;
        sent_ = &fallbackSent_;
    }
}

bool CostModel::usesLink(const ImageFeatures& link) const {
    if (link.uplinkBitsPerSecond <= 0) return false;  // unknown or unlimited: only the line knows
    switch (source_) {
        case TransferSource::FittedLine:
            return false;
        case TransferSource::Link:
            return true;
        case TransferSource::Auto:
            break;
    }
    // On the calibration's own link the fitted line serves an ideal pipe, where time is linear
    // in bytes. Under Linux TCP it is not (slow start): a line fitted over 1 KB to 16 MB
    // uploads put its intercept at 65 ms where a small upload took 42 (1 RTT), so the link
    // model predicts there too.
    return link.tcp == TcpModel::Linux || !sameLink(profile_->calibrationLink, link);
}

double CostModel::transferMs(double bytes, const ImageFeatures& link) const {
    const CostProfile& p = *profile_;
    if (usesLink(link))
        // The request's last byte arrives, then the answer takes the other half of the RTT.
        return uploadDeliveryMs(bytes + p.wireOverheadBytes, link.uplinkBitsPerSecond, link.rttMs,
                                link.tcp) +
               link.rttMs / 2 + p.linkExtraMs;
    RegressorValues x;
    x.v[int(Regressor::FileMb)] = bytes / 1e6;
    return p.transfer.predict(x);
}

CostPrediction CostModel::predict(const ImageFeatures& image) const {
    const CostProfile& p = *profile_;
    const RegressorValues original = regressorValues(image, p.target);
    CostPrediction out;
    out.devicePrepMs = std::max(0.0, p.devicePrep.predict(original));
    out.sentBytes = std::max(1000.0, sent_->predict(original));
    // What arrives after on-device preprocessing: a target x target baseline JPEG of s'.
    ImageFeatures sent;
    sent.bytes = out.sentBytes;
    sent.width = sent.height = p.target;
    const RegressorValues small = regressorValues(sent, p.target);
    out.deviceTransferMs = std::max(0.0, transferMs(out.sentBytes, image));
    out.deviceCloudPrepMs = std::max(0.0, p.cloudPrep.predict(small));
    out.cloudTransferMs = std::max(0.0, transferMs(image.bytes, image));
    out.cloudPrepMs = std::max(0.0, p.cloudPrep.predict(original));
    return out;
}

Decision decisionFrom(const CostPrediction& p, double transferCorrectionMs, double tieMargin) {
    Decision d;
    d.predictedDeviceMs = p.deviceMs() + transferCorrectionMs;
    d.predictedCloudMs = p.cloudMs() + transferCorrectionMs;
    d.placement = d.predictedCloudMs * (1 + tieMargin) < d.predictedDeviceMs ? Placement::Cloud
                                                                             : Placement::Device;
    d.predictedTransferMs =
        (d.placement == Placement::Device ? p.deviceTransferMs : p.cloudTransferMs) +
        transferCorrectionMs;
    return d;
}

}  // namespace pieslicer
