#include "strategy/strategy.h"

#include "model/cost_model.h"

namespace pieslicer {

StaticStrategy::StaticStrategy(Placement p, std::shared_ptr<const CostProfile> profile)
    : placement_(p), profile_(std::move(profile)) {}

Decision StaticStrategy::decide(const ImageFeatures& image) {
    Decision d;
    if (profile_) {
        const CostPrediction p = CostModel(profile_).predict(image);
        d = decisionFrom(p);
        d.predictedTransferMs =
            placement_ == Placement::Device ? p.deviceTransferMs : p.cloudTransferMs;
    }
    d.placement = placement_;
    return d;
}

}  // namespace pieslicer
