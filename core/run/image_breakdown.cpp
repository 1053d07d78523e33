#include "run/image_breakdown.h"

#include <algorithm>
#include <array>
#include <map>
#include <set>

#include "domain/strategy_ids.h"

namespace pieslicer {
namespace {

// A measurement's identity: rows of a paired run that share an id report one request.
std::string measurementKey(const RequestRecord& r, std::size_t row) {
    return r.measurement_id.empty() ? "#" + std::to_string(row) : r.measurement_id;
}

struct Sums {
    std::set<std::string> seen;
    OrderStages stages;
    void add(const RequestRecord& r, const std::string& key) {
        if (!seen.insert(key).second) return;
        auto& s = stages;
        ++s.measurements;
        s.devicePrepMs += r.time_local_preprocess;
        s.uploadMs += r.transfer_time_real;
        s.cloudMs +=
            std::max(0.0, r.preexecution_time - r.time_local_preprocess - r.transfer_time_real);
        s.totalMs += r.preexecution_time;
        s.sentBytes += r.sent_size;
    }
    OrderStages mean() const {
        OrderStages m = stages;
        if (m.measurements == 0) return m;
        const double n = double(m.measurements);
        m.devicePrepMs /= n;
        m.uploadMs /= n;
        m.cloudMs /= n;
        m.totalMs /= n;
        m.sentBytes /= n;
        return m;
    }
};

std::optional<Placement> cheaperOf(const OrderStages (&byOrder)[2]) {
    const auto& d = byOrder[int(Placement::Device)];
    const auto& c = byOrder[int(Placement::Cloud)];
    if (d.measurements == 0 || c.measurements == 0) return std::nullopt;
    return d.totalMs <= c.totalMs ? Placement::Device : Placement::Cloud;
}

}  // namespace

ImageBreakdown breakdownOfImage(const std::vector<RequestRecord>& records) {
    ImageBreakdown b;
    if (records.empty()) return b;
    b.image = records.front().image_name_orig;
    Sums all[2];
    std::map<int, std::array<Sums, 2>> byRepeat;
    std::map<int, Placement> oracleByRepeat;
    std::vector<const RequestRecord*> rows;
    for (std::size_t i = 0; i < records.size(); ++i) {
        const RequestRecord& r = records[i];
        if (r.image_name_orig != b.image) continue;
        if (b.width == 0 && r.orig_dims_x > 0) {
            b.format = r.format;
            b.width = r.orig_dims_x;
            b.height = r.orig_dims_y;
            b.bytes = r.orig_size;
            b.quantStep = r.orig_quant_step;
            b.progressive = r.orig_progressive != 0;
        }
        const auto order = r.placement();
        if (!r.ok() || !order) {
            ++b.errors;
            continue;
        }
        const std::string key = measurementKey(r, i);
        all[int(*order)].add(r, key);
        byRepeat[r.repeat][int(*order)].add(r, key);
        if (r.strategy == strategy_id::kOracle) oracleByRepeat[r.repeat] = *order;
        rows.push_back(&r);
    }
    for (int o = 0; o < 2; ++o) b.byOrder[o] = all[o].mean();
    b.cheaper = cheaperOf(b.byOrder);
    for (const RequestRecord* r : rows) {
        StrategyVerdict v;
        v.strategy = r->strategy.empty() ? r->algorithm : r->strategy;
        v.repeat = r->repeat;
        v.choice = *r->placement();
        v.predictedDeviceMs = r->expected_time_local_prep;
        v.predictedCloudMs = r->expected_time_remote_prep;
        v.measuredMs = r->preexecution_time;
        const auto& sums = byRepeat[r->repeat];
        const OrderStages repeatOrders[2] = {sums[0].mean(), sums[1].mean()};
        std::optional<Placement> cheaper;
        if (auto o = oracleByRepeat.find(r->repeat); o != oracleByRepeat.end())
            cheaper = o->second;
        else
            cheaper = cheaperOf(repeatOrders);
        if (cheaper) {
            v.right = v.choice == *cheaper;
            const bool bothMeasured = repeatOrders[0].measurements && repeatOrders[1].measurements;
            if (!*v.right && bothMeasured)
                v.lostMs =
                    repeatOrders[int(v.choice)].totalMs - repeatOrders[int(*cheaper)].totalMs;
        }
        b.verdicts.push_back(v);
    }
    return b;
}

}  // namespace pieslicer
