#pragma once
// Every record in a sortable, filterable table.
#include <QWidget>

class QTableView;
class QLineEdit;
class QComboBox;
class QLabel;
class QSortFilterProxyModel;

namespace pieslicer::ui {

class RecordStore;
class RecordTableModel;

class ResultsTab : public QWidget {
    Q_OBJECT
  public:
    explicit ResultsTab(RecordStore* store, QWidget* parent = nullptr);
    QSortFilterProxyModel* proxy() const { return proxy_; }
    void setFilter(const QString& text, int column = -1);

  private:
    void updateCount();

    RecordTableModel* model_;
    QSortFilterProxyModel* proxy_;
    QTableView* table_;
    QLineEdit* filter_;
    QComboBox* column_;
    QLabel* count_;
};

}  // namespace pieslicer::ui
