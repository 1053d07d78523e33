#pragma once
// The records shown by every tab, owned by the GUI thread. Workers never touch it:
// RunSession hands it batches.
#include <QObject>
#include <vector>

#include "run/request_record.h"

namespace pieslicer::ui {

class RecordStore : public QObject {
    Q_OBJECT
  public:
    using QObject::QObject;

    const std::vector<RequestRecord>& records() const { return records_; }
    std::size_t size() const { return records_.size(); }

    void append(std::vector<RequestRecord> batch);
    void setAll(std::vector<RequestRecord> records);
    void clear();

  signals:
    // Rows [first, first + count) were added.
    void appended(int first, int count);
    // Everything changed (cleared, reopened).
    void reset();

  private:
    std::vector<RequestRecord> records_;
};

}  // namespace pieslicer::ui
