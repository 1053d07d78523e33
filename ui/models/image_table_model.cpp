#include "models/image_table_model.h"

#include <QBrush>
#include <QColor>
#include <QLocale>

namespace pieslicer::ui {

void ImageTableModel::clear() {
    beginResetModel();
    rows_.clear();
    endResetModel();
}

void ImageTableModel::append(const std::vector<ImageRow>& rows) {
    if (rows.empty()) return;
    beginInsertRows({}, int(rows_.size()), int(rows_.size() + rows.size()) - 1);
    rows_.insert(rows_.end(), rows.begin(), rows.end());
    endInsertRows();
}

int ImageTableModel::usableCount() const {
    int n = 0;
    for (const auto& r : rows_) n += r.ok();
    return n;
}

int ImageTableModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(rows_.size());
}
int ImageTableModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ImageTableModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= int(rows_.size())) return {};
    const auto& r = rows_[std::size_t(index.row())];
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
            case Name:
                return r.name;
            case Bytes:
                return QLocale().toString(r.bytes);
            case Dimensions:
                return r.width > 0 ? QString("%1 x %2").arg(r.width).arg(r.height) : QString();
            case Format:
                return r.format;
            case Status:
                return r.status;
        }
    } else if (role == Qt::UserRole) {
        switch (index.column()) {
            case Bytes:
                return r.bytes;
            case Dimensions:
                return qint64(r.width) * r.height;
            default:
                return data(index, Qt::DisplayRole);
        }
    } else if (role == Qt::ToolTipRole) {
        return r.path + (r.ok() ? QString() : "\n" + r.status);
    } else if (role == Qt::ForegroundRole && index.column() == Status) {
        return QBrush(r.ok() ? QColor("#2a7d3b") : QColor("#b00020"));
    } else if (role == Qt::TextAlignmentRole &&
               (index.column() == Bytes || index.column() == Dimensions)) {
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    }
    return {};
}

QVariant ImageTableModel::headerData(int section, Qt::Orientation o, int role) const {
    if (role != Qt::DisplayRole || o != Qt::Horizontal) return {};
    static const char* names[] = {"Name", "Bytes", "Width x height", "Format", "Status"};
    return tr(names[section]);
}

}  // namespace pieslicer::ui
