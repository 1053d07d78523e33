#include "model/linear_regression.h"

#include <Eigen/QR>
#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>

namespace pieslicer {

Eigen::VectorXd LinearFit::predict(const Eigen::MatrixXd& X) const {
    return (X * slopes).array() + intercept;
}

namespace {

// Weighted least squares with weights 1/|y|: rows of [1 X] and y scaled, solved by QR.
// The columns are scaled to unit norm first so the solve stays well conditioned.
// `interceptRows`: where the intercept applies (1) and where not (0); empty: every row.
Expected<LinearFit> fitRelative(const Eigen::MatrixXd& X, const Eigen::VectorXd& y,
                                const Eigen::VectorXd& interceptRows = {}) {
    const Eigen::Index n = X.rows(), p = X.cols();
    if ((y.array().abs() < 1e-12).any()) return fail("regression: a relative fit needs y != 0");
    Eigen::MatrixXd A(n, p + 1);
    if (interceptRows.size() == n)
        A.col(0) = interceptRows;
    else
        A.col(0).setOnes();
    A.rightCols(p) = X;
    const Eigen::VectorXd w = y.array().abs().inverse();
    A = w.asDiagonal() * A;
    const Eigen::VectorXd b = w.asDiagonal() * y;
    Eigen::VectorXd scale = A.colwise().norm().transpose();
    for (Eigen::Index c = 0; c < scale.size(); ++c)
        if (scale[c] == 0)
            return fail("regression: the regressors are collinear (or one is constant)");
    A = A * scale.cwiseInverse().asDiagonal();
    Eigen::ColPivHouseholderQR<Eigen::MatrixXd> qr(A);
    qr.setThreshold(1e-10);
    if (qr.rank() < p + 1)
        return fail("regression: the regressors are collinear (or one is constant)");
    const Eigen::VectorXd beta = qr.solve(b).cwiseQuotient(scale);
    LinearFit fit;
    fit.intercept = beta[0];
    fit.slopes = beta.tail(p);
    return fit;
}

// An indicator (every value 0 or 1: "a WebP file") adds its slope to the intercept for the
// rows it marks.
bool isIndicator(const Eigen::VectorXd& column) {
    return (column.array() == 0.0 || column.array() == 1.0).all();
}

// fitRelative() with no negative cost: the most negative cost leaves, the rest are refitted,
// until none is negative (an active-set loop; at most one pass per regressor). A cost is a
// slope, but for an indicator the fixed cost of the files it marks, intercept + slope; the
// indicator itself may be below 0. One whose files' fixed cost would be negative has it held
// at 0 (the intercept no longer applies to them), not at the intercept: a family of 16.8 MP
// WebPs with one tiny WebP (0.5 ms) had its indicator dropped, its cost per pixel was then
// bent to the tiny file, and the big ones of the same calibration were predicted 29% low.
Expected<LinearFit> fitRelativeCost(const Eigen::MatrixXd& X, const Eigen::VectorXd& y) {
    std::vector<Eigen::Index> kept(std::size_t(X.cols()));
    for (Eigen::Index c = 0; c < X.cols(); ++c) kept[std::size_t(c)] = c;
    Eigen::VectorXd interceptRows = Eigen::VectorXd::Ones(X.rows());
    std::vector<Eigen::Index> freeOfIntercept;  // indicators whose files' fixed cost is 0
    while (true) {
        Eigen::MatrixXd sub(X.rows(), Eigen::Index(kept.size()));
        for (std::size_t i = 0; i < kept.size(); ++i) sub.col(Eigen::Index(i)) = X.col(kept[i]);
        auto fit = fitRelative(sub, y, interceptRows);
        if (!fit) return fit;
        Eigen::Index worst = -1;
        double worstCost = 0;
        for (Eigen::Index i = 0; i < fit->slopes.size(); ++i) {
            const double cost = isIndicator(X.col(kept[std::size_t(i)]))
                                    ? fit->intercept + fit->slopes[i]
                                    : fit->slopes[i];
            if (cost < worstCost) worst = i, worstCost = cost;
        }
        if (worst < 0) {
            LinearFit full;
            full.intercept = fit->intercept;
            full.slopes = Eigen::VectorXd::Zero(X.cols());
            for (std::size_t i = 0; i < kept.size(); ++i)
                full.slopes[kept[i]] = fit->slopes[Eigen::Index(i)];
            for (Eigen::Index c : freeOfIntercept) full.slopes[c] = -fit->intercept;
            return full;
        }
        const Eigen::Index column = kept[std::size_t(worst)];
        if (isIndicator(X.col(column))) {
            interceptRows -= X.col(column);
            freeOfIntercept.push_back(column);
        }
        kept.erase(kept.begin() + worst);
    }
}

}  // namespace

Expected<LinearFit> fitLeastSquares(const Eigen::MatrixXd& X, const Eigen::VectorXd& y,
                                    FitCriterion criterion) {
    const Eigen::Index n = X.rows(), p = X.cols();
    if (y.size() != n)
        return fail("regression: X has " + std::to_string(n) + " rows but y has " +
                    std::to_string(y.size()));
    if (n < p + 1)
        return fail("regression: " + std::to_string(n) + " samples cannot fit " +
                    std::to_string(p + 1) + " coefficients");
    if (!X.allFinite() || !y.allFinite()) return fail("regression: samples must be finite");
    if (criterion == FitCriterion::Relative) return fitRelative(X, y);
    if (criterion == FitCriterion::RelativeCost) return fitRelativeCost(X, y);
    // Centring removes the intercept from the solve and keeps the problem well conditioned
    // (megapixels and megabytes are of similar size, but ms and bytes are not).
    const Eigen::RowVectorXd xMean = X.colwise().mean();
    const double yMean = y.mean();
    const Eigen::MatrixXd Xc = X.rowwise() - xMean;
    const Eigen::VectorXd yc = y.array() - yMean;
    LinearFit fit;
    if (p > 0) {
        Eigen::ColPivHouseholderQR<Eigen::MatrixXd> qr(Xc);
        qr.setThreshold(1e-10);
        if (qr.rank() < p)
            return fail("regression: the regressors are collinear (or one is constant)");
        fit.slopes = qr.solve(yc);
    } else {
        fit.slopes = Eigen::VectorXd(0);
    }
    fit.intercept = yMean - xMean.dot(fit.slopes);
    return fit;
}

double rSquared(const Eigen::VectorXd& y, const Eigen::VectorXd& predicted) {
    if (y.size() == 0) return 0;
    const double total = (y.array() - y.mean()).square().sum();
    const double residual = (y - predicted).squaredNorm();
    if (total <= 0) return residual <= 0 ? 1.0 : 0.0;
    return 1.0 - residual / total;
}

double meanAbsolutePercentageError(const Eigen::VectorXd& y, const Eigen::VectorXd& predicted) {
    double sum = 0;
    std::size_t n = 0;
    for (Eigen::Index i = 0; i < y.size(); ++i) {
        if (y[i] == 0) continue;
        sum += std::fabs((predicted[i] - y[i]) / y[i]);
        ++n;
    }
    return n ? 100.0 * sum / double(n) : 0.0;
}

Expected<LinearFit> fitOnScale(const Eigen::MatrixXd& X, const Eigen::VectorXd& y,
                               FitCriterion criterion, Response response) {
    if (response == Response::Linear) return fitLeastSquares(X, y, criterion);
    if ((y.array() <= 0).any()) return fail("regression: a log fit needs y > 0");
    return fitLeastSquares(X, y.array().log().matrix(), FitCriterion::Absolute);
}

Eigen::VectorXd predictOnScale(const LinearFit& fit, const Eigen::MatrixXd& X, Response response) {
    Eigen::VectorXd p = fit.predict(X);
    if (response == Response::Log) p = p.array().exp().matrix();
    return p;
}

Expected<CrossValidation> crossValidate(const Eigen::MatrixXd& X, const Eigen::VectorXd& y,
                                        int folds, unsigned seed, FitCriterion criterion,
                                        Response response) {
    const Eigen::Index n = X.rows();
    const Eigen::Index perFoldMin = X.cols() + 2;  // each training set must stay solvable
    const int k = int(std::min<Eigen::Index>(folds, n));
    if (k < 2 || n - (n + k - 1) / k < perFoldMin)
        return fail("cross-validation: " + std::to_string(n) + " samples are too few");
    std::vector<Eigen::Index> order(static_cast<std::size_t>(n));
    std::iota(order.begin(), order.end(), Eigen::Index(0));
    std::shuffle(order.begin(), order.end(), std::mt19937(seed));
    Eigen::VectorXd heldOut(n);
    for (int f = 0; f < k; ++f) {
        const Eigen::Index lo = n * f / k, hi = n * (f + 1) / k;
        Eigen::MatrixXd Xt(n - (hi - lo), X.cols());
        Eigen::VectorXd yt(n - (hi - lo));
        Eigen::Index row = 0;
        for (Eigen::Index i = 0; i < n; ++i) {
            if (i >= lo && i < hi) continue;
            Xt.row(row) = X.row(order[std::size_t(i)]);
            yt[row++] = y[order[std::size_t(i)]];
        }
        auto fit = fitOnScale(Xt, yt, criterion, response);
        if (!fit)
            return fail("cross-validation fold " + std::to_string(f + 1) + ": " + fit.error());
        for (Eigen::Index i = lo; i < hi; ++i) {
            const double p = fit->predictOne(X.row(order[std::size_t(i)]));
            heldOut[order[std::size_t(i)]] = response == Response::Log ? std::exp(p) : p;
        }
    }
    CrossValidation cv;
    cv.folds = k;
    cv.r2 = rSquared(y, heldOut);
    cv.mape = meanAbsolutePercentageError(y, heldOut);
    return cv;
}

}  // namespace pieslicer
