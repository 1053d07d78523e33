#pragma once
// PieSlicer with online models (issue #10, item 3): starts from the profile's batch fit and
// updates f, s', g and h by recursive least squares with every request it measures, so a
// device that slows down or a link that changes is tracked within a few requests.
#include <memory>
#include <optional>
#include <string>

#include "model/cost_model.h"
#include "model/online_component.h"
#include "strategy/strategy.h"

namespace pieslicer {

// The RLS forgetting factor lambda when none is given: a memory of about 1/(1-lambda) = 5
// requests. Steps (a device k times slower, a link slower than announced) are caught by the
// change detector of OnlineComponent whatever lambda is (2 requests to within 15% for every
// lambda from 0.7 to 0.98); lambda trades the jitter of a stationary run against the lag
// behind a slow drift. Measured by forgettingFactorSweep in test_online_strategy.cpp, rms
// error of the next request's f with 5% noise at drifts of 0 / 0.25 / 0.5 / 1% per request:
// 0.7: 3.5 / 3.7 / 4.1 / 5.6%; 0.8: 2.7 / 3.1 / 4.1 / 6.8%; 0.9: 1.7 / 3.5 / 6.2 / 12.2%;
// 0.95: 1.2 / 5.8 / 11.4 / 16.5%. 0.8 has the best mean (with 0.7), and less jitter than 0.7.
constexpr double kDefaultForgetting = 0.8;

struct OnlineOptions {
    double forgetting = kDefaultForgetting;
    double tieMargin = 0.03;  // as PieSlicerOptions::tieMargin
};

class OnlineStrategy : public Strategy {
  public:
    OnlineStrategy(std::shared_ptr<const CostProfile> profile, OnlineOptions options = {});
    OnlineStrategy(const OnlineStrategy&) = delete;
    OnlineStrategy& operator=(const OnlineStrategy&) = delete;

    // "pieslicer-online", or "pieslicer-online:<lambda>" when not the default.
    std::string id() const override;
    std::string algorithm() const override { return "dynamic online"; }
    Decision decide(const ImageFeatures& image) override;
    // Always: it learns s' from the detail of every image it sends preprocessed.
    ContentUse contentUse(const ImageFeatures&) override { return ContentUse::Probe; }
    void observe(const RequestRecord& record) override;

    // Both orders as the current models predict them, for `image` on its link.
    CostPrediction predict(const ImageFeatures& image) const;
    const OnlineComponent& devicePrep() const { return f_; }
    const OnlineComponent& sentBytes() const { return s_; }
    const OnlineComponent& transfer() const { return g_; }
    const OnlineComponent& cloudPrep() const { return h_; }

  private:
    double transferMs(double bytes, const ImageFeatures& link) const;
    void observeTransfer(double bytes, double measuredMs, const ImageFeatures& link);

    CostModel prior_;  // the batch fit: g's link formula or line, and the profile
    OnlineOptions options_;
    ComponentModel fallbackSent_;  // before sentModel_, which may point at it
    const ComponentModel* sentModel_;
    OnlineComponent f_, s_, g_, h_;
    std::optional<ImageFeatures> lastImage_;  // what the last decision was made with
};

}  // namespace pieslicer
