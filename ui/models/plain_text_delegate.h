#pragma once
// Paints a table cell as one line of text in its colour and alignment, nothing else: no
// icon, check box or word wrap. QStyledItemDelegate asks the model for a dozen roles per
// cell and lays the text out with QTextLayout to wrap and elide it. Measured on the Live
// tab's request list (bench_ui_live --trace-paint, 20k records): median repaint 3.3 -> 3.0 ms.
// Most of what is left is shaping each new row's text; fewer repaints were the larger win
// (RecordTableModel::kSlideRepaintMs).
#include <QStyledItemDelegate>

namespace pieslicer::ui {

class PlainTextDelegate : public QStyledItemDelegate {
  public:
    using QStyledItemDelegate::QStyledItemDelegate;
    void paint(QPainter* painter, const QStyleOptionViewItem& option,
               const QModelIndex& index) const override;
};

}  // namespace pieslicer::ui
