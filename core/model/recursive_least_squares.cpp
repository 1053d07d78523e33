#include "model/recursive_least_squares.h"

#include <algorithm>
#include <cmath>

namespace pieslicer {

RecursiveLeastSquares::RecursiveLeastSquares(int regressors, double lambda, double initialVariance)
    : lambda_(std::clamp(lambda, 1e-3, 1.0)),
      theta_(Eigen::VectorXd::Zero(regressors + 1)),
      P_(Eigen::MatrixXd::Identity(regressors + 1, regressors + 1) * initialVariance),
      phi_(regressors + 1) {}

void RecursiveLeastSquares::reset(double intercept, const Eigen::VectorXd& slopes,
                                  double initialVariance) {
    theta_[0] = intercept;
    theta_.tail(theta_.size() - 1) = slopes;
    P_.setIdentity();
    P_ *= initialVariance;
    updates_ = 0;
}

void RecursiveLeastSquares::setCovariance(const Eigen::MatrixXd& P) {
    if (P.rows() == P_.rows() && P.cols() == P_.cols() && P.allFinite()) P_ = P;
}

void RecursiveLeastSquares::update(const Eigen::Ref<const Eigen::VectorXd>& x, double y,
                                   double weight) {
    if (!(weight > 0) || !std::isfinite(weight) || !std::isfinite(y) || !x.allFinite()) return;
    phi_[0] = 1.0;
    phi_.tail(phi_.size() - 1) = x;
    const Eigen::VectorXd Pphi = P_ * phi_;
    // Weighted: the sample counts `weight` times; equivalent to lambda/weight in the gain.
    const double denom = lambda_ / weight + phi_.dot(Pphi);
    if (!(denom > 0) || !std::isfinite(denom)) return;
    const Eigen::VectorXd gain = Pphi / denom;
    theta_ += gain * (y - phi_.dot(theta_));
    P_ = (P_ - gain * Pphi.transpose()) / lambda_;
    // Round-off slowly breaks symmetry, and with forgetting P can blow up when the input
    // does not excite every direction; keep it symmetric and bounded.
    P_ = 0.5 * (P_ + P_.transpose()).eval();
    const double cap = 1e12;
    if (P_.diagonal().maxCoeff() > cap) P_ *= cap / P_.diagonal().maxCoeff();
    ++updates_;
}

double RecursiveLeastSquares::predict(const Eigen::Ref<const Eigen::VectorXd>& x) const {
    return theta_[0] + x.dot(theta_.tail(theta_.size() - 1));
}

}  // namespace pieslicer
