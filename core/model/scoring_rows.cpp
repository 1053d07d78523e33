#include "model/scoring_rows.h"

#include <unordered_map>

#include "domain/strategy_ids.h"

namespace pieslicer {
namespace {

// Dense ids for strings in order of first appearance.
class Interner {
  public:
    std::uint32_t id(const std::string& s) {
        return ids_.try_emplace(s, std::uint32_t(ids_.size())).first->second;
    }
    std::size_t size() const { return ids_.size(); }

  private:
    std::unordered_map<std::string, std::uint32_t> ids_;
};

}  // namespace

ScoringRole scoringRole(const std::string& strategy) {
    if (strategy == strategy_id::kOracle) return ScoringRole::Oracle;
    if (strategy == strategy_id::kStaticDevice) return ScoringRole::StaticDevice;
    if (strategy == strategy_id::kStaticCloud) return ScoringRole::StaticCloud;
    return ScoringRole::Other;
}

ScoringRows scoringRows(const std::vector<RequestRecord>& records) {
    ScoringRows out;
    out.rows.reserve(records.size());
    Interner strategies, images, measurements;
    for (const auto& r : records) {
        ScoringRow row;
        const std::string& key = r.strategy.empty() ? r.algorithm : r.strategy;
        const std::uint32_t strategy = strategies.id(key);
        row.strategy = strategyIdOf(strategy);
        if (strategy == out.strategies.size())
            out.strategies.push_back(
                {key, r.algorithm, r.device, r.device_mode, r.profile_device, r.device_slowdown});
        row.image = images.id(r.image_name_orig);
        if (!r.measurement_id.empty()) row.measurement = measurements.id(r.measurement_id);
        row.repeat = r.repeat;
        row.ok = r.ok();
        row.device = r.placement() == Placement::Device;
        row.role = scoringRole(r.strategy);
        row.preexecution = r.preexecution_time;
        row.preexecutionOther = r.preexecution_time_other;
        row.estimate = r.preexecution_time_estimate;
        row.contentProbe = r.time_local_content_probe;
        out.rows.push_back(row);
    }
    out.images = images.size();
    out.measurements = measurements.size();
    return out;
}

}  // namespace pieslicer
