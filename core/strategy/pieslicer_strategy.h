#pragma once
// PieSlicer's dynamic placement: predict both orders with the cost model, take the
// faster. Variants: the prototype's short-circuit rule first, a learned correction of
// transfer predictions, and the inverse choice (for measuring the other order).
#include <memory>

#include "model/cost_model.h"
#include "net/bandwidth_estimator.h"
#include "strategy/strategy.h"

namespace pieslicer {

enum class TransferCorrection {
    None,
    Ewma,       // d = (1-alpha)*d + alpha*(measured - predicted g): a true weighted mean
    Prototype,  // the prototype's d += alpha*err + (1-alpha)*d, kept to compare against
};

struct PieSlicerOptions {
    bool shortCircuit = false;  // send small or tiny-sided originals untouched
    TransferCorrection correction = TransferCorrection::None;
    double alpha = 0.5;
    bool invert = false;  // always the other order than PieSlicer's
    TransferSource transfer = TransferSource::Auto;
    // Rescale f by a weighted mean of measured/predicted on-device time: the device may
    // run slower or faster than at calibration (other load, heat, a different k). Off by
    // default, as in the paper: runs now predict with a calibration of the very device they
    // measure, and the f model's own per-image error (20-30% on held-out PNG, WebP and
    // progressive JPEGs) read as a device change: one 3x miss rescaled every later f, and
    // a 16 MB photo was predicted at 3.5x its time. pieslicer-online tracks real changes.
    bool adaptDevicePrep = false;
    double deviceAlpha = 0.3;
    // Predictions within this fraction of each other are a tie, given to the on-device
    // order: the same expected time, fewer bytes on the uplink, less exposure to a link
    // that slows down. The models' own error (a few %) is larger than such differences.
    // On 3 runs x 2 image sets, 3% turned 6 coin-flip misses into hits and 1 hit into a miss.
    double tieMargin = 0.03;
    // With correction Ewma: a bandwidth estimator's name (bandwidthEstimatorNames()) to
    // predict g from the estimated rate instead of adding a delta; empty: the delta. An
    // unknown name is the factory's to reject; here it means none.
    std::string bandwidthEstimator;
};

// The prototype's short-circuit: files under the average sent size (bytes) or with a
// side under the model input go to the cloud as they are.
constexpr double kShortCircuitBytes = 53982;
bool shortCircuits(const ImageFeatures& image, int target);

class PieSlicerStrategy : public Strategy {
  public:
    PieSlicerStrategy(std::shared_ptr<const CostProfile> profile, PieSlicerOptions options = {});

    std::string id() const override;
    std::string algorithm() const override;
    Decision decide(const ImageFeatures& image) override;
    ContentUse contentUse(const ImageFeatures& headerOnly) override;
    void observe(const RequestRecord& record) override;

    // The current additive correction of g(), ms; persists across requests.
    double transferCorrectionMs() const { return delta_; }
    // The current factor on the profile's f.
    double devicePrepScale() const { return deviceScale_; }
    // The estimator's current rate, bit/s (0: none, or no sample yet).
    double estimatedUplinkBitsPerSecond() const {
        return estimator_ ? estimator_->estimateBitsPerSecond() : 0;
    }

  private:
    CostPrediction predict(const ImageFeatures& image) const;

    CostModel model_;
    CostModel linkModel_;  // g from the link alone: once an estimate exists, it is the link
    PieSlicerOptions options_;
    std::unique_ptr<BandwidthEstimator> estimator_;
    double lastRttMs_ = 0;  // what the last decision assumed of the link, for observe()
    TcpModel lastTcp_ = TcpModel::Ideal;
    double delta_ = 0;
    double deviceScale_ = 1;
    double lastDevicePrepMs_ = 0;  // unscaled f of the last decision, for observe()
};

// Runs both orders per image and keeps the faster: the ground truth. With a profile it
// also predicts, so its rows show how good the model was.
class OracleStrategy : public Strategy {
  public:
    explicit OracleStrategy(std::shared_ptr<const CostProfile> profile = nullptr);
    std::string id() const override { return strategy_id::kOracle; }
    std::string algorithm() const override { return "oracle"; }
    Decision decide(const ImageFeatures& image) override;
    bool measuresBothOrders() const override { return true; }

  private:
    std::shared_ptr<const CostProfile> profile_;
};

}  // namespace pieslicer
