#pragma once
// Every record as a table row, every recordColumns() column as a table column (the
// CSV's names). Numbers sort as numbers through Qt::UserRole.
#include <QAbstractTableModel>
#include <QTimer>
#include <cstdint>
#include <vector>

namespace pieslicer::ui {

class RecordStore;

class RecordTableModel : public QAbstractTableModel {
    Q_OBJECT
  public:
    explicit RecordTableModel(RecordStore* store, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation o, int role = Qt::DisplayRole) const override;

    int columnOf(const char* name) const;  // -1 when unknown

    // Rows shown: every store row in arrival order, or, once set, these store rows in this
    // order (the Results tab's sorted or filtered rows, computed on a worker). While an
    // order is set, new store rows show only when appendRows() adds them.
    void setRowOrder(std::vector<std::uint32_t> rows);
    void clearRowOrder();
    void appendRows(const std::vector<std::uint32_t>& rows);
    bool ordered() const { return ordered_; }
    std::size_t storeRow(int row) const {
        return ordered_ ? order_[std::size_t(row)] : first_ + std::size_t(row);
    }
    // Shows only the newest `rows` store rows (0: all): the Live tab's list of recent
    // requests stays short however long the run (a view's header is as long as its model).
    void setTail(int rows);
    // With a full tail, new rows slide the window in place (the same rows, each showing a
    // newer record: one dataChanged) instead of being inserted at the bottom and removed at
    // the top: each insert and remove made the view lay out its header and repaint its scroll
    // bars, about 60 times a second while streaming. A row then shows another record as it
    // slides, so a view with a selection turns this off (the selection follows its record).
    // Slides are announced at most every kSlideRepaintMs: at thousands of records a second
    // every repaint shows all-new rows, each cell's text shaped again (3-6 ms of the GUI
    // thread per repaint), and five a second show the run as alive as thirty do.
    void setSlideInPlace(bool slide) { slideInPlace_ = slide; }
    static constexpr int kSlideRepaintMs = 200;

  private:
    QString textCell(std::size_t row, std::size_t col) const;
    void showTail();
    void announceSlide();

    RecordStore* store_;
    int rows_ = 0;  // what views have been told about
    int tail_ = 0;
    std::size_t first_ = 0;  // store row of table row 0 (without an order)
    bool ordered_ = false;
    bool slideInPlace_ = false;
    QTimer slideRepaint_;        // running: a slide now waits for it
    bool slideWaiting_ = false;  // a slide happened that views have not been told of
    std::vector<std::uint32_t> order_;
};

}  // namespace pieslicer::ui
