#include "run/columnar_scoring.h"

#include <string>
#include <unordered_map>

#include "domain/placement.h"

namespace pieslicer::ui {
namespace {

std::size_t column(const char* name) { return std::size_t(RecordColumnsView::columnOf(name)); }

// Per distinct text of a column, a value computed once (a study has few distinct texts in
// most columns, so each row costs an id lookup).
template <typename T, typename F>
std::vector<T> perText(const RecordColumnsView& v, std::size_t col, F f) {
    std::vector<T> out(v.distinctTexts(col));
    for (std::uint32_t id = 0; id < out.size(); ++id) out[id] = f(v.textOf(col, id));
    return out;
}

}  // namespace

ScoringRows scoringRows(const RecordColumnsView& v) {
    static const std::size_t strategyCol = column("strategy"), algorithmCol = column("algorithm"),
                             imageCol = column("image_name_orig"),
                             measurementCol = column("measurement_id"),
                             repeatCol = column("repeat"), statusCol = column("status"),
                             locationCol = column("preprocess_location"),
                             preCol = column("preexecution_time"),
                             otherCol = column("preexecution_time_other"),
                             estimateCol = column("preexecution_time_estimate"),
                             probeCol = column("time_local_content_probe"),
                             deviceCol = column("device"), modeCol = column("device_mode"),
                             profileCol = column("profile_device"),
                             slowdownCol = column("device_slowdown");
    ScoringRows out;
    out.images = v.distinctTexts(imageCol);
    out.measurements = v.distinctTexts(measurementCol);
    const auto isOk = perText<char>(v, statusCol, [](std::string_view s) { return s == "ok"; });
    const std::string deviceName = locationName(Placement::Device);
    const auto onDevice =
        perText<char>(v, locationCol, [&](std::string_view s) { return s == deviceName; });
    const auto noMeasurement =
        perText<char>(v, measurementCol, [](std::string_view s) { return s.empty(); });
    const auto role = perText<ScoringRole>(
        v, strategyCol, [](std::string_view s) { return scoringRole(std::string(s)); });
    // A strategy is its strategy text, or its algorithm's when that is empty: the pair of
    // text ids names it (algorithm id kept only for an empty strategy).
    std::unordered_map<std::uint64_t, std::uint32_t> strategyOf;
    std::unordered_map<std::string, std::uint32_t> strategyNamed;
    const std::size_t n = v.size();
    out.rows.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
        ScoringRow& row = out.rows[i];
        const std::uint32_t strategyId = v.textId(i, strategyCol);
        const bool byAlgorithm = v.textOf(strategyCol, strategyId).empty();
        const std::uint32_t algorithmId = byAlgorithm ? v.textId(i, algorithmCol) : 0;
        const std::uint64_t key = (std::uint64_t(algorithmId) << 32) | strategyId;
        auto it = strategyOf.find(key);
        if (it == strategyOf.end()) {  // a new pair; the name may still be one seen before
            std::string name(byAlgorithm ? v.textOf(algorithmCol, algorithmId)
                                         : v.textOf(strategyCol, strategyId));
            const auto [named, added] =
                strategyNamed.try_emplace(name, std::uint32_t(out.strategies.size()));
            if (added)
                out.strategies.push_back(
                    {std::move(name), std::string(v.text(i, algorithmCol)),
                     std::string(v.text(i, deviceCol)), std::string(v.text(i, modeCol)),
                     std::string(v.text(i, profileCol)), v.number(i, slowdownCol)});
            it = strategyOf.emplace(key, named->second).first;
        }
        row.strategy = it->second;
        row.role = role[strategyId];
        row.image = v.textId(i, imageCol);
        const std::uint32_t m = v.textId(i, measurementCol);
        row.measurement = noMeasurement[m] ? ScoringRow::kNoMeasurement : m;
        row.repeat = std::int32_t(v.number(i, repeatCol));
        row.ok = isOk[v.textId(i, statusCol)];
        row.device = onDevice[v.textId(i, locationCol)];
        row.preexecution = v.number(i, preCol);
        row.preexecutionOther = v.number(i, otherCol);
        row.estimate = v.number(i, estimateCol);
        row.contentProbe = v.number(i, probeCol);
    }
    return out;
}

}  // namespace pieslicer::ui
