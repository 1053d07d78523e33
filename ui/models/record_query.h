#pragma once
// The Results table's sorting and regex filtering at a study's scale (issue #15): run on
// a worker over a RecordColumnsView (a snapshot of the store), with progress and
// cancellation, so the table never sorts a million rows on the GUI thread.
#include <QRegularExpression>
#include <QString>
#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "run/columnar_records.h"

namespace pieslicer::ui {

struct RecordQuery {
    int sortColumn = -1;  // -1: arrival order
    bool descending = false;
    QString pattern;        // regular expression, case-insensitive; empty matches all
    int filterColumn = -1;  // -1: any column
    bool filters() const { return !pattern.isEmpty(); }
    bool active() const { return sortColumn >= 0 || filters(); }
};

// The text a table cell shows (what the filter matches), as RecordTableModel shows it.
QString recordCellDisplay(const RecordColumnsView& view, std::size_t row, std::size_t col);

// Whether a case-insensitive `pattern` could match a number cell's text: false only for a
// literal (no regular-expression syntax) holding a character no number shows.
bool patternCanMatchANumber(const QString& pattern);

// Rows [first, view.size()) that match `q`, sorted by its column when it has one (a stable
// sort: ties keep arrival order). `progress(done, total)` is called now and then; when it
// returns false the query stops and gives nothing.
std::optional<std::vector<std::uint32_t>> runRecordQuery(
    const RecordColumnsView& view, const RecordQuery& q, std::size_t first = 0,
    const std::function<bool(std::size_t, std::size_t)>& progress = {});

}  // namespace pieslicer::ui
