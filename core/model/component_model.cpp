#include "model/component_model.h"

#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>

namespace pieslicer {

std::string ComponentModel::formula() const {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.4g", intercept);
    std::string out = buf;
    for (std::size_t i = 0; i < regressors.size(); ++i) {
        std::snprintf(buf, sizeof buf, " %c %.4g*", slopes[i] < 0 ? '-' : '+',
                      std::fabs(slopes[i]));
        out += buf + regressorName(regressors[i]);
    }
    return response == Response::Log ? "exp(" + out + ")" : out;
}

ComponentModel lineModel(Regressor x, double a, double b) {
    ComponentModel m;
    m.regressors = {x};
    m.slopes = {a};
    m.intercept = b;
    return m;
}

nlohmann::json componentToJson(const ComponentModel& m) {
    nlohmann::json regressors = nlohmann::json::array();
    for (Regressor r : m.regressors) regressors.push_back(regressorName(r));
    nlohmann::json j = {
        {"regressors", regressors}, {"slopes", m.slopes}, {"intercept", m.intercept}};
    if (m.response == Response::Log) j["response"] = "log";
    if (m.quality.samples > 0)
        j["fit"] = {{"samples", m.quality.samples},
                    {"r2", m.quality.r2},
                    {"mape_percent", m.quality.mape},
                    {"cv_mape_percent", m.quality.cvMape}};
    return j;
}

Expected<ComponentModel> componentFromJson(const nlohmann::json& j, const std::string& what) {
    if (!j.is_object())
        return fail(what + ": expected an object with regressors, slopes, intercept");
    ComponentModel m;
    const auto intercept = j.find("intercept");
    if (intercept == j.end() || !intercept->is_number())
        return fail(what + ".intercept: a number is required");
    m.intercept = intercept->get<double>();
    const auto regressors = j.find("regressors");
    const auto slopes = j.find("slopes");
    const bool hasR = regressors != j.end(), hasS = slopes != j.end();
    if (hasR != hasS) return fail(what + ": regressors and slopes go together");
    if (hasR) {
        if (!regressors->is_array() || !slopes->is_array() || regressors->size() != slopes->size())
            return fail(what + ": regressors and slopes must be arrays of the same length");
        for (std::size_t i = 0; i < regressors->size(); ++i) {
            const auto& name = (*regressors)[i];
            const auto& slope = (*slopes)[i];
            if (!name.is_string())
                return fail(what + ".regressors[" + std::to_string(i) + "]: a name is required");
            auto r = regressorFromName(name.get<std::string>());
            if (!r) return fail(what + ": " + r.error());
            if (!slope.is_number())
                return fail(what + ".slopes[" + std::to_string(i) + "]: a number is required");
            m.regressors.push_back(r.value());
            m.slopes.push_back(slope.get<double>());
        }
    }
    if (const auto response = j.find("response"); response != j.end()) {
        if (*response == "log")
            m.response = Response::Log;
        else if (*response != "linear")
            return fail(what + ".response: \"linear\" or \"log\" expected");
    }
    if (!std::isfinite(m.intercept)) return fail(what + ": coefficients must be finite");
    for (double s : m.slopes)
        if (!std::isfinite(s)) return fail(what + ": coefficients must be finite");
    if (const auto fit = j.find("fit"); fit != j.end() && fit->is_object()) {
        m.quality.samples = fit->value("samples", std::size_t(0));
        m.quality.r2 = fit->value("r2", 0.0);
        m.quality.mape = fit->value("mape_percent", 0.0);
        m.quality.cvMape = fit->value("cv_mape_percent", 0.0);
    }
    return m;
}

}  // namespace pieslicer
