#include "model/model_use.h"

#include <algorithm>
#include <cstdio>

namespace pieslicer {

std::vector<ModelUse> modelUseByStrategy(const std::vector<RequestRecord>& records) {
    std::vector<ModelUse> out;
    std::map<std::string, std::size_t> index;
    for (const RequestRecord& r : records) {
        if (!r.ok()) continue;
        auto [it, added] = index.emplace(r.strategy, out.size());
        if (added) out.push_back(ModelUse{r.strategy, {}, {}, 0, 0, 0, r.model_weights});
        ModelUse& u = out[it->second];
        ++u.requests;
        ++u.models[r.model_name.empty() ? "none" : r.model_name];
        u.meanTop1 += r.model_accuracy;
        if (r.time_total <= r.sla_target) {
            ++u.withinSla;
            u.top1UnderSla += r.model_accuracy;
        }
        if (u.weights != r.model_weights) u.weights = "mixed";
    }
    for (ModelUse& u : out) {
        u.meanTop1 /= double(u.requests);
        u.top1UnderSla /= double(u.requests);
    }
    return out;
}

std::string modelsText(const ModelUse& use) {
    std::vector<std::pair<std::string, int>> sorted(use.models.begin(), use.models.end());
    std::stable_sort(sorted.begin(), sorted.end(),
                     [](const auto& a, const auto& b) { return a.second > b.second; });
    std::string text;
    for (const auto& [name, count] : sorted)
        text += (text.empty() ? "" : ", ") + name + " " + std::to_string(count);
    return text;
}

std::string formatModelUse(const std::vector<ModelUse>& uses) {
    const bool ranModels = std::any_of(uses.begin(), uses.end(), [](const ModelUse& u) {
        return u.models.size() > 1 || (u.models.size() == 1 && !u.models.count("none"));
    });
    if (!ranModels) return {};
    std::string out =
        "models run (top-1: published ImageNet accuracy; a late answer counts 0 "
        "within the SLA):\n";
    char line[512];
    for (const ModelUse& u : uses) {
        std::snprintf(line, sizeof line,
                      "  %-22s mean top-1 %5.1f%%, within SLA %zu/%zu, top-1 within SLA %5.1f%%: "
                      "%s%s\n",
                      u.strategy.c_str(), u.meanTop1, u.withinSla, u.requests, u.top1UnderSla,
                      modelsText(u).c_str(), u.weights == "random" ? " (random weights)" : "");
        out += line;
    }
    return out;
}

}  // namespace pieslicer
