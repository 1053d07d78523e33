#pragma once
// One fitted component of the cost model (f, s', g or h): a linear function of named
// regressors with an intercept, and how well it fitted.
#include <cmath>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "model/fit_options.h"
#include "model/image_regressors.h"
#include "util/expected.h"

namespace pieslicer {

struct FitQuality {
    std::size_t samples = 0;
    double r2 = 0;
    double mape = 0;    // mean absolute percentage error on the fitted samples, %
    double cvMape = 0;  // the same under k-fold cross-validation, % (0: not computed)
};

struct ComponentModel {
    std::vector<Regressor> regressors;
    double intercept = 0;
    std::vector<double> slopes;            // one per regressor
    Response response = Response::Linear;  // Log: y = exp(intercept + slopes . x)
    FitQuality quality;

    double predict(const RegressorValues& x) const {
        double y = intercept;
        for (std::size_t i = 0; i < regressors.size(); ++i) y += slopes[i] * x[regressors[i]];
        return response == Response::Log ? std::exp(y) : y;
    }
    // "12.3 + 45.6*file_mb + 7.8*decoded_mp", or "exp(10.2 + 0.2*log_bits_per_pixel)"
    std::string formula() const;
};

// A single-regressor line y = a*x + b, as in the paper's table.
ComponentModel lineModel(Regressor x, double a, double b);

nlohmann::json componentToJson(const ComponentModel& m);
// `what` names the component in error messages ("device_prep").
Expected<ComponentModel> componentFromJson(const nlohmann::json& j, const std::string& what);

}  // namespace pieslicer
