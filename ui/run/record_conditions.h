#pragma once
// Keeps the conditions (device, link, TCP model) the store's records were measured under:
// new rows are read as they arrive, a reopened store is read on a worker.
#include <QFutureWatcher>
#include <QObject>

#include "run/measured_under.h"

namespace pieslicer::ui {

class RecordStore;
class RecordColumnsView;

class RecordConditions : public QObject {
    Q_OBJECT
  public:
    explicit RecordConditions(RecordStore* store, QObject* parent = nullptr);
    const MeasuredUnder& conditions() const { return under_; }

  signals:
    void changed();

  private:
    void rescan();  // the whole store, on a worker
    static void addRows(MeasuredUnder& under, const RecordColumnsView& view, std::size_t first,
                        std::size_t end);

    RecordStore* store_;
    MeasuredUnder under_;
    QFutureWatcher<MeasuredUnder> watcher_;
    quint64 generation_ = 0;
    std::size_t covered_ = 0;  // store rows in under_
};

}  // namespace pieslicer::ui
