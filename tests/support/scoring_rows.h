#pragma once
// Hand-made records for scoring tests: one strategy's row for one image and order, and
// the score of a strategy by id.
#include <string>
#include <vector>

#include "domain/request_record.h"
#include "model/scoring.h"

namespace pieslicer::test {

RequestRecord scoringRow(const std::string& strategy, const std::string& image, bool device,
                         double preexecutionMs);
// Fails the test (qFatal) when no score has that id.
const StrategyScore& scoreOf(const std::vector<StrategyScore>& scores, const std::string& id);

}  // namespace pieslicer::test
