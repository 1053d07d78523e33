#pragma once
// One component of PieSlicer's model (f, s', g or h) that keeps learning after calibration:
// recursive least squares with forgetting, started at the batch fit, which makes the next
// samples count again when its errors say the device or the link changed.
#include <Eigen/Core>
#include <cmath>
#include <optional>

#include "model/component_model.h"
#include "model/recursive_least_squares.h"

namespace pieslicer {

struct OnlineComponentSettings {
    double forgetting = 0.8;  // lambda of the RLS (OnlineStrategy: kDefaultForgetting)
    // The measurement noise expected, as a relative standard deviation (log scale).
    double noise = 0.05;
    // How unsure the starting coefficients are, relative: their common scale (a device k
    // or a link rate unlike the calibration's) and each one on its own (the shape).
    double startScale = 0.3;
    double shape = 0.1;
    // Two errors in a row beyond this log ratio, the same way round: the world changed. The
    // covariance is then reset to a common-scale uncertainty of `changeScale`, so the new
    // samples replace the old regime within a few requests instead of ~1/(1-lambda).
    double changeThreshold = std::log(1.3);
    double changeScale = 1.0;
    // A sample this far off the prediction (log ratio) is refused as garbage unless the
    // previous one was as far off the same way: then it is a change, however large.
    double garbageThreshold = std::log(20.0);
    // Errors are relative to (value + floor): timer noise on a 1 ms stage is not a change.
    double floor = 1.0;
    // Predictions are clamped into this: what is physically possible for the component.
    double minValue = 0;
    double maxValue = 1e7;
};

enum class OnlineUpdate { Refused, Updated, ChangeDetected };

// y = offset + [1, x] . theta (Linear), or y = exp([1, x] . theta) (Log: learned on log y).
// Linear components are weighted by 1/y^2, so they learn relative errors as the batch fit
// (relative least squares) did.
class OnlineComponent {
  public:
    // `start` = [intercept, slopes...]. How unsure a coefficient is: `scales` marks those
    // that scale with the whole component (a device k times slower multiplies them by k;
    // they share one relative spread, startScale or changeScale, plus `shape` each), and
    // `ownSpread` is an absolute spread of each in its own units. A Log component scales
    // by moving its intercept, so `scales` is ignored there.
    OnlineComponent(Eigen::VectorXd start, Response response, Eigen::VectorXd scales,
                    Eigen::VectorXd ownSpread, OnlineComponentSettings settings);
    // From a batch-fitted component: every coefficient scales (Linear), or the intercept
    // moves (Log); a coefficient fitted at 0 may still matter a tenth of the largest.
    static OnlineComponent fromBatch(const ComponentModel& batch,
                                     const OnlineComponentSettings& settings);

    // Clamped into [minValue, maxValue]; never NaN.
    double predict(const Eigen::Ref<const Eigen::VectorXd>& x, double offset = 0) const;
    OnlineUpdate update(const Eigen::Ref<const Eigen::VectorXd>& x, double measured,
                        double offset = 0);

    Eigen::VectorXd coefficients() const;  // [intercept, slopes...]
    long updates() const { return rls_.updates(); }
    long changesDetected() const { return changes_; }
    long refused() const { return refused_; }

  private:
    struct Sample {
        Eigen::VectorXd x;
        double y, offset;
        double error;  // log ratio to the prediction when it arrived
    };
    void learn(const Sample& sample, double weight);
    double raw(const Eigen::VectorXd& theta, const Eigen::Ref<const Eigen::VectorXd>& x,
               double offset) const;
    // The covariance of the coefficients around `theta` for a common relative spread.
    Eigen::MatrixXd covarianceAround(const Eigen::VectorXd& theta, double commonScale) const;
    void boundCovariance();

    Eigen::VectorXd start_;
    Response response_;
    OnlineComponentSettings settings_;
    Eigen::VectorXd scales_, ownSpread_;
    RecursiveLeastSquares rls_;
    std::optional<Sample> pending_;  // the last sample, when it was far off the prediction
    long changes_ = 0, refused_ = 0;
};

// The values of `m`'s regressors for one image, in m's order.
Eigen::VectorXd regressorVector(const ComponentModel& m, const RegressorValues& x);

}  // namespace pieslicer
