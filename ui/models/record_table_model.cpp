#include "models/record_table_model.h"

#include <QBrush>
#include <QColor>
#include <cstring>

#include "run/record_store.h"
#include "run/request_record.h"

namespace pieslicer::ui {

RecordTableModel::RecordTableModel(RecordStore* store, QObject* parent)
    : QAbstractTableModel(parent), store_(store) {
    rows_ = int(store_->size());
    connect(store_, &RecordStore::appended, this, [this](int first, int count) {
        if (count <= 0) return;
        beginInsertRows({}, first, first + count - 1);
        rows_ = first + count;
        endInsertRows();
    });
    connect(store_, &RecordStore::reset, this, [this] {
        beginResetModel();
        rows_ = int(store_->size());
        endResetModel();
    });
}

int RecordTableModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : rows_;
}

int RecordTableModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(recordColumns().size());
}

int RecordTableModel::columnOf(const char* name) const {
    const auto& cols = recordColumns();
    for (std::size_t i = 0; i < cols.size(); ++i)
        if (std::strcmp(cols[i].name, name) == 0) return int(i);
    return -1;
}

QVariant RecordTableModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rows_) return {};
    const auto& r = store_->records()[std::size_t(index.row())];
    const auto& col = recordColumns()[std::size_t(index.column())];
    switch (role) {
        case Qt::DisplayRole:
        case Qt::ToolTipRole: {
            if (const auto* d = std::get_if<double RequestRecord::*>(&col.field))
                return QString::number(r.*(*d), 'g', 8);
            return QString::fromStdString(fieldText(r, col.field));
        }
        case Qt::UserRole:  // sort key
            if (const auto* d = std::get_if<double RequestRecord::*>(&col.field)) return r.*(*d);
            if (const auto* i = std::get_if<int RequestRecord::*>(&col.field)) return r.*(*i);
            return QString::fromStdString(fieldText(r, col.field));
        case Qt::ForegroundRole:
            return r.ok() ? QVariant() : QVariant(QBrush(QColor("#b00020")));
        case Qt::TextAlignmentRole:
            return std::holds_alternative<std::string RequestRecord::*>(col.field)
                       ? QVariant(Qt::AlignLeft | Qt::AlignVCenter)
                       : QVariant(Qt::AlignRight | Qt::AlignVCenter);
        default:
            return {};
    }
}

QVariant RecordTableModel::headerData(int section, Qt::Orientation o, int role) const {
    if (role != Qt::DisplayRole) return {};
    if (o == Qt::Vertical) return section + 1;
    return QString::fromLatin1(recordColumns()[std::size_t(section)].name);
}

}  // namespace pieslicer::ui
