#include "models/record_table_model.h"

#include <QBrush>
#include <QColor>
#include <algorithm>
#include <cstring>

#include "domain/request_record.h"
#include "run/record_store.h"

namespace pieslicer::ui {

RecordTableModel::RecordTableModel(RecordStore* store, QObject* parent)
    : QAbstractTableModel(parent), store_(store) {
    rows_ = int(store_->size());
    slideRepaint_.setObjectName("recordTable.slide");  // named in event-loop traces
    slideRepaint_.setSingleShot(true);
    slideRepaint_.setInterval(kSlideRepaintMs);
    connect(&slideRepaint_, &QTimer::timeout, this, [this] {
        if (slideWaiting_) announceSlide();
    });
    connect(store_, &RecordStore::appended, this, [this](int, int count) {
        if (count <= 0 || ordered_) return;
        if (slideInPlace_ && tail_ > 0 && rows_ == tail_) {
            first_ = store_->size() - std::size_t(rows_);
            if (slideRepaint_.isActive()) {
                slideWaiting_ = true;
                return;
            }
            announceSlide();
            return;
        }
        beginInsertRows({}, rows_, rows_ + count - 1);
        rows_ += count;
        endInsertRows();
        if (tail_ > 0 && rows_ > tail_) {  // the oldest leave the top
            const int excess = rows_ - tail_;
            beginRemoveRows({}, 0, excess - 1);
            first_ += std::size_t(excess);
            rows_ = tail_;
            endRemoveRows();
        }
    });
    connect(store_, &RecordStore::reset, this, [this] {
        beginResetModel();
        ordered_ = false;
        order_ = {};
        showTail();
        endResetModel();
    });
}

void RecordTableModel::setTail(int rows) {
    beginResetModel();
    tail_ = std::max(0, rows);
    if (!ordered_) showTail();
    endResetModel();
}

void RecordTableModel::showTail() {
    const int n = int(store_->size());
    rows_ = tail_ > 0 ? std::min(n, tail_) : n;
    first_ = std::size_t(n - rows_);
}

void RecordTableModel::announceSlide() {
    slideWaiting_ = false;
    if (rows_ > 0) {
        emit dataChanged(index(0, 0), index(rows_ - 1, columnCount() - 1));
        emit headerDataChanged(Qt::Vertical, 0, rows_ - 1);  // their numbers moved too
    }
    slideRepaint_.start();
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
    // Straight from the columns: no record is rebuilt for a cell.
    const auto& cols = store_->columns();
    const auto row = storeRow(index.row());
    const auto col = std::size_t(index.column());
    const ColumnKind kind = cols.kind(col);
    switch (role) {
        case Qt::DisplayRole:
        case Qt::ToolTipRole:
            if (kind == ColumnKind::Real) return QString::number(cols.number(row, col), 'g', 8);
            if (kind == ColumnKind::Integer) return QString::number(qint64(cols.number(row, col)));
            return textCell(row, col);
        case Qt::UserRole:  // sort key
            if (kind == ColumnKind::Real) return cols.number(row, col);
            if (kind == ColumnKind::Integer) return int(cols.number(row, col));
            return textCell(row, col);
        case Qt::ForegroundRole:
            return cols.ok(row) ? QVariant() : QVariant(QBrush(QColor("#b00020")));
        case Qt::TextAlignmentRole:
            return kind == ColumnKind::Text ? QVariant(Qt::AlignLeft | Qt::AlignVCenter)
                                            : QVariant(Qt::AlignRight | Qt::AlignVCenter);
        default:
            return {};
    }
}

void RecordTableModel::setRowOrder(std::vector<std::uint32_t> rows) {
    beginResetModel();
    ordered_ = true;
    order_ = std::move(rows);
    rows_ = int(order_.size());
    endResetModel();
}

void RecordTableModel::clearRowOrder() {
    beginResetModel();
    ordered_ = false;
    order_ = {};
    showTail();
    endResetModel();
}

void RecordTableModel::appendRows(const std::vector<std::uint32_t>& rows) {
    if (!ordered_ || rows.empty()) return;
    beginInsertRows({}, rows_, rows_ + int(rows.size()) - 1);
    order_.insert(order_.end(), rows.begin(), rows.end());
    rows_ = int(order_.size());
    endInsertRows();
}

QString RecordTableModel::textCell(std::size_t row, std::size_t col) const {
    const std::string_view t = store_->columns().text(row, col);
    return QString::fromUtf8(t.data(), qsizetype(t.size()));
}

QVariant RecordTableModel::headerData(int section, Qt::Orientation o, int role) const {
    if (role != Qt::DisplayRole) return {};
    // The record's number in the run (as the stage breakdown's "#N"), not the row's place:
    // a sliding list's rows and a sorted table's would otherwise say 1, 2, 3...
    if (o == Qt::Vertical) return qulonglong(storeRow(section) + 1);
    return QString::fromLatin1(recordColumns()[std::size_t(section)].name);
}

}  // namespace pieslicer::ui
