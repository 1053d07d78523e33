#pragma once
// Every record in a sortable, filterable table. At a study's scale (issue #15) the model
// reads the store's columns (no object per row) and sorting and regex filtering run on a
// worker over a snapshot, with a progress bar; the table stays usable meanwhile.
#include <QFutureWatcher>
#include <QTimer>
#include <QWidget>
#include <cstdint>
#include <vector>

#include "models/record_query.h"

class QTableView;
class QLineEdit;
class QComboBox;
class QLabel;
class QProgressBar;

namespace pieslicer::ui {

class RecordStore;
class RecordTableModel;
class ImageDetailPane;
class ThumbnailCache;

class ResultsTab : public QWidget {
    Q_OBJECT
  public:
    // `thumbnails` may be shared with other tabs (one is made when none is given).
    explicit ResultsTab(RecordStore* store, QWidget* parent = nullptr,
                        ThumbnailCache* thumbnails = nullptr);
    // Shows the image of the selected record: its facts, stages and verdicts.
    ImageDetailPane* detailPane() const { return detail_; }
    // Selects the first row (as shown) of a record of `image`; false when none shows it.
    bool selectImage(const QString& image);
    RecordTableModel* model() const { return model_; }
    QTableView* table() const { return table_; }
    // Filters on a worker; the table shows the matches when it is done (busy() false).
    void setFilter(const QString& text, int column = -1);
    void sortBy(int column, Qt::SortOrder order);
    // Until its rows are in the table: the worker ends before its queued finished() is
    // delivered, so the watcher's isRunning() turns false a moment too early.
    bool busy() const { return querying_; }

  signals:
    // A sort or filter has been applied to the table.
    void queryApplied();

  private:
    void startQuery();
    void catchUp();  // filter store rows that arrived after the shown order was computed
    void updateCount();

    RecordStore* store_;
    RecordTableModel* model_;
    QTableView* table_;
    QLineEdit* filter_;
    QComboBox* column_;
    QLabel* count_;
    QProgressBar* progress_;
    ImageDetailPane* detail_;
    QTimer typing_;  // filters once typing pauses
    QFutureWatcher<std::vector<std::uint32_t>> watcher_;
    RecordQuery query_;
    quint64 generation_ = 0;
    bool querying_ = false;     // a sort or filter is on the worker (busy())
    bool catchingUp_ = false;   // the running job adds new rows to the shown order
    std::size_t covered_ = 0;   // store rows the shown order has looked at
    std::size_t jobFirst_ = 0;  // first store row of the running job
    std::size_t jobEnd_ = 0;    // store rows in the running job's snapshot
};

}  // namespace pieslicer::ui
