#pragma once
// Ordinary least squares with an intercept, solved by column-pivoting QR (stable for
// badly scaled or nearly collinear regressors), and the usual goodness-of-fit measures.
#include <Eigen/Core>
#include <cstddef>
#include <vector>

#include "model/fit_options.h"
#include "util/expected.h"

namespace pieslicer {

struct LinearFit {
    double intercept = 0;
    Eigen::VectorXd slopes;  // one per column of X

    double predictOne(const Eigen::Ref<const Eigen::RowVectorXd>& x) const {
        return intercept + x.dot(slopes);
    }
    Eigen::VectorXd predict(const Eigen::MatrixXd& X) const;
};

// X: one row per sample, one column per regressor (no intercept column: it is added).
// Fails when there are fewer samples than coefficients or the columns are collinear.
Expected<LinearFit> fitLeastSquares(const Eigen::MatrixXd& X, const Eigen::VectorXd& y,
                                    FitCriterion criterion = FitCriterion::Absolute);

// Coefficient of determination; 1 for a perfect fit, 0 for predicting the mean.
double rSquared(const Eigen::VectorXd& y, const Eigen::VectorXd& predicted);
// Mean absolute percentage error, %, over samples with y != 0.
double meanAbsolutePercentageError(const Eigen::VectorXd& y, const Eigen::VectorXd& predicted);

struct CrossValidation {
    int folds = 0;
    double r2 = 0;    // on all held-out predictions pooled
    double mape = 0;  // %, on all held-out predictions pooled
};

// k-fold cross-validation with contiguous folds after a deterministic shuffle (seed).
// Uses fewer folds when there are fewer samples; fails below 2 folds' worth.
Expected<CrossValidation> crossValidate(const Eigen::MatrixXd& X, const Eigen::VectorXd& y,
                                        int folds = 10, unsigned seed = 1,
                                        FitCriterion criterion = FitCriterion::Absolute,
                                        Response response = Response::Linear);

// Fits on the response's scale: fails for a log response unless every y > 0.
Expected<LinearFit> fitOnScale(const Eigen::MatrixXd& X, const Eigen::VectorXd& y,
                               FitCriterion criterion, Response response);
// Predictions back on y's own scale.
Eigen::VectorXd predictOnScale(const LinearFit& fit, const Eigen::MatrixXd& X, Response response);

}  // namespace pieslicer
