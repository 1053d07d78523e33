#include "model/model_use.h"

#include <algorithm>
#include <cstdio>

namespace pieslicer {

void ModelUseTally::add(const ModelUseGroup& g) {
    auto it = index_.find(g.strategy);
    if (it == index_.end()) {
        it = index_.emplace(std::string(g.strategy), uses_.size()).first;
        uses_.push_back(ModelUse{std::string(g.strategy), {}, {}, 0, 0, 0, std::string(g.weights)});
    }
    ModelUse& u = uses_[it->second];
    u.requests += g.rows;
    u.models[g.modelName.empty() ? "none" : std::string(g.modelName)] += int(g.rows);
    u.meanTop1 += g.accuracySum;
    u.withinSla += g.withinSla;
    u.top1UnderSla += g.accuracyWithinSlaSum;
    if (u.weights != g.weights) u.weights = "mixed";
}

std::vector<ModelUse> ModelUseTally::finish() && {
    for (ModelUse& u : uses_) {
        u.meanTop1 /= double(u.requests);
        u.top1UnderSla /= double(u.requests);
    }
    return std::move(uses_);
}

std::vector<ModelUse> modelUseByStrategy(const std::vector<RequestRecord>& records) {
    ModelUseTally tally;
    for (const RequestRecord& r : records) {
        if (!r.ok()) continue;
        const bool inTime = r.time_total <= r.sla_target;
        tally.add({r.strategy, r.model_name, r.model_weights, 1, r.model_accuracy, inTime ? 1u : 0u,
                   inTime ? r.model_accuracy : 0.0});
    }
    return std::move(tally).finish();
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
