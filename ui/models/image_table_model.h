#pragma once
// The image folder as a table: name, bytes, width x height, format, status.
#include <QAbstractTableModel>
#include <vector>

#include "run/image_scanner.h"

namespace pieslicer::ui {

class ImageTableModel : public QAbstractTableModel {
    Q_OBJECT
  public:
    enum Column { Name, Bytes, Dimensions, Format, Status, ColumnCount };
    using QAbstractTableModel::QAbstractTableModel;

    void clear();
    void append(const std::vector<ImageRow>& rows);
    const std::vector<ImageRow>& rows() const { return rows_; }
    int usableCount() const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation o, int role = Qt::DisplayRole) const override;

  private:
    std::vector<ImageRow> rows_;
};

}  // namespace pieslicer::ui
