#pragma once
// Paints a table cell as one line of text in its colour and alignment, nothing else: no
// icon, check box or word wrap. QStyledItemDelegate asks the model for a dozen roles per
// cell and lays the text out with QTextLayout to wrap and elide it; for the record tables,
// repainted with every batch of a live run, that was 3-8 ms of the GUI thread per repaint
// of the Live tab's request list (issue #15).
#include <QStyledItemDelegate>

namespace pieslicer::ui {

class PlainTextDelegate : public QStyledItemDelegate {
  public:
    using QStyledItemDelegate::QStyledItemDelegate;
    void paint(QPainter* painter, const QStyleOptionViewItem& option,
               const QModelIndex& index) const override;
};

}  // namespace pieslicer::ui
