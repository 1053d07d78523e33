#pragma once
// The records shown by every tab, owned by the GUI thread, kept as typed columns
// (ColumnarRecords: a few hundred bytes a record). Workers never touch it: RunSession
// hands it batches, and workers read a view() (a snapshot of the rows so far).
#include <QObject>
#include <vector>

#include "domain/request_record.h"
#include "run/columnar_records.h"

namespace pieslicer::ui {

class RecordStore : public QObject {
    Q_OBJECT
  public:
    using QObject::QObject;

    const ColumnarRecords& columns() const { return columns_; }
    RecordColumnsView view() const { return columns_.view(); }
    std::size_t size() const { return columns_.size(); }

    RequestRecord record(std::size_t row) const { return columns_.record(row); }
    std::vector<RequestRecord> records(std::size_t first, std::size_t count) const {
        return columns_.records(first, count);
    }
    // Every record rebuilt as a struct (about 1 KB each): for saving and small runs;
    // tabs read columns() or a view().
    std::vector<RequestRecord> records() const { return columns_.records(0, size()); }
    // In a slot of appended(first, count): those records as they were appended (no rebuild
    // from the columns, which was most of a batch's work on the GUI thread); elsewhere the
    // same as records(first, count), rebuilt into `scratch`. By reference: a copy of the batch
    // (500 records of 20-odd strings) was as much of a delivery's time as the rest of it.
    const std::vector<RequestRecord>& appendedRecords(int first, int count,
                                                      std::vector<RequestRecord>& scratch) const;
    // At most `atMost` records evenly spread over the store (all when there are fewer).
    std::vector<RequestRecord> sample(std::size_t atMost) const;

    void append(const std::vector<RequestRecord>& batch);
    void setAll(std::vector<RequestRecord> records);
    void clear();

  signals:
    // Rows [first, first + count) were added.
    void appended(int first, int count);
    // Everything changed (cleared, reopened).
    void reset();

  private:
    ColumnarRecords columns_;
    const std::vector<RequestRecord>* appending_ = nullptr;  // during appended() only
};

// RecordStore::sample() of a snapshot, on any thread.
std::vector<RequestRecord> sampleRecords(const RecordColumnsView& view, std::size_t atMost);

}  // namespace pieslicer::ui
