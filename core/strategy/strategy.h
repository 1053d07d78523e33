#pragma once
// A placement strategy: before anything runs for an image, predict both pre-execution
// orders and choose one. Strategies may learn from each measured request.
#include <memory>
#include <string>

#include "domain/decision.h"
#include "domain/image_features.h"
#include "domain/strategy_ids.h"

namespace pieslicer {

struct RequestRecord;

// What a strategy does with the content probe's detail for one image.
enum class ContentUse {
    Free,   // predicts with it but does not decide on it (statics, the oracle): not charged
    Skip,   // decides on the header alone: the probe would not change its choice
    Probe,  // decides on it: the device is charged the probe's time
};

class Strategy {
  public:
    virtual ~Strategy() = default;
    virtual std::string id() const = 0;  // "static-device", "pieslicer", ...
    virtual std::string algorithm()
        const = 0;  // the prototype's label: "static local", "dynamic", ...
    virtual Decision decide(const ImageFeatures& image) = 0;
    // Asked before decide() with the header alone (detail 0): whether this strategy needs the
    // content probe for this image. decide() then gets the detail (Free, Probe) or not (Skip).
    virtual ContentUse contentUse(const ImageFeatures&) { return ContentUse::Free; }
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
        return placement_ == Placement::Device ? strategy_id::kStaticDevice
                                               : strategy_id::kStaticCloud;
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
