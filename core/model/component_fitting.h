#pragma once
// Fits one cost component: tries a few regressor sets, keeps the one that predicts best
// under cross-validation (so extra variables must earn their place), reports them all.
#include <initializer_list>
#include <string>
#include <vector>

#include "model/component_model.h"
#include "model/fit_options.h"
#include "util/expected.h"

namespace pieslicer {

struct ComponentSample {
    RegressorValues x;
    double y = 0;
};

// One model form to try: a regressor set (empty: the mean) on a linear or log response.
struct Candidate {
    std::vector<Regressor> regressors;
    Response response = Response::Linear;

    Candidate() = default;
    Candidate(std::initializer_list<Regressor> r) : regressors(r) {}
    Candidate(std::vector<Regressor> r, Response resp = Response::Linear)
        : regressors(std::move(r)), response(resp) {}
};

struct CandidateFit {
    std::vector<Regressor> regressors;
    ComponentModel model;  // quality filled
    bool crossValidated = false;
    std::string error;  // why this candidate could not be fitted
};

struct ComponentFit {
    ComponentModel best;
    std::vector<CandidateFit> candidates;  // in the order tried
    std::string fallback;  // why `best` is the proportional fallback; empty when it is not
};

// Candidates are tried in order; the first is the fallback when cross-validation is
// impossible (too few samples), so put the simplest first. An empty regressor set
// fits the mean. Processing times are fitted by relative error (the decisions hinge on
// small images); transfer, whose noise is additive, by absolute error.
Expected<ComponentFit> fitComponent(const std::vector<ComponentSample>& samples,
                                    const std::vector<Candidate>& candidates, int folds = 10,
                                    FitCriterion criterion = FitCriterion::Relative);

// y = c*x through the origin on the first of `regressors` that the samples have (c = the sum
// of y over the sum of x): what a component falls back to when no candidate could be fitted
// or the best explains less than the mean. It follows the image; a constant would not.
Expected<ComponentModel> proportionalModel(const std::vector<ComponentSample>& samples,
                                           const std::vector<Regressor>& regressors);

// fitComponent, then the proportional fallback on `fallbacks` when it failed, chose no
// regressor, or chose a model with R^2 <= 0. Fails only when neither can be fitted.
Expected<ComponentFit> fitComponentOrFallback(const std::vector<ComponentSample>& samples,
                                              const std::vector<Candidate>& candidates,
                                              const std::vector<Regressor>& fallbacks,
                                              int folds = 10,
                                              FitCriterion criterion = FitCriterion::Relative);

ComponentModel fitModel(const std::vector<ComponentSample>& samples, const Candidate& candidate,
                        std::string& error, FitCriterion criterion = FitCriterion::Relative);

}  // namespace pieslicer
