#include "model/component_fitting.h"

#include <cmath>

#include "model/linear_regression.h"

namespace pieslicer {
namespace {

void toMatrix(const std::vector<ComponentSample>& samples, const std::vector<Regressor>& regressors,
              Eigen::MatrixXd& X, Eigen::VectorXd& y) {
    X.resize(Eigen::Index(samples.size()), Eigen::Index(regressors.size()));
    y.resize(Eigen::Index(samples.size()));
    for (std::size_t i = 0; i < samples.size(); ++i) {
        for (std::size_t c = 0; c < regressors.size(); ++c)
            X(Eigen::Index(i), Eigen::Index(c)) = samples[i].x[regressors[c]];
        y[Eigen::Index(i)] = samples[i].y;
    }
}

}  // namespace

ComponentModel fitModel(const std::vector<ComponentSample>& samples, const Candidate& candidate,
                        std::string& error, FitCriterion criterion) {
    Eigen::MatrixXd X;
    Eigen::VectorXd y;
    toMatrix(samples, candidate.regressors, X, y);
    ComponentModel m;
    m.regressors = candidate.regressors;
    m.response = candidate.response;
    auto fit = fitOnScale(X, y, criterion, candidate.response);
    if (!fit) {
        error = fit.error();
        return m;
    }
    m.intercept = fit->intercept;
    m.slopes.assign(fit->slopes.data(), fit->slopes.data() + fit->slopes.size());
    const Eigen::VectorXd predicted = predictOnScale(fit.value(), X, candidate.response);
    m.quality.samples = samples.size();
    m.quality.r2 = rSquared(y, predicted);
    m.quality.mape = meanAbsolutePercentageError(y, predicted);
    return m;
}

Expected<ComponentFit> fitComponent(const std::vector<ComponentSample>& samples,
                                    const std::vector<Candidate>& candidates, int folds,
                                    FitCriterion criterion) {
    if (samples.empty()) return fail("no samples");
    ComponentFit out;
    const CandidateFit* best = nullptr;
    const CandidateFit* fallback = nullptr;
    out.candidates.reserve(candidates.size());
    for (const auto& candidate : candidates) {
        CandidateFit c;
        c.regressors = candidate.regressors;
        c.model = fitModel(samples, candidate, c.error, criterion);
        if (c.error.empty()) {
            Eigen::MatrixXd X;
            Eigen::VectorXd y;
            toMatrix(samples, candidate.regressors, X, y);
            auto cv = crossValidate(X, y, folds, 1, criterion, candidate.response);
            if (cv) {
                c.crossValidated = true;
                c.model.quality.cvMape = cv->mape;
            }
        }
        out.candidates.push_back(std::move(c));
    }
    double lowestCv = 0;
    for (const auto& c : out.candidates)
        if (c.error.empty() && c.crossValidated &&
            (lowestCv == 0 || c.model.quality.cvMape < lowestCv))
            lowestCv = c.model.quality.cvMape;
    for (const auto& c : out.candidates) {
        if (!c.error.empty()) continue;
        if (!fallback) fallback = &c;
        if (criterion == FitCriterion::RelativeCost) {
            // A sum of costs with no negative term cannot chase noise, and the terms of a
            // richer set (WebP's pixels, progressive bytes) are what extrapolates to the
            // large files of their kind. The cross-validated error is ruled by the many
            // small images (timer noise of a few ms): it picked the plain set in one of two
            // calibrations of the same images, and a 16.8 MP WebP was then predicted at half
            // its time. So the richest set that fitted is taken unless its error is clearly
            // worse (25%); one that could not be cross-validated (too few samples of a kind
            // to leave some out) is taken on the strength of the non-negative fit.
            if (!c.crossValidated || lowestCv == 0 || c.model.quality.cvMape <= 1.25 * lowestCv)
                best = &c;
        } else if (c.crossValidated &&
                   (!best || c.model.quality.cvMape < 0.97 * best->model.quality.cvMape)) {
            best = &c;  // a richer set must beat the best so far by a margin, not by noise
        }
    }
    if (!best) best = fallback;
    if (!best) return fail(out.candidates.front().error);
    out.best = best->model;
    return out;
}

Expected<ComponentModel> proportionalModel(const std::vector<ComponentSample>& samples,
                                           const std::vector<Regressor>& regressors) {
    for (Regressor r : regressors) {
        double sx = 0, sy = 0;
        for (const auto& s : samples) {
            if (!(s.x[r] > 0) || !std::isfinite(s.y)) continue;
            sx += s.x[r];
            sy += s.y;
        }
        if (!(sx > 0) || !(sy > 0)) continue;
        ComponentModel m = lineModel(r, sy / sx, 0.0);
        Eigen::VectorXd y(Eigen::Index(samples.size())), predicted(y.size());
        for (std::size_t i = 0; i < samples.size(); ++i) {
            y[Eigen::Index(i)] = samples[i].y;
            predicted[Eigen::Index(i)] = m.predict(samples[i].x);
        }
        m.quality.samples = samples.size();
        m.quality.r2 = rSquared(y, predicted);
        m.quality.mape = meanAbsolutePercentageError(y, predicted);
        return m;
    }
    return fail("no sample has any of the fallback's regressors");
}

Expected<ComponentFit> fitComponentOrFallback(const std::vector<ComponentSample>& samples,
                                              const std::vector<Candidate>& candidates,
                                              const std::vector<Regressor>& fallbacks, int folds,
                                              FitCriterion criterion) {
    auto fit = fitComponent(samples, candidates, folds, criterion);
    std::string why;
    if (!fit)
        why = "no candidate could be fitted (" + fit.error() + ")";
    else if (fit->best.regressors.empty())
        why = "the best candidate was a constant";
    else if (!(fit->best.quality.r2 > 0))
        why = "the best candidate explained less than the mean (R^2 " +
              std::to_string(fit->best.quality.r2) + ")";
    if (why.empty()) return fit;
    auto proportional = proportionalModel(samples, fallbacks);
    if (!proportional) return fit ? fit : fail(fit.error() + "; " + proportional.error());
    ComponentFit out = fit ? std::move(fit.value()) : ComponentFit{};
    CandidateFit c;
    c.regressors = proportional->regressors;
    c.model = proportional.value();
    out.candidates.push_back(c);
    out.best = proportional.value();
    out.fallback = why + ": proportional to " + regressorName(out.best.regressors.front());
    return out;
}

}  // namespace pieslicer
