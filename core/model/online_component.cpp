#include "model/online_component.h"

#include <algorithm>
#include <utility>

namespace pieslicer {
namespace {

constexpr double kMaxLog = 50;  // exp(50): far beyond any time or size; keeps exp finite

}  // namespace

OnlineComponent::OnlineComponent(Eigen::VectorXd start, Response response, Eigen::VectorXd scales,
                                 Eigen::VectorXd ownSpread, OnlineComponentSettings settings)
    : start_(std::move(start)),
      response_(response),
      settings_(settings),
      scales_(std::move(scales)),
      ownSpread_(std::move(ownSpread)),
      rls_(int(start_.size()) - 1, settings.forgetting) {
    rls_.reset(start_[0], start_.tail(start_.size() - 1), 1.0);
    rls_.setCovariance(covarianceAround(start_, settings_.startScale));
}

OnlineComponent OnlineComponent::fromBatch(const ComponentModel& batch,
                                           const OnlineComponentSettings& s) {
    const int n = int(batch.slopes.size()) + 1;
    Eigen::VectorXd theta(n);
    theta[0] = batch.intercept;
    for (int i = 1; i < n; ++i) theta[i] = batch.slopes[i - 1];
    const double own = batch.response == Response::Log
                           ? s.shape
                           : s.shape * std::max(1e-9, 0.1 * theta.cwiseAbs().maxCoeff());
    return OnlineComponent(theta, batch.response, Eigen::VectorXd::Ones(n),
                           Eigen::VectorXd::Constant(n, own), s);
}

Eigen::MatrixXd OnlineComponent::covarianceAround(const Eigen::VectorXd& theta,
                                                  double commonScale) const {
    // Around the current coefficients, not the starting ones: after a device became 4x
    // slower, the way back is a quarter of today's coefficients, not of calibration's.
    const int n = int(theta.size());
    Eigen::VectorXd common = Eigen::VectorXd::Zero(n);
    Eigen::VectorXd own = ownSpread_.cwiseAbs2();
    if (response_ == Response::Log) {
        common[0] = 1;  // log y moves by log k
    } else {
        common = scales_.cwiseProduct(theta);
        own += (settings_.shape * settings_.shape) * common.cwiseAbs2();
    }
    const Eigen::MatrixXd spread =
        commonScale * commonScale * common * common.transpose() + own.asDiagonal().toDenseMatrix();
    // In RLS units: the noise variance of one (relative) sample is 1.
    return spread / std::max(1e-6, settings_.noise * settings_.noise);
}

Eigen::VectorXd OnlineComponent::coefficients() const {
    Eigen::VectorXd theta(start_.size());
    theta[0] = rls_.intercept();
    theta.tail(theta.size() - 1) = rls_.slopes();
    return theta;
}

double OnlineComponent::raw(const Eigen::VectorXd& theta,
                            const Eigen::Ref<const Eigen::VectorXd>& x, double offset) const {
    const double z = theta[0] + x.dot(theta.tail(theta.size() - 1));
    return response_ == Response::Log ? std::exp(std::min(z, kMaxLog)) : offset + z;
}

double OnlineComponent::predict(const Eigen::Ref<const Eigen::VectorXd>& x, double offset) const {
    double y = raw(coefficients(), x, offset);
    if (!std::isfinite(y)) y = raw(start_, x, offset);  // x itself is bad: the batch fit's
    if (!std::isfinite(y)) return settings_.minValue;
    return std::clamp(y, settings_.minValue, settings_.maxValue);
}

void OnlineComponent::learn(const Sample& sample, double weight) {
    if (response_ == Response::Log) {
        rls_.update(sample.x, std::log(sample.y), weight);
        return;
    }
    const double scale = std::max(predict(sample.x, sample.offset), sample.y) + settings_.floor;
    rls_.update(sample.x, sample.y - sample.offset, weight / (scale * scale));
}

OnlineUpdate OnlineComponent::update(const Eigen::Ref<const Eigen::VectorXd>& x, double y,
                                     double offset) {
    // 0 is "not measured"; negative, NaN and impossible values are garbage.
    if (!std::isfinite(y) || y <= 0 || y > settings_.maxValue || !x.allFinite() ||
        !std::isfinite(offset)) {
        ++refused_;
        return OnlineUpdate::Refused;
    }
    const Sample sample{x, y, offset,
                        std::log((y + settings_.floor) / (predict(x, offset) + settings_.floor))};
    const bool far = std::fabs(sample.error) > settings_.changeThreshold;
    // Two samples far off the same way in a row: the world changed (one is an outlier).
    const bool change = far && pending_ && (sample.error > 0) == (pending_->error > 0);
    if (std::fabs(sample.error) > settings_.garbageThreshold && !change) {
        pending_ = sample;
        ++refused_;
        return OnlineUpdate::Refused;
    }
    const RecursiveLeastSquares before = rls_;
    if (change) {
        // Forget the old regime and learn the new one from both samples that showed it.
        rls_.setCovariance(covarianceAround(coefficients(), settings_.changeScale));
        learn(*pending_, 1.0);
        learn(sample, 1.0);
        pending_.reset();
        ++changes_;
    } else if (far) {
        // Perhaps an outlier: it counts as if it were only changeThreshold off (bounded
        // influence), and is held until the next sample says which it was.
        const double r = settings_.changeThreshold / std::fabs(sample.error);
        learn(sample, r * r);
        pending_ = sample;
    } else {
        learn(sample, 1.0);
        pending_.reset();
    }
    if (!rls_.covariance().allFinite() || !coefficients().allFinite()) {
        rls_ = before;
        ++refused_;
        return OnlineUpdate::Refused;
    }
    boundCovariance();
    return change ? OnlineUpdate::ChangeDetected : OnlineUpdate::Updated;
}

void OnlineComponent::boundCovariance() {
    // Forgetting inflates P by 1/lambda per sample, also along directions no sample
    // excites (no PNG in the run, say) until one odd sample would swing them. Never be
    // less sure than just after a change: scale rows and columns back (D P D stays PSD).
    const Eigen::MatrixXd& P = rls_.covariance();
    const Eigen::VectorXd most = covarianceAround(coefficients(), settings_.changeScale).diagonal();
    Eigen::VectorXd d = Eigen::VectorXd::Ones(P.rows());
    bool over = false;
    for (int i = 0; i < P.rows(); ++i)
        if (P(i, i) > most[i] && most[i] > 0) {
            d[i] = std::sqrt(most[i] / P(i, i));
            over = true;
        }
    if (over) rls_.setCovariance(d.asDiagonal() * P * d.asDiagonal());
}

Eigen::VectorXd regressorVector(const ComponentModel& m, const RegressorValues& x) {
    Eigen::VectorXd v(m.regressors.size());
    for (std::size_t i = 0; i < m.regressors.size(); ++i) v[Eigen::Index(i)] = x[m.regressors[i]];
    return v;
}

}  // namespace pieslicer
