#include "support/scoring_rows.h"

#include <QtGlobal>

namespace pieslicer::test {

RequestRecord scoringRow(const std::string& strategy, const std::string& image, bool device,
                         double preexecutionMs) {
    RequestRecord r;
    r.strategy = strategy;
    r.algorithm = strategy;
    r.image_name_orig = image;
    r.preprocess_location = device ? "local" : "remote";
    r.preexecution_time = preexecutionMs;
    return r;
}

const StrategyScore& scoreOf(const std::vector<StrategyScore>& scores, const std::string& id) {
    for (const auto& s : scores)
        if (s.strategy == id) return s;
    qFatal("no score for %s", id.c_str());
    return scores.front();
}

}  // namespace pieslicer::test
