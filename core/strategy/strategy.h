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
