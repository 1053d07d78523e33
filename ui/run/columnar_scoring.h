#pragma once
// scoreRun()'s input (core's model/scoring_rows.h) read straight from the store's columns:
// the few fields scoring needs, with the columns' own text ids as image and measurement
// ids, and no RequestRecord built. Safe on a worker over a view().
#include <string>
#include <unordered_map>
#include <vector>

#include "model/scoring_rows.h"
#include "run/columnar_records.h"

namespace pieslicer::ui {

ScoringRows scoringRows(const RecordColumnsView& view);

// The same rows kept and extended as records are appended (the store's rows never change
// once written): each extend() reads only the rows added since the last, so a pass over a
// million records no longer reads them all from the columns every time. One thread at a
// time; a view of fewer rows starts over, and a store cleared and refilled needs a new
// reader (its owner knows: RecordStore::reset).
class ScoringRowsReader {
  public:
    // The rows of every record in `view`.
    const ScoringRows& extend(const RecordColumnsView& view);
    const ScoringRows& rows() const { return out_; }
    ScoringRows take() { return std::move(out_); }

  private:
    // Per text id of a column, a value computed once; grown as texts are added.
    std::vector<char> isOk_, onDevice_, noMeasurement_;
    std::vector<ScoringRole> role_;
    std::unordered_map<std::uint64_t, std::uint32_t> strategyOf_;
    std::unordered_map<std::string, std::uint32_t> strategyNamed_;
    ScoringRows out_;
};

}  // namespace pieslicer::ui
