#include "run/columnar_scoring.h"

#include <string>
#include <unordered_map>

#include "domain/placement.h"

namespace pieslicer::ui {
namespace {

std::size_t column(const char* name) { return std::size_t(RecordColumnsView::columnOf(name)); }

// Per distinct text of a column, a value computed once (a study has few distinct texts in
// most columns, so each row costs an id lookup); texts added since are appended.
template <typename T, typename F>
void extendPerText(std::vector<T>& out, const RecordColumnsView& v, std::size_t col, F f) {
    for (std::size_t id = out.size(); id < v.distinctTexts(col); ++id)
        out.push_back(f(v.textOf(col, std::uint32_t(id))));
}

}  // namespace

ScoringRows scoringRows(const RecordColumnsView& v) {
    ScoringRowsReader reader;
    reader.extend(v);
    return reader.take();
}

const ScoringRows& ScoringRowsReader::extend(const RecordColumnsView& v) {
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
    if (v.size() < out_.rows.size()) *this = ScoringRowsReader();  // another store
    out_.images = v.distinctTexts(imageCol);
    out_.measurements = v.distinctTexts(measurementCol);
    extendPerText(isOk_, v, statusCol, [](std::string_view s) { return char(s == "ok"); });
    static const std::string deviceName = locationName(Placement::Device);
    extendPerText(onDevice_, v, locationCol,
                  [&](std::string_view s) { return char(s == deviceName); });
    extendPerText(noMeasurement_, v, measurementCol,
                  [](std::string_view s) { return char(s.empty()); });
    extendPerText(role_, v, strategyCol,
                  [](std::string_view s) { return scoringRole(std::string(s)); });
    const std::size_t from = out_.rows.size(), n = v.size();
    out_.rows.resize(n);
    for (std::size_t i = from; i < n; ++i) {
        ScoringRow& row = out_.rows[i];
        // A strategy is its strategy text, or its algorithm's when that is empty: the pair
        // of text ids names it (algorithm id kept only for an empty strategy).
        const std::uint32_t strategyId = v.textId(i, strategyCol);
        const bool byAlgorithm = v.textOf(strategyCol, strategyId).empty();
        const std::uint32_t algorithmId = byAlgorithm ? v.textId(i, algorithmCol) : 0;
        const std::uint64_t key = (std::uint64_t(algorithmId) << 32) | strategyId;
        auto it = strategyOf_.find(key);
        if (it == strategyOf_.end()) {  // a new pair; the name may still be one seen before
            std::string name(byAlgorithm ? v.textOf(algorithmCol, algorithmId)
                                         : v.textOf(strategyCol, strategyId));
            const auto [named, added] =
                strategyNamed_.try_emplace(name, std::uint32_t(out_.strategies.size()));
            if (added)
                out_.strategies.push_back(
                    {std::move(name), std::string(v.text(i, algorithmCol)),
                     std::string(v.text(i, deviceCol)), std::string(v.text(i, modeCol)),
                     std::string(v.text(i, profileCol)), v.number(i, slowdownCol)});
            it = strategyOf_.emplace(key, named->second).first;
        }
        row.strategy = strategyIdOf(it->second);
        row.role = role_[strategyId];
        row.image = v.textId(i, imageCol);
        const std::uint32_t m = v.textId(i, measurementCol);
        row.measurement = noMeasurement_[m] ? ScoringRow::kNoMeasurement : m;
        row.repeat = std::int32_t(v.number(i, repeatCol));
        row.ok = isOk_[v.textId(i, statusCol)];
        row.device = onDevice_[v.textId(i, locationCol)];
        row.preexecution = v.number(i, preCol);
        row.preexecutionOther = v.number(i, otherCol);
        row.estimate = v.number(i, estimateCol);
        row.contentProbe = v.number(i, probeCol);
    }
    return out_;
}

}  // namespace pieslicer::ui
