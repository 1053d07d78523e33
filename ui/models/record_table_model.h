#pragma once
// Every record as a table row, every recordColumns() column as a table column (the
// CSV's names). Numbers sort as numbers through Qt::UserRole.
#include <QAbstractTableModel>

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

  private:
    QString textCell(std::size_t row, std::size_t col) const;

    RecordStore* store_;
    int rows_ = 0;  // what views have been told about
};

}  // namespace pieslicer::ui
