#pragma once
// A placement strategy: before anything runs for an image, predict both pre-execution
// orders and choose one. Strategies may learn from each measured request.
#include <memory>
#include <string>

#include "image/image_probe.h"
#include "net/link_shape.h"

namespace pieslicer {

struct RequestRecord;

enum class Placement { Device, Cloud };

inline const char* locationName(Placement p) { return p == Placement::Device ? "local" : "remote"; }

// What is known of an image before any work: its header.
struct ImageFeatures {
    double bytes = 0;
    int width = 0;
    int height = 0;
    ImageFormat format = ImageFormat::Jpeg;
    bool progressive = false;
    double quantStep = 0;  // JPEG's mean luma quantisation step (0: not a JPEG)
    // The current link estimate, when the caller knows it (0: unknown). Transfer
    // predictions use it instead of the profile's fitted line when the rate differs.
    double uplinkBitsPerSecond = 0;
    double rttMs = 0;
    TcpModel tcp = TcpModel::Ideal;  // slow start adds round trips to a prediction
    double megabytes() const { return bytes / 1e6; }
    double megapixels() const { return double(width) * height / 1e6; }
};

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

class Strategy {
  public:
    virtual ~Strategy() = default;
    virtual std::string id() const = 0;  // "static-device", "pieslicer", ...
    virtual std::string algorithm()
        const = 0;  // the prototype's label: "static local", "dynamic", ...
    virtual Decision decide(const ImageFeatures& image) = 0;
    // Called with every finished request of this strategy, for online learning.
    virtual void observe(const RequestRecord&) {}
    // The oracle measures both orders and keeps the faster.
    virtual bool measuresBothOrders() const { return false; }
};

struct CostProfile;

// Always the same order. With a cost profile it still predicts both orders, so its rows
// carry predictions too; without one they stay 0.
class StaticStrategy : public Strategy {
  public:
    explicit StaticStrategy(Placement p, std::shared_ptr<const CostProfile> profile = nullptr);
    std::string id() const override {
        return placement_ == Placement::Device ? "static-device" : "static-cloud";
    }
    std::string algorithm() const override {
        return placement_ == Placement::Device ? "static local" : "static remote";
    }
    Decision decide(const ImageFeatures& image) override;

  private:
    Placement placement_;
    std::shared_ptr<const CostProfile> profile_;
};

}  // namespace pieslicer
