#pragma once
// Recursive least squares with a forgetting factor: updates a linear model one sample
// at a time, weighting a sample seen n updates ago by lambda^n, so the model follows
// drift (a link that slows down, a device that heats up) in O(p^2) per sample.
#include <Eigen/Core>

namespace pieslicer {

class RecursiveLeastSquares {
  public:
    // `regressors` excludes the intercept, which is always included. lambda in (0, 1]:
    // 1 never forgets; 0.95 has an effective memory of about 1/(1-lambda) = 20 samples.
    // `initialVariance` is how unsure the starting coefficients are (large: learn fast).
    explicit RecursiveLeastSquares(int regressors, double lambda = 0.98,
                                   double initialVariance = 1e6);

    // Starts from known coefficients (e.g. a batch fit from calibration).
    void reset(double intercept, const Eigen::VectorXd& slopes, double initialVariance);

    // `weight` scales this sample's squared error (weighted least squares): 1/y^2 makes the
    // fit minimise relative errors. A non-positive or non-finite weight or y is ignored.
    void update(const Eigen::Ref<const Eigen::VectorXd>& x, double y, double weight = 1.0);
    double predict(const Eigen::Ref<const Eigen::VectorXd>& x) const;

    double intercept() const { return theta_[0]; }
    Eigen::VectorXd slopes() const { return theta_.tail(theta_.size() - 1); }
    double lambda() const { return lambda_; }
    long updates() const { return updates_; }

    // P: the coefficients' covariance in units of the (weighted) noise variance. Replacing
    // it with a larger one makes the next samples count more ("covariance resetting", for
    // a change detected from the errors).
    const Eigen::MatrixXd& covariance() const { return P_; }
    void setCovariance(const Eigen::MatrixXd& P);

  private:
    double lambda_;
    Eigen::VectorXd theta_;  // [intercept, slopes...]
    Eigen::MatrixXd P_;      // inverse of the weighted information matrix
    Eigen::VectorXd phi_;    // scratch: [1, x]
    long updates_ = 0;
};

}  // namespace pieslicer
