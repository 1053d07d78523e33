#pragma once
// scoreRun()'s input (core's model/scoring_rows.h) read straight from the store's columns:
// the few fields scoring needs, with the columns' own text ids as image and measurement
// ids, and no RequestRecord built. Safe on a worker over a view().
#include "model/scoring_rows.h"
#include "run/columnar_records.h"

namespace pieslicer::ui {

ScoringRows scoringRows(const RecordColumnsView& view);

}  // namespace pieslicer::ui
